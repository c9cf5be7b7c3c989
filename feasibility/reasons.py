"""Reasons by kind: why a verdict is what it is, as objects that read as sentences.

Every reason names the items and dates involved in business words (task and
commitment ids, skills, people, dates, hours) and carries a ``sentence`` a sales
person understands without a planner beside them; ``str(reason)`` is that sentence.
``kind`` tells the causes apart:

- ``requested_date``: the requested date against the earliest achievable one;
- ``dependency_chain``: work that must happen one after another;
- ``lead_time``: a supplier delivery, shipping or sign-off on that chain;
- ``skill_capacity``: the hours of a skill run out in named weeks;
- ``calendar``: holidays, time off or part-time hours of the people it needs;
- ``booked_work``: booked commitments that hold the capacity (or move to make room);
- ``horizon``: no date within the planning horizon works;
- ``no_schedule``: a task that cannot be placed at all, and why;
- ``proof``: whether the earliest date is proven.

Example:
    >>> from datetime import date
    >>> reason = LeadTime(sentence="The lead time 'order' (10 calendar days) is on that "
    ...                   "chain and cannot be shortened by staff.", task="order", days=10)
    >>> reason.kind, str(reason).startswith("The lead time 'order'")
    ('lead_time', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class _Sentence:
    sentence: str

    def __str__(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class RequestedDate(_Sentence):
    """The requested date against the earliest achievable date."""

    requested: date
    earliest: date
    working_days: int
    """Working days of buffer (feasible) or of gap (not feasible)."""
    feasible: bool
    kind: Literal["requested_date"] = "requested_date"


@dataclass(frozen=True)
class DependencyChain(_Sentence):
    """The longest chain of the job's tasks with every skilled person free."""

    tasks: tuple[str, ...]
    working_days: int
    finish: date
    """The earliest day the chain alone can end."""
    binding: bool
    """Whether the chain alone sets the earliest date."""
    past_horizon: bool = False
    kind: Literal["dependency_chain"] = "dependency_chain"


@dataclass(frozen=True)
class LeadTime(_Sentence):
    """A lead time on the binding chain: staff cannot shorten it."""

    task: str
    days: int
    kind: Literal["lead_time"] = "lead_time"


@dataclass(frozen=True)
class SkillCapacity(_Sentence):
    """A skill whose hours run out: its people, the weeks (their Mondays) and the hours."""

    skill: str
    people: tuple[str, ...]
    weeks: tuple[date, ...]
    hours_available: float
    """The people's hours in those weeks (the whole horizon when ``weeks`` is empty)."""
    hours_booked: float
    """Of those, the hours held by other commitments."""
    hours_short: float | None = None
    """Hours of the skill missing for the requested date, at least (a proven bound);
    ``None`` when no shortage is proven by the bound alone."""
    kind: Literal["skill_capacity"] = "skill_capacity"


@dataclass(frozen=True)
class PersonAbsence:
    """Days a person does not work in the window, and the hours that costs."""

    person: str
    first: date
    last: date
    hours: float


@dataclass(frozen=True)
class CalendarHours(_Sentence):
    """Holidays, time off and part-time hours that cut the skill's hours in a window."""

    skill: str
    first: date
    last: date
    holidays: tuple[date, ...]
    time_off: tuple[PersonAbsence, ...]
    part_time: tuple[str, ...]
    hours_lost: float
    """Hours the skill's people would have worked on those days at a full working week."""
    kind: Literal["calendar"] = "calendar"


@dataclass(frozen=True)
class HeldHours:
    """Hours of a booked commitment in a window."""

    commitment: str
    hours: float
    due: date | None


@dataclass(frozen=True)
class BookedWork(_Sentence):
    """Booked commitments that hold the capacity the job needs, or move to make room."""

    commitments: tuple[HeldHours, ...]
    skill: str | None = None
    weeks: tuple[date, ...] = ()
    moves: bool = False
    """True: these commitments move within their promises so the job fits."""
    kind: Literal["booked_work"] = "booked_work"


@dataclass(frozen=True)
class Horizon(_Sentence):
    """No date up to the end of the planning horizon works."""

    horizon_end: date
    days: int
    can_grow: bool
    kind: Literal["horizon"] = "horizon"


@dataclass(frozen=True)
class NoSchedule(_Sentence):
    """A task of the job that cannot be placed at all."""

    task: str | None = None
    kind: Literal["no_schedule"] = "no_schedule"


@dataclass(frozen=True)
class Proof(_Sentence):
    """Whether the earliest date is proven, and the proven bound when it is not."""

    proven: bool
    earliest: date
    bound: date | None = None
    kind: Literal["proof"] = "proof"


Reason = (
    RequestedDate
    | DependencyChain
    | LeadTime
    | SkillCapacity
    | CalendarHours
    | BookedWork
    | Horizon
    | NoSchedule
    | Proof
)
"""One reason behind a verdict; ``kind`` says which."""

KINDS = (
    "requested_date",
    "dependency_chain",
    "lead_time",
    "skill_capacity",
    "calendar",
    "booked_work",
    "horizon",
    "no_schedule",
    "proof",
)
