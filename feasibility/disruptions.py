"""Disruptions as data: what changed since the plan was made.

A re-plan applies each disruption to the staff and the open commitments, in the order
given, and plans from the new facts. Each one names the person, commitment or task it
changes; a disruption that names something unknown is an
:class:`~feasibility.errors.InputError` naming it, raised before anything is solved.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Commitment, Person, Task, first_message
    >>> staff = [Person(id="ann", skills={"fit"})]
    >>> jobs = [Commitment(id="J1", tasks=[Task(id="a", skill="fit", effort_hours=8)])]
    >>> staff, jobs = apply(staff, jobs, [
    ...     TimeOff(person="ann", first=date(2026, 12, 7), last=date(2026, 12, 18)),
    ...     EffortChange(commitment="J1", task="a", effort_hours=12),
    ... ])
    >>> staff[0].time_off, jobs[0].task("a").effort_hours
    (((datetime.date(2026, 12, 7), datetime.date(2026, 12, 18)),), 12.0)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from feasibility.errors import InputError
from feasibility.horizon import furthest_day
from feasibility.models import Commitment, Person, Task, first_message


class _Disruption(BaseModel, ABC):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @abstractmethod
    def describe(self) -> str:
        """The disruption in words, for messages and reports."""


class TimeOff(_Disruption):
    """A person is away from ``first`` to ``last`` (inclusive): ill, on leave."""

    kind: Literal["time_off"] = "time_off"
    person: str
    first: date
    last: date

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.last < self.first:
            raise ValueError(f"time off of {self.person!r} ends {self.last} before {self.first}")
        return self

    def describe(self) -> str:
        return f"{self.person} is away from {self.first:%a %d %b} to {self.last:%a %d %b}"


class Departure(_Disruption):
    """A person leaves: ``last_day`` is the last day they work."""

    kind: Literal["departure"] = "departure"
    person: str
    last_day: date

    def describe(self) -> str:
        return f"{self.person} leaves after {self.last_day:%a %d %b}"


class NewHire(_Disruption):
    """A person joins the staff (``first_day``: from when they work; default at once)."""

    kind: Literal["new_hire"] = "new_hire"
    person: Person
    first_day: date | None = None

    def describe(self) -> str:
        when = "" if self.first_day is None else f" from {self.first_day:%a %d %b}"
        return f"{self.person.id} joins{when}"


class LeadTimeChange(_Disruption):
    """A supplier's or other lead time moved: the task now takes ``lead_time_days``."""

    kind: Literal["lead_time_change"] = "lead_time_change"
    commitment: str
    task: str
    lead_time_days: int

    def describe(self) -> str:
        return f"the lead time {self.task!r} of {self.commitment} is now {self.lead_time_days} days"


class EffortChange(_Disruption):
    """A task's effort grew (or shrank): it now needs ``effort_hours`` in all."""

    kind: Literal["effort_change"] = "effort_change"
    commitment: str
    task: str
    effort_hours: float

    def describe(self) -> str:
        return f"task {self.task!r} of {self.commitment} now needs {self.effort_hours:g} h"


class Cancellation(_Disruption):
    """A commitment is cancelled: its work leaves the plan."""

    kind: Literal["cancellation"] = "cancellation"
    commitment: str

    def describe(self) -> str:
        return f"{self.commitment} is cancelled"


class NewCommitment(_Disruption):
    """A commitment is added (a big job was sold)."""

    kind: Literal["new_commitment"] = "new_commitment"
    commitment: Commitment

    def describe(self) -> str:
        return f"{self.commitment.id} is added"


Disruption = Annotated[
    TimeOff | Departure | NewHire | LeadTimeChange | EffortChange | Cancellation | NewCommitment,
    Field(discriminator="kind"),
]
"""Any one disruption (``kind`` tells which)."""


_ONE = TypeAdapter(Disruption)


def as_disruptions(value: object) -> tuple[Disruption, ...]:
    """A list of disruptions: models, or mappings with their ``kind``.

    Example:
        >>> as_disruptions([{"kind": "cancellation", "commitment": "J1"}])
        (Cancellation(kind='cancellation', commitment='J1'),)
        >>> as_disruptions([{"kind": "time_off", "person": "ann"}])
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: disruption 1, first: Field required
        >>> as_disruptions("J1")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: disruptions must be a list of disruptions, got 'J1'
    """
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise InputError(f"disruptions must be a list of disruptions, got {value!r}")
    found = []
    for k, entry in enumerate(value):
        if isinstance(entry, _Disruption):
            found.append(entry)
        elif isinstance(entry, Mapping):
            try:
                found.append(_ONE.validate_python(entry))
            except ValidationError as error:
                detail = error.errors()[0]
                cause = detail.get("ctx", {}).get("error")
                field = ".".join(str(p) for p in detail["loc"][1:])
                where = f", {field}" if field and not isinstance(cause, ValueError) else ""
                message = str(cause) if isinstance(cause, ValueError) else detail["msg"]
                raise InputError(f"disruption {k + 1}{where}: {message}") from None
        else:
            raise InputError(f"disruption {k + 1} must be a disruption, got {entry!r}")
    return tuple(found)  # type: ignore[arg-type]


def apply(
    staff: Sequence[Person],
    commitments: Sequence[Commitment],
    disruptions: Sequence[Disruption],
    start: date | None = None,
) -> tuple[tuple[Person, ...], tuple[Commitment, ...]]:
    """The staff and commitments once every disruption is applied, in order.

    People keep their places on the staff (a departure is time off from the day after
    the last day on, for ten years); new hires join at the end (a later first day is
    time off from the planning ``start``, by default the first day itself, until then).
    """
    people = list(staff)
    jobs = {c.id: c for c in commitments}
    for disruption in disruptions:
        try:
            _apply_one(disruption, people, jobs, start)
        except ValidationError as error:
            raise InputError(f"{disruption.describe()}: {first_message(error)}") from None
    return tuple(people), tuple(jobs.values())


def people_hit(disruptions: Sequence[Disruption]) -> dict[str, str]:
    """Per person a disruption takes hours from, what happened to them."""
    hit: dict[str, str] = {}
    for d in disruptions:
        if isinstance(d, TimeOff | Departure):
            hit[d.person] = d.describe()
    return hit


def tasks_hit(disruptions: Sequence[Disruption]) -> dict[tuple[str, str], str]:
    """Per (commitment, task) a disruption changed, what happened to it."""
    return {
        (d.commitment, d.task): d.describe()
        for d in disruptions
        if isinstance(d, LeadTimeChange | EffortChange)
    }


def _apply_one(
    d: Disruption, people: list[Person], jobs: dict[str, Commitment], start: date | None
) -> None:
    if isinstance(d, TimeOff | Departure):
        k = _person_index(people, d.person, d.describe())
        person = people[k]
        if isinstance(d, TimeOff):
            span = (d.first, d.last)
        else:
            span = (d.last_day + timedelta(days=1), furthest_day(d.last_day))
        people[k] = person.model_copy(update={"time_off": (*person.time_off, span)})
        Person.model_validate(people[k].model_dump())
    elif isinstance(d, NewHire):
        if any(p.id == d.person.id for p in people):
            raise InputError(f"new hire {d.person.id!r} is already on the staff")
        person = d.person
        joins = d.first_day
        first = joins if start is None else start
        if joins is not None and first is not None and joins > first:
            before = (first, joins - timedelta(days=1))
            person = person.model_copy(update={"time_off": (*person.time_off, before)})
        people.append(person)
    elif isinstance(d, Cancellation):
        if d.commitment not in jobs:
            raise InputError(f"cannot cancel {d.commitment!r}: no open commitment has that id")
        del jobs[d.commitment]
    elif isinstance(d, NewCommitment):
        if d.commitment.id in jobs:
            raise InputError(f"cannot add {d.commitment.id!r}: it is already booked")
        jobs[d.commitment.id] = d.commitment
    else:
        job = jobs.get(d.commitment)
        if job is None:
            raise InputError(f"{d.describe()}: no open commitment is called {d.commitment!r}")
        if d.task not in job.task_ids:
            raise InputError(f"{d.describe()}: {d.commitment!r} has no task {d.task!r}")
        task = job.task(d.task)
        if isinstance(d, LeadTimeChange):
            if not task.is_lead_time:
                raise InputError(f"{d.describe()}: {d.task!r} is work, not a lead time")
            update: dict[str, object] = {"lead_time_days": d.lead_time_days}
        else:
            if not task.is_work:
                raise InputError(f"{d.describe()}: {d.task!r} is a lead time, not work")
            update = {"effort_hours": d.effort_hours}
        changed = Task.model_validate({**task.model_dump(), **update})
        tasks = tuple(changed if t.id == d.task else t for t in job.tasks)
        jobs[d.commitment] = Commitment.model_validate({**job.model_dump(), "tasks": tasks})


def _person_index(people: list[Person], person: str, what: str) -> int:
    for k, p in enumerate(people):
        if p.id == person:
            return k
    raise InputError(f"{what}: nobody on the staff is called {person!r}")
