"""The independent solution checker: every rule of a kernel problem, checked from scratch.

The checker shares no code with any solver. It reads a :class:`Solution` against the
problem's semantics (see :mod:`solvers.problem`) and lists every broken rule as a plain
sentence naming the task, the period and the resource involved.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
    >>> from solvers.result import Solution
    >>> problem = Problem(
    ...     horizon=4,
    ...     resources=(Resource(capacity=np.full(4, 1)),),
    ...     tasks=(Task(duration=2, demands=((0, 1),)), Task(duration=2, demands=((0, 1),))),
    ... )
    >>> violations(problem, Solution((TaskSchedule(0, 2), TaskSchedule(2, 4))))
    []
    >>> violations(problem, Solution((TaskSchedule(0, 2), TaskSchedule(1, 3))))
    ['resource 0 is over capacity in period 1: tasks 0, 1 use 2 of its 1 units']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from solvers.problem import (
    IntArray,
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    TaskSchedule,
    Usage,
    earliest_successor_start,
    stacked_capacity,
)
from solvers.result import Solution

_SHOWN_IN_MESSAGE = 20
"""How many violations an :class:`InvalidSolutionError` spells out in its message."""


class InvalidSolutionError(RuntimeError):
    """A solution breaks the problem's rules; ``violations`` lists every broken rule."""

    def __init__(self, found: list[str]) -> None:
        self.violations = list(found)
        shown = "; ".join(found[:_SHOWN_IN_MESSAGE])
        more = len(found) - _SHOWN_IN_MESSAGE
        suffix = f"; and {more} more" if more > 0 else ""
        super().__init__(f"invalid solution ({len(found)} violations): {shown}{suffix}")


def usage_map(usages: Iterable[Usage]) -> dict[tuple[int, int], int]:
    """The total amount per ``(resource, period)``, entries summing to zero left out.

    Example:
        >>> usage_map([Usage(0, 3, 2), Usage(0, 3, 1), Usage(1, 4, 0)])
        {(0, 3): 3}
    """
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for u in usages:
        totals[(u.resource, u.period)] += u.amount
    return {key: amount for key, amount in totals.items() if amount != 0}


def same_schedule(a: TaskSchedule, b: TaskSchedule) -> bool:
    """The same span and the same amount per resource and period (in any order).

    Example:
        >>> same_schedule(TaskSchedule(0, 1, (Usage(0, 0, 1), Usage(1, 0, 1))),
        ...               TaskSchedule(0, 1, (Usage(1, 0, 1), Usage(0, 0, 1))))
        True
    """
    return (a.start, a.end) == (b.start, b.end) and usage_map(a.usage) == usage_map(b.usage)


def resource_usage(problem: Problem, solution: Solution) -> IntArray:
    """Total usage per resource and period, shape ``[num_resources, horizon]``.

    Rigid tasks count their demands in every period of ``[start, end)``; elastic tasks
    their usages. Parts that fall outside the horizon or name an unknown resource are
    left out (the checker reports them separately).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
        >>> from solvers.result import Solution
        >>> p = Problem(3, (Resource(np.full(3, 2)),), (Task(duration=2, demands=((0, 2),)),))
        >>> resource_usage(p, Solution((TaskSchedule(1, 3),))).tolist()
        [[0, 2, 2]]
    """
    horizon, nres = problem.horizon, problem.num_resources
    steps = np.zeros((nres, horizon + 1), dtype=np.int64)
    rows: list[int] = []
    cols: list[int] = []
    amounts: list[int] = []
    for task, sched in zip(problem.tasks, solution.tasks, strict=False):
        if task.is_elastic:
            for u in sched.usage:
                if 0 <= u.resource < nres and 0 <= u.period < horizon:
                    rows.append(u.resource)
                    cols.append(u.period)
                    amounts.append(u.amount)
            continue
        first = min(max(sched.start, 0), horizon)
        last = min(max(sched.end, 0), horizon)
        if first >= last:
            continue
        for r, amount in task.demands:
            steps[r, first] += amount
            steps[r, last] -= amount
    usage = np.cumsum(steps[:, :horizon], axis=1)
    if rows:
        np.add.at(usage, (np.asarray(rows), np.asarray(cols)), np.asarray(amounts, dtype=np.int64))
    return usage


def violations(problem: Problem, solution: Solution) -> list[str]:
    """Every rule the solution breaks, one sentence each; empty when it is valid.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
        >>> from solvers.result import Solution
        >>> p = Problem(5, (Resource(np.full(5, 1)),), (Task(duration=2, release=1),))
        >>> violations(p, Solution((TaskSchedule(0, 2),)))
        ['task 0 starts in period 0, before its release period 1']
    """
    if len(solution.tasks) != problem.num_tasks:
        return [
            f"the solution has {len(solution.tasks)} task schedules for "
            f"{problem.num_tasks} tasks (one per task is required)"
        ]
    found: list[str] = []
    capacity = _capacity(problem)
    for i, (task, sched) in enumerate(zip(problem.tasks, solution.tasks, strict=True)):
        found.extend(_task_violations(problem, capacity, i, task, sched))
    for prec in problem.precedences:
        found.extend(_precedence_violations(problem, solution, prec))
    found.extend(_capacity_violations(problem, solution, capacity))
    return found


def assert_valid(problem: Problem, solution: Solution) -> None:
    """Raise :class:`InvalidSolutionError` when the solution breaks any rule.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
        >>> from solvers.result import Solution
        >>> p = Problem(5, (Resource(np.full(5, 1)),), (Task(duration=2),))
        >>> assert_valid(p, Solution((TaskSchedule(0, 2),)))
    """
    if plainly_valid(problem, solution):
        return
    found = violations(problem, solution)
    if found:
        raise InvalidSolutionError(found)


def plainly_valid(problem: Problem, solution: Solution) -> bool | None:
    """Whether the solution breaks no rule, decided on arrays without a word of why;
    ``None`` for a problem with contiguous work, fixed usages or rigid demands (then
    only :func:`violations` decides). It agrees with :func:`violations` on every other
    problem, and :func:`assert_valid` asks it first because a schedule is almost always
    valid and the sentences are only needed when it is not.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
        >>> p = Problem(4, (Resource(np.full(4, 2)),), (Task(work=3, eligible=(0,)),))
        >>> plainly_valid(p, Solution((TaskSchedule(0, 2, (Usage(0, 0, 2), Usage(0, 1, 1))),)))
        True
        >>> plainly_valid(p, Solution((TaskSchedule(0, 1, (Usage(0, 0, 3),)),)))
        False
    """
    tasks, schedules = problem.tasks, solution.tasks
    n, horizon, nres = len(tasks), problem.horizon, problem.num_resources
    if len(schedules) != n:
        return False
    release = np.zeros(n, dtype=np.int64)
    latest = np.full(n, horizon, dtype=np.int64)
    fixed = np.full(n, -1, dtype=np.int64)
    size = np.zeros(n, dtype=np.int64)
    limit = np.zeros(n, dtype=np.int64)
    sets: dict[tuple[int, ...], int] = {}
    code = np.full(n, -1, dtype=np.int64)  # an elastic task's eligible set, -1 for rigid
    for i, task in enumerate(tasks):
        if task.contiguous or task.fixed_usage is not None:
            return None
        if task.work is None:
            if any(amount for _, amount in task.demands):
                return None
            size[i] = task.duration or 0
        else:
            size[i] = task.work
            limit[i] = task.parallel_limit
            code[i] = sets.setdefault(task.eligible, len(sets))
        release[i] = task.release
        if task.deadline is not None:
            latest[i] = min(task.deadline, horizon)
        if task.fixed_start is not None:
            fixed[i] = task.fixed_start
    start = np.fromiter((s.start for s in schedules), dtype=np.int64, count=n)
    end = np.fromiter((s.end for s in schedules), dtype=np.int64, count=n)
    counts = np.fromiter((len(s.usage) for s in schedules), dtype=np.int64, count=n)
    elastic = code >= 0
    if not (
        (start >= 0).all()
        and (start <= end).all()
        and (end <= latest).all()
        and (start >= release).all()
        and ((fixed < 0) | (start == fixed)).all()
        and (counts[~elastic] == 0).all()
        and (end - start == size)[~elastic].all()
        and (counts[elastic] > 0).all()
    ):
        return False
    for prec in problem.precedences:
        if schedules[prec.succ].start < earliest_successor_start(
            problem, prec, schedules[prec.pred]
        ):
            return False
    usages = [u for s in schedules for u in s.usage]
    if not usages:
        return True
    count = len(usages)
    r = np.fromiter((u.resource for u in usages), dtype=np.int64, count=count)
    t = np.fromiter((u.period for u in usages), dtype=np.int64, count=count)
    a = np.fromiter((u.amount for u in usages), dtype=np.int64, count=count)
    owner = np.repeat(np.arange(n), counts)
    if not (
        (a > 0).all()
        and (r >= 0).all()
        and (r < nres).all()
        and (start[owner] <= t).all()
        and (t < end[owner]).all()
    ):
        return False
    eligible = np.zeros((len(sets), nres), dtype=bool)
    for members, k in sets.items():
        eligible[k, list(members)] = True
    if not eligible[code[owner], r].all():
        return False
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))[elastic]  # no elastic task is empty
    if not (
        (np.add.reduceat(a, first) == size[elastic]).all()
        and (np.minimum.reduceat(t, first) == start[elastic]).all()
        and (np.maximum.reduceat(t, first) + 1 == end[elastic]).all()
    ):
        return False
    # distinct resources per task and period, against the task's crew
    cells = np.unique((owner * horizon + t) * nres + r) // nres
    edges = np.flatnonzero(np.diff(cells)) + 1
    crews = np.diff(np.concatenate(([0], edges, [len(cells)])))
    if (crews > limit[cells[np.concatenate(([0], edges))] // horizon]).any():
        return False
    used = np.bincount(r * horizon + t, weights=a, minlength=nres * horizon)
    return bool((used <= _capacity(problem).ravel()).all())


def objective_value(problem: Problem, solution: Solution) -> int:
    """The value of the problem's objective for ``solution`` (smaller is better).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, TaskSchedule
        >>> from solvers.result import Solution
        >>> p = Problem(9, (Resource(np.full(9, 1)),), (Task(duration=2), Task(duration=3)))
        >>> objective_value(p, Solution((TaskSchedule(0, 2), TaskSchedule(4, 7))))
        7
    """
    objective = problem.objective
    if objective.kind == "makespan":
        return solution.makespan(objective.tasks)
    if objective.kind == "weighted_tardiness":
        return sum(
            task.weight * max(0, sched.end - task.due)
            for task, sched in zip(problem.tasks, solution.tasks, strict=True)
            if task.due is not None
        )
    assert objective.reference is not None
    return sum(
        1
        for task, sched, ref in zip(problem.tasks, solution.tasks, objective.reference, strict=True)
        if ref is not None and schedule_differs(task, sched, ref)
    )


def schedule_differs(task: Task, sched: TaskSchedule, reference: TaskSchedule) -> bool:
    """Whether ``sched`` counts as a change from ``reference`` for the ``changes`` objective.

    A rigid task changes when its start moves; an elastic one when its start, its end or
    its usage per resource and period differs.

    Example:
        >>> schedule_differs(Task(duration=2), TaskSchedule(3, 5), TaskSchedule(3, 5))
        False
    """
    if sched.start != reference.start:
        return True
    if not task.is_elastic:
        return False
    return sched.end != reference.end or usage_map(sched.usage) != usage_map(reference.usage)


def _capacity(problem: Problem) -> IntArray:
    return stacked_capacity(problem.resources, problem.horizon)


def _task_label(problem: Problem, i: int) -> str:
    name = problem.tasks[i].name
    return f"task {i} ({name})" if name else f"task {i}"


def _resource_label(problem: Problem, r: int) -> str:
    if 0 <= r < problem.num_resources and problem.resources[r].name:
        return f"resource {r} ({problem.resources[r].name})"
    return f"resource {r}"


def _task_violations(
    problem: Problem, capacity: IntArray, i: int, task: Task, sched: TaskSchedule
) -> list[str]:
    who = _task_label(problem, i)
    found: list[str] = []
    if not 0 <= sched.start <= sched.end <= problem.horizon:
        found.append(
            f"{who} runs over [{sched.start}, {sched.end}), which is not an interval "
            f"inside the horizon [0, {problem.horizon}]"
        )
    if sched.start < task.release:
        found.append(
            f"{who} starts in period {sched.start}, before its release period {task.release}"
        )
    if task.deadline is not None and sched.end > task.deadline:
        found.append(f"{who} ends at {sched.end}, after its deadline {task.deadline}")
    if task.fixed_start is not None and sched.start != task.fixed_start:
        found.append(
            f"{who} starts in period {sched.start}, "
            f"not in its fixed start period {task.fixed_start}"
        )
    if task.is_elastic:
        found.extend(_elastic_violations(problem, capacity, who, task, sched))
    else:
        found.extend(_rigid_violations(who, task, sched))
    return found


def _rigid_violations(who: str, task: Task, sched: TaskSchedule) -> list[str]:
    found: list[str] = []
    if sched.end - sched.start != task.duration:
        found.append(
            f"{who} runs from period {sched.start} to {sched.end}, "
            f"not for its duration of {task.duration} periods"
        )
    if sched.usage:
        found.append(f"{who} is rigid but lists {len(sched.usage)} usage entries")
    return found


def _elastic_violations(
    problem: Problem, capacity: IntArray, who: str, task: Task, sched: TaskSchedule
) -> list[str]:
    assert task.work is not None
    found: list[str] = []
    eligible = set(task.eligible)
    resources_in: dict[int, set[int]] = defaultdict(set)
    horizon, start, end = problem.horizon, sched.start, sched.end
    for u in sched.usage:
        resources_in[u.period].add(u.resource)
        fine = u.amount > 0 and u.resource in eligible and start <= u.period < end
        if fine and 0 <= u.period < horizon:
            continue  # the common case: nothing to say, and no label to build
        where = f"{_resource_label(problem, u.resource)} in period {u.period}"
        if u.resource not in eligible:
            found.append(f"{who} uses {where}, which is not one of its eligible resources")
        if not 0 <= u.period < horizon:
            found.append(f"{who} uses {where}, outside the horizon [0, {horizon})")
        elif not start <= u.period < end:
            found.append(f"{who} uses {where}, outside its span [{start}, {end})")
        if u.amount <= 0:
            found.append(f"{who} has a non-positive amount {u.amount} of {where}")
    total = sum(u.amount for u in sched.usage)
    if total != task.work:
        found.append(f"{who} receives {total} units of work in total, not its work of {task.work}")
    if resources_in:
        first, last = min(resources_in), max(resources_in)
        if sched.start != first:
            found.append(
                f"{who} starts in period {sched.start} but first receives work in period {first}"
            )
        if sched.end != last + 1:
            found.append(
                f"{who} ends at {sched.end} but last receives work in period {last} "
                f"(so it ends at {last + 1})"
            )
    limit = task.parallel_limit
    for period in sorted(resources_in):
        used = resources_in[period]
        if len(used) > limit:
            names = ", ".join(_resource_label(problem, r) for r in sorted(used))
            found.append(
                f"{who} uses {len(used)} resources in period {period} ({names}), "
                f"more than its limit of {limit}"
            )
    if task.contiguous:
        found.extend(_contiguity_violations(problem, capacity, who, task, sched, resources_in))
    if task.fixed_usage is not None:
        fixed = usage_map(task.fixed_usage)
        actual = usage_map(sched.usage)
        for resource, period in sorted(set(fixed) | set(actual), key=lambda k: (k[1], k[0])):
            want, got = fixed.get((resource, period), 0), actual.get((resource, period), 0)
            if want != got:
                found.append(
                    f"{who} uses {got} of {_resource_label(problem, resource)} in period "
                    f"{period} where its fixed usage is {want}"
                )
    return found


def _contiguity_violations(
    problem: Problem,
    capacity: IntArray,
    who: str,
    task: Task,
    sched: TaskSchedule,
    resources_in: dict[int, set[int]],
) -> list[str]:
    found: list[str] = []
    rows = capacity[list(task.eligible)]
    for period in range(max(sched.start, 0), min(sched.end, problem.horizon)):
        if period in resources_in:
            continue
        available = [task.eligible[k] for k in np.flatnonzero(rows[:, period] > 0)]
        if available:
            names = ", ".join(_resource_label(problem, r) for r in sorted(available))
            found.append(
                f"{who} is contiguous but receives no work in period {period}, "
                f"although {names} has capacity then"
            )
    return found


def _precedence_violations(problem: Problem, solution: Solution, prec: Precedence) -> list[str]:
    pred, succ = solution.tasks[prec.pred], solution.tasks[prec.succ]
    allowed = earliest_successor_start(problem, prec, pred)
    if succ.start >= allowed:
        return []
    finish_to_start = prec.kind == PrecedenceKind.FINISH_TO_START
    reference = f"end {pred.end}" if finish_to_start else f"start {pred.start}"
    calendar = "" if prec.calendar is None else f" open periods of calendar {prec.calendar}"
    return [
        f"{_task_label(problem, prec.succ)} starts in period {succ.start}, before period "
        f"{allowed} allowed by its {prec.kind.value} precedence after "
        f"{_task_label(problem, prec.pred)} ({reference} "
        f"plus a lag of {prec.lag}{calendar})"
    ]


def _capacity_violations(problem: Problem, solution: Solution, capacity: IntArray) -> list[str]:
    usage = resource_usage(problem, solution)
    over = np.argwhere(usage > capacity)
    if len(over) == 0:
        return []
    cells = {(int(r), int(t)) for r, t in over}
    users: dict[tuple[int, int], set[int]] = defaultdict(set)
    for i, (task, sched) in enumerate(zip(problem.tasks, solution.tasks, strict=True)):
        if task.is_elastic:
            for u in sched.usage:
                if (u.resource, u.period) in cells:
                    users[(u.resource, u.period)].add(i)
            continue
        for r, amount in task.demands:
            if amount == 0:
                continue
            for t in range(max(sched.start, 0), min(sched.end, problem.horizon)):
                if (r, t) in cells:
                    users[(r, t)].add(i)
    found: list[str] = []
    for r, t in sorted(cells, key=lambda cell: (cell[0], cell[1])):
        tasks = sorted(users[(r, t)])
        who = ("task " if len(tasks) == 1 else "tasks ") + ", ".join(str(i) for i in tasks)
        verb = "uses" if len(tasks) == 1 else "use"
        found.append(
            f"{_resource_label(problem, r)} is over capacity in period {t}: {who} {verb} "
            f"{usage[r, t]} of its {capacity[r, t]} units"
        )
    return found
