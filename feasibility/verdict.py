"""The answer to one quote check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from feasibility.book import Book
from feasibility.compile import TaskKey
from feasibility.decode import (
    ASSIGNMENT_COLUMNS,
    TASK_COLUMNS,
    assignment_frame,
    span_frame,
    usage_frame,
)
from feasibility.models import Commitment
from feasibility.reasons import Reason
from solvers import TaskSchedule

if TYPE_CHECKING:
    from feasibility.approval import Approval
    from feasibility.levers import Levers


@dataclass(frozen=True)
class Verdict:
    """Whether a commitment can be delivered by its due date, and how.

    ``feasible`` is ``earliest <= due`` (with no due date: whether any date works).
    ``earliest`` is the earliest finish found without breaking a booked promise; it is
    ``None`` when no date within the planning horizon works. ``proven`` says that
    finishing a day earlier was shown infeasible; otherwise ``bound`` is the earliest
    date that could still be possible (the proven lower bound). ``moved`` names the
    booked commitments whose plan had to change. ``changes`` has the rows of the job
    and of the booked tasks it moves; ``assignments`` (built on first use) the whole
    plan under this verdict, one row per person, task and day; ``tasks`` one row per
    task with its first and last day. ``layer`` names the part of the engine that
    settled the answer, ``seconds`` the time the call took.

    ``reasons`` are objects by kind (:mod:`feasibility.reasons`), most important first;
    each reads as its sentence (``str(reason)``, or all of them in ``sentences``).
    ``approval`` is the tier the planner's approval policy gives the verdict and who
    approves it (:mod:`feasibility.approval`); ``levers`` what would make the requested
    date possible, when the check was asked for them (:mod:`feasibility.levers`).
    ``untouched`` is the earliest finish found with nothing booked moving: the check
    moves booked work only to find an earlier date, so a due date on or after it needs
    no move (the approval tier reads it so).

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
    reasons: tuple[Reason, ...]
    moved: tuple[str, ...]
    bound: date | None = None
    layer: str = ""
    seconds: float = 0.0
    approval: Approval | None = None
    levers: Levers | None = None
    untouched: date | None = None
    """The earliest finish found with no booked work moving (``None``: none found); the
    requested date needs no booked work to move when this meets it."""
    basis: Book | None = field(default=None, repr=False, compare=False)
    plan: Mapping[TaskKey, TaskSchedule] = field(default_factory=dict, repr=False, compare=False)
    """The job's schedules and the booked schedules it changes, in kernel terms."""
    job: Commitment | None = field(default=None, repr=False, compare=False)
    """The commitment that was checked (what :meth:`Planner.book` books)."""

    @property
    def sentences(self) -> tuple[str, ...]:
        """The reasons as sentences."""
        return tuple(str(reason) for reason in self.reasons)

    @cached_property
    def _after(self) -> Book | None:
        if self.basis is None:
            return None
        if not self.plan:
            return self.basis
        return self.basis.with_changes(self.plan)

    @property
    def changes(self) -> pd.DataFrame:
        """The rows of the job and of every booked task it moves (cheap: no whole plan)."""
        if self.basis is None:
            return assignment_frame_empty()
        return assignment_frame(self.basis.staffing, dict(self.plan))

    @property
    def assignments(self) -> pd.DataFrame:
        """The whole plan under this verdict: ``commitment, task, person, day, hours``."""
        return _plan_frame(self._after)

    @property
    def tasks(self) -> pd.DataFrame:
        """Every task of the plan under this verdict with its first and last day."""
        return plan_task_frame(self._after) if self._after is not None else task_frame_empty()

    def to_frame(self) -> pd.DataFrame:
        """The assignments: columns ``commitment, task, person, day, hours``."""
        return self.assignments

    def job_assignments(self) -> pd.DataFrame:
        """Only the rows of the checked commitment."""
        if self.basis is None:
            return assignment_frame_empty()
        own = {k: s for k, s in self.plan.items() if k[0] == self.commitment}
        return assignment_frame(self.basis.staffing, own)

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
        lines = [head, *(f"- {reason}" for reason in self.reasons)]
        if self.approval is not None:
            lines.append(f"Approval: {self.approval.sentence}")
        if self.levers is not None:
            lines.extend(f"Lever: {lever.sentence}" for lever in self.levers.levers)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def to_json(self, indent: int | None = None) -> str:
        """The verdict as JSON (see :mod:`feasibility.files.verdict_json`)."""
        from feasibility.files.verdict_json import verdict_to_json

        return verdict_to_json(self, indent=indent)


def _plan_frame(book: Book | None) -> pd.DataFrame:
    if book is None:
        return assignment_frame_empty()
    cols = book.plan.columns
    return usage_frame(
        book.staffing,
        book.slot_commitment[cols.slots] if len(cols.slots) else np.array([], dtype=object),
        book.slot_task[cols.slots] if len(cols.slots) else np.array([], dtype=object),
        cols.resources,
        cols.periods,
        cols.amounts,
    )


def plan_frame(book: Book) -> pd.DataFrame:
    """The whole booked plan as an assignment frame."""
    return _plan_frame(book)


def plan_task_frame(book: Book) -> pd.DataFrame:
    """Every task of the booked plan with its first and last day."""
    slots = list(book.plan.occupied())
    spans = [book.plan.slot(s) for s in slots]
    return span_frame(
        book.staffing,
        book.slot_commitment[slots] if slots else np.array([], dtype=object),
        book.slot_task[slots] if slots else np.array([], dtype=object),
        np.array([s.start for s in spans], dtype=np.int64),
        np.array([s.end for s in spans], dtype=np.int64),
    )


def assignment_frame_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=ASSIGNMENT_COLUMNS)


def task_frame_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=TASK_COLUMNS)
