"""The kernel's integer scheduling problem.

Time is a range of whole periods ``0 .. horizon - 1``. A task occupies the half-open
interval ``[start, end)``: it starts in period ``start`` and its last period is
``end - 1``. Nothing here knows about dates, people or skills; the domain layer
compiles those into this form.

Two kinds of task share one problem:

* **rigid** (classic RCPSP): a fixed ``duration`` and a constant demand on some
  resources in every period it runs;
* **elastic**: a total amount of ``work`` drawn from one or more ``eligible``
  resources, at most ``max_parallel`` of them in any one period, any amount up to the
  resource's free capacity per period, and it may pause. Its start is the first period
  in which it receives work, its end one past the last.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Problem, Resource, Task, Precedence
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 2)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(work=4, eligible=(0,))),
    ...     precedences=(Precedence(0, 1),),
    ... )
    >>> problem.num_tasks
    2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


class ProblemError(ValueError):
    """The problem is malformed (a bad index, a negative amount, a cycle...)."""


class PrecedenceKind(StrEnum):
    FINISH_TO_START = "FS"
    """``start[succ] >= end[pred] + lag``."""
    START_TO_START = "SS"
    """``start[succ] >= start[pred] + lag`` (lag may be negative: a maximum time lag)."""


@dataclass(frozen=True)
class Resource:
    """A renewable resource with a capacity per period (``len == horizon``)."""

    capacity: IntArray
    name: str = ""

    def __post_init__(self) -> None:
        arr = np.asarray(self.capacity, dtype=np.int64)
        arr.setflags(write=False)
        object.__setattr__(self, "capacity", arr)

    @classmethod
    def trusted(cls, capacity: IntArray, name: str = "") -> Resource:
        """A resource over ``capacity`` as it stands: a read-only int64 array, not
        copied or checked again (for the many resources of a cut problem)."""
        resource = object.__new__(cls)
        object.__setattr__(resource, "capacity", capacity)
        object.__setattr__(resource, "name", name)
        return resource


class Usage(NamedTuple):
    """``amount`` units of ``resource`` used in ``period``.

    A named tuple rather than a frozen dataclass: a schedule holds many of them, and a
    tuple is made in half the time."""

    resource: int
    period: int
    amount: int


@dataclass(frozen=True)
class Task:
    """A rigid task (``duration`` set) or an elastic one (``work`` set).

    ``release``: earliest start. ``deadline``: hard latest end (exclusive, so the last
    period is ``deadline - 1``). ``due`` and ``weight``: for the weighted-tardiness
    objective. ``fixed_start``: the task must start exactly there (for an elastic task,
    it must receive work in that period). ``fixed_usage``: an elastic task's whole
    profile is frozen to exactly these usages.
    ``contiguous`` (elastic): once started it receives work in every period of its span
    in which at least one eligible resource has capacity.
    """

    duration: int | None = None
    demands: tuple[tuple[int, int], ...] = ()
    work: int | None = None
    eligible: tuple[int, ...] = ()
    max_parallel: int | None = None
    contiguous: bool = False
    release: int = 0
    deadline: int | None = None
    due: int | None = None
    weight: int = 1
    fixed_start: int | None = None
    fixed_usage: tuple[Usage, ...] | None = None
    name: str = ""

    @property
    def is_elastic(self) -> bool:
        return self.work is not None

    @property
    def parallel_limit(self) -> int:
        """How many eligible resources may serve the task in one period."""
        limit = len(self.eligible) if self.max_parallel is None else self.max_parallel
        return min(limit, len(self.eligible))


@dataclass(frozen=True)
class Precedence:
    """A temporal relation between two tasks.

    With ``calendar`` set (an index into ``Problem.calendars``), ``lag`` counts only the
    periods that calendar marks as open: the successor may start once ``lag`` open
    periods have passed from the reference point (``end`` for FS, ``start`` for SS).
    """

    pred: int
    succ: int
    lag: int = 0
    kind: PrecedenceKind = PrecedenceKind.FINISH_TO_START
    calendar: int | None = None


@dataclass(frozen=True)
class Objective:
    """What to minimise.

    * ``makespan``: the latest end over ``tasks`` (all tasks when ``None``);
    * ``weighted_tardiness``: ``sum(weight * max(0, end - due))`` over tasks with a due;
    * ``changes``: the number of tasks in ``reference`` whose schedule differs from it.
    """

    kind: str = "makespan"
    tasks: tuple[int, ...] | None = None
    reference: tuple[TaskSchedule | None, ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("makespan", "weighted_tardiness", "changes"):
            raise ProblemError(f"unknown objective kind {self.kind!r}")
        if self.kind == "changes" and self.reference is None:
            raise ProblemError("the 'changes' objective needs a reference schedule")


@dataclass(frozen=True)
class TaskSchedule:
    """Where one task runs: ``[start, end)`` and, for an elastic task, its usages."""

    start: int
    end: int
    usage: tuple[Usage, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An immutable scheduling problem; validated on construction."""

    horizon: int
    resources: tuple[Resource, ...]
    tasks: tuple[Task, ...]
    precedences: tuple[Precedence, ...] = ()
    calendars: tuple[IntArray, ...] = ()
    objective: Objective = field(default_factory=Objective)

    def __post_init__(self) -> None:
        cals = []
        for cal in self.calendars:
            arr = np.asarray(cal, dtype=np.int64)
            arr.setflags(write=False)
            cals.append(arr)
        object.__setattr__(self, "calendars", tuple(cals))
        from solvers.validate import validate_problem

        validate_problem(self)

    @property
    def num_tasks(self) -> int:
        return len(self.tasks)

    @property
    def num_resources(self) -> int:
        return len(self.resources)

    def with_objective(self, objective: Objective) -> Problem:
        return Problem(
            horizon=self.horizon,
            resources=self.resources,
            tasks=self.tasks,
            precedences=self.precedences,
            calendars=self.calendars,
            objective=objective,
        )

    def with_tasks(self, tasks: tuple[Task, ...]) -> Problem:
        return Problem(
            horizon=self.horizon,
            resources=self.resources,
            tasks=tasks,
            precedences=self.precedences,
            calendars=self.calendars,
            objective=self.objective,
        )

    @classmethod
    def trusted(
        cls,
        horizon: int,
        resources: tuple[Resource, ...],
        tasks: tuple[Task, ...],
        precedences: tuple[Precedence, ...],
        calendars: tuple[IntArray, ...],
        objective: Objective,
    ) -> Problem:
        """A problem built from parts that are valid already, not validated again.

        Only for problems derived from validated ones in a way that keeps every rule
        (:func:`side_by_side`, a cut whose horizon conditions were checked); the
        calendars must be read-only int64 arrays as a validated problem holds them.
        """
        problem = object.__new__(cls)
        object.__setattr__(problem, "horizon", horizon)
        object.__setattr__(problem, "resources", resources)
        object.__setattr__(problem, "tasks", tasks)
        object.__setattr__(problem, "precedences", precedences)
        object.__setattr__(problem, "calendars", calendars)
        object.__setattr__(problem, "objective", objective)
        return problem


def side_by_side(parts: Sequence[Problem], objective: Objective) -> Problem:
    """Problems over the same horizon, resources and calendars as one: the tasks of each
    after those of the parts before it, its precedences renumbered alike.

    Every part was validated when it was built and nothing in one refers to another, so
    the whole is valid as it stands: only ``objective`` is checked.

    Example:
        >>> import numpy as np
        >>> rs = (Resource(np.ones(4)),)
        >>> a = Problem(4, rs, (Task(duration=1), Task(duration=1)), (Precedence(0, 1),))
        >>> b = Problem(4, rs, (Task(duration=2), Task(duration=1)), (Precedence(0, 1),))
        >>> both = side_by_side([a, b], Objective(tasks=(2, 3)))
        >>> both.num_tasks, [(p.pred, p.succ) for p in both.precedences]
        (4, [(0, 1), (2, 3)])
    """
    if not parts:
        raise ProblemError("side_by_side needs at least one problem")
    first = parts[0]
    tasks: list[Task] = []
    precedences: list[Precedence] = []
    for part in parts:
        if part.horizon != first.horizon or part.resources is not first.resources:
            raise ProblemError("problems side by side must share their horizon and resources")
        if len(part.calendars) != len(first.calendars) or not all(
            a is b or np.array_equal(a, b)
            for a, b in zip(part.calendars, first.calendars, strict=True)
        ):
            raise ProblemError("problems side by side must share their calendars")
        base = len(tasks)
        tasks.extend(part.tasks)
        precedences.extend(
            p if base == 0 else Precedence(p.pred + base, p.succ + base, p.lag, p.kind, p.calendar)
            for p in part.precedences
        )
    n = len(tasks)
    if objective.tasks is not None and any(not 0 <= i < n for i in objective.tasks):
        raise ProblemError("the objective refers to an unknown task")
    if objective.reference is not None and len(objective.reference) != n:
        raise ProblemError("the objective's reference must have one entry per task")
    return Problem.trusted(
        first.horizon,
        first.resources,
        tuple(tasks),
        tuple(precedences),
        first.calendars,
        objective,
    )


def stacked_capacity(resources: Sequence[Resource], horizon: int) -> IntArray:
    """A new ``resources x horizon`` array of the resources' capacities.

    Example:
        >>> stacked_capacity((Resource(np.ones(3)),), 3).tolist(), stacked_capacity((), 3).shape
        ([[1, 1, 1]], (0, 3))
    """
    if not resources:
        return np.zeros((0, horizon), dtype=np.int64)
    return np.stack([r.capacity for r in resources]).astype(np.int64, copy=False)


def shift_open(calendar: IntArray | None, origin: int, lag: int) -> int:
    """The earliest period at which ``lag`` open periods have passed since ``origin``.

    Without a calendar this is ``origin + lag``. With one, the periods ``origin,
    origin + 1, ...`` are counted when open; the result is the period right after the
    ``lag``-th open one (``origin + lag`` when ``lag <= 0``). Periods past the end of
    the calendar count as open. The cost is bounded by the calendar's length, whatever
    the lag.

    Example:
        >>> import numpy as np
        >>> week = np.array([1, 1, 1, 1, 1, 0, 0] * 2)
        >>> shift_open(week, 3, 3), shift_open(week, 0, 12), shift_open(week, 0, 10**9)
        (8, 16, 1000000004)
    """
    if calendar is None or lag <= 0:
        return origin + lag
    n = len(calendar)
    # a short walk is the common case; a long lag is counted in one pass over the rest
    t = origin
    counted = 0
    stop = min(n, origin + _SHORT_WALK)
    while t < stop:
        if calendar[t]:
            counted += 1
            if counted == lag:
                return t + 1
        t += 1
    if t >= n:
        return t + lag - counted
    open_periods = np.flatnonzero(calendar[t:])
    left = lag - counted
    if left <= len(open_periods):
        return t + int(open_periods[left - 1]) + 1
    return n + left - len(open_periods)


_SHORT_WALK = 32
"""Periods :func:`shift_open` walks one by one before it counts in bulk."""


def open_counts(calendar: IntArray) -> IntArray:
    """The open periods of ``calendar`` before each period ``0 .. len`` (a running count).

    Example:
        >>> open_counts(np.array([1, 0, 1])).tolist()
        [0, 1, 1, 2]
    """
    return np.concatenate(([0], np.cumsum(np.asarray(calendar) != 0))).astype(np.int64)


def latest_origin(counts: IntArray | None, until: int, lag: int) -> int:
    """The inverse of :func:`shift_open`: the latest ``origin`` with
    ``shift_open(calendar, origin, lag) <= until`` (``counts`` from :func:`open_counts`,
    ``None`` for no calendar; ``until`` within the calendar), or ``-1`` when none is.

    Example:
        >>> week = np.array([1, 1, 1, 1, 1, 0, 0] * 2)
        >>> latest_origin(open_counts(week), 8, 3), shift_open(week, 3, 3)
        (3, 8)
    """
    if counts is None or lag <= 0:
        return until - lag
    needed = int(counts[until]) - lag
    if needed < 0:
        return -1
    return int(np.searchsorted(counts, needed, side="right")) - 1


def earliest_successor_start(problem: Problem, prec: Precedence, pred: TaskSchedule) -> int:
    """The earliest start the precedence allows its successor, given its predecessor."""
    origin = pred.end if prec.kind == PrecedenceKind.FINISH_TO_START else pred.start
    cal = None if prec.calendar is None else problem.calendars[prec.calendar]
    return shift_open(cal, origin, prec.lag)
