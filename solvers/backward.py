"""Priorities from a backward pass: schedule every job as late as its due date allows,
then forward again in that order.

A forward serial heuristic ordered by due dates starts every task as soon as it can,
so work due in the autumn takes the spring's hours from work due in the summer and the
book runs late where it is busiest. Scheduled *backward* from the due dates instead
(the heuristic on the time-mirrored problem: each job placed as late as its due date
and the work already placed allow, latest due date first), every job that can be on
time is; the jobs that do not fit start before the first period. The forward
heuristic then takes the tasks in the order of their backward starts, which makes a
valid schedule from period 0 in which the overflowing jobs come first (this is the
forward-backward improvement known as double justification). Further passes mirror
the forward schedule again, latest end first, while time lasts; the best forward
schedule is kept.

The mirrored problem is only a source of priorities, so it keeps what shapes the order
and drops what a mirror cannot hold: due dates become releases, finish-to-start
precedences are turned around, start-to-start relations, deadlines and the
precedences of fixed tasks are left out (fixed work keeps its hours), and the horizon
is doubled so that late jobs have room before period 0.

Example (one fitter, two jobs of two periods each: the one due at 2 is placed
first, although the other has the smaller index and is due at 4):

    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task
    >>> p = Problem(8, (Resource(np.full(8, 1)),),
    ...             (Task(work=2, eligible=(0,), due=4), Task(work=2, eligible=(0,), due=2)),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> found = backward_passes(p)
    >>> [(s.start, s.end) for s in found.solution.tasks], found.objective
    ([(2, 4), (0, 2)], 0)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from solvers.checker import objective_value
from solvers.deadline import Deadline
from solvers.greedy import greedy_by_priority, greedy_schedule
from solvers.problem import Precedence, PrecedenceKind, Problem, Resource, Usage
from solvers.result import Solution

PASSES = 6
"""Forward-backward passes after the first, while time lasts (on W1's re-plan the best
schedule came from the sixth of twelve: 100,000 after the first, 83,400 there)."""


@dataclass(frozen=True)
class BackwardResult:
    """The best forward schedule found and the priority per task that gives it."""

    solution: Solution
    priority: list[int]
    objective: int
    passes: int


def backward_passes(
    problem: Problem, *, passes: int = PASSES, deadline: Deadline | None = None
) -> BackwardResult | None:
    """The forward schedule in the order of a backward pass from the due dates, and
    ``passes`` more forward-backward passes while ``deadline`` allows; ``None`` when
    the first pass finds no schedule (or the deadline ends it)."""
    mirror = mirrored(problem)
    keys: list[int] | None = None
    best: BackwardResult | None = None
    done = 0
    while done <= passes:
        if deadline is not None and deadline.expired():
            break
        if keys is None:
            back = greedy_schedule(mirror, rule="est", deadline=deadline)
        else:
            back = greedy_by_priority(mirror, keys, deadline=deadline)
        if back is None:
            break
        # a backward start, in the problem's periods (negative before period 0)
        priority = [problem.horizon - s.end for s in back.tasks]
        forward = greedy_by_priority(problem, priority, deadline=deadline)
        if forward is None:
            break
        done += 1
        value = objective_value(problem, forward)
        if best is None or value < best.objective:
            best = BackwardResult(forward, priority, value, done)
        if value == 0:
            break
        # mirror the forward schedule: its latest end goes first
        keys = [problem.horizon - s.end for s in forward.tasks]
    return best


def mirrored(problem: Problem) -> Problem:
    """The time-mirrored problem that the backward pass schedules forward: period
    ``t`` of ``problem`` is period ``horizon - 1 - t`` here, and the periods from
    ``horizon`` on lie before ``problem``'s period 0 (see the module for what is kept).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(4, (Resource(np.array([1, 2, 3, 4])),), (Task(duration=1, due=3),))
        >>> m = mirrored(p)
        >>> m.horizon, m.resources[0].capacity.tolist(), m.tasks[0].release
        (8, [4, 3, 2, 1, 1, 2, 3, 4], 1)
    """
    horizon = problem.horizon
    extended = 2 * horizon
    resources = tuple(
        Resource(_mirror_row(np.asarray(r.capacity[:horizon], dtype=np.int64)), r.name)
        for r in problem.resources
    )
    calendars = tuple(
        _mirror_row(np.asarray(c[:horizon], dtype=np.int64)) for c in problem.calendars
    )
    fixed = {
        i
        for i, t in enumerate(problem.tasks)
        if t.fixed_usage is not None or t.fixed_start is not None
    }
    tasks = []
    for i, task in enumerate(problem.tasks):
        release = 0 if task.due is None else max(0, horizon - task.due)
        if task.deadline is not None:
            release = max(release, horizon - task.deadline)
        mirror = replace(
            task, release=release, deadline=None, due=None, fixed_start=None, fixed_usage=None
        )
        if task.fixed_usage is not None:
            usage = tuple(
                Usage(u.resource, horizon - 1 - u.period, u.amount) for u in task.fixed_usage
            )
            mirror = replace(mirror, release=0, fixed_usage=usage)
        elif i in fixed and task.duration is not None:
            assert task.fixed_start is not None
            start = horizon - task.fixed_start - task.duration
            if 0 <= start < extended:  # else the task cannot hold its start at all
                mirror = replace(mirror, release=0, fixed_start=start)
        tasks.append(mirror)
    precedences = tuple(
        Precedence(p.succ, p.pred, p.lag, p.kind, p.calendar)
        for p in problem.precedences
        if p.kind == PrecedenceKind.FINISH_TO_START and p.pred not in fixed and p.succ not in fixed
    )
    return Problem(
        horizon=extended,
        resources=resources,
        tasks=tuple(tasks),
        precedences=precedences,
        calendars=calendars,
    )


def _mirror_row(row: np.ndarray) -> np.ndarray:
    """A row per period turned around, followed by itself: before period 0 the weeks
    repeat the first ones, in mirror order."""
    turned = row[::-1]
    return np.concatenate([turned, row])
