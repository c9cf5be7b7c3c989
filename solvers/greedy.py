"""A serial schedule-generation heuristic: fast, valid, not optimal.

Tasks are placed one at a time, each at its earliest feasible position in the capacity
that the tasks placed before it left: tasks with a fixed usage first, exactly as given,
then tasks with a fixed start, then the rest in a precedence-respecting order whose ties
a priority rule breaks. A rigid task goes to the first start where its demands fit for
its whole duration; an elastic task takes, period by period, the free capacity of the
eligible resources with the most of it, until its work is covered. When a deadline or a
precedence (a negative start-to-start lag, say) cannot be met, the heuristic gives up
rather than return an invalid schedule.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Precedence, Problem, Resource, Task
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 1)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(duration=2, demands=((0, 1),))),
    ...     precedences=(Precedence(0, 1),),
    ... )
    >>> [(s.start, s.end) for s in greedy_schedule(problem).tasks]
    [(0, 3), (3, 5)]
    >>> solve_greedy(problem).status
    <Status.OPTIMAL: 'optimal'>
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from solvers.bounds import TimeWindows, lower_bound, merged_demands, placeable, time_windows
from solvers.checker import objective_value, usage_map
from solvers.deadline import Deadline
from solvers.fill import NO_PERIODS, PLACED, WIDER, fill_columns
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
from solvers.result import Result, Solution, Status
from solvers.serial_kernel import serial_schedules

RULES = ("lst", "due", "lft", "est", "index")
"""Priority rules: latest start, latest start for the due dates, latest end, earliest
start, task index (each ties broken by the index)."""
WEIGHTED = "wdue:"
"""A rule ``wdue:<periods>``: latest start for the due dates, brought forward by up to
``periods`` in proportion to the task's weight (the heaviest by all of them), so that
where capacity is scarce the heavier lateness is avoided first."""

_CLOCK_EVERY = 16
"""Tasks placed between two looks at the deadline."""

_FIRST_WINDOW = 64
"""Periods an elastic task first looks ahead; the window grows fourfold until the work fits."""


def greedy_schedule(
    problem: Problem, rule: str = "lst", deadline: Deadline | None = None
) -> Solution | None:
    """A valid schedule built by the serial heuristic, or ``None`` when it gets stuck
    (or, given a ``deadline``, when it expires before every task is placed).

    ``rule`` orders the tasks that are free to go next: ``"lst"`` (latest start from
    the time windows), ``"due"`` (latest start that meets the due dates), ``"lft"``
    (latest end), ``"est"`` (earliest start) or ``"index"``.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 2)),), (Task(work=5, eligible=(0,)),))
        >>> [(u.period, u.amount) for u in greedy_schedule(p).tasks[0].usage]
        [(0, 2), (1, 2), (2, 1)]
    """
    if rule not in RULES and not _is_weighted(rule):
        raise ValueError(f"unknown priority rule {rule!r}; choose one of {', '.join(RULES)}")
    if not placeable(problem):
        return None
    return SerialScheduler(problem, time_windows(problem)).run(rule, deadline)


def priority_values(problem: Problem, rule: str) -> list[int]:
    """Each task's priority under ``rule`` (smaller goes first among the free tasks).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 2)),), (Task(work=2, eligible=(0,), due=3),
        ...             Task(work=2, eligible=(0,), due=5, weight=4)))
        >>> priority_values(p, "due"), priority_values(p, "wdue:4")
        ([2, 4], [1, 0])
    """
    windows = time_windows(problem)
    return [value for value, _ in _priority_keys(problem, windows, rule)]


def greedy_by_priority(
    problem: Problem, priority: Sequence[int], deadline: Deadline | None = None
) -> Solution | None:
    """The serial heuristic with the given priority per task (smaller first, ties by
    index) instead of a rule's; ``None`` when it gets stuck or the deadline expires.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 2)),), (Task(work=2, eligible=(0,)),) * 2)
        >>> [s.start for s in greedy_by_priority(p, [1, 0]).tasks]
        [1, 0]
    """
    if not placeable(problem):
        return None
    return SerialScheduler(problem, time_windows(problem)).run("index", deadline, priority)


def solve_greedy(problem: Problem, time_limit: float = 10.0) -> Result:
    """Run the heuristic with each priority rule in turn and keep the best schedule.

    The status is ``OPTIMAL`` when the best value meets the lower bound, ``FEASIBLE``
    otherwise, ``INFEASIBLE`` when the bounds prove that nothing fits, and ``UNKNOWN``
    when no rule found a schedule. Stops early once ``time_limit`` seconds have passed
    (after at least one rule).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(9, (Resource(np.ones(9)),), (Task(duration=3, demands=((0, 1),)),) * 2)
        >>> result = solve_greedy(p)
        >>> result.objective, result.bound, result.status.value
        (6, 6, 'optimal')
    """
    began = time.perf_counter()
    windows = time_windows(problem)
    if windows.infeasibility is not None:
        return Result(Status.INFEASIBLE, None, None, None, time.perf_counter() - began, "greedy")
    bound = lower_bound(problem)
    best: Solution | None = None
    best_value: int | None = None
    for rule in _rules_for(problem):
        solution = SerialScheduler(problem, windows).run(rule)
        if solution is not None:
            value = objective_value(problem, solution)
            if best_value is None or value < best_value:
                best, best_value = solution, value
        if best_value == bound or time.perf_counter() - began >= time_limit:
            break
    seconds = time.perf_counter() - began
    if best is None:
        return Result(Status.UNKNOWN, None, None, bound, seconds, "greedy")
    status = Status.OPTIMAL if best_value == bound else Status.FEASIBLE
    return Result(status, best, best_value, bound, seconds, "greedy")


def _rules_for(problem: Problem) -> tuple[str, ...]:
    if problem.objective.kind == "weighted_tardiness":
        return ("due", "lst", "lft", "est", "index")
    return ("lst", "lft", "est", "due", "index")


def _is_loose(prec: Precedence) -> bool:
    """A negative start-to-start lag only limits how late the predecessor may start."""
    return prec.kind == PrecedenceKind.START_TO_START and prec.lag < 0


def precedence_order(
    problem: Problem, pending: Sequence[bool], keys: Sequence[tuple[int, int]]
) -> list[int]:
    """The pending tasks in a precedence-respecting order, ties by smallest key.

    A task goes once all its pending predecessors have gone. Cycles are broken at the
    task with the smallest key, preferring tasks held back only by negative
    start-to-start lags.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Precedence, Problem, Resource, Task
        >>> p = Problem(5, (Resource(np.ones(5)),), (Task(duration=1),) * 3, (Precedence(2, 0),))
        >>> precedence_order(p, [True] * 3, [(0, 0), (1, 1), (2, 2)])
        [1, 2, 0]
    """
    n = problem.num_tasks
    firm = [0] * n
    loose = [0] * n
    out_of: list[list[tuple[int, bool]]] = [[] for _ in range(n)]
    any_loose = False
    for prec in problem.precedences:
        pred, succ = prec.pred, prec.succ
        if pending[pred] and pending[succ]:
            is_loose = _is_loose(prec)
            out_of[pred].append((succ, is_loose))
            if is_loose:
                loose[succ] += 1
                any_loose = True
            else:
                firm[succ] += 1
    free = [(keys[i], i) for i in range(n) if pending[i] and firm[i] == 0 and loose[i] == 0]
    # without loose precedences the tasks free of firm ones are the free ones; and every
    # pending task is needed only to break a cycle (built then)
    firm_free = [(keys[i], i) for i in range(n) if pending[i] and firm[i] == 0] if any_loose else []
    heapq.heapify(free)
    heapq.heapify(firm_free)
    everyone: list[tuple[tuple[int, int], int]] | None = None
    done = [not p for p in pending]
    order: list[int] = []
    total = n - done.count(True)
    while len(order) < total:
        heap = free
        while heap and done[heap[0][1]]:
            heapq.heappop(heap)
        if not heap:
            heap = firm_free
            while heap and done[heap[0][1]]:
                heapq.heappop(heap)
        if not heap:
            if everyone is None:
                everyone = [(keys[i], i) for i in range(n) if not done[i]]
                heapq.heapify(everyone)
            heap = everyone
            while heap and done[heap[0][1]]:
                heapq.heappop(heap)
        _, v = heapq.heappop(heap)
        done[v] = True
        order.append(v)
        for w, is_loose in out_of[v]:
            if done[w]:
                continue
            if is_loose:
                loose[w] -= 1
            else:
                firm[w] -= 1
                if firm[w] == 0 and any_loose:
                    heapq.heappush(firm_free, (keys[w], w))
            if firm[w] == 0 and loose[w] == 0:
                heapq.heappush(free, (keys[w], w))
    return order


def _due_starts(problem: Problem, windows: TimeWindows) -> list[int]:
    """The latest start that lets each task and its successors meet their due dates.

    Durations are taken at their shortest and calendars ignored: a priority, not a bound.
    """
    starts, ends, length = _due_windows(problem, windows)
    return [min(starts[i], ends[i] - length[i]) for i in range(problem.num_tasks)]


def due_ends(problem: Problem, windows: TimeWindows) -> list[int]:
    """The latest end that lets each task and its successors meet their due dates (as
    :func:`_due_starts` reckons them: a guide, not a bound)."""
    return _due_windows(problem, windows)[1]


def _due_windows(problem: Problem, windows: TimeWindows) -> tuple[list[int], list[int], list[int]]:
    n = problem.num_tasks
    never = problem.horizon + 1
    ends = [
        windows.latest_end[i] if task.due is None else min(task.due, windows.latest_end[i])
        for i, task in enumerate(problem.tasks)
    ]
    starts = list(windows.latest_start)
    length = [
        0
        if windows.earliest_start[i] >= never
        else windows.earliest_end[i] - windows.earliest_start[i]
        for i in range(n)
    ]
    out_of: list[list[Precedence]] = [[] for _ in range(n)]
    for prec in problem.precedences:
        out_of[prec.pred].append(prec)
    order = precedence_order(problem, [True] * n, [(i, i) for i in range(n)])
    for p in reversed(order):
        for prec in out_of[p]:
            q = prec.succ
            latest = min(starts[q], ends[q] - length[q]) - prec.lag
            if prec.kind == PrecedenceKind.FINISH_TO_START:
                ends[p] = min(ends[p], latest)
            else:
                starts[p] = min(starts[p], latest)
    return starts, ends, length


def _is_weighted(rule: str) -> bool:
    return rule.startswith(WEIGHTED) and rule[len(WEIGHTED) :].isdigit()


def _priority_keys(problem: Problem, windows: TimeWindows, rule: str) -> list[tuple[int, int]]:
    n = problem.num_tasks
    if _is_weighted(rule):
        reach = int(rule[len(WEIGHTED) :])
        top = max((t.weight for t in problem.tasks), default=1) or 1
        due = _due_starts(problem, windows)
        return [(due[i] - reach * problem.tasks[i].weight // top, i) for i in range(n)]
    if rule == "lst":
        values: Sequence[int] = windows.latest_start
    elif rule == "lft":
        values = windows.latest_end
    elif rule == "est":
        values = windows.earliest_start
    elif rule == "due":
        values = _due_starts(problem, windows)
    else:
        values = range(n)
    return [(values[i], i) for i in range(n)]


BoolArray = NDArray[np.bool_]


class SerialScheduler:
    """Places tasks one at a time into the residual capacity (the serial heuristic's
    engine; :mod:`solvers.repair` places tasks in another order with it).

    Example:
        >>> import numpy as np
        >>> from solvers.bounds import time_windows
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 2)),), (Task(work=3, eligible=(0,)),))
        >>> [(s.start, s.end) for s in SerialScheduler(p, time_windows(p)).run("lst").tasks]
        [(0, 2)]
    """

    def __init__(self, problem: Problem, windows: TimeWindows) -> None:
        self.problem = problem
        self.windows = windows
        self.horizon = problem.horizon
        self.capacity = stacked_capacity(problem.resources, problem.horizon)
        self.schedules: list[TaskSchedule | None] = [None] * problem.num_tasks
        self._open: dict[tuple[int, ...], BoolArray] = {}
        self._eligible: dict[tuple[int, ...], tuple[tuple[int, ...], IntArray]] = {}
        self._placed: tuple[TaskSchedule, tuple[IntArray, IntArray, IntArray]] | None = None
        """The last elastic placement and its usage columns, for :meth:`_commit`."""

    # What the Python loop needs, built on first use (the compiled loop needs none of it)

    @cached_property
    def residual(self) -> IntArray:
        """The capacity left by what is placed so far (resources x periods)."""
        return self.capacity.copy()

    @cached_property
    def into(self) -> list[list[Precedence]]:
        """Per task, the precedences that lead into it."""
        return self._links[0]

    @cached_property
    def out_of(self) -> list[list[Precedence]]:
        """Per task, the precedences that leave it."""
        return self._links[1]

    @cached_property
    def _links(self) -> tuple[list[list[Precedence]], list[list[Precedence]]]:
        into: list[list[Precedence]] = [[] for _ in range(self.problem.num_tasks)]
        out_of: list[list[Precedence]] = [[] for _ in range(self.problem.num_tasks)]
        for prec in self.problem.precedences:
            into[prec.succ].append(prec)
            out_of[prec.pred].append(prec)
        return into, out_of

    def run(
        self,
        rule: str,
        deadline: Deadline | None = None,
        priority: Sequence[int] | None = None,
        *,
        compiled: bool = True,
    ) -> Solution | None:
        """Place every task, the free ones in ``rule``'s order (or ``priority``'s);
        ``None`` when stuck or when ``deadline`` expires. ``compiled``: run the compiled
        loop (:mod:`solvers.serial_kernel`) where the problem's shape allows it, which
        gives the same schedules faster (it looks at ``deadline`` only before it starts).
        """
        tasks = self.problem.tasks
        first = [i for i, task in enumerate(tasks) if task.fixed_usage is not None]
        pinned = sorted(
            (task.fixed_start, i)
            for i, task in enumerate(tasks)
            if task.fixed_usage is None and task.fixed_start is not None
        )
        first.extend(i for _, i in pinned)
        if priority is None:
            keys = _priority_keys(self.problem, self.windows, rule)
        else:
            keys = [(int(value), i) for i, value in enumerate(priority)]
        pending = [schedule is None for schedule in self.schedules]
        for i in first:
            pending[i] = False
        order = precedence_order(self.problem, pending, keys)
        if compiled:
            if deadline is not None and deadline.expired():
                return None
            served, solution = serial_schedules(
                self.problem, self.windows, [*first, *order], self.capacity
            )
            if served:
                return solution
        for i in first:
            if not self._place(i):
                return None
        for k, i in enumerate(order):
            if deadline is not None and k % _CLOCK_EVERY == 0 and deadline.expired():
                return None
            if not self._place(i):
                return None
        placed = tuple(s for s in self.schedules if s is not None)
        return Solution(placed) if len(placed) == len(tasks) else None

    def _place(self, i: int) -> bool:
        task = self.problem.tasks[i]
        earliest = max(self.windows.earliest_start[i], task.release)
        for prec in self.into[i]:
            before = self.schedules[prec.pred]
            if before is not None:
                earliest = max(earliest, earliest_successor_start(self.problem, prec, before))
        if task.fixed_usage is not None:
            schedule = self._fixed_usage(task)
        elif task.duration is not None:
            schedule = self._rigid(task, earliest)
        else:
            schedule = self._elastic(task, earliest)
        if schedule is None or schedule.start < earliest:
            return False
        if task.deadline is not None and schedule.end > task.deadline:
            return False
        for prec in self.out_of[i]:
            after = self.schedules[prec.succ]
            if after is not None and after.start < earliest_successor_start(
                self.problem, prec, schedule
            ):
                return False
        self._commit(task, schedule)
        self.schedules[i] = schedule
        return True

    def _commit(self, task: Task, schedule: TaskSchedule) -> None:
        if task.duration is not None:
            for r, amount in merged_demands(task):
                self.residual[r, schedule.start : schedule.end] -= amount
        elif self._placed is not None and self._placed[0] is schedule:
            rows, cols, amounts = self._placed[1]
            self.residual[rows, cols] -= amounts
        elif schedule.usage:
            rows = np.fromiter((u.resource for u in schedule.usage), dtype=np.int64)
            cols = np.fromiter((u.period for u in schedule.usage), dtype=np.int64)
            amounts = np.fromiter((u.amount for u in schedule.usage), dtype=np.int64)
            self.residual[rows, cols] -= amounts

    def _fixed_usage(self, task: Task) -> TaskSchedule | None:
        assert task.fixed_usage is not None
        usage = usage_map(task.fixed_usage)
        if any(self.residual[r, t] < amount for (r, t), amount in usage.items()):
            return None
        periods = [t for _, t in usage]
        entries = tuple(
            Usage(r, t, amount)
            for (r, t), amount in sorted(usage.items(), key=lambda item: (item[0][1], item[0][0]))
        )
        return TaskSchedule(min(periods), max(periods) + 1, entries)

    def _rigid(self, task: Task, earliest: int) -> TaskSchedule | None:
        assert task.duration is not None
        duration = task.duration
        demands = merged_demands(task)
        if task.fixed_start is not None:
            start = task.fixed_start
            if earliest > start or start + duration > self.horizon:
                return None
            for r, amount in demands:
                if (self.residual[r, start : start + duration] < amount).any():
                    return None
            return TaskSchedule(start, start + duration)
        if earliest + duration > self.horizon:
            return None
        if duration == 0 or not demands:
            return TaskSchedule(earliest, earliest + duration)
        short = np.zeros(self.horizon - earliest, dtype=bool)
        for r, amount in demands:
            short |= self.residual[r, earliest:] < amount
        count = np.concatenate(([0], np.cumsum(short)))
        fits = np.flatnonzero(count[duration:] - count[:-duration] == 0)
        if len(fits) == 0:
            return None
        start = earliest + int(fits[0])
        return TaskSchedule(start, start + duration)

    def _open_periods(self, eligible: tuple[int, ...]) -> BoolArray:
        """Periods in which some eligible resource has capacity at all."""
        found = self._open.get(eligible)
        if found is None:
            found = self._open[eligible] = self.capacity[list(eligible)].max(axis=0) > 0
        return found

    def _elastic(self, task: Task, earliest: int) -> TaskSchedule | None:
        if task.fixed_start is not None:
            if earliest > task.fixed_start:
                return None
            earliest = task.fixed_start
        width = _FIRST_WINDOW
        while earliest < self.horizon:
            stop = min(self.horizon, earliest + width)
            schedule, wider = self._fill(task, earliest, stop)
            if schedule is not None or not wider:
                return schedule
            width *= 4
        return None

    def _fill(self, task: Task, earliest: int, stop: int) -> tuple[TaskSchedule | None, bool]:
        """Place an elastic task inside ``[earliest, stop)`` (see :mod:`solvers.fill`).

        Returns the schedule, or ``None`` and whether a wider window could still help.
        """
        assert task.work is not None
        eligible, resources = self._resources(task.eligible)
        status, first, last, rs, ts, amounts = fill_columns(
            self.residual,
            resources,
            task.parallel_limit,
            earliest,
            stop,
            task.work,
            task.contiguous,
            self._open_periods(eligible) if task.contiguous else NO_PERIODS,
            task.fixed_start is not None,
            stop < self.horizon,
        )
        if status != PLACED:
            return None, status == WIDER
        usage = tuple(map(Usage, rs.tolist(), ts.tolist(), amounts.tolist()))
        schedule = TaskSchedule(earliest + int(first), earliest + int(last) + 1, usage)
        self._placed = (schedule, (rs, ts, amounts))
        return schedule, False

    def _resources(self, eligible: tuple[int, ...]) -> tuple[tuple[int, ...], IntArray]:
        """An eligible set in increasing order, as a tuple and as an array."""
        found = self._eligible.get(eligible)
        if found is None:
            ordered = tuple(sorted(eligible))
            found = self._eligible[eligible] = (ordered, np.asarray(ordered, dtype=np.int64))
        return found


def offers(rows: IntArray, resources: IntArray, limit: int) -> tuple[IntArray, NDArray[np.int64]]:
    """What an elastic task may take per period from ``rows`` (free capacity of
    ``resources`` by period): the ``limit`` resources with the most of it (ties in
    resource order), as amounts and the resource that offers each."""
    if limit < len(resources):
        ranked = np.argsort(-rows, axis=0, kind="stable")[:limit]
        return np.take_along_axis(rows, ranked, axis=0), resources[ranked]
    return rows, np.broadcast_to(resources[:, None], rows.shape)


def take_offers(
    earliest: int,
    full: range,
    partial: int,
    missing: int,
    taken: IntArray,
    owners: NDArray[np.int64],
) -> tuple[Usage, ...]:
    """Everything offered in the ``full`` columns, and ``missing`` more in column
    ``partial`` from the resources offering the most; columns count from ``earliest``."""
    entries: list[Usage] = []
    for column in full:
        for row in np.flatnonzero(taken[:, column] > 0):
            entries.append(
                Usage(int(owners[row, column]), earliest + column, int(taken[row, column]))
            )
    column_taken = taken[:, partial]
    for row in np.argsort(-column_taken, kind="stable"):
        if missing == 0:
            break
        amount = min(int(column_taken[row]), missing)
        if amount > 0:
            entries.append(Usage(int(owners[row, partial]), earliest + partial, amount))
            missing -= amount
    entries.sort(key=lambda u: (u.period, u.resource))
    return tuple(entries)
