"""The domain vocabulary: calendars, people, tasks and commitments.

Everything a user passes in is a frozen pydantic model, validated on construction: bad
input raises ``pydantic.ValidationError`` whose message names the offending item. Checks
that need the planner's setup (the staff, the start date, what is already booked) live in
:mod:`feasibility.validation`.

Example:
    >>> from datetime import date
    >>> job = Commitment(
    ...     id="J1",
    ...     customer="Acme",
    ...     due=date(2026, 12, 18),
    ...     tasks=[
    ...         Task(id="parts", lead_time_days=5),
    ...         Task(id="install", skill="fitting", effort_hours=270, crew=3, after=["parts"]),
    ...     ],
    ... )
    >>> job.task("install").remaining_hours
    270.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from feasibility.limits import (
    MAX_CREW,
    MAX_EFFORT_HOURS,
    MAX_HOURS_PER_DAY,
    MAX_HOURS_PER_WEEK,
    MAX_LAG_DAYS,
    MAX_LEAD_TIME_DAYS,
    MAX_PRIORITY,
)

DEFAULT_HOURS_PER_DAY = 8.0
"""Working hours on each working day of a person who states neither hours field."""

MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})

TimeOff = date | tuple[date, date]
"""A single day off, or an inclusive ``(first, last)`` range of days off."""


def _not_a_bool(value: object, info: ValidationInfo) -> object:
    """Refuse ``True``/``False`` where a number is meant (pydantic would read them as 1/0)."""
    if isinstance(value, bool):
        title = str((info.config or {}).get("title", "")).lower()
        if title == "dependency" and "task" in info.data:
            who = f"{info.field_name} after {info.data['task']!r}"
        elif "id" in info.data:
            who = f"{title} {info.data['id']!r}: {info.field_name}"
        else:
            who = str(info.field_name)
        raise ValueError(f"{who} must be a number, got {value}")
    return value


def _day_of(value: object) -> object:
    """A ``datetime`` is taken as the day it falls on."""
    return value.date() if isinstance(value, datetime) else value


class Calendar(BaseModel):
    """Working weekdays (Monday=0 ... Sunday=6) and holidays.

    Example:
        >>> from datetime import date
        >>> calendar = Calendar(holidays={date(2026, 12, 25)})
        >>> calendar.is_working(date(2026, 12, 24)), calendar.is_working(date(2026, 12, 25))
        (True, False)
        >>> Calendar(workdays={0, 1, 2, 3, 4, 5}).is_working(date(2026, 12, 5))  # a Saturday
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    workdays: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = frozenset()

    @model_validator(mode="after")
    def _check(self) -> Self:
        for weekday in sorted(self.workdays):
            if not 0 <= weekday <= 6:
                raise ValueError(
                    f"calendar workdays must be 0 (Monday) to 6 (Sunday), got {weekday}"
                )
        return self

    def is_working(self, day: date) -> bool:
        """Whether ``day`` is a working weekday and not a holiday."""
        return day.weekday() in self.workdays and day not in self.holidays


class Person(BaseModel):
    """Someone on the staff: skills, working hours, calendar and time off.

    Hours are ``hours_per_day`` on every working day, or ``hours_per_week`` spread evenly
    over the working weekdays of the person's calendar; with neither set, 8 hours a day.
    An own ``calendar`` replaces the shared one entirely (workdays and holidays).
    ``time_off`` lists single dates or inclusive ``(first, last)`` ranges.

    Example:
        >>> from datetime import date
        >>> ann = Person(
        ...     id="ann",
        ...     skills={"fitting"},
        ...     hours_per_week=30,
        ...     time_off=[(date(2026, 12, 21), date(2026, 12, 24))],
        ... )
        >>> shared = Calendar()
        >>> ann.hours_on(date(2026, 12, 18), shared), ann.hours_on(date(2026, 12, 22), shared)
        (6.0, 0.0)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    skills: frozenset[str]
    hours_per_day: float | None = None
    hours_per_week: float | None = None
    calendar: Calendar | None = None
    time_off: tuple[TimeOff, ...] = ()

    _numbers = field_validator("hours_per_day", "hours_per_week", mode="before")(_not_a_bool)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.id.strip():
            raise ValueError("a person has an empty id")
        who = f"person {self.id!r}"
        if any(not skill.strip() for skill in self.skills):
            raise ValueError(f"{who}: a skill name is empty")
        if self.hours_per_day is not None and self.hours_per_week is not None:
            raise ValueError(f"{who}: set hours_per_day or hours_per_week, not both")
        for name, hours, limit in (
            ("hours_per_day", self.hours_per_day, MAX_HOURS_PER_DAY),
            ("hours_per_week", self.hours_per_week, MAX_HOURS_PER_WEEK),
        ):
            if hours is None:
                continue
            if not math.isfinite(hours):
                raise ValueError(f"{who}: {name} must be a finite number, got {hours}")
            if hours < 0:
                raise ValueError(f"{who}: {name} must not be negative, got {hours}")
            if hours > limit:
                raise ValueError(f"{who}: {name} cannot exceed {limit:g}, got {hours}")
        if self.calendar is not None:
            if not self.calendar.workdays:
                raise ValueError(f"{who}: own calendar has no working weekdays")
            if self.daily_hours(self.calendar) > MAX_HOURS_PER_DAY:
                raise ValueError(
                    f"{who}: hours_per_week {self.hours_per_week} over "
                    f"{len(self.calendar.workdays)} working weekdays is more than "
                    f"{MAX_HOURS_PER_DAY:g} hours a day"
                )
        for first, last in self.time_off_ranges:
            if first > last:
                raise ValueError(f"{who}: time off from {first} to {last} ends before it starts")
        return self

    @property
    def time_off_ranges(self) -> tuple[tuple[date, date], ...]:
        """``time_off`` with every single date written as the range ``(day, day)``."""
        return tuple(
            (entry, entry) if isinstance(entry, date) else entry for entry in self.time_off
        )

    def working_calendar(self, shared: Calendar) -> Calendar:
        """The calendar this person works to: their own, or else the shared one."""
        return shared if self.calendar is None else self.calendar

    def daily_hours(self, shared: Calendar) -> float:
        """Hours on an ordinary working day (before holidays and time off).

        Example:
            >>> Person(id="bo", skills=set(), hours_per_week=30).daily_hours(Calendar())
            6.0
        """
        if self.hours_per_day is not None:
            return self.hours_per_day
        if self.hours_per_week is not None:
            workdays = len(self.working_calendar(shared).workdays)
            return self.hours_per_week / workdays if workdays else 0.0
        return DEFAULT_HOURS_PER_DAY

    def is_off(self, day: date) -> bool:
        """Whether ``day`` falls in the person's time off."""
        return any(first <= day <= last for first, last in self.time_off_ranges)

    def hours_on(self, day: date, shared: Calendar) -> float:
        """Hours available on ``day``: 0 on non-working days, holidays and time off."""
        if not self.working_calendar(shared).is_working(day) or self.is_off(day):
            return 0.0
        return self.daily_hours(shared)


class Dependency(BaseModel):
    """Finish-to-start on another task of the same commitment.

    The successor starts at the earliest on the day after ``task`` finishes, plus
    ``lag_days`` working days of the shared calendar.

    Example:
        >>> Dependency(task="paint", lag_days=2)
        Dependency(task='paint', lag_days=2)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    task: str
    lag_days: int = 0

    _numbers = field_validator("lag_days", mode="before")(_not_a_bool)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.task.strip():
            raise ValueError("a dependency names an empty task id")
        if self.lag_days < 0:
            raise ValueError(
                f"lag_days after {self.task!r} must not be negative, got {self.lag_days}"
            )
        if self.lag_days > MAX_LAG_DAYS:
            raise ValueError(
                f"lag_days after {self.task!r} cannot exceed {MAX_LAG_DAYS} working days "
                f"(ten years), got {self.lag_days}"
            )
        return self


class Task(BaseModel):
    """A piece of a commitment: either work or a lead time.

    A **work** task needs ``effort_hours`` of ``skill`` from up to ``crew`` people at once
    (no limit when ``None``); with ``contiguous=True`` it runs on every working day from
    its start to its finish. A **lead-time** task takes ``lead_time_days`` calendar days
    and no staff (a supplier delivery, shipping, a sign-off). ``after`` lists the tasks of
    the same commitment it waits for, as ids or :class:`Dependency` objects.
    ``done_hours``, ``finished`` and ``pinned_start`` record progress on open work (a
    ``datetime`` pin is taken as its day); work with hours done has started and
    continues where it is planned. ``people`` pins work to named people: only they may
    work on it (each must have its skill). Numbers are bounded so that no input can
    overflow the kernel (:mod:`feasibility.limits`): ``effort_hours`` up to 1,000,000,
    ``lead_time_days`` and ``lag_days`` up to 3,650, ``crew`` up to 10,000; ``True`` and
    ``False`` are not numbers.

    Example:
        >>> paint = Task(id="paint", skill="painting", effort_hours=12, after=["prime"])
        >>> paint.is_work, paint.after[0].task, paint.remaining_hours
        (True, 'prime', 12.0)
        >>> Task(id="ship", lead_time_days=3).is_lead_time
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    skill: str | None = None
    effort_hours: float | None = None
    crew: int | None = None
    contiguous: bool = False
    lead_time_days: int | None = None
    after: tuple[Dependency, ...] = ()
    done_hours: float = 0.0
    finished: bool = False
    pinned_start: date | None = None
    people: frozenset[str] = frozenset()

    _numbers = field_validator(
        "effort_hours", "crew", "lead_time_days", "done_hours", mode="before"
    )(_not_a_bool)
    _days = field_validator("pinned_start", mode="before")(_day_of)

    @field_validator("after", mode="before")
    @classmethod
    def _dependencies_from_ids(cls, value: object, info: ValidationInfo) -> object:
        """Accept plain task ids (and a single id) beside Dependency objects and dicts."""
        if isinstance(value, str):
            value = (value,)
        if not isinstance(value, Sequence):
            return value
        dependencies: list[object] = []
        for entry in value:
            if isinstance(entry, str):
                entry = {"task": entry}
            if isinstance(entry, Mapping):
                try:
                    entry = Dependency.model_validate(entry)
                except ValidationError as error:
                    who = f"task {info.data['id']!r}" if "id" in info.data else "a task"
                    raise ValueError(f"{who}: {first_message(error)}") from None
            dependencies.append(entry)
        return tuple(dependencies)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.id.strip():
            raise ValueError("a task has an empty id")
        if self.lead_time_days is not None:
            self._check_lead_time(self.lead_time_days)
        else:
            self._check_work()
        self._check_dependencies()
        return self

    def _check_lead_time(self, days: int) -> None:
        who = f"task {self.id!r}"
        staffed = [
            name
            for name, value in (
                ("skill", self.skill),
                ("effort_hours", self.effort_hours),
                ("crew", self.crew),
            )
            if value is not None
        ]
        if staffed:
            raise ValueError(
                f"{who}: a lead-time task (lead_time_days) takes no skill, effort_hours "
                f"or crew, got {', '.join(staffed)}"
            )
        if days < 1:
            raise ValueError(f"{who}: lead_time_days must be at least 1, got {days}")
        if days > MAX_LEAD_TIME_DAYS:
            raise ValueError(
                f"{who}: lead_time_days cannot exceed {MAX_LEAD_TIME_DAYS} (ten years), got {days}"
            )
        if self.done_hours != 0:
            raise ValueError(f"{who}: done_hours applies to work tasks only")
        if self.people:
            raise ValueError(f"{who}: people applies to work tasks only")

    def _check_work(self) -> None:
        who = f"task {self.id!r}"
        if self.skill is None and self.effort_hours is None:
            raise ValueError(
                f"{who} is neither work (skill and effort_hours) nor a lead time (lead_time_days)"
            )
        if self.skill is None or self.effort_hours is None:
            missing = "skill" if self.skill is None else "effort_hours"
            raise ValueError(
                f"{who}: a work task needs both skill and effort_hours, {missing} is missing"
            )
        if not self.skill.strip():
            raise ValueError(f"{who}: skill must not be empty")
        if any(not person.strip() for person in self.people):
            raise ValueError(f"{who}: a person in people has an empty id")
        if not (math.isfinite(self.effort_hours) and self.effort_hours > 0):
            raise ValueError(f"{who}: effort_hours must be positive, got {self.effort_hours}")
        if self.effort_hours > MAX_EFFORT_HOURS:
            raise ValueError(
                f"{who}: effort_hours cannot exceed {MAX_EFFORT_HOURS:,.0f}, "
                f"got {self.effort_hours:g}"
            )
        if self.crew is not None and self.crew < 1:
            raise ValueError(f"{who}: crew must be at least 1, got {self.crew}")
        if self.crew is not None and self.crew > MAX_CREW:
            raise ValueError(f"{who}: crew cannot exceed {MAX_CREW:,}, got {self.crew}")
        if not (math.isfinite(self.done_hours) and self.done_hours >= 0):
            raise ValueError(f"{who}: done_hours must not be negative, got {self.done_hours}")
        if self.done_hours > self.effort_hours:
            raise ValueError(
                f"{who}: done_hours {self.done_hours} exceeds effort_hours {self.effort_hours}"
            )

    def _check_dependencies(self) -> None:
        seen: set[str] = set()
        for dependency in self.after:
            if dependency.task == self.id:
                raise ValueError(f"task {self.id!r} depends on itself")
            if dependency.task in seen:
                raise ValueError(f"task {self.id!r} lists {dependency.task!r} twice in after")
            seen.add(dependency.task)

    @property
    def is_work(self) -> bool:
        """A task done by people with ``skill``."""
        return self.lead_time_days is None

    @property
    def is_lead_time(self) -> bool:
        """A task of ``lead_time_days`` calendar days that needs no staff."""
        return self.lead_time_days is not None

    @property
    def remaining_hours(self) -> float:
        """Effort still to do: 0 for a lead time or a finished task."""
        if self.effort_hours is None or self.finished:
            return 0.0
        return max(self.effort_hours - self.done_hours, 0.0)

    @property
    def predecessors(self) -> tuple[str, ...]:
        """The ids of the tasks this one waits for."""
        return tuple(dependency.task for dependency in self.after)


class Commitment(BaseModel):
    """A promise to a customer: tasks to finish by ``due``.

    ``due`` may be absent when only the earliest date is asked (a ``datetime`` is taken
    as its day). ``priority`` (1 to 1,000) weighs the commitment when capacity is scarce.
    ``attributes`` are the numbers a re-plan's priority rubric scores it by (contract
    value, strategic value, renewal probability, risk exposure, cost to serve, or any
    other name; see :class:`feasibility.rubric.Rubric`), and ``must_keep`` puts it in the
    protected class: a re-plan lets it slip only when no standard commitment could slip
    instead.

    Example:
        >>> from datetime import date
        >>> job = Commitment(
        ...     id="J7",
        ...     due=date(2027, 1, 29),
        ...     tasks=[Task(id="a", skill="wiring", effort_hours=8)],
        ...     priority=3,
        ... )
        >>> job.task("a").skill
        'wiring'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    customer: str = ""
    due: date | None = None
    tasks: tuple[Task, ...]
    priority: int = 1
    attributes: dict[str, float] = {}
    must_keep: bool = False

    _numbers = field_validator("priority", mode="before")(_not_a_bool)
    _days = field_validator("due", mode="before")(_day_of)

    @field_validator("attributes", mode="before")
    @classmethod
    def _attribute_numbers(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, Mapping):
            who = f"commitment {info.data['id']!r}" if "id" in info.data else "a commitment"
            for name, number in value.items():
                if isinstance(number, bool):
                    raise ValueError(f"{who}: attribute {name!r} must be a number, got {number}")
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.id.strip():
            raise ValueError("a commitment has an empty id")
        who = f"commitment {self.id!r}"
        if self.priority < 1:
            raise ValueError(f"{who}: priority must be at least 1, got {self.priority}")
        if self.priority > MAX_PRIORITY:
            raise ValueError(f"{who}: priority cannot exceed {MAX_PRIORITY:,}, got {self.priority}")
        if not self.tasks:
            raise ValueError(f"{who} has no tasks")
        for name, number in self.attributes.items():
            if not name.strip():
                raise ValueError(f"{who}: an attribute name is empty")
            if not math.isfinite(number):
                raise ValueError(f"{who}: attribute {name!r} must be finite, got {number}")
        ids: set[str] = set()
        for task in self.tasks:
            if task.id in ids:
                raise ValueError(f"{who} has two tasks called {task.id!r}")
            ids.add(task.id)
        for task in self.tasks:
            for dependency in task.after:
                if dependency.task not in ids:
                    raise ValueError(
                        f"task {task.id!r} of {who} depends on unknown task {dependency.task!r}"
                    )
        cycle = find_cycle(self.tasks)
        if cycle is not None:
            raise ValueError(f"{who} has a dependency cycle: {' -> '.join(cycle)}")
        return self

    def __hash__(self) -> int:
        # ``attributes`` is a dict: hash it as its sorted items
        return hash(
            (
                self.id,
                self.customer,
                self.due,
                self.tasks,
                self.priority,
                tuple(sorted(self.attributes.items())),
                self.must_keep,
            )
        )

    def task(self, task_id: str) -> Task:
        """The task called ``task_id``; ``KeyError`` naming both ids when there is none."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(f"commitment {self.id!r} has no task {task_id!r}")

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(task.id for task in self.tasks)


def find_cycle(tasks: Sequence[Task]) -> list[str] | None:
    """A dependency cycle among ``tasks`` as ids in order, first repeated last; else None.

    Every predecessor must be one of ``tasks``. The search runs from the tasks in their
    given order, so the same tasks always report the same cycle.

    Example:
        >>> find_cycle([
        ...     Task(id="a", lead_time_days=1, after=["c"]),
        ...     Task(id="b", lead_time_days=1, after=["a"]),
        ...     Task(id="c", lead_time_days=1, after=["b"]),
        ... ])
        ['a', 'b', 'c', 'a']
    """
    successors: dict[str, list[str]] = {task.id: [] for task in tasks}
    for task in tasks:
        for dependency in task.after:
            successors[dependency.task].append(task.id)
    on_path, done = 1, 2
    state: dict[str, int] = {}
    for root in successors:
        if root in state:
            continue
        path = [root]
        state[root] = on_path
        pending = [iter(successors[root])]
        while pending:
            successor = next(pending[-1], None)
            if successor is None:
                state[path.pop()] = done
                pending.pop()
            elif state.get(successor) == on_path:
                return [*path[path.index(successor) :], successor]
            elif successor not in state:
                state[successor] = on_path
                path.append(successor)
                pending.append(iter(successors[successor]))
    return None


def first_message(error: ValidationError) -> str:
    """The message of a nested validation error without pydantic's ``Value error,`` prefix."""
    detail = error.errors()[0]
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, ValueError):
        return str(cause)
    location = ".".join(str(part) for part in detail["loc"])
    return f"{location}: {detail['msg']}" if location else detail["msg"]
