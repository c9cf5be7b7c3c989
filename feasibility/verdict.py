"""The answer to one quote check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from feasibility.compile import TaskKey
from solvers import TaskSchedule


@dataclass(frozen=True)
class Verdict:
    """Whether a commitment can be delivered by its due date, and how.

    ``feasible`` is ``earliest <= due`` (with no due date: whether any date works).
    ``earliest`` is the earliest finish achievable without breaking a booked promise;
    it is ``None`` when no date within the planning horizon works. ``proven`` says the
    solver proved that finishing a day earlier is infeasible. ``moved`` names the booked
    commitments whose plan had to change. ``assignments`` has one row per person, task
    and day (the whole plan under this verdict); ``tasks`` one row per task with its
    first and last day.

    Example:
        >>> verdict = planner.check(job)  # doctest: +SKIP
        >>> verdict.feasible, verdict.earliest  # doctest: +SKIP
        (False, datetime.date(2026, 12, 18))
    """

    commitment: str
    feasible: bool
    due: date | None
    earliest: date | None
    proven: bool
    reasons: tuple[str, ...]
    moved: tuple[str, ...]
    assignments: pd.DataFrame = field(repr=False)
    tasks: pd.DataFrame = field(repr=False)
    plan: dict[TaskKey, TaskSchedule] = field(repr=False, compare=False, default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The assignments: columns ``commitment, task, person, day, hours``."""
        return self.assignments

    def job_assignments(self) -> pd.DataFrame:
        """Only the rows of the checked commitment."""
        frame = self.assignments
        return frame[frame["commitment"] == self.commitment].reset_index(drop=True)

    def summary(self) -> str:
        """The verdict in a few plain sentences."""
        if self.earliest is None:
            head = f"No: {self.commitment} cannot be delivered within the planning horizon."
        elif self.due is None:
            head = (
                f"{self.commitment} can be delivered on {self.earliest:%a %d %b %Y} "
                "at the earliest."
            )
        elif self.feasible:
            head = (
                f"Yes: {self.commitment} can be delivered by {self.due:%a %d %b %Y} "
                f"(earliest possible: {self.earliest:%a %d %b %Y})."
            )
        else:
            head = (
                f"No: {self.commitment} cannot be delivered by {self.due:%a %d %b %Y}; "
                f"the earliest achievable date is {self.earliest:%a %d %b %Y}."
            )
        return "\n".join([head, *(f"- {reason}" for reason in self.reasons)])

    def __str__(self) -> str:
        return self.summary()
