"""A lower bound on when new work can end, with other work free to move within its limits.

New tasks (the job) must do all their work between their earliest start and the end
``T``; every other movable task ``b`` must do its work before its own deadline ``D_b``,
and whatever of it cannot fit outside ``[a, T)`` (that is, in ``[0, a)`` or in
``[T, D_b)`` with its resources to itself) is *mandatory* inside ``[a, T)``. For every
set ``P`` of resources that serves some of the job, the job's work on ``P`` plus the
mandatory work of the tasks whose resources lie within ``P`` must fit the capacity of
``P`` in ``[a, T)``. The smallest ``T`` that passes every such test is a lower bound
on the job's end (classic energetic reasoning, on groups of resources rather than on
one resource). Fixed work is taken out of the capacity beforehand.

Example:
    >>> import numpy as np
    >>> capacity = np.full((1, 10), 2)  # one resource, 2 units a period
    >>> # the job: 6 units on resource 0 from period 0; a booked task of 8 units due by 6
    >>> competing_end_bound(
    ...     capacity, job=[((0,), 6, 0)], groups=[(0,)], work=np.array([8]),
    ...     group=np.array([0]), deadline=np.array([6]), lowest=3, highest=10)
    7
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from solvers.problem import IntArray

JobTask = tuple[tuple[int, ...], int, int]
"""(eligible resources, work, earliest start)."""


def competing_end_bound(
    capacity: IntArray,
    *,
    job: Sequence[JobTask],
    groups: Sequence[tuple[int, ...]],
    work: IntArray,
    group: IntArray,
    deadline: IntArray,
    lowest: int,
    highest: int,
) -> int:
    """The smallest end in ``[lowest, highest]`` that passes every energy test.

    ``capacity`` is resources x periods with fixed work already taken out. ``job`` lists
    the new tasks; ``work``, ``group`` and ``deadline`` describe the movable tasks (their
    resources are ``groups[group[b]]``, their deadline is exclusive). ``highest`` is
    returned when nothing below it passes (it is the end of a known schedule).
    """
    if highest <= lowest or not job:
        return max(lowest, min(highest, lowest))
    ends = np.arange(lowest, highest, dtype=np.int64)
    passing = np.ones(len(ends), dtype=bool)
    for _, need, available in _energy_tests(capacity, job, groups, work, group, deadline, ends):
        passing &= need <= available
    hits = np.flatnonzero(passing)
    return int(ends[hits[0]]) if len(hits) else highest


def energy_shortage(
    capacity: IntArray,
    *,
    job: Sequence[JobTask],
    groups: Sequence[tuple[int, ...]],
    work: IntArray,
    group: IntArray,
    deadline: IntArray,
    end: int,
) -> list[tuple[tuple[int, ...], int]]:
    """Per resource set tested by :func:`competing_end_bound`, the work that cannot fit
    if the job must end by ``end``: the job's work plus the movable work that must fall
    in the job's window, less the set's capacity there (a proven shortage when positive).

    Example:
        >>> import numpy as np
        >>> energy_shortage(
        ...     np.full((1, 10), 2), job=[((0,), 6, 0)], groups=[(0,)], work=np.array([8]),
        ...     group=np.array([0]), deadline=np.array([6]), end=5)
        [((0,), 2)]
    """
    if not job:
        return []
    ends = np.array([end], dtype=np.int64)
    return [
        (test, int(need[0] - available[0]))
        for test, need, available in _energy_tests(
            capacity, job, groups, work, group, deadline, ends
        )
    ]


def _energy_tests(
    capacity: IntArray,
    job: Sequence[JobTask],
    groups: Sequence[tuple[int, ...]],
    work: IntArray,
    group: IntArray,
    deadline: IntArray,
    ends: IntArray,
) -> list[tuple[tuple[int, ...], IntArray, IntArray]]:
    """Per tested resource set: the work needed in the job's window and the capacity
    there, for each candidate end in ``ends``."""
    horizon = capacity.shape[1]
    job_sets = sorted({tuple(sorted(e)) for e, _, _ in job})
    tests = [*job_sets]
    union = tuple(sorted({r for e in job_sets for r in e}))
    if union not in tests:
        tests.append(union)
    group_sets = [frozenset(g) for g in groups]
    group_cum = [_cumulative(capacity, g) for g in groups]
    found = []
    for test in tests:
        inside = frozenset(test)
        members = [k for k, (e, _, _) in enumerate(job) if frozenset(e) <= inside]
        job_work = sum(job[k][1] for k in members)
        begin = min(job[k][2] for k in members)
        cum = _cumulative(capacity, test)
        available = cum[np.minimum(ends, horizon)] - cum[min(begin, horizon)]
        single = np.zeros(len(ends), dtype=np.int64)
        inner: list[IntArray] = []
        for g, members_set in enumerate(group_sets):
            if not members_set <= inside:
                continue
            chosen = np.flatnonzero(group == g)
            if len(chosen) == 0:
                continue
            inner.append(chosen)
            single += _mandatory(group_cum[g], work[chosen], deadline[chosen], begin, ends, horizon)
        joint = np.zeros(len(ends), dtype=np.int64)
        if inner:
            chosen = np.concatenate(inner)
            joint = _joint_mandatory(cum, work[chosen], deadline[chosen], begin, ends, horizon)
        found.append((test, job_work + np.maximum(single, joint), available))
    return found


def _cumulative(capacity: IntArray, resources: Sequence[int]) -> IntArray:
    rows = capacity[list(resources)].sum(axis=0) if len(resources) else np.zeros(capacity.shape[1])
    return np.concatenate(([0], np.cumsum(rows, dtype=np.int64)))


def _joint_mandatory(
    cum: IntArray, work: IntArray, deadline: IntArray, begin: int, ends: IntArray, horizon: int
) -> IntArray:
    """Per candidate end: the work that must fall in ``[begin, end)`` for all these tasks
    together, on the test set's capacity ``cum``: for each deadline ``d``, the work due
    by ``d`` less what ``[0, begin)`` and ``[end, d)`` can hold."""
    limit = np.minimum(deadline, horizon)
    order = np.argsort(limit, kind="stable")
    limits, due = limit[order], np.cumsum(work[order])
    last = np.r_[limits[1:] != limits[:-1], True]
    limits, due = limits[last], due[last]
    before = cum[np.minimum(begin, limits)]
    cut = np.minimum(np.maximum(ends, begin), horizon)[:, None]
    after = np.maximum(0, cum[limits][None, :] - cum[cut])
    need: IntArray = np.maximum(0, due[None, :] - before[None, :] - after).max(axis=1)
    return need


def _mandatory(
    cum: IntArray, work: IntArray, deadline: IntArray, begin: int, ends: IntArray, horizon: int
) -> IntArray:
    """Per candidate end: the summed work of these tasks that must fall in ``[begin, end)``."""
    limit = np.minimum(deadline, horizon)
    before = cum[np.minimum(begin, limit)]
    # only tasks that are short even with the latest end counted keep any mandatory work
    latest = ends[-1]
    after_latest = np.maximum(0, cum[limit] - cum[np.minimum(np.maximum(latest, begin), horizon)])
    keep = work - before - after_latest > 0
    if not keep.any():
        return np.zeros(len(ends), dtype=np.int64)
    work, limit, before = work[keep], limit[keep], before[keep]
    cut = np.minimum(np.maximum(ends, begin), horizon)[:, None]
    after = np.maximum(0, cum[limit][None, :] - cum[cut])
    total: IntArray = np.maximum(0, work[None, :] - before[None, :] - after).sum(axis=1)
    return total
