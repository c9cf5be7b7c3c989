"""Right justification: move tasks of a valid schedule as late as their limits allow.

Backward scheduling in the planner's sense: work is planned to finish just before it is
needed (each task's limit, usually its promise less a safety margin), which leaves the
capacity before it free for work that comes later. Tasks are taken from the one that
ends last to the one that ends first, so a task's successors have already moved when
its own latest end is computed from them; each is lifted out of the capacity and
placed back as late as its limit, its successors and the free capacity allow, never
earlier than it was. A task that cannot move later keeps its schedule, so the result
is valid whenever the input is (the caller's checker still sees it before it is used).

Tasks that stay where they are: those without a limit, fixed or pinned tasks,
contiguous work, and tasks in a start-to-start relation or one with a negative lag
(their rule does not follow from the order above).

Example:
    >>> import numpy as np
    >>> from solvers.problem import Precedence, Problem, Resource, Task, TaskSchedule, Usage
    >>> from solvers.result import Solution
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 2)),),
    ...     tasks=(Task(work=4, eligible=(0,)), Task(work=2, eligible=(0,))),
    ...     precedences=(Precedence(0, 1),),
    ... )
    >>> early = Solution((
    ...     TaskSchedule(0, 2, (Usage(0, 0, 2), Usage(0, 1, 2))),
    ...     TaskSchedule(2, 3, (Usage(0, 2, 2),)),
    ... ))
    >>> late = right_justify(problem, early, [8, 8])
    >>> [(s.start, s.end) for s in late.tasks]
    [(5, 7), (7, 8)]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from solvers.bounds import merged_demands
from solvers.greedy import offers, precedence_order, take_offers
from solvers.problem import (
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    TaskSchedule,
    latest_origin,
    open_counts,
    stacked_capacity,
)
from solvers.result import Solution


def right_justify(
    problem: Problem, solution: Solution, latest_end: Sequence[int | None]
) -> Solution:
    """``solution`` with every movable task as late as ``latest_end`` (per task; ``None``
    keeps it) and its successors allow, in the capacity the other tasks leave."""
    if len(latest_end) != problem.num_tasks or len(solution.tasks) != problem.num_tasks:
        raise ValueError("one latest end and one schedule per task are needed")
    return _Justifier(problem, solution).run(latest_end)


class _Justifier:
    def __init__(self, problem: Problem, solution: Solution) -> None:
        self.problem = problem
        self.schedules = list(solution.tasks)
        self.residual = stacked_capacity(problem.resources, problem.horizon)
        for task, schedule in zip(problem.tasks, self.schedules, strict=True):
            self._use(task, schedule, -1)
        n = problem.num_tasks
        self.out_of: list[list[Precedence]] = [[] for _ in range(n)]
        self.held = [False] * n
        for prec in problem.precedences:
            self.out_of[prec.pred].append(prec)
            if prec.kind != PrecedenceKind.FINISH_TO_START or prec.lag < 0:
                self.held[prec.pred] = self.held[prec.succ] = True
        # Open periods before each period, per calendar: lags walk backwards in closed form.
        self.counts = [open_counts(c) for c in problem.calendars]

    def run(self, latest_end: Sequence[int | None]) -> Solution:
        n = self.problem.num_tasks
        # Ties (zero-length tasks at one period) go successors first.
        rank = [0] * n
        for position, i in enumerate(
            precedence_order(self.problem, [True] * n, [(i, i) for i in range(n)])
        ):
            rank[i] = position
        order = sorted(
            range(n),
            key=lambda i: (-self.schedules[i].end, -self.schedules[i].start, -rank[i]),
        )
        for i in order:
            limit = latest_end[i]
            if limit is None or not self._movable(i):
                continue
            task = self.problem.tasks[i]
            latest = min(limit, self.problem.horizon)
            if task.deadline is not None:
                latest = min(latest, task.deadline)
            for prec in self.out_of[i]:
                latest = min(latest, self._latest_pred_end(prec, self.schedules[prec.succ].start))
            old = self.schedules[i]
            if latest <= old.end:
                continue
            self._use(task, old, 1)
            moved = self._place(task, old.start, latest)
            if moved is None or moved.start < old.start:
                self._use(task, old, -1)
                continue
            self._use(task, moved, -1)
            self.schedules[i] = moved
        return Solution(tuple(self.schedules))

    def _movable(self, i: int) -> bool:
        task = self.problem.tasks[i]
        return not (
            self.held[i]
            or task.fixed_start is not None
            or task.fixed_usage is not None
            or task.contiguous
        )

    def _latest_pred_end(self, prec: Precedence, succ_start: int) -> int:
        """The latest end of ``prec``'s predecessor that lets its successor start at
        ``succ_start``: ``lag`` open periods of its calendar must fit in between."""
        counts = None if prec.calendar is None else self.counts[prec.calendar]
        return latest_origin(counts, succ_start, prec.lag)

    def _use(self, task: Task, schedule: TaskSchedule, sign: int) -> None:
        if task.duration is not None:
            for r, amount in merged_demands(task):
                self.residual[r, schedule.start : schedule.end] += sign * amount
        elif schedule.usage:
            rows = np.fromiter((u.resource for u in schedule.usage), dtype=np.int64)
            cols = np.fromiter((u.period for u in schedule.usage), dtype=np.int64)
            amounts = np.fromiter((u.amount for u in schedule.usage), dtype=np.int64)
            np.add.at(self.residual, (rows, cols), sign * amounts)

    def _place(self, task: Task, earliest: int, latest: int) -> TaskSchedule | None:
        if task.duration is not None:
            return self._rigid(task, earliest, latest)
        return self._elastic(task, earliest, latest)

    def _rigid(self, task: Task, earliest: int, latest: int) -> TaskSchedule | None:
        assert task.duration is not None
        duration = task.duration
        demands = merged_demands(task)
        last_start = latest - duration
        if last_start < earliest:
            return None
        if duration == 0 or not demands:
            return TaskSchedule(last_start, latest)
        short = np.zeros(latest - earliest, dtype=bool)
        for r, amount in demands:
            short |= self.residual[r, earliest:latest] < amount
        count = np.concatenate(([0], np.cumsum(short)))
        fits = np.flatnonzero(count[duration:] - count[:-duration] == 0)
        if len(fits) == 0:
            return None
        start = earliest + int(fits[-1])
        return TaskSchedule(start, start + duration)

    def _elastic(self, task: Task, earliest: int, latest: int) -> TaskSchedule | None:
        """Fill the task's work from ``latest - 1`` backwards, each period from the
        eligible resources with the most free capacity (at most its parallel limit)."""
        assert task.work is not None
        work = task.work
        resources = np.asarray(sorted(task.eligible), dtype=np.int64)
        limit = task.parallel_limit
        rows = np.clip(self.residual[resources, earliest:latest], 0, None)
        taken, owners = offers(rows, resources, limit)
        offered = taken.sum(axis=0)
        # supply[k]: what the last k periods of the window offer.
        supply = np.concatenate(([0], np.cumsum(offered[::-1])))
        if supply[-1] < work:
            return None
        count = int(np.searchsorted(supply, work, side="left"))
        first = len(offered) - count
        serving = np.flatnonzero(offered[first:] > 0)
        if len(serving) == 0:
            return None
        end = earliest + first + int(serving[-1]) + 1
        missing = work - int(supply[count - 1])
        usage = take_offers(earliest, range(first + 1, len(offered)), first, missing, taken, owners)
        return TaskSchedule(earliest + first, end, usage)
