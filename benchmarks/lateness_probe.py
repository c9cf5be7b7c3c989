"""Where a re-plan's gap lives: is the lateness forced by the staff's hours?

For a workload's re-plan scenario (:func:`benchmarks.replan.scenario`), the kernel's
two lower bounds on the weighted days late (each commitment alone; the capacity bound
of :mod:`solvers.lateness`), and per pool of people (every skill's eligible set, the
unions of two, and everyone) the tightest window: over every ``[t1, t2)``, the work
that must happen inside it on the pool to keep every due date (the commitments whose
work on the pool can start no earlier than ``t1`` and must be done by ``t2``, their
chains' tails counted) against the hours the pool has there. A positive excess proves
that some commitment is late whatever the plan; when every pool has room, the
lateness of a plan comes from how the work is ordered, not from the hours.

Example (from a shell)::

    python -m benchmarks lateness --workload W1
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np

from benchmarks.replan import scenario
from solvers.bounds import free_capacity, lower_bound, time_windows
from solvers.lateness import candidate_pools, due_jobs, pool_work
from solvers.problem import IntArray, Problem


@dataclass(frozen=True)
class Window:
    """A pool's tightest window: the work that must happen in it minus the hours."""

    people: int
    excess: int
    first: int
    end: int


def probe(workload: str) -> str:
    """The report for one workload (building its planner and re-plan facts first)."""
    began = time.perf_counter()
    _, _, facts = scenario(workload)
    problem = facts.model.problem
    built = time.perf_counter() - began
    windows = time_windows(problem)
    own = sum(
        t.weight * max(0, min(windows.earliest_end[i], problem.horizon) - t.due)
        for i, t in enumerate(problem.tasks)
        if t.due is not None
    )
    began = time.perf_counter()
    bound = lower_bound(problem)
    seconds = time.perf_counter() - began
    lines = [
        f"workload {workload}: {problem.num_tasks:,} kernel tasks, built in {built:.1f} s",
        f"each commitment alone: {own:,}; with capacity: {bound:,} ({seconds:.2f} s)",
        "tightest window per pool (excess > 0 proves lateness):",
    ]
    for found in sorted(tightest_windows(problem), key=lambda w: -w.excess)[:12]:
        lines.append(
            f"  {found.people:3d} people: excess {found.excess:,} hours-units "
            f"in periods [{found.first}, {found.end})"
        )
    return "\n".join(lines)


def tightest_windows(problem: Problem) -> list[Window]:
    """Per pool (the eligible sets, their unions of two, everyone), its tightest window."""
    windows = time_windows(problem)
    weight = [t.weight for t in problem.tasks]
    due_tasks = [i for i, t in enumerate(problem.tasks) if t.due is not None]
    jobs = due_jobs(problem, due_tasks, weight, windows.earliest_start, windows.earliest_end)
    capacity = free_capacity(problem)
    sets = candidate_pools(jobs, problem.num_resources)
    single = [s for s in sets if len(s) < problem.num_resources]
    pools = {*sets, *(a | b for a, b in itertools.combinations(single, 2))}
    found = []
    for pool in pools:
        rows = [
            (start, job.due - tail, work)
            for job, work, start, tail in pool_work(jobs, pool, problem.horizon)
        ]
        if rows:
            supply = np.concatenate([[0], np.cumsum(capacity[sorted(pool)].sum(axis=0))])
            found.append(_tightest(len(pool), np.array(rows, dtype=np.int64), supply))
    return found


def _tightest(people: int, rows: IntArray, supply: IntArray) -> Window:
    heads, ends, work = rows[:, 0], np.clip(rows[:, 1], 0, len(supply) - 1), rows[:, 2]
    best = Window(people, -(10**18), 0, 0)
    for first in np.unique(heads):
        inside = heads >= first
        order = np.argsort(ends[inside], kind="stable")
        by_end, amounts = ends[inside][order], np.cumsum(work[inside][order])
        # a window that closes before it opens is a chain too long alone: not capacity
        excess = np.where(by_end > first, amounts - (supply[by_end] - supply[first]), -(10**18))
        k = int(np.argmax(excess))
        if excess[k] > best.excess:
            best = Window(people, int(excess[k]), int(first), int(by_end[k]))
    return best
