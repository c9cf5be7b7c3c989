"""Structural validation of a kernel problem: every index and amount in range."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solvers.problem import ProblemError

if TYPE_CHECKING:
    from solvers.problem import Problem, Task


def validate_problem(problem: Problem) -> None:
    """Raise :class:`ProblemError` naming the first malformed item."""
    if problem.horizon < 1:
        raise ProblemError(f"horizon must be at least 1, got {problem.horizon}")
    for r, res in enumerate(problem.resources):
        if res.capacity.shape != (problem.horizon,):
            raise ProblemError(
                f"resource {r} has {res.capacity.shape} capacities, expected ({problem.horizon},)"
            )
        if (res.capacity < 0).any():
            raise ProblemError(f"resource {r} has a negative capacity")
    for c, cal in enumerate(problem.calendars):
        if cal.shape != (problem.horizon,):
            raise ProblemError(f"calendar {c} must have one entry per period")
    for i, task in enumerate(problem.tasks):
        _validate_task(problem, i, task)
    n = problem.num_tasks
    for p in problem.precedences:
        if not (0 <= p.pred < n and 0 <= p.succ < n):
            raise ProblemError(f"precedence {p.pred}->{p.succ} refers to an unknown task")
        if p.pred == p.succ:
            raise ProblemError(f"task {p.pred} cannot precede itself")
        if p.calendar is not None and not 0 <= p.calendar < len(problem.calendars):
            raise ProblemError(f"precedence {p.pred}->{p.succ} refers to unknown calendar")
    objective_tasks = problem.objective.tasks
    if objective_tasks is not None and any(not 0 <= i < n for i in objective_tasks):
        raise ProblemError("the objective refers to an unknown task")
    ref = problem.objective.reference
    if ref is not None and len(ref) != n:
        raise ProblemError("the objective's reference must have one entry per task")


def _validate_task(problem: Problem, i: int, task: Task) -> None:
    label = f"task {i}" + (f" ({task.name})" if task.name else "")
    if (task.duration is None) == (task.work is None):
        raise ProblemError(f"{label} must have exactly one of duration (rigid) or work (elastic)")
    nres = problem.num_resources
    if task.duration is not None:
        if task.duration < 0:
            raise ProblemError(f"{label} has a negative duration")
        for r, amount in task.demands:
            if not 0 <= r < nres:
                raise ProblemError(f"{label} demands unknown resource {r}")
            if amount < 0:
                raise ProblemError(f"{label} has a negative demand on resource {r}")
        if task.eligible or task.fixed_usage is not None or task.contiguous:
            raise ProblemError(f"{label} is rigid: eligible/fixed_usage/contiguous do not apply")
    else:
        assert task.work is not None
        if task.work < 1:
            raise ProblemError(f"{label} must have positive work")
        if not task.eligible:
            raise ProblemError(f"{label} has no eligible resource")
        if len(set(task.eligible)) != len(task.eligible):
            raise ProblemError(f"{label} lists an eligible resource twice")
        for r in task.eligible:
            if not 0 <= r < nres:
                raise ProblemError(f"{label} is eligible for unknown resource {r}")
        if task.max_parallel is not None and task.max_parallel < 1:
            raise ProblemError(f"{label} must allow at least one resource at a time")
        if task.demands:
            raise ProblemError(f"{label} is elastic: demands do not apply")
        if task.fixed_usage is not None:
            total = 0
            for u in task.fixed_usage:
                if u.resource not in task.eligible:
                    raise ProblemError(f"{label} has a fixed usage of ineligible resource")
                if not 0 <= u.period < problem.horizon or u.amount < 0:
                    raise ProblemError(f"{label} has a fixed usage out of range")
                total += u.amount
            if total != task.work:
                raise ProblemError(f"{label} has fixed usages summing to {total}, not {task.work}")
    if task.release < 0:
        raise ProblemError(f"{label} has a negative release")
    if task.deadline is not None and task.deadline > problem.horizon:
        raise ProblemError(f"{label} has a deadline past the horizon")
    if task.fixed_start is not None and not 0 <= task.fixed_start < problem.horizon:
        raise ProblemError(f"{label} has a fixed start outside the horizon")
    if task.weight < 0:
        raise ProblemError(f"{label} has a negative weight")
