"""Verdicts as JSON, so another system can store or forward them.

:class:`VerdictRecord` is the verdict's answer as data: every field of
:class:`~feasibility.verdict.Verdict` that means something outside the planner (the
plan it was computed against does not travel), the checked job, and the job's
schedule (one row per task, person and day with the hours) and task dates. A field
added to the verdict travels once it has a line here: the record reads its fields
from the verdict by name.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    >>> job = Commitment(id="J1", due=date(2026, 12, 9),
    ...                  tasks=[Task(id="fit", skill="install", effort_hours=270)])
    >>> text = verdict_to_json(planner.check(job))
    >>> record = verdict_from_json(text)
    >>> record.feasible, record.earliest, sum(row.hours for row in record.schedule)
    (False, datetime.date(2026, 12, 18), 270.0)
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from feasibility.approval import Approval
from feasibility.decode import task_frame
from feasibility.errors import InputError
from feasibility.levers import Levers
from feasibility.models import Commitment
from feasibility.reasons import Reason
from feasibility.verdict import Verdict

RECORD_VERSION = 2
"""Version 2: reasons are structured (told apart by ``kind``); approval and levers."""


class ScheduleRow(BaseModel):
    """Hours a person works on a task of the job on one day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    task: str
    person: str
    day: date
    hours: float


class TaskDates(BaseModel):
    """A task of the job with its first and last day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    task: str
    start: date
    finish: date


class VerdictRecord(BaseModel):
    """A verdict as data (see the module)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_version: int = RECORD_VERSION
    commitment: str
    feasible: bool
    due: date | None
    earliest: date | None
    proven: bool
    bound: date | None = None
    reasons: tuple[Annotated[Reason, Field(discriminator="kind")], ...] = ()
    moved: tuple[str, ...] = ()
    approval: Approval | None = None
    levers: Levers | None = None
    layer: str = ""
    seconds: float = 0.0
    job: Commitment | None = None
    schedule: tuple[ScheduleRow, ...] = ()
    tasks: tuple[TaskDates, ...] = ()

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictRecord:
        """The record of ``verdict``."""
        derived = {"record_version", "schedule", "tasks"}
        values = {name: getattr(verdict, name) for name in cls.model_fields if name not in derived}
        own = verdict.job_assignments()
        values["schedule"] = own[["task", "person", "day", "hours"]].to_dict("records")
        if verdict.basis is not None:
            mine = {k: s for k, s in verdict.plan.items() if k[0] == verdict.commitment}
            spans = task_frame(verdict.basis.staffing, mine)
            values["tasks"] = spans[["task", "start", "finish"]].to_dict("records")
        return cls.model_validate(values)


def verdict_to_json(verdict: Verdict, indent: int | None = None) -> str:
    """``verdict`` as JSON text (dates as ISO dates)."""
    return VerdictRecord.of(verdict).model_dump_json(indent=indent)


def verdict_from_json(text: str | bytes) -> VerdictRecord:
    """A record read back from :func:`verdict_to_json`'s text; a newer record version or
    text that is not a verdict is an ``InputError``."""
    try:
        record = VerdictRecord.model_validate_json(text)
    except ValidationError as error:
        detail = error.errors()[0]
        where = ".".join(str(p) for p in detail["loc"])
        raise InputError(f"not a verdict record: {where}: {detail['msg']}") from None
    if record.record_version > RECORD_VERSION:
        raise InputError(
            f"the verdict record is version {record.record_version}; this version of "
            f"feasibility reads up to {RECORD_VERSION}"
        )
    return record
