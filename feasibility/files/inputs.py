"""Everything a planner is built from, as one validated object: a *book*.

A book holds the planner's settings (the start date first), the shared calendar, the
staff, the booked commitments (with their progress) and any new jobs to check. It is
what the file readers return (:func:`feasibility.files.load_book`) and what
:meth:`BookInputs.planner` turns into a :class:`~feasibility.planner.Planner`.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Commitment, Person, Task
    >>> inputs = BookInputs(
    ...     settings=BookSettings(start=date(2026, 11, 30)),
    ...     staff=[Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"],
    ...     jobs=[Commitment(id="J1", due=date(2026, 12, 9),
    ...                      tasks=[Task(id="fit", skill="install", effort_hours=270)])],
    ... )
    >>> inputs.planner().check(inputs.job("J1")).earliest
    datetime.date(2026, 12, 18)
"""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from feasibility.boundary import as_choice, as_seconds, as_whole
from feasibility.errors import InputError
from feasibility.limits import MAX_HORIZON_DAYS, MAX_WORKERS
from feasibility.models import Calendar, Commitment, Person
from feasibility.planner import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_SAFETY_DAYS,
    DEFAULT_TIME_LIMIT,
    SCHEDULINGS,
    Planner,
)


class BookSettings(BaseModel):
    """The planner's settings: ``start`` and the keyword arguments of
    :class:`~feasibility.planner.Planner`, with its defaults and checked as it checks
    them (so a bad value in a settings file is named by its row and column).

    Example:
        >>> BookSettings(start="2026-11-30", safety_days=3).planner_arguments()["safety_days"]
        3
        >>> BookSettings(start="2026-11-30", scheduling="sideways")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for BookSettings
          Value error, unknown scheduling 'sideways'; choose 'forward' or 'backward' ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    horizon_days: int = DEFAULT_HORIZON_DAYS
    time_limit: float = DEFAULT_TIME_LIMIT
    construction_time_limit: float | None = None
    workers: int = 1
    scheduling: str = "backward"
    safety_days: int = DEFAULT_SAFETY_DAYS

    @model_validator(mode="after")
    def _check(self) -> Self:
        as_whole(self.horizon_days, "horizon_days", 1, MAX_HORIZON_DAYS)
        as_seconds(self.time_limit, "time_limit")
        if self.construction_time_limit is not None:
            as_seconds(self.construction_time_limit, "construction_time_limit")
        as_whole(self.workers, "workers", 1, MAX_WORKERS)
        as_choice(self.scheduling, "scheduling", SCHEDULINGS)
        as_whole(self.safety_days, "safety_days", 0, MAX_HORIZON_DAYS)
        return self

    def planner_arguments(self) -> dict[str, object]:
        """The keyword arguments of the planner, ``start`` among them."""
        return dict(self)


class BookInputs(BaseModel):
    """A whole book: settings, calendar, staff, booked commitments and new jobs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: BookSettings
    calendar: Calendar = Calendar()
    staff: tuple[Person, ...]
    commitments: tuple[Commitment, ...] = ()
    jobs: tuple[Commitment, ...] = ()

    def planner(self) -> Planner:
        """A planner of the staff with the commitments booked (planned on construction)."""
        arguments = self.settings.planner_arguments()
        return Planner(
            calendar=self.calendar,
            staff=self.staff,
            commitments=self.commitments,
            **arguments,  # type: ignore[arg-type]
        )

    def job(self, job_id: str) -> Commitment:
        """The new job called ``job_id``; an ``InputError`` naming the jobs there are."""
        for job in self.jobs:
            if job.id == job_id:
                return job
        known = ", ".join(repr(j.id) for j in self.jobs) or "none"
        raise InputError(f"the book has no job {job_id!r}; its jobs are {known}")
