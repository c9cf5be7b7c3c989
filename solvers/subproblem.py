"""Subproblems: a problem cut to the resources its tasks use and to a window of periods.

A quote check or a neighbourhood of a large plan needs a handful of tasks on a few
resources over a few weeks; :func:`restrict` builds that problem from a problem stated
over every resource (its resource indices renumbered, the capacity taken from a given
matrix, the horizon cut), and :func:`lift` maps a schedule of it back.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Problem, Resource, Task
    >>> wide = Problem(30, tuple(Resource(np.full(30, 4)) for _ in range(5)),
    ...                (Task(work=6, eligible=(3,)),))
    >>> small, kept = restrict(wide, np.full((5, 30), 2), horizon=10)
    >>> small.num_resources, small.horizon, kept.tolist()
    (1, 10, [3])
    >>> from solvers import solve
    >>> lifted = lift(solve(small, "greedy").solution, kept)
    >>> [(u.resource, u.period, u.amount) for u in lifted.tasks[0].usage]
    [(3, 0, 2), (3, 1, 2), (3, 2, 2)]
"""

from __future__ import annotations

import numpy as np

from solvers.problem import IntArray, Objective, Problem, Resource, Task, TaskSchedule, Usage
from solvers.result import Solution
from solvers.windows_kernel import remember_cut, remember_deadlines


def used_resources(problem: Problem) -> IntArray:
    """The resources any task may use or does use (eligible, demands, fixed usage)."""
    used: set[int] = set()
    eligible_sets: set[tuple[int, ...]] = (
        set()
    )  # tasks of one skill share their eligible set: each is read once
    for task in problem.tasks:
        eligible_sets.add(task.eligible)
        if task.demands:
            used.update(r for r, _ in task.demands)
        if task.fixed_usage:
            used.update(u.resource for u in task.fixed_usage)
    for eligible in eligible_sets:
        used.update(eligible)
    return np.array(sorted(used), dtype=np.int64)


def restrict(
    problem: Problem, capacity: IntArray, horizon: int | None = None
) -> tuple[Problem, IntArray]:
    """``problem`` on its used resources with ``capacity`` (resources x periods), cut to
    ``horizon`` periods; deadlines past the cut end at it. Returns the problem and the
    original index of each of its resources."""
    kept = used_resources(problem)
    horizon = problem.horizon if horizon is None else min(horizon, problem.horizon)
    identity = _is_identity(kept)
    renumbered: dict[tuple[int, ...], tuple[int, ...]] = {}  # eligible sets repeat (per skill)
    if identity:  # every resource kept: only the deadlines past the cut change
        tasks = tuple(
            t if t.deadline is None or t.deadline <= horizon else _copy(t, deadline=horizon)
            for t in problem.tasks
        )
    else:
        position = {int(r): k for k, r in enumerate(kept)}
        tasks = tuple(_renumbered(t, position, horizon, renumbered) for t in problem.tasks)
    rows = np.ascontiguousarray(np.asarray(capacity)[kept, : max(horizon, 0)], dtype=np.int64)
    rows.setflags(write=False)
    calendars = tuple(c[:horizon] for c in problem.calendars)
    if (
        horizon >= 1
        and rows.shape == (len(kept), horizon)
        and not (rows < 0).any()
        and all(_inside(t, horizon) for t in tasks)
    ):
        # ``problem`` was validated, and renumbering its used resources in order keeps
        # every rule; what a cut can break (the horizon, the capacities) was checked.
        resources = tuple(
            Resource.trusted(rows[k], problem.resources[r].name) for k, r in enumerate(kept)
        )
        restricted = Problem.trusted(
            horizon, resources, tasks, problem.precedences, calendars, problem.objective
        )
        remember_cut(problem, restricted, None if identity else renumbered)
    else:  # validated as usual, which names what is wrong
        restricted = Problem(
            horizon=horizon,
            resources=tuple(
                Resource(capacity=np.asarray(capacity)[r, :horizon], name=problem.resources[r].name)
                for r in kept
            ),
            tasks=tasks,
            precedences=problem.precedences,
            calendars=calendars,
            objective=problem.objective,
        )
    return restricted, kept


def _is_identity(kept: IntArray) -> bool:
    """Whether the kept resources (increasing, distinct) are all of ``0 .. len - 1``."""
    return len(kept) == 0 or int(kept[-1]) == len(kept) - 1


def _inside(task: Task, horizon: int) -> bool:
    """Whether the task's fixed start and fixed usage lie before ``horizon`` (its
    deadline is cut to it already)."""
    if task.fixed_start is not None and task.fixed_start >= horizon:
        return False
    return task.fixed_usage is None or all(u.period < horizon for u in task.fixed_usage)


def lift(solution: Solution, kept: IntArray) -> Solution:
    """A restricted problem's solution in the original resource indices."""
    if _is_identity(kept):
        return solution
    return Solution(tuple(lift_schedule(s, kept) for s in solution.tasks))


def lift_schedule(schedule: TaskSchedule, kept: IntArray) -> TaskSchedule:
    usage = tuple(Usage(int(kept[u.resource]), u.period, u.amount) for u in schedule.usage)
    return TaskSchedule(schedule.start, schedule.end, usage)


def lower_schedule(schedule: TaskSchedule, kept: IntArray) -> TaskSchedule:
    """The inverse of :func:`lift_schedule` (every used resource must be kept)."""
    position = {int(r): k for k, r in enumerate(kept)}
    usage = tuple(Usage(position[u.resource], u.period, u.amount) for u in schedule.usage)
    return TaskSchedule(schedule.start, schedule.end, usage)


def _renumbered(
    task: Task,
    position: dict[int, int],
    horizon: int,
    sets: dict[tuple[int, ...], tuple[int, ...]],
) -> Task:
    deadline = task.deadline if task.deadline is None else min(task.deadline, horizon)
    fixed = task.fixed_usage
    eligible = sets.get(task.eligible)
    if eligible is None:
        eligible = sets[task.eligible] = tuple(position[r] for r in task.eligible)
    return _copy(
        task,
        eligible=eligible,
        demands=tuple((position[r], a) for r, a in task.demands) if task.demands else (),
        fixed_usage=None
        if fixed is None
        else tuple(Usage(position[u.resource], u.period, u.amount) for u in fixed),
        deadline=deadline,
    )


def _copy(task: Task, **changes: object) -> Task:
    """``dataclasses.replace`` for a task, without its cost (a task has no checks of its
    own on construction, and is called for every task of every subproblem)."""
    copied = object.__new__(Task)
    copied.__dict__.update(task.__dict__)
    copied.__dict__.update(changes)
    return copied


def ending_by(problem: Problem, end: int) -> Problem:
    """``problem`` with every task of its objective due to end by ``end`` at the latest.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Objective, Problem, Resource, Task
        >>> p = Problem(9, (Resource(np.ones(9)),), (Task(work=2, eligible=(0,)),),
        ...             objective=Objective(tasks=(0,)))
        >>> ending_by(p, 4).tasks[0].deadline
        4
    """
    chosen = set(problem.objective.tasks or range(problem.num_tasks))
    tasks = tuple(
        _copy(t, deadline=end if t.deadline is None else min(end, t.deadline)) if i in chosen else t
        for i, t in enumerate(problem.tasks)
    )
    if end > problem.horizon:  # validated as usual, which names the deadline past it
        return problem.with_tasks(tasks)
    # Only deadlines changed, none past the horizon: the problem stays valid.
    held = Problem.trusted(
        problem.horizon,
        problem.resources,
        tasks,
        problem.precedences,
        problem.calendars,
        problem.objective,
    )
    remember_deadlines(problem, held, sorted(chosen), end)
    return held


def fewest_changes(
    problem: Problem, end: int, reference: tuple[TaskSchedule | None, ...]
) -> Problem:
    """Keep the objective's tasks ending by ``end`` and change as few of ``reference`` as
    possible (the second pass after a date is found: move the least booked work)."""
    return ending_by(problem, end).with_objective(Objective(kind="changes", reference=reference))
