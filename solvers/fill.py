"""Where an elastic task goes in the serial heuristic, as one compiled loop.

The serial heuristic places an elastic task inside a window of periods: per period it
may take the free capacity of its ``limit`` eligible resources with the most of it (ties
in resource order), from the first period that offers any, until its work is covered,
and a contiguous task may not skip a period in which one of its resources works. Done
with numpy, one placement is a score of small array calls; this module does the same
arithmetic in one loop compiled by numba, and gives exactly the schedule the numpy
version (:func:`solvers.greedy.offers`, :func:`solvers.greedy.take_offers`) gives.

Example:
    >>> import numpy as np
    >>> residual = np.array([[2, 0, 2, 2], [1, 1, 1, 1]])
    >>> found = fill(residual, np.array([0, 1]), 1, 0, 4, 5, False, None, False)
    >>> found.status, found.first, found.last, found.usage()
    (0, 0, 2, ((0, 0, 2), (1, 1, 1), (0, 2, 2)))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np
from numba import njit
from numpy.typing import NDArray

from solvers.problem import IntArray

PLACED = 0
"""The task fits in the window."""
WIDER = 1
"""It does not fit in the window, and a wider one could still help."""
NEVER = 2
"""It does not fit, and no wider window can help."""


@dataclass(frozen=True)
class Fill:
    """One placement: its status, its first and last period (counted from the window's
    start) and its usage as parallel columns, by period and then resource."""

    status: int
    first: int
    last: int
    resources: IntArray
    periods: IntArray
    amounts: IntArray

    def usage(self) -> tuple[tuple[int, int, int], ...]:
        """The usage as (resource, period, amount) triples."""
        columns = (self.resources.tolist(), self.periods.tolist(), self.amounts.tolist())
        return tuple(zip(*columns, strict=True))


def fill(
    residual: IntArray,
    resources: IntArray,
    limit: int,
    earliest: int,
    stop: int,
    work: int,
    contiguous: bool,
    open_periods: NDArray[np.bool_] | None,
    pinned: bool,
    more: bool = False,
) -> Fill:
    """Place ``work`` units in periods ``[earliest, stop)`` of ``residual`` (resources x
    periods), drawing on ``resources`` (in increasing order), at most ``limit`` of them a
    period. ``open_periods`` (over the whole horizon): where some resource of a
    ``contiguous`` task works at all. ``pinned``: the task must start at ``earliest``.
    ``more``: whether periods past ``stop`` exist (a wider window could help).
    """
    opened = open_periods if open_periods is not None else NO_PERIODS
    status, first, last, rs, ts, amounts = fill_columns(
        np.ascontiguousarray(residual, dtype=np.int64),
        np.ascontiguousarray(resources, dtype=np.int64),
        limit,
        earliest,
        stop,
        work,
        contiguous,
        opened,
        pinned,
        more,
    )
    return Fill(int(status), int(first), int(last), rs, ts, amounts)


NO_PERIODS = np.zeros(0, dtype=np.bool_)
"""``open_periods`` for a task that is not contiguous."""


def _fill_loop(
    residual: IntArray,
    resources: IntArray,
    limit: int,
    earliest: int,
    stop: int,
    work: int,
    contiguous: bool,
    opened: NDArray[np.bool_],
    pinned: bool,
    more: bool,
) -> tuple[int, int, int, IntArray, IntArray, IntArray]:
    k = resources.shape[0]
    width = stop - earliest
    rows = min(limit, k)
    taken = np.zeros((rows, width), dtype=np.int64)
    owners = np.zeros((rows, width), dtype=np.int64)
    offered = np.zeros(width, dtype=np.int64)
    used = np.zeros(k, dtype=np.bool_)
    for t in range(width):
        if rows < k:
            # the ``rows`` largest, ties by resource order (a stable sort of -capacity)
            for j in range(k):
                used[j] = False
            for rank in range(rows):
                best = -1
                for j in range(k):
                    if not used[j] and (
                        best < 0
                        or residual[resources[j], earliest + t]
                        > residual[resources[best], earliest + t]
                    ):
                        best = j
                used[best] = True
                taken[rank, t] = residual[resources[best], earliest + t]
                owners[rank, t] = resources[best]
        else:
            for j in range(k):
                taken[j, t] = residual[resources[j], earliest + t]
                owners[j, t] = resources[j]
        total = 0
        for rank in range(rows):
            total += taken[rank, t]
        offered[t] = total
    supply = np.zeros(width + 1, dtype=np.int64)
    for t in range(width):
        supply[t + 1] = supply[t] + offered[t]
    empty = np.zeros(0, dtype=np.int64)
    position = 0
    first = 0
    last = 0
    while True:
        first = position
        while first < width and offered[first] <= 0:
            first += 1
        if first >= width:
            return (NEVER if pinned or not more else WIDER), 0, 0, empty, empty, empty
        if pinned and first != 0:
            return NEVER, 0, 0, empty, empty, empty
        gap = width
        if contiguous:
            for t in range(first + 1, width):
                if opened[earliest + t] and offered[t] == 0:
                    gap = t
                    break
        needed = supply[first] + work
        index = first
        while index <= width and supply[index] < needed:
            index += 1
        last = index - 1
        if last < gap:
            break
        if gap >= width:
            return (WIDER if more else NEVER), 0, 0, empty, empty, empty
        if pinned:
            return NEVER, 0, 0, empty, empty, empty
        position = gap + 1
    missing = work - (supply[last] - supply[first])
    count = 0
    for t in range(first, last + 1):
        for rank in range(rows):
            if taken[rank, t] > 0:
                count += 1
    out_r = np.zeros(count, dtype=np.int64)
    out_t = np.zeros(count, dtype=np.int64)
    out_a = np.zeros(count, dtype=np.int64)
    n = 0
    for t in range(first, last):
        start = n
        for rank in range(rows):
            if taken[rank, t] > 0:
                out_r[n] = owners[rank, t]
                out_t[n] = earliest + t
                out_a[n] = taken[rank, t]
                n += 1
        _sort_by_resource(out_r, out_a, start, n)
    # the partial period: the most generous first (ties by rank), until the work is done
    start = n
    for rank in range(rows):
        used[rank] = False
    while missing > 0:
        best = -1
        for rank in range(rows):
            if not used[rank] and (best < 0 or taken[rank, last] > taken[best, last]):
                best = rank
        if best < 0 or taken[best, last] <= 0:
            break
        used[best] = True
        amount = min(taken[best, last], missing)
        out_r[n] = owners[best, last]
        out_t[n] = earliest + last
        out_a[n] = amount
        n += 1
        missing -= amount
    _sort_by_resource(out_r, out_a, start, n)
    return PLACED, first, last, out_r[:n].copy(), out_t[:n].copy(), out_a[:n].copy()


def _sort_by_resource_loop(rs: IntArray, amounts: IntArray, start: int, stop: int) -> None:
    """Insertion sort of ``rs[start:stop]`` (distinct), ``amounts`` alongside."""
    for i in range(start + 1, stop):
        r, a = rs[i], amounts[i]
        j = i - 1
        while j >= start and rs[j] > r:
            rs[j + 1] = rs[j]
            amounts[j + 1] = amounts[j]
            j -= 1
        rs[j + 1] = r
        amounts[j + 1] = a


_sort_by_resource = cast(
    Callable[[IntArray, IntArray, int, int], None],
    njit(cache=True, nogil=True)(_sort_by_resource_loop),
)
fill_columns = cast(
    Callable[..., tuple[int, int, int, IntArray, IntArray, IntArray]],
    njit(cache=True, nogil=True)(_fill_loop),
)
""":func:`fill` without its checks and its result object, for the heuristic's inner loop:
``residual`` and ``resources`` must be C-ordered int64 arrays, ``open_periods`` an array
(:data:`NO_PERIODS` for none); returns status, first, last and the usage columns."""


def _warm() -> None:
    """Load (or compile) the loop now, on import, so that no timed call pays for it."""
    residual = np.ones((2, 3), dtype=np.int64)
    fill(residual, np.array([0, 1]), 1, 0, 3, 2, True, np.ones(3, dtype=np.bool_), False)


_warm()
