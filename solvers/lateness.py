"""A lower bound on weighted tardiness that sees capacity.

Each task's earliest end alone (its chains, lead times and work at full crew) bounds
its own lateness, but in a book packed for months most lateness comes from capacity:
the jobs wait for each other. This bound relaxes one *pool* of resources to a single
machine with the pool's capacity per period.

For a pool ``S``, a job is a task with a due date and the work it waits for: the task
itself and its ancestors along finish-to-start precedences, each counted on ``S`` when
it can only use resources of ``S`` (an elastic task whose eligible resources all lie in
``S``, or a rigid task's demands on ``S``). Whatever the schedule, when the jobs are
ranked by the time their work on ``S`` is done, the ``k``-th cannot be done before the
pool has supplied the ``k`` smallest amounts of work, from the first period any of it
may start (``a_k``); and the job's due task ends at least its shortest tail after that.
Every schedule therefore gives each job a distinct rank ``k`` with

    ``end_j >= max(a_k + tail_j, earliest_end_j)``,

so the cheapest assignment of jobs to ranks (a linear assignment problem, solved
exactly) is a lower bound on their weighted tardiness. Any subset of the jobs may form
the pool, since the others keep their own bound: jobs that cannot be late at any rank
are left out, which only raises the ranks' times for the rest. The bound is the largest
over the pools tried (every eligible set in use, and all resources together) and never
below the sum of each job's own bound.

Example (one fitter, 8 hours a day; three jobs of 16 hours each due at the end of
period 2: one is on time, one two periods late and one four, 6 in all; each alone
would be on time):

    >>> import numpy as np
    >>> from solvers.problem import Problem, Resource, Task
    >>> p = Problem(10, (Resource(np.full(10, 8)),),
    ...             tuple(Task(work=16, eligible=(0,), due=2) for _ in range(3)))
    >>> tardiness_bound(p, np.full((1, 10), 8), [0, 0, 0], [2, 2, 2])
    6
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import linear_sum_assignment

from solvers.problem import IntArray, PrecedenceKind, Problem

MAX_JOBS = 1500
"""The most jobs one pool's assignment holds (about 0.4 s at this size); a larger pool
keeps the jobs due first."""
MAX_POOLS = 24
"""The most pools tried: the eligible sets holding the most work, and all resources."""
MAX_VISITS = 2_000_000
"""A cap on the precedence steps spent collecting jobs; jobs beyond it keep their own
bound (only reached by problems whose due tasks share long chains of ancestors)."""


@dataclass(frozen=True)
class Job:
    """One due task and the work it waits for, per eligible set (and rigid energy per
    resource), with the earliest start of that work and the shortest tail to the end."""

    task: int
    due: int
    weight: int
    earliest_end: int
    work: dict[frozenset[int], tuple[int, int, int]]
    """Eligible set -> (work, earliest start, shortest tail to the due task's end)."""


def tardiness_bound(
    problem: Problem,
    free: IntArray,
    earliest_start: Sequence[int],
    earliest_end: Sequence[int],
    weights: Sequence[int] | None = None,
) -> int:
    """A lower bound on ``sum(weight * max(0, end - due))`` over the tasks with a due.

    ``free``: capacity per resource and period that the fixed work leaves;
    ``earliest_start`` and ``earliest_end``: each task's time window (the end is its
    own bound); ``weights``: per task, in place of the tasks' own weights (whole
    numbers).
    """
    horizon = problem.horizon
    weight = [t.weight for t in problem.tasks] if weights is None else list(weights)
    due_tasks = [i for i, t in enumerate(problem.tasks) if t.due is not None]
    own = {
        i: weight[i] * max(0, min(earliest_end[i], horizon) - _due(problem, i)) for i in due_tasks
    }
    floor = sum(own.values())
    jobs = due_jobs(problem, due_tasks, weight, earliest_start, earliest_end)
    if not jobs or free.shape[0] == 0:
        return floor
    best = floor
    for pool in candidate_pools(jobs, problem.num_resources):
        members = sorted(pool)
        supply = free[members].sum(axis=0)
        cost = _pool_bound(jobs, pool, supply, horizon)
        if cost is None:
            continue
        value, counted = cost
        best = max(best, value + floor - sum(own[j.task] for j in counted))
    return best


def _due(problem: Problem, i: int) -> int:
    due = problem.tasks[i].due
    assert due is not None
    return due


def due_jobs(
    problem: Problem,
    due_tasks: list[int],
    weight: list[int],
    earliest_start: Sequence[int],
    earliest_end: Sequence[int],
) -> list[Job]:
    """The jobs of the bound: the due tasks whose ancestors no heavier due task has
    claimed (heaviest first), each with its work per eligible set."""
    into: list[list[tuple[int, int]]] = [[] for _ in range(problem.num_tasks)]
    for prec in problem.precedences:
        if prec.kind == PrecedenceKind.FINISH_TO_START and prec.lag >= 0:
            into[prec.succ].append((prec.pred, prec.lag))
    claimed = np.zeros(problem.num_tasks, dtype=bool)
    jobs: list[Job] = []
    visits = 0
    for i in sorted(due_tasks, key=lambda k: (-weight[k], _due(problem, k), k)):
        if claimed[i]:
            continue
        tail = {i: 0}  # the shortest time from each ancestor's end to i's end
        order = [i]
        k = 0
        while k < len(order) and visits < MAX_VISITS:
            succ = order[k]
            k += 1
            length = _length(problem, succ)
            for pred, lag in into[succ]:
                visits += 1
                reach = tail[succ] + length + lag
                if pred not in tail:
                    order.append(pred)
                    tail[pred] = reach
                else:
                    tail[pred] = max(tail[pred], reach)
        if visits >= MAX_VISITS:
            break
        if claimed[order].any():
            continue
        claimed[order] = True
        # the tails above follow each ancestor's first path found; the longest path is
        # at least that, so taking the first keeps the bound valid
        jobs.append(
            Job(
                i,
                _due(problem, i),
                weight[i],
                int(earliest_end[i]),
                _work(problem, tail, earliest_start),
            )
        )
    return [j for j in jobs if j.work and j.weight > 0]


def _length(problem: Problem, i: int) -> int:
    """The fewest periods task ``i`` spans."""
    task = problem.tasks[i]
    if task.duration is not None:
        return task.duration
    return 1 if task.work else 0


def _work(
    problem: Problem, tail: dict[int, int], earliest_start: Sequence[int]
) -> dict[frozenset[int], tuple[int, int, int]]:
    found: dict[frozenset[int], tuple[int, int, int]] = {}

    def add(eligible: frozenset[int], work: int, start: int, end_tail: int) -> None:
        was = found.get(eligible)
        if was is None:
            found[eligible] = (work, start, end_tail)
        else:
            found[eligible] = (was[0] + work, min(was[1], start), min(was[2], end_tail))

    for i, to_end in tail.items():
        task = problem.tasks[i]
        if task.fixed_usage is not None or task.fixed_start is not None:
            continue
        if task.work:
            add(frozenset(task.eligible), task.work, earliest_start[i], to_end)
        elif task.duration:
            for r, amount in task.demands:
                if amount > 0:
                    add(frozenset([r]), amount * task.duration, earliest_start[i], to_end)
    return found


def candidate_pools(jobs: list[Job], num_resources: int) -> list[frozenset[int]]:
    """The pools the bound tries: the eligible sets holding the most work, and all."""
    totals: dict[frozenset[int], int] = {}
    for job in jobs:
        for eligible, (work, _, _) in job.work.items():
            totals[eligible] = totals.get(eligible, 0) + work
    ranked = sorted(totals, key=lambda s: (-totals[s], sorted(s)))[: MAX_POOLS - 1]
    everything = frozenset(range(num_resources))
    return [*ranked, everything] if everything not in ranked else ranked


def _pool_bound(
    jobs: list[Job], pool: frozenset[int], supply: IntArray, horizon: int
) -> tuple[int, list[Job]] | None:
    """The cheapest assignment of the pool's jobs to ranks, and the jobs it counts."""
    rows = pool_work(jobs, pool, horizon)
    if not rows:
        return None
    supplied = np.cumsum(supply)
    while True:
        first = min(r[2] for r in rows)
        works = np.sort(np.array([r[1] for r in rows], dtype=np.int64))
        ranks = _done_by(supplied, first, np.cumsum(works), horizon)
        latest = int(ranks[-1])
        # a job on time at the last rank is on time at every rank: leave it out
        kept = [r for r in rows if latest + r[3] > r[0].due or r[0].earliest_end > r[0].due]
        if len(kept) > MAX_JOBS:
            kept = sorted(kept, key=lambda r: (r[0].due - r[3], r[0].task))[:MAX_JOBS]
        if len(kept) == len(rows):
            break
        if not kept:
            return None
        rows = kept
    return _assign(rows, ranks), [r[0] for r in rows]


def pool_work(
    jobs: list[Job], pool: frozenset[int], horizon: int
) -> list[tuple[Job, int, int, int]]:
    """Per job with work on ``pool``: the job, that work, its earliest start and its
    shortest tail to the job's end."""
    rows = []
    for job in jobs:
        work, start, tail = 0, horizon, horizon
        for eligible, (amount, first, to_end) in job.work.items():
            if eligible <= pool:
                work += amount
                start, tail = min(start, first), min(tail, to_end)
        if work > 0:
            rows.append((job, work, start, tail))
    return rows


def _done_by(supplied: IntArray, first: int, totals: IntArray, horizon: int) -> IntArray:
    """Per cumulative amount of work, the earliest end by which the pool supplies it
    from period ``first`` (the horizon when it never does)."""
    before = int(supplied[first - 1]) if first > 0 else 0
    reached = np.searchsorted(supplied, totals + before, side="left")
    return np.minimum(reached + 1, horizon).astype(np.int64)


def _assign(rows: list[tuple[Job, int, int, int]], ranks: IntArray) -> int:
    n = len(rows)
    due = np.array([r[0].due - r[3] for r in rows], dtype=np.int64)
    weight = np.array([r[0].weight for r in rows], dtype=np.int64)
    alone = np.array([r[0].earliest_end - r[0].due for r in rows], dtype=np.int64)
    late = np.maximum(ranks[None, :] - due[:, None], alone[:, None])
    cost = weight[:, None] * np.maximum(late, 0)
    if n == 1 or (cost == cost[:, :1]).all():
        return int(cost[:, 0].sum())
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    left = np.repeat(np.arange(n, dtype=np.int64), n)
    right = np.tile(np.arange(n, dtype=np.int64), n)
    solver.add_arcs_with_cost(left, right, cost.ravel())
    if solver.solve() != solver.OPTIMAL:
        return int(cost.min(axis=1).sum())  # each job at its cheapest rank: still a bound
    return int(solver.optimal_cost())
