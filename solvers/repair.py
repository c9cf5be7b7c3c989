"""Repair a previous schedule in its own order: keep each task where it was if it fits.

After a disruption most of a fully booked plan still holds, but a task that can no
longer stay (its person is away, say) needs capacity that other tasks hold. Fixing
every task that fits and placing the displaced ones in what is left puts them after
all the work already packed before their due dates, which makes them very late. The
repair here goes through the tasks in the order of their previous starts instead
(precedences first): a task keeps its previous schedule when it still fits the
capacity the tasks before it left and its placed predecessors allow it; otherwise it
goes into capacity no other task's previous schedule holds, when the serial heuristic
finds it a place there that meets its due date and lets its successors start where
they did, else where the heuristic places it in all the capacity left (its earliest
feasible position). A displaced task thus takes the first capacity it can use, and
only the tasks whose hours it took (and what waits for them) move on, each by as
little as the heuristic finds.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
    >>> p = Problem(10, (Resource(np.full(10, 4)),),
    ...             (Task(work=8, eligible=(0,), due=5), Task(work=4, eligible=(0,))),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> first = TaskSchedule(2, 4, (Usage(0, 2, 4), Usage(0, 3, 4)))
    >>> repaired = repair(p, [first, None])
    >>> repaired.tasks[0] == first, (repaired.tasks[1].start, repaired.tasks[1].end)
    (True, (0, 1))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from solvers.bounds import TimeWindows, merged_demands, time_windows
from solvers.checker import usage_map
from solvers.deadline import Deadline
from solvers.greedy import SerialScheduler, due_ends, precedence_order
from solvers.problem import Problem, Task, TaskSchedule, earliest_successor_start
from solvers.result import Solution

_CLOCK_EVERY = 64
"""Tasks placed between two looks at the deadline."""


def repair(
    problem: Problem,
    previous: Sequence[TaskSchedule | None],
    deadline: Deadline | None = None,
    *,
    placed: Mapping[int, TaskSchedule] | None = None,
) -> Solution | None:
    """``previous`` (one entry per task, ``None``: none) repaired in its own order (see
    the module); ``None`` when the heuristic gets stuck or ``deadline`` expires.

    ``placed`` schedules go in first, as given, instead of the previous ones: whole jobs
    (tasks connected by precedences) of one valid schedule, so that they fit together
    and no other task waits for them (a guide: the jobs another plan gets on time).
    """
    if len(previous) != problem.num_tasks:
        raise ValueError("one previous schedule (or None) per task is needed")
    windows = time_windows(problem)
    if windows.infeasibility is not None:
        return None
    return _Repairer(problem, windows).repair(previous, deadline, placed or {})


class _Repairer(SerialScheduler):
    def __init__(self, problem: Problem, windows: TimeWindows) -> None:
        super().__init__(problem, windows)
        self.due_end = due_ends(problem, windows)
        # capacity free of every previous schedule not yet kept or given up
        self.free = self.residual.copy()
        self.spare = self.residual.copy()

    def repair(
        self,
        previous: Sequence[TaskSchedule | None],
        deadline: Deadline | None,
        placed: Mapping[int, TaskSchedule],
    ) -> Solution | None:
        tasks = self.problem.tasks
        held: list[TaskSchedule | None] = [
            old if old is not None and fits_task(self.problem, task, old) else None
            for task, old in zip(tasks, previous, strict=True)
        ]
        for i, (task, old) in enumerate(zip(tasks, held, strict=True)):
            if old is not None and i not in placed:
                use_capacity(self.free, task, old, -1)
        for i, schedule in placed.items():
            if not _available(self.residual, tasks[i], schedule):
                raise ValueError("the placed schedules do not fit together")
            self._take(i, schedule)
        first = [
            i for i, task in enumerate(tasks) if task.fixed_usage is not None and i not in placed
        ]
        first.extend(
            i
            for _, i in sorted(
                (task.fixed_start, i)
                for i, task in enumerate(tasks)
                if task.fixed_usage is None and task.fixed_start is not None and i not in placed
            )
        )
        for i in first:
            if not self._settle(i, held[i], held):
                return None
        # previous starts order the rest; new tasks go where their earliest start puts them
        keys = [
            (self.windows.earliest_start[i] if old is None else old.start, i)
            for i, old in enumerate(previous)
        ]
        pending = [schedule is None for schedule in self.schedules]
        for k, i in enumerate(precedence_order(self.problem, pending, keys)):
            if deadline is not None and k % _CLOCK_EVERY == 0 and deadline.expired():
                return None
            if not self._settle(i, held[i], held):
                return None
        done = tuple(s for s in self.schedules if s is not None)
        return Solution(done) if len(done) == len(tasks) else None

    def _settle(
        self, i: int, old: TaskSchedule | None, previous: Sequence[TaskSchedule | None]
    ) -> bool:
        """Keep task ``i`` where it was, else place it in capacity nobody holds (when
        that is harmless, see :meth:`_harmless`), else where the heuristic puts it in
        all the capacity left; whether it found a place."""
        task = self.problem.tasks[i]
        if old is not None:
            use_capacity(self.free, task, old, 1)  # its own hours are no longer held for it
            if self._keep(i, old):
                return True
        if self._may_fit_unheld(i):
            spare = self._free_placement(i)
            if spare is not None and self._harmless(i, spare, previous):
                return self._take(i, spare)
        if not self._place(i):
            return False
        placed = self.schedules[i]
        assert placed is not None
        use_capacity(self.free, task, placed, -1)
        return True

    def _may_fit_unheld(self, i: int) -> bool:
        """A quick test: the capacity nobody holds on the task's resources before its
        due date could cover its work (a rigid task is always tried)."""
        task = self.problem.tasks[i]
        if task.work is None:
            return True
        begin = max(0, self.windows.earliest_start[i], task.release)
        end = min(self.due_end[i], self.horizon)
        if end - begin <= 0:
            return False
        rows = np.asarray(task.eligible, dtype=np.int64)
        return int(np.maximum(self.free[rows, begin:end], 0).sum()) >= task.work

    def _harmless(
        self, i: int, schedule: TaskSchedule, previous: Sequence[TaskSchedule | None]
    ) -> bool:
        """Whether ``schedule`` meets task ``i``'s due date (as the heuristic reckons it)
        and lets every successor start where it started before."""
        if schedule.end > self.due_end[i]:
            return False
        for prec in self.out_of[i]:
            after = previous[prec.succ]
            if after is not None and after.start < earliest_successor_start(
                self.problem, prec, schedule
            ):
                return False
        return True

    def _free_placement(self, i: int) -> TaskSchedule | None:
        """Where the heuristic would place task ``i`` in the capacity nobody holds."""
        task = self.problem.tasks[i]
        rows = sorted(set(task.eligible) | {r for r, _ in task.demands})
        # the heuristic reads and writes only the task's own resources' rows
        self.spare[rows] = np.maximum(self.free[rows], 0)
        real = self.residual
        self.residual = self.spare
        try:
            if not self._place(i):
                return None
            return self.schedules[i]
        finally:
            self.residual = real
            self.schedules[i] = None

    def _take(self, i: int, schedule: TaskSchedule) -> bool:
        task = self.problem.tasks[i]
        self._commit(task, schedule)
        use_capacity(self.free, task, schedule, -1)
        self.schedules[i] = schedule
        return True

    def _keep(self, i: int, old: TaskSchedule) -> bool:
        """Give task ``i`` its previous schedule if it still fits; whether it did."""
        task = self.problem.tasks[i]
        for prec in self.into[i]:
            before = self.schedules[prec.pred]
            if before is not None and old.start < earliest_successor_start(
                self.problem, prec, before
            ):
                return False
        for prec in self.out_of[i]:
            after = self.schedules[prec.succ]
            if after is not None and after.start < earliest_successor_start(
                self.problem, prec, old
            ):
                return False
        if not _available(self.residual, task, old):
            return False
        return self._take(i, old)


def fits_task(problem: Problem, task: Task, old: TaskSchedule) -> bool:
    """Whether schedule ``old`` is a valid schedule of ``task`` on its own (its window,
    its fixed start or usage, its duration or work, its resources and crew size),
    whatever the other tasks do."""
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


def use_capacity(capacity: np.ndarray, task: Task, schedule: TaskSchedule, sign: int) -> None:
    """Give back (``sign=1``) or take (``-1``) the capacity ``schedule`` of ``task`` uses."""
    if task.duration is not None:
        for r, amount in merged_demands(task):
            capacity[r, schedule.start : schedule.end] += sign * amount
        return
    for u in schedule.usage:
        capacity[u.resource, u.period] += sign * u.amount


def _available(residual: np.ndarray, task: Task, old: TaskSchedule) -> bool:
    """Whether ``residual`` still holds the capacity schedule ``old`` of ``task`` uses."""
    if task.duration is not None:
        return not any(
            (residual[r, old.start : old.end] < amount).any() for r, amount in merged_demands(task)
        )
    return all(residual[r, t] >= amount for (r, t), amount in usage_map(old.usage).items())
