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
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from feasibility.errors import InputError
from feasibility.models import Calendar, Commitment, Person

if TYPE_CHECKING:
    from feasibility.planner import Planner


class BookSettings(BaseModel):
    """The planner's settings: ``start`` and the keyword arguments of
    :class:`~feasibility.planner.Planner` (checked by the planner, so a bad value is an
    ``InputError`` naming the setting).

    Example:
        >>> BookSettings(start="2026-11-30", safety_days=3).planner_arguments()["safety_days"]
        3
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    horizon_days: int = 365
    time_limit: float = 1.0
    construction_time_limit: float | None = None
    workers: int = 1
    scheduling: str = "backward"
    safety_days: int = 5

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
        from feasibility.planner import Planner

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
