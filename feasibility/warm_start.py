"""A re-plan's first schedule: the previous plan where it still holds, else the heuristic.

The previous plan is kept task by task, in precedence order, wherever the task's old
hours still fit the new facts (its people, its effort, its window, the capacity left by
the tasks kept before it, its kept predecessors); the tasks that cannot stay, and
everything after them, are placed again by the serial heuristic. The heuristic's own
schedule of the whole problem competes, and the better one (the kept plan on a tie,
since it moves less) is the start.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
    >>> p = Problem(10, (Resource(np.full(10, 4)),),
    ...             (Task(work=8, eligible=(0,), due=5),),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> old = TaskSchedule(2, 4, (Usage(0, 2, 4), Usage(0, 3, 4)))
    >>> best = warm_start(p, [old])[0]
    >>> best.solution.tasks[0] == old, best.moved, best.kept_plan
    (True, 0, True)
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from solvers import Problem, Solution, TaskSchedule
from solvers.backward import backward_passes
from solvers.bounds import merged_demands
from solvers.checker import objective_value, usage_map
from solvers.deadline import Deadline
from solvers.greedy import (
    greedy_by_priority,
    greedy_schedule,
    precedence_order,
    priority_values,
)
from solvers.problem import (
    Precedence,
    Task,
    earliest_successor_start,
    latest_origin,
    open_counts,
    stacked_capacity,
)

BACKWARD = "backward"
FRESH_RULES = ("wdue:4", BACKWARD, "due", "wdue:2", "wdue:8", "wdue:16", "lst")
"""The serial heuristic's priority rules tried for a fresh start, in order, while time
lasts (``wdue``: the due-date rule with heavier commitments brought forward;
``backward``: the order of a backward pass from the due dates, :mod:`solvers.backward`)."""
BACKWARD_COST = 3.0
"""A backward pass costs about this many runs of the first rule (the mirrored
problem's windows, the backward and the forward heuristic): it starts only when that
much time is left."""


@dataclass(frozen=True)
class Start:
    """A candidate first schedule: its objective and the tasks it moves."""

    solution: Solution
    objective: int
    moved: int
    kept_plan: bool
    priority: list[int] | None = None
    """The heuristic's priority per task that gives it (for a fresh schedule)."""


def warm_start(
    problem: Problem,
    previous: Sequence[TaskSchedule | None],
    deadline: Deadline | None = None,
    *,
    known: Sequence[Start] = (),
) -> list[Start]:
    """The candidate start schedules, best objective first (fewer moves on a tie).

    ``previous`` has one entry per task (``None``: no previous schedule). The heuristic
    under the first of :data:`FRESH_RULES` always runs; then, while ``deadline``
    allows, the kept plan with every task that still fits kept (the others placed
    before the kept successors that wait for them), or should that fail with
    everything after a task that moves placed again too, and the other rules. Raises
    ``RuntimeError`` when none finds a schedule. ``known`` starts compete too; with
    any, the first rule also waits for the deadline.
    """
    candidates: list[Start] = list(known)

    def fresh(rule: str, until: Deadline | None) -> None:
        if rule == BACKWARD:
            passed = backward_passes(problem, deadline=until)
            if passed is None:
                return
            found, priority = passed.solution, passed.priority
        else:
            priority = priority_values(problem, rule)
            ordered = greedy_by_priority(problem, priority, deadline=until)
            if ordered is None:
                return
            found = ordered
        start = rated(problem, found, previous, kept_plan=False)
        candidates.append(replace(start, priority=priority))

    # without a known start the first rule runs to its end whatever the time
    began = time.perf_counter()
    fresh(FRESH_RULES[0], deadline if candidates else None)
    one_run = time.perf_counter() - began
    for closed in (False, True):
        if deadline is not None and deadline.expired():
            break
        kept = _keepable(problem, previous, closed)
        if not any(kept):
            break
        repaired = greedy_schedule(_holding(problem, previous, kept), rule="due", deadline=deadline)
        if repaired is not None:
            candidates.append(rated(problem, repaired, previous, kept_plan=True))
            break
    for rule in FRESH_RULES[1:]:
        if deadline is not None and deadline.expired():
            break
        short = deadline is not None and deadline.remaining() < BACKWARD_COST * one_run
        if rule == BACKWARD and short:
            continue
        fresh(rule, deadline)
    if not candidates:
        raise RuntimeError("the serial heuristic found no schedule for the re-plan")
    return sorted(candidates, key=lambda c: (c.objective, c.moved))


def rated(
    problem: Problem, solution: Solution, previous: Sequence[TaskSchedule | None], kept_plan: bool
) -> Start:
    """``solution`` as a start: its objective and the tasks it moves from ``previous``."""
    moved = sum(
        1
        for now, old in zip(solution.tasks, previous, strict=True)
        if old is not None and not same_schedule(now, old)
    )
    return Start(solution, objective_value(problem, solution), moved, kept_plan)


def same_schedule(a: TaskSchedule, b: TaskSchedule) -> bool:
    """The same span and the same hours per resource and period."""
    return (a.start, a.end) == (b.start, b.end) and usage_map(a.usage) == usage_map(b.usage)


def _holding(
    problem: Problem, previous: Sequence[TaskSchedule | None], kept: Sequence[bool]
) -> Problem:
    """``problem`` with the kept tasks fixed where they were, and every other task due
    to end before the kept successors that wait for it start."""
    counts = [open_counts(c) for c in problem.calendars]
    latest: dict[int, int] = {}
    for prec in problem.precedences:
        after = previous[prec.succ]
        if kept[prec.succ] and not kept[prec.pred] and after is not None:
            cal = None if prec.calendar is None else counts[prec.calendar]
            end = latest_origin(cal, after.start, prec.lag)
            latest[prec.pred] = min(latest.get(prec.pred, end), end)
    tasks = []
    for i, task in enumerate(problem.tasks):
        old = previous[i]
        if kept[i] and old is not None:
            task = _fixed(task, old)
        elif i in latest:
            limit = max(0, latest[i])
            task = replace(
                task, deadline=limit if task.deadline is None else min(task.deadline, limit)
            )
        tasks.append(task)
    return problem.with_tasks(tuple(tasks))


def _fixed(task: Task, schedule: TaskSchedule | None) -> Task:
    assert schedule is not None
    if task.is_elastic:
        return replace(task, fixed_usage=schedule.usage, fixed_start=None)
    return replace(task, fixed_start=schedule.start)


def _keepable(
    problem: Problem, previous: Sequence[TaskSchedule | None], closed: bool
) -> list[bool]:
    """Per task: its previous schedule fits the problem, given the tasks kept before it
    (``closed``: and every predecessor is kept)."""
    n = problem.num_tasks
    residual = stacked_capacity(problem.resources, problem.horizon).copy()
    into: list[list[int]] = [[] for _ in range(n)]
    for k, prec in enumerate(problem.precedences):
        into[prec.succ].append(k)
    keep = [False] * n
    fixed = [t.fixed_usage is not None or t.fixed_start is not None for t in problem.tasks]
    for i in (k for k in range(n) if fixed[k]):
        old = previous[i]
        if old is not None and _fits_alone(problem, problem.tasks[i], old):
            keep[i] = _take(residual, problem.tasks[i], old)
    for i in precedence_order(problem, [True] * n, [(i, i) for i in range(n)]):
        task, old = problem.tasks[i], previous[i]
        if fixed[i] or old is None or not _fits_alone(problem, task, old):
            continue
        if all(
            _follows(problem, problem.precedences[k], previous, keep, old, closed) for k in into[i]
        ):
            keep[i] = _take(residual, task, old)
    return keep


def _follows(
    problem: Problem,
    prec: Precedence,
    previous: Sequence[TaskSchedule | None],
    keep: Sequence[bool],
    old: TaskSchedule,
    closed: bool,
) -> bool:
    """The old start still respects the precedence on a kept predecessor (one that is
    not kept will be placed before it, unless ``closed`` asks for kept ones only)."""
    before = previous[prec.pred]
    if not keep[prec.pred] or before is None:
        return not closed
    return old.start >= earliest_successor_start(problem, prec, before)


def _fits_alone(problem: Problem, task: Task, old: TaskSchedule) -> bool:
    if (
        old.start < task.release
        or old.end > problem.horizon
        or not 0 <= old.start < problem.horizon
    ):
        return False
    if task.deadline is not None and old.end > task.deadline:
        return False
    if task.fixed_start is not None and old.start != task.fixed_start:
        return False
    if task.duration is not None:
        return old.end - old.start == task.duration and not old.usage
    if task.contiguous or task.work is None:
        return False
    if task.fixed_usage is not None:
        return usage_map(task.fixed_usage) == usage_map(old.usage)
    used = usage_map(old.usage)
    if not used or sum(used.values()) != task.work:
        return False
    eligible = set(task.eligible)
    if any(r not in eligible for r, _ in used):
        return False
    per_period: dict[int, int] = {}
    for _, t in used:
        per_period[t] = per_period.get(t, 0) + 1
    periods = [t for _, t in used]
    return (
        max(per_period.values()) <= task.parallel_limit
        and min(periods) == old.start
        and max(periods) + 1 == old.end
    )


def _take(residual: np.ndarray, task: Task, old: TaskSchedule) -> bool:
    """Take the schedule's capacity from ``residual`` if it is there (else change nothing)."""
    if task.duration is not None:
        demands = merged_demands(task)
        if any((residual[r, old.start : old.end] < a).any() for r, a in demands):
            return False
        for r, a in demands:
            residual[r, old.start : old.end] -= a
        return True
    used = usage_map(old.usage)
    if any(residual[r, t] < a for (r, t), a in used.items()):
        return False
    for (r, t), a in used.items():
        residual[r, t] -= a
    return True
