"""Lower bounds and time windows of a kernel problem.

Everything here is a relaxation, so it holds for every feasible schedule: a task never
starts before its earliest start nor after its latest start, never ends after its
latest end, the lower bound never exceeds the optimum, and a problem is only called
infeasible when no schedule can exist. Each task is looked at with the whole capacity
of its resources to itself; precedences are propagated to a fixpoint in both
directions.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Precedence, Problem, Resource, Task
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 2)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(work=4, eligible=(0,))),
    ...     precedences=(Precedence(0, 1),),
    ... )
    >>> earliest_starts(problem), latest_ends(problem), lower_bound(problem)
    ([0, 3], [8, 10], 5)
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from solvers.checker import usage_map
from solvers.lateness import tardiness_bound
from solvers.problem import (
    IntArray,
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    shift_open,
    stacked_capacity,
)
from solvers.windows_kernel import UNPLACEABLE, Windows, kernel_windows, simple_windows


@dataclass(frozen=True)
class TimeWindows:
    """Per task: earliest start and end, latest start and end, and whether all can hold.

    When ``infeasibility`` is set the numbers may leave the horizon: earliest values
    then reach ``horizon + 1`` and latest values ``-1`` for the tasks that cannot be
    placed.
    """

    earliest_start: tuple[int, ...]
    earliest_end: tuple[int, ...]
    latest_start: tuple[int, ...]
    latest_end: tuple[int, ...]
    infeasibility: str | None


def time_windows(problem: Problem) -> TimeWindows:
    """The time windows of every task (computed once per problem and remembered).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 1)),), (Task(duration=2, deadline=5),))
        >>> w = time_windows(p)
        >>> w.earliest_start, w.latest_end, w.infeasibility
        ((0,), (5,), None)
    """
    return _analysis(problem).windows


def min_end(problem: Problem, i: int, start: int) -> int | None:
    """The earliest end of task ``i`` started in ``start`` with its resources to itself.

    Rigid: ``start + duration``. Elastic: periods are added from ``start`` on, each
    giving the sum of the ``parallel_limit`` largest capacities among the eligible
    resources, until the work is covered. ``None`` when it cannot end within the horizon.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> caps = (Resource(np.array([0, 2, 2, 2])), Resource(np.array([1, 1, 1, 1])))
        >>> p = Problem(4, caps, (Task(work=5, eligible=(0, 1), max_parallel=1),))
        >>> min_end(p, 0, 0)
        3
    """
    if start < 0:
        raise ValueError(f"start must not be negative, got {start}")
    task = problem.tasks[i]
    if task.duration is not None:
        end = start + task.duration
        return end if end <= problem.horizon else None
    assert task.work is not None
    return _analysis(problem).shapes.rate(task).end_from(start, task.work)


def earliest_starts(problem: Problem) -> list[int]:
    """The earliest start of every task (``horizon + 1`` for a task that cannot start).

    Propagates releases, fixed starts and fixed usages, each task's earliest end with
    its resources to itself, and the FS/SS precedences with their lags and calendars, to
    a fixpoint (cycles with negative start-to-start lags included).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Precedence, Problem, Resource, Task
        >>> tasks = (Task(duration=2, release=1), Task(duration=1))
        >>> p = Problem(9, (Resource(np.ones(9)),), tasks, (Precedence(0, 1, lag=3),))
        >>> earliest_starts(p)
        [1, 6]
    """
    return list(time_windows(problem).earliest_start)


def latest_ends(problem: Problem) -> list[int]:
    """An upper limit on every task's end in any feasible schedule (``-1``: none exists).

    Propagated backwards from deadlines and the horizon through the precedences; an
    elastic task's start is limited by the capacity it needs before its latest end.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Precedence, Problem, Resource, Task
        >>> tasks = (Task(duration=2), Task(duration=3, deadline=8))
        >>> p = Problem(9, (Resource(np.ones(9)),), tasks, (Precedence(0, 1),))
        >>> latest_ends(p)
        [5, 8]
    """
    return list(time_windows(problem).latest_end)


def infeasibility_reason(problem: Problem) -> str | None:
    """Why the problem cannot have any schedule, when that is plain; else ``None``.

    Never claims infeasibility for a feasible problem; ``None`` does not prove one.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(9, (Resource(np.ones(9)),), (Task(duration=4, release=3, deadline=6),))
        >>> infeasibility_reason(p)
        'task 0 cannot end by its deadline 6: its earliest end is 7'
    """
    return time_windows(problem).infeasibility


def lower_bound(problem: Problem) -> int:
    """A lower bound on the optimal objective value.

    Makespan: the latest earliest end among the objective's tasks, and an energy bound
    for every resource and every elastic task's eligible set (the work that must happen
    on the set against its capacity left by fixed work). Weighted tardiness: the
    tardiness of each task's earliest end, or more where capacity forces it
    (:func:`solvers.lateness.tardiness_bound`). Changes: the reference schedules that lie
    outside their task's time window.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(9, (Resource(np.ones(9)),), (Task(duration=3, demands=((0, 1),)),) * 2)
        >>> lower_bound(p)
        6
    """
    analysis = _analysis(problem)
    windows = analysis.windows
    horizon = problem.horizon
    objective = problem.objective
    if objective.kind == "makespan":
        chosen = range(problem.num_tasks) if objective.tasks is None else objective.tasks
        if not chosen:
            return 0
        ends = max(min(windows.earliest_end[i], horizon) for i in chosen)
        return max(ends, _energy_bound(problem, analysis.shapes, windows, chosen))
    if objective.kind == "weighted_tardiness":
        return tardiness_lower_bound(problem)
    return _changes_bound(problem, analysis.shapes, windows)


def tardiness_lower_bound(problem: Problem, weights: Sequence[int] | None = None) -> int:
    """A lower bound on the weighted tardiness of ``problem`` (whatever its objective),
    with ``weights`` per task in place of the tasks' own: each task's earliest end, or
    more where capacity forces it (:func:`solvers.lateness.tardiness_bound`).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(9, (Resource(np.full(9, 8)),),
        ...             (Task(work=16, eligible=(0,), due=2),) * 2)
        >>> tardiness_lower_bound(p), tardiness_lower_bound(p, weights=[3, 5])
        (2, 6)
    """
    analysis = _analysis(problem)
    windows = analysis.windows
    free = free_capacity(problem)
    return tardiness_bound(problem, free, windows.earliest_start, windows.earliest_end, weights)


# ---------------------------------------------------------------------------------------
# What each task can do with its resources to itself


class _Rate:
    """An elastic task's best rate per period: its ``limit`` largest eligible capacities.

    The look-ups answer one period at a time, many thousands of times per problem, so
    they search Python lists (``bisect``) rather than pay numpy's per-call overhead.
    """

    def __init__(self, rows: IntArray, limit: int) -> None:
        if limit >= rows.shape[0]:
            rate = rows.sum(axis=0)
        else:
            rate = np.sort(rows, axis=0)[rows.shape[0] - limit :].sum(axis=0)
        self.rate = rate.astype(np.int64)
        self.cumulative = np.concatenate(([0], np.cumsum(self.rate)))
        self.open_periods = np.flatnonzero(self.rate > 0)
        self.horizon = int(rows.shape[1])
        self._cumulative: list[int] = self.cumulative.tolist()
        self._open: list[int] = self.open_periods.tolist()

    def end_from(self, start: int, work: int) -> int | None:
        """The earliest end when starting in ``start`` (``None``: not within the horizon)."""
        if start >= self.horizon:
            return None
        end = bisect_left(self._cumulative, self._cumulative[start] + work)
        return end if end <= self.horizon else None

    def start_before(self, end: int, work: int) -> int | None:
        """The latest start from which ``work`` fits before ``end`` (``None``: never)."""
        if end <= 0:
            return None
        target = self._cumulative[min(end, self.horizon)] - work
        if target < 0:
            return None
        return bisect_right(self._cumulative, target) - 1

    def amount(self, start: int, end: int) -> int:
        start, end = max(start, 0), min(end, self.horizon)
        return self._cumulative[end] - self._cumulative[start] if start < end else 0

    def open_from(self, t: int) -> int | None:
        """The first period ``>= t`` with capacity."""
        k = bisect_left(self._open, t)
        return self._open[k] if k < len(self._open) else None

    def open_until(self, t: int) -> int | None:
        """The last period ``<= t`` with capacity."""
        k = bisect_right(self._open, t) - 1
        return self._open[k] if k >= 0 else None

    def is_open(self, t: int) -> bool:
        return 0 <= t < self.horizon and bool(self.rate[t] > 0)


class _Fit:
    """The starts at which a rigid task's demands fit the full capacity throughout."""

    def __init__(self, capacity: IntArray, duration: int, demands: tuple[tuple[int, int], ...]):
        horizon = int(capacity.shape[1])
        if duration > horizon:
            self.starts = np.zeros(0, dtype=np.int64)
        elif duration == 0 or not demands:
            self.starts = np.arange(horizon - duration + 1, dtype=np.int64)
        else:
            short = np.zeros(horizon, dtype=bool)
            for r, amount in demands:
                short |= capacity[r] < amount
            count = np.concatenate(([0], np.cumsum(short)))
            self.starts = np.flatnonzero(count[duration:] - count[:-duration] == 0)
        self._starts: list[int] = self.starts.tolist()

    def from_(self, t: int) -> int | None:
        k = bisect_left(self._starts, t)
        return self._starts[k] if k < len(self._starts) else None

    def until(self, t: int) -> int | None:
        k = bisect_right(self._starts, t) - 1
        return self._starts[k] if k >= 0 else None


def merged_demands(task: Task) -> tuple[tuple[int, int], ...]:
    """A rigid task's positive demands, one per resource, by resource index.

    Example:
        >>> merged_demands(Task(duration=1, demands=((2, 1), (0, 3), (2, 2), (1, 0))))
        ((0, 3), (2, 3))
    """
    total: dict[int, int] = {}
    for r, amount in task.demands:
        total[r] = total.get(r, 0) + amount
    return tuple(sorted((r, a) for r, a in total.items() if a > 0))


def fixed_span(task: Task) -> tuple[int, int] | None:
    """The ``[start, end)`` a fixed usage pins an elastic task to (``None`` without one).

    Example:
        >>> from solvers.problem import Usage
        >>> fixed_span(Task(work=3, eligible=(0,), fixed_usage=(Usage(0, 4, 1), Usage(0, 6, 2))))
        (4, 7)
    """
    if task.fixed_usage is None:
        return None
    periods = [u.period for u in task.fixed_usage if u.amount > 0]
    return min(periods), max(periods) + 1


class _Shapes:
    """Per-task capacity views, shared between tasks with the same resources."""

    def __init__(self, problem: Problem) -> None:
        self.horizon = problem.horizon
        self.capacity = stacked_capacity(problem.resources, problem.horizon)
        self._rates: dict[tuple[tuple[int, ...], int], _Rate] = {}
        self._fits: dict[tuple[int, tuple[tuple[int, int], ...]], _Fit] = {}
        self._by_task: dict[int, tuple[Task, _Rate]] = {}

    def rate(self, task: Task) -> _Rate:
        # Asked for the same task many times per pass: remembered by the task object
        # (kept beside its rate, so a recycled id can never match another task).
        mine = self._by_task.get(id(task))
        if mine is not None and mine[0] is task:
            return mine[1]
        key = (tuple(sorted(task.eligible)), task.parallel_limit)
        found = self._rates.get(key)
        if found is None:
            found = self._rates[key] = _Rate(self.capacity[list(key[0])], key[1])
        self._by_task[id(task)] = (task, found)
        return found

    def fit(self, task: Task) -> _Fit:
        assert task.duration is not None
        key = (task.duration, merged_demands(task))
        found = self._fits.get(key)
        if found is None:
            found = self._fits[key] = _Fit(self.capacity, key[0], key[1])
        return found


# ---------------------------------------------------------------------------------------
# Remembered per problem


@dataclass(frozen=True)
class _Analysis:
    shapes: _Shapes
    windows: TimeWindows


_remembered: dict[int, _Analysis] = {}


def placeable(problem: Problem) -> bool:
    """Whether every task has a time window (``time_windows(problem).infeasibility`` is
    ``None``). Where the compiled loops find a task that cannot be placed, the answer
    comes without the propagation that words why (a search that tries many targets
    only needs to know).

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task
        >>> p = Problem(6, (Resource(np.full(6, 1)),), (Task(work=3, eligible=(0,), deadline=2),))
        >>> placeable(p)
        False
    """
    found = _remembered.get(id(problem))
    if found is None:
        shapes = _Shapes(problem)
        status, simple = kernel_windows(problem, shapes.capacity)
        if status == UNPLACEABLE:
            return False
        found = _analysed(problem, shapes, simple)
    return found.windows.infeasibility is None


def _analysis(problem: Problem) -> _Analysis:
    found = _remembered.get(id(problem))
    if found is None:
        shapes = _Shapes(problem)
        found = _analysed(problem, shapes, simple_windows(problem, shapes.capacity))
    return found


def _analysed(problem: Problem, shapes: _Shapes, simple: Windows | None) -> _Analysis:
    """The analysis of ``problem`` from the compiled loops' windows (``None``: they did
    not place every task, so the general propagation runs), remembered."""
    if simple is not None:  # the common shape, every task placeable: compiled loops
        windows = TimeWindows(*simple, infeasibility=None)
    else:
        windows = _Propagation(problem, shapes).run()
    found = _Analysis(shapes, windows)
    # Keyed by identity: problems are immutable, and the entry leaves with the problem.
    # Nothing stored may refer back to the problem, or it would never be collected.
    key = id(problem)
    _remembered[key] = found
    weakref.finalize(problem, _remembered.pop, key, None)
    return found


# ---------------------------------------------------------------------------------------
# Precedence propagation


def _components(n: int, successors: list[list[int]]) -> list[list[int]]:
    """Strongly connected components, sources first, each sorted (iterative Tarjan)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            v, pos = work[-1]
            if pos < len(successors[v]):
                work[-1] = (v, pos + 1)
                w = successors[v][pos]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                found.append(sorted(component))
    found.reverse()
    return found


_POSITIVE_CYCLE_BUDGET = 2_000_000
"""Most edge relaxations spent looking for a positive cycle in one component."""


class _Propagation:
    """Forward and backward passes over the precedence graph, component by component."""

    def __init__(self, problem: Problem, shapes: _Shapes) -> None:
        self.problem = problem
        self.shapes = shapes
        self.horizon = problem.horizon
        self.never = problem.horizon + 1
        n = problem.num_tasks
        self.into: list[list[Precedence]] = [[] for _ in range(n)]
        self.out_of: list[list[Precedence]] = [[] for _ in range(n)]
        for prec in problem.precedences:
            self.into[prec.succ].append(prec)
            self.out_of[prec.pred].append(prec)
        self.spans = [fixed_span(task) for task in problem.tasks]
        self.open_prefix: list[list[int]] = [
            np.concatenate(([0], np.cumsum(cal != 0))).tolist() for cal in problem.calendars
        ]
        self.est = [0] * n
        self.eend = [0] * n
        self.lst = [0] * n
        self.lft = [0] * n
        self.reason: str | None = None
        self._rates: list[_Rate | None] = [None] * n

    def _rate(self, i: int) -> _Rate:
        """Task ``i``'s rate (asked for many times per pass: kept by task index)."""
        found = self._rates[i]
        if found is None:
            found = self._rates[i] = self.shapes.rate(self.problem.tasks[i])
        return found

    def run(self) -> TimeWindows:
        n = self.problem.num_tasks
        components = _components(n, [[p.succ for p in self.out_of[i]] for i in range(n)])
        for component in components:
            self._forward(component)
        for component in reversed(components):
            self._backward(component)
        return TimeWindows(
            earliest_start=tuple(self.est),
            earliest_end=tuple(self.eend),
            latest_start=tuple(self.lst),
            latest_end=tuple(self.lft),
            infeasibility=self.reason,
        )

    def _label(self, i: int) -> str:
        name = self.problem.tasks[i].name
        return f"task {i} ({name})" if name else f"task {i}"

    def _note(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason

    # -- forward ---------------------------------------------------------------------

    def _forward(self, component: list[int]) -> None:
        for i in component:
            task = self.problem.tasks[i]
            self._set_earliest(i, max(task.release, 0))
        if len(component) > 1 and self._has_positive_cycle(component):
            listed = ", ".join(str(i) for i in component)
            self._note(
                f"the precedences among tasks {listed} form a cycle whose lags and durations "
                "add up to more than zero, so they cannot all hold"
            )
            for i in component:
                self.est[i] = self.eend[i] = self.never
            return
        changed = True
        while changed:
            changed = False
            for q in component:
                wanted = self.est[q]
                for prec in self.into[q]:
                    wanted = max(wanted, self._successor_start(prec))
                if wanted > self.est[q]:
                    self._set_earliest(q, wanted)
                    changed = len(component) > 1
            if any(self.est[i] >= self.never for i in component):
                break

    def _successor_start(self, prec: Precedence) -> int:
        p = prec.pred
        origin = self.eend[p] if prec.kind == PrecedenceKind.FINISH_TO_START else self.est[p]
        if origin >= self.never:
            return self.never
        calendar = None if prec.calendar is None else self.problem.calendars[prec.calendar]
        return min(shift_open(calendar, origin, prec.lag), self.never)

    def _set_earliest(self, i: int, wanted: int) -> None:
        start = self._first_start(i, wanted)
        self.est[i] = start
        self.eend[i] = self._earliest_end(i, start)
        if start >= self.never:
            self._note(self._why_no_start(i, wanted))
        elif self.eend[i] >= self.never:
            self._note(self._why_no_end(i, start))

    def _first_start(self, i: int, wanted: int) -> int:
        """The first start ``>= wanted`` the task's own rules allow (``never``: none)."""
        task = self.problem.tasks[i]
        if wanted > self.horizon:
            return self.never
        span = self.spans[i]
        if span is not None:
            if self._fixed_usage_conflict(i) is not None:
                return self.never
            if task.fixed_start is not None and task.fixed_start != span[0]:
                return self.never
            pinned: int | None = span[0]
        else:
            pinned = task.fixed_start
        if task.duration is not None:
            fit = self.shapes.fit(task)
            start = fit.from_(wanted if pinned is None else max(wanted, pinned))
        elif span is not None:
            start = span[0] if wanted <= span[0] else None
        else:
            start = self._rate(i).open_from(wanted if pinned is None else max(wanted, pinned))
        if start is None or (pinned is not None and start != pinned):
            return self.never
        return start

    def _earliest_end(self, i: int, start: int) -> int:
        if start >= self.never:
            return self.never
        task = self.problem.tasks[i]
        span = self.spans[i]
        if span is not None:
            return span[1]
        if task.duration is not None:
            return start + task.duration
        assert task.work is not None
        end = self._rate(i).end_from(start, task.work)
        return self.never if end is None else end

    def _fixed_usage_conflict(self, i: int) -> str | None:
        """Why a task's fixed usage breaks its own rules or the capacity, if it does."""
        task = self.problem.tasks[i]
        assert task.fixed_usage is not None
        usage = usage_map(task.fixed_usage)
        per_period: dict[int, int] = {}
        for (r, t), amount in usage.items():
            capacity = int(self.shapes.capacity[r, t])
            if amount > capacity:
                return (
                    f"{self._label(i)} has a fixed usage of {amount} on resource {r} in "
                    f"period {t}, more than its capacity of {capacity}"
                )
            if amount < 0:
                return f"{self._label(i)} has a negative fixed usage on resource {r} in period {t}"
            per_period[t] = per_period.get(t, 0) + 1
        for t, count in sorted(per_period.items()):
            if count > task.parallel_limit:
                return (
                    f"{self._label(i)} has a fixed usage of {count} resources in period {t}, "
                    f"more than its limit of {task.parallel_limit}"
                )
        if task.contiguous:
            span = self.spans[i]
            assert span is not None
            rate = self.shapes.rate(task)
            for t in range(*span):
                if t not in per_period and rate.is_open(t):
                    return (
                        f"{self._label(i)} is contiguous but its fixed usage leaves period {t} "
                        "empty although its resources have capacity then"
                    )
        return None

    def _why_no_start(self, i: int, wanted: int) -> str:
        task = self.problem.tasks[i]
        who = self._label(i)
        if wanted > self.horizon:
            return f"{who} cannot start before period {wanted}, past the horizon of {self.horizon}"
        span = self.spans[i]
        if span is not None:
            conflict = self._fixed_usage_conflict(i)
            if conflict is not None:
                return conflict
            if task.fixed_start is not None and task.fixed_start != span[0]:
                return (
                    f"{who} is fixed to start in period {task.fixed_start} but its fixed usage "
                    f"starts in period {span[0]}"
                )
            return (
                f"{who} has a fixed usage starting in period {span[0]} but cannot start "
                f"before period {wanted}"
            )
        if task.fixed_start is not None:
            if wanted > task.fixed_start:
                return (
                    f"{who} is fixed to start in period {task.fixed_start} but cannot start "
                    f"before period {wanted}"
                )
            return (
                f"{who} is fixed to start in period {task.fixed_start} but its resources "
                "cannot serve it there"
            )
        if task.duration is not None:
            return (
                f"{who} cannot start in or after period {wanted}: its demands never fit its "
                f"resources' capacity for {task.duration} consecutive periods before the "
                f"horizon of {self.horizon}"
            )
        return (
            f"{who} cannot start in or after period {wanted}: its eligible resources have no "
            "capacity from then on"
        )

    def _why_no_end(self, i: int, start: int) -> str:
        task = self.problem.tasks[i]
        assert task.work is not None
        offered = self.shapes.rate(task).amount(start, self.horizon)
        return (
            f"{self._label(i)} cannot finish within the horizon of {self.horizon}: from period "
            f"{start} on its eligible resources offer {offered} units, less than its work "
            f"of {task.work}"
        )

    def _has_positive_cycle(self, component: list[int]) -> bool:
        """Bellman-Ford on the linear relaxation ``start[q] >= start[p] + length + lag``."""
        members = set(component)
        edges = []
        for q in component:
            for prec in self.into[q]:
                if prec.pred in members:
                    length = 0
                    if prec.kind == PrecedenceKind.FINISH_TO_START:
                        length = self._shortest_length(prec.pred)
                    edges.append((prec.pred, q, length + prec.lag))
        if len(component) * len(edges) > _POSITIVE_CYCLE_BUDGET:
            return False
        distance = dict.fromkeys(component, 0)
        for _ in range(len(component)):
            changed = False
            for p, q, weight in edges:
                if distance[p] + weight > distance[q]:
                    distance[q] = distance[p] + weight
                    changed = True
            if not changed:
                return False
        return True

    def _shortest_length(self, i: int) -> int:
        task = self.problem.tasks[i]
        span = self.spans[i]
        if span is not None:
            return span[1] - span[0]
        return task.duration if task.duration is not None else 1

    # -- backward --------------------------------------------------------------------

    def _backward(self, component: list[int]) -> None:
        for i in component:
            task = self.problem.tasks[i]
            limit = self.horizon if task.deadline is None else task.deadline
            self._set_latest(i, self.horizon, limit)
        changed = True
        while changed:
            changed = False
            for p in component:
                start, end = self.lst[p], self.lft[p]
                for prec in self.out_of[p]:
                    origin = self._latest_origin(prec)
                    if prec.kind == PrecedenceKind.FINISH_TO_START:
                        end = min(end, origin)
                    else:
                        start = min(start, origin)
                if start < self.lst[p] or end < self.lft[p]:
                    self._set_latest(p, start, end)
                    changed = len(component) > 1
            if any(self.lst[i] < 0 for i in component):
                break
        for i in component:
            if self.lst[i] < self.est[i] or self.lft[i] < self.eend[i]:
                self._note(self._why_too_late(i))

    def _latest_origin(self, prec: Precedence) -> int:
        """The latest predecessor end (FS) or start (SS) that lets the successor start
        by its latest start."""
        target = self.lst[prec.succ]
        if target < 0:
            return -1
        if prec.calendar is None or prec.lag <= 0:
            return target - prec.lag
        # shift_open(origin) <= target  iff  the calendar has >= lag open periods in
        # [origin, target); periods past the horizon count as open.
        prefix = self.open_prefix[prec.calendar]
        opened = prefix[min(target, self.horizon)] + max(0, target - self.horizon)
        needed = opened - prec.lag
        if needed < 0:
            return -1
        return bisect_right(prefix, needed) - 1

    def _set_latest(self, i: int, start: int, end: int) -> None:
        task = self.problem.tasks[i]
        span = self.spans[i]
        if span is not None:
            ok = start >= span[0] and end >= span[1]
            self.lst[i], self.lft[i] = (span[0], span[1]) if ok else (-1, -1)
            return
        if task.duration is not None:
            latest = min(start, end - task.duration)
            if task.fixed_start is not None:
                latest = task.fixed_start if latest >= task.fixed_start else -1
            found = self.shapes.fit(task).until(latest) if latest >= 0 else None
            if found is None or (task.fixed_start is not None and found != task.fixed_start):
                self.lst[i] = self.lft[i] = -1
            else:
                self.lst[i], self.lft[i] = found, found + task.duration
            return
        assert task.work is not None
        rate = self._rate(i)
        last = rate.open_until(min(end, self.horizon) - 1) if end > 0 else None
        if last is None:
            self.lst[i] = self.lft[i] = -1
            return
        end = last + 1
        room = rate.start_before(end, task.work)
        latest = -1 if room is None else min(start, room)
        if task.fixed_start is not None:
            latest = task.fixed_start if latest >= task.fixed_start else -1
        found = rate.open_until(latest) if latest >= 0 else None
        if found is None or (task.fixed_start is not None and found != task.fixed_start):
            self.lst[i] = self.lft[i] = -1
        else:
            self.lst[i], self.lft[i] = found, end

    def _why_too_late(self, i: int) -> str:
        task = self.problem.tasks[i]
        who = self._label(i)
        earliest, finish = self.est[i], self.eend[i]
        if task.deadline is not None and finish > task.deadline:
            if task.work is None:
                return (
                    f"{who} cannot end by its deadline {task.deadline}: "
                    f"its earliest end is {finish}"
                )
            offered = self.shapes.rate(task).amount(earliest, task.deadline)
            return (
                f"{who} cannot end by its deadline {task.deadline}: from period {earliest} on "
                f"its eligible resources offer only {offered} of its {task.work} units of work "
                "by then"
            )
        successors = sorted({p.succ for p in self.out_of[i]})
        if not successors:
            return f"{who} cannot be placed between period {earliest} and the horizon"
        after = ", ".join(str(s) for s in successors)
        if self.lst[i] < 0:
            limit_text = "cannot be placed at all"
        else:
            limit_text = f"must start by period {self.lst[i]} and end by {self.lft[i]}"
        return (
            f"{who} {limit_text} for its successors (tasks {after}) to meet their limits, "
            f"but it cannot start before period {earliest} nor end before {finish}"
        )


# ---------------------------------------------------------------------------------------
# Objective bounds


def _energy_bound(
    problem: Problem, shapes: _Shapes, windows: TimeWindows, chosen: Sequence[int]
) -> int:
    """The earliest time by which the work of the objective's tasks fits on any set of
    resources it must use, in the capacity that fixed work leaves."""
    horizon, nres = problem.horizon, problem.num_resources
    if nres == 0:
        return 0
    free = free_capacity(problem)
    never = horizon + 1
    rigid_energy = np.zeros(nres, dtype=np.int64)
    rigid_from = np.full(nres, never, dtype=np.int64)
    groups: dict[frozenset[int], list[int]] = {}
    for i in chosen:
        task = problem.tasks[i]
        start = windows.earliest_start[i]
        if task.fixed_usage is not None:
            continue
        if task.duration is not None:
            if task.fixed_start is not None:
                continue
            for r, amount in merged_demands(task):
                rigid_energy[r] += amount * task.duration
                rigid_from[r] = min(rigid_from[r], start)
            continue
        assert task.work is not None
        totals = groups.setdefault(frozenset(task.eligible), [0, never])
        totals[0] += task.work
        totals[1] = min(totals[1], start)
    # a set of resources counts only with some work on it: a single resource with no
    # rigid energy holds work only as a group's eligible set, which is among the groups
    candidates: set[frozenset[int]] = {frozenset([int(r)]) for r in np.flatnonzero(rigid_energy)}
    candidates.update(groups)
    candidates.add(frozenset(range(nres)))
    bound = 0
    for resources in candidates:
        members = sorted(resources)
        energy = int(rigid_energy[members].sum())
        first = int(rigid_from[members].min())
        for eligible, (work, start) in groups.items():
            if eligible <= resources:
                energy += work
                first = min(first, start)
        if energy == 0:
            continue
        if first >= horizon:
            return horizon
        supply = np.cumsum(free[members, first:].sum(axis=0))
        reached = int(np.searchsorted(supply, energy, side="left"))
        bound = max(bound, horizon if reached >= len(supply) else first + reached + 1)
    return bound


def free_capacity(problem: Problem) -> IntArray:
    """The capacity per resource and period that the fixed work leaves.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, Usage
        >>> p = Problem(3, (Resource(np.full(3, 8)),),
        ...             (Task(work=5, eligible=(0,), fixed_usage=(Usage(0, 1, 5),)),))
        >>> free_capacity(p).tolist()
        [[8, 3, 8]]
    """
    shapes = _analysis(problem).shapes
    horizon = problem.horizon
    fixed = np.zeros((problem.num_resources, horizon), dtype=np.int64)
    for task in problem.tasks:
        if task.fixed_usage is not None:
            for u in task.fixed_usage:
                fixed[u.resource, u.period] += u.amount
        elif task.duration is not None and task.fixed_start is not None:
            last = min(task.fixed_start + task.duration, horizon)
            for r, amount in merged_demands(task):
                fixed[r, task.fixed_start : last] += amount
    return np.asarray(np.maximum(shapes.capacity - fixed, 0), dtype=np.int64)


def _changes_bound(problem: Problem, shapes: _Shapes, windows: TimeWindows) -> int:
    """Reference schedules no feasible schedule can keep: they leave the task's window."""
    reference = problem.objective.reference
    assert reference is not None
    count = 0
    for i, (task, ref) in enumerate(zip(problem.tasks, reference, strict=True)):
        if ref is None:
            continue
        outside = not windows.earliest_start[i] <= ref.start <= windows.latest_start[i]
        if task.is_elastic:
            outside = outside or ref.end > windows.latest_end[i]
            if task.fixed_usage is not None:
                outside = outside or usage_map(ref.usage) != usage_map(task.fixed_usage)
        count += outside
    return count
