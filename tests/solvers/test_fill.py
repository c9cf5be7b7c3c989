"""The compiled placement gives exactly the schedule the numpy placement gives."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.fill import NEVER, PLACED, WIDER, fill
from solvers.greedy import offers, take_offers
from solvers.problem import IntArray


def numpy_fill(
    residual: IntArray,
    resources: IntArray,
    limit: int,
    earliest: int,
    stop: int,
    work: int,
    open_periods: np.ndarray | None,
    pinned: bool,
    more: bool,
) -> tuple[int, int, int, tuple[tuple[int, int, int], ...]]:
    """The serial heuristic's placement as it was written with numpy (the reference)."""
    rows = residual[resources, earliest:stop]
    width = stop - earliest
    taken, owners = offers(rows, resources, limit)
    offered = taken.sum(axis=0)
    supply = np.concatenate(([0], np.cumsum(offered)))
    serving = np.flatnonzero(offered > 0)
    if open_periods is not None:
        breaks = np.flatnonzero(open_periods[earliest:stop] & (offered == 0))
    else:
        breaks = np.zeros(0, dtype=np.int64)
    position = 0
    while True:
        k = int(np.searchsorted(serving, position, side="left"))
        if k == len(serving):
            return (WIDER if more and not pinned else NEVER), 0, 0, ()
        first = int(serving[k])
        if pinned and first != 0:
            return NEVER, 0, 0, ()
        kb = int(np.searchsorted(breaks, first, side="right"))
        gap = int(breaks[kb]) if kb < len(breaks) else width
        last = int(np.searchsorted(supply, supply[first] + work, side="left")) - 1
        if last < gap:
            break
        if gap >= width:
            return (WIDER if more else NEVER), 0, 0, ()
        if pinned:
            return NEVER, 0, 0, ()
        position = gap + 1
    missing = work - int(supply[last] - supply[first])
    usage = take_offers(earliest, range(first, last), last, missing, taken, owners)
    return PLACED, first, last, tuple((u.resource, u.period, u.amount) for u in usage)


@st.composite
def placements(draw: st.DrawFn) -> tuple[Any, ...]:
    people = draw(st.integers(1, 6))
    horizon = draw(st.integers(1, 30))
    residual = np.array(
        draw(
            st.lists(
                st.lists(st.integers(0, 4), min_size=horizon, max_size=horizon),
                min_size=people,
                max_size=people,
            )
        ),
        dtype=np.int64,
    )
    chosen = draw(st.lists(st.integers(0, people - 1), min_size=1, unique=True))
    resources = np.array(sorted(chosen), dtype=np.int64)
    limit = draw(st.integers(1, len(chosen) + 1))
    earliest = draw(st.integers(0, horizon - 1))
    stop = draw(st.integers(earliest + 1, horizon))
    work = draw(st.integers(1, 40))
    contiguous = draw(st.booleans())
    opened = None
    if contiguous:
        opened = np.array(draw(st.lists(st.booleans(), min_size=horizon, max_size=horizon)))
    pinned = draw(st.booleans())
    return residual, resources, limit, earliest, stop, work, opened, pinned, stop < horizon


@settings(max_examples=400, deadline=None)
@given(placements())
def test_the_compiled_placement_is_the_numpy_placement(case: tuple[Any, ...]) -> None:
    residual, resources, limit, earliest, stop, work, opened, pinned, more = case
    expected = numpy_fill(residual, resources, limit, earliest, stop, work, opened, pinned, more)
    found = fill(
        residual,
        resources,
        limit,
        earliest,
        stop,
        work,
        opened is not None,
        opened,
        pinned,
        more,
    )
    assert (found.status, found.first if found.status == PLACED else 0) == expected[:2]
    if found.status == PLACED:
        assert found.last == expected[2]
        assert found.usage() == expected[3]
