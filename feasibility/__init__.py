"""Capacity-feasibility scheduling: can we deliver this job by that date?

Describe the people (skills, hours, calendars, time off), the booked work and a new
job; ask the planner whether a date holds, the earliest date that does, and why.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    >>> job = Commitment(id="J1", due=date(2026, 12, 9),
    ...                  tasks=[Task(id="fit", skill="install", effort_hours=270)])
    >>> planner.check(job).earliest
    datetime.date(2026, 12, 18)
"""

from feasibility.approval import ApprovalPolicy
from feasibility.capacity import RESOLUTION
from feasibility.disruptions import (
    Cancellation,
    Departure,
    EffortChange,
    LeadTimeChange,
    NewCommitment,
    NewHire,
    TimeOff,
)
from feasibility.errors import InputError
from feasibility.models import Calendar, Commitment, Dependency, Person, Task
from feasibility.plan import Plan
from feasibility.planner import Planner
from feasibility.rubric import Rubric
from feasibility.verdict import Verdict

__all__ = [
    "RESOLUTION",
    "ApprovalPolicy",
    "Calendar",
    "Cancellation",
    "Commitment",
    "Departure",
    "Dependency",
    "EffortChange",
    "InputError",
    "LeadTimeChange",
    "NewCommitment",
    "NewHire",
    "Person",
    "Plan",
    "Planner",
    "Rubric",
    "Task",
    "TimeOff",
    "Verdict",
]
