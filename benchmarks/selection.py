"""Deterministic subsets of an instance list.

PSPLIB sets list their instances by parameter group (``j30{group}_{n}``: 48 groups of
10), so an evenly spaced sample of the naturally sorted list covers every group about
equally and varies the instance number within the groups, where the first ``k``
files would all come from the first few groups. A sample of ``k`` instances is part of
every sample of a multiple of ``k`` (the 12-instance sample is inside the 48-instance
one), so runs at different sizes share instances and can be plotted together.

Example:
    >>> from benchmarks.selection import spread_sample
    >>> spread_sample(list(range(10)), 3)
    [0, 3, 6]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def spread_sample(items: Sequence[T], k: int) -> list[T]:
    """``k`` items evenly spaced over ``items``: the first of each of ``k`` equal strides."""
    n = len(items)
    if k < 0:
        raise ValueError("the sample size must not be negative")
    if k >= n:
        return list(items)
    return [items[i * n // k] for i in range(k)]


def select(items: Sequence[T], *, sample: int | None = None, limit: int | None = None) -> list[T]:
    """Apply ``sample`` (an evenly spread subset) and then ``limit`` (the first ``limit``)."""
    chosen = list(items) if sample is None else spread_sample(items, sample)
    if limit is not None:
        if limit < 0:
            raise ValueError("the limit must not be negative")
        chosen = chosen[:limit]
    return chosen
