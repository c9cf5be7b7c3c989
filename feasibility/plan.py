"""The answer to a re-plan: which promises hold, which slip, who does what, and why.

A :class:`Plan` is computed by :meth:`feasibility.Planner.replan` and changes nothing
until :meth:`feasibility.Planner.adopt` accepts it. Its frames are built on first use:

* ``commitments``: one row per commitment (``commitment, customer, class, score, due,
  previous_finish, planned_finish, days_late, on_time, changed``);
* ``assignments``: ``commitment, task, person, day, hours``; ``tasks``: each task's
  first and last day;
* ``scores``: each commitment's score broken down by the rubric's attributes;
* ``moved``: booked tasks whose hours moved (in time or to other people);
* ``remediation``: for every commitment that slips or changes, the new date, the
  causes, the owners, the next milestones and the alternatives that would save the old
  date (:mod:`feasibility.remediation`), and :meth:`Plan.report` as Markdown or HTML.

``objective`` is the score-weighted days late, ``bound`` a proven lower bound on it
and ``gap`` the share of the objective the bound leaves open. :meth:`Plan.write` saves
the frames as CSV, Parquet or JSON and :func:`read_frames` reads them back.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task, TimeOff
    >>> job = Commitment(id="J1", customer="Acme", due=date(2026, 12, 4),
    ...                  tasks=[Task(id="fit", skill="fit", effort_hours=24)])
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[job])
    >>> away = TimeOff(person="ann", first=date(2026, 12, 1), last=date(2026, 12, 3))
    >>> plan = planner.replan([away], rounds=2, progress=False)
    >>> plan.commitments[["commitment", "class", "planned_finish", "days_late", "changed"]]
      commitment     class planned_finish  days_late  changed
    0         J1  standard     2026-12-07          3     True
    >>> plan.objective, plan.bound, plan.moved_tasks
    (3.0, 3.0, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from feasibility.book import Book
from feasibility.compile import TaskKey
from feasibility.decode import day_of
from feasibility.disruptions import Disruption
from feasibility.errors import InputError
from feasibility.plan_diff import PlanDiff, diff_books, finishes
from feasibility.rubric import Rubric
from feasibility.verdict import plan_frame, plan_task_frame

COMMITMENT_COLUMNS = [
    "commitment",
    "customer",
    "class",
    "score",
    "due",
    "previous_finish",
    "planned_finish",
    "days_late",
    "on_time",
    "changed",
]
MUST_KEEP, STANDARD = "must-keep", "standard"
FORMATS = ("csv", "parquet", "json")
FRAMES = ("commitments", "assignments", "tasks", "scores", "moved", "remediation")
DATE_FIELDS = {
    "commitments": ("due", "previous_finish", "planned_finish"),
    "assignments": ("day",),
    "tasks": ("start", "finish"),
    "moved": ("start_before", "finish_before", "start", "finish"),
    "remediation": ("due", "previous_finish", "planned_finish"),
}


@dataclass(frozen=True, eq=False)
class Plan:
    """A re-plan of every open commitment (see the module)."""

    basis: Book
    """The booked state the plan was made from (adopting needs it to be current)."""
    book: Book
    """The plan as a booked state over the new facts."""
    rubric: Rubric
    disruptions: tuple[Disruption, ...]
    kernel_objective: int
    """The kernel's objective (days late weighted by scores scaled to 1-1,000)."""
    earliest_alone: dict[str, int] = field(repr=False)
    """Per commitment, its earliest end alone with the whole staff (exclusive period)."""
    restarted: tuple[TaskKey, ...] = ()
    """Started or pinned tasks whose planned hours no longer fit and were planned again."""
    seconds: float = 0.0
    capacity_bound: float = 0.0
    """A lower bound on the objective that also sees the staff's hours: the commitments
    waiting for each other on the same people (:func:`solvers.lateness.tardiness_bound`)."""

    # -- numbers -----------------------------------------------------------------------

    @property
    def objective(self) -> float:
        """The score-weighted days late of the plan."""
        frame = self.commitments
        return float((frame["score"] * frame["days_late"]).sum())

    @property
    def bound(self) -> float:
        """A proven lower bound on the objective: each commitment alone with the whole
        staff, or the commitments waiting for each other's people when that is more."""
        staffing = self.book.staffing
        total = 0.0
        for c in self.book.booked.values():
            end = self.earliest_alone.get(c.id)
            if c.due is None or end is None:
                continue
            late = end - ((c.due - staffing.start).days + 1)
            total += self.rubric.score(c) * max(0, late)
        return max(total, self.capacity_bound)

    @property
    def gap(self) -> float:
        """``(objective - bound) / objective``; 0 when the objective is 0."""
        value = self.objective
        return 0.0 if value <= 0 else max(0.0, (value - self.bound) / value)

    # -- frames ------------------------------------------------------------------------

    @cached_property
    def commitments(self) -> pd.DataFrame:
        """One row per commitment: its class, score, due date and planned finish."""
        before, after = finishes(self.basis), finishes(self.book)
        rows = []
        for c in self.book.booked.values():
            finish = after.get(c.id)
            late = 0 if c.due is None or finish is None else max(0, (finish - c.due).days)
            previous = before.get(c.id)
            rows.append(
                (
                    c.id,
                    c.customer,
                    MUST_KEEP if c.must_keep else STANDARD,
                    self.rubric.score(c),
                    c.due,
                    previous,
                    finish,
                    late,
                    late == 0,
                    previous != finish,
                )
            )
        return pd.DataFrame(rows, columns=COMMITMENT_COLUMNS)

    @cached_property
    def scores(self) -> pd.DataFrame:
        """Per commitment: each rubric attribute's value times its weight, and the score."""
        rows = [
            {"commitment": c.id, **self.rubric.breakdown(c), "score": self.rubric.score(c)}
            for c in self.book.booked.values()
        ]
        return pd.DataFrame(rows, columns=["commitment", *self.rubric.weights, "score"])

    @cached_property
    def assignments(self) -> pd.DataFrame:
        """Who does what when: ``commitment, task, person, day, hours``."""
        return plan_frame(self.book)

    @cached_property
    def tasks(self) -> pd.DataFrame:
        """Each planned task's first and last day."""
        return plan_task_frame(self.book)

    @cached_property
    def _changes(self) -> PlanDiff:
        return diff_books(self.basis, self.book)

    @property
    def moved(self) -> pd.DataFrame:
        """Booked tasks whose hours moved from the previous plan."""
        return self._changes.moved

    @property
    def moved_tasks(self) -> int:
        return len(self._changes.moved)

    @cached_property
    def remediation(self) -> pd.DataFrame:
        """One row per commitment that slips or changes (see :mod:`feasibility.remediation`)."""
        from feasibility.remediation import remediation_frame, remediations

        return remediation_frame(remediations(self))

    def diff(self, other: Plan) -> PlanDiff:
        """What changes from this plan to ``other``: dates, tasks moved, people reassigned."""
        return diff_books(self.book, other.book)

    def report(self, format: str = "markdown") -> str:
        """The remediation plan as a document to send: ``"markdown"`` or ``"html"``."""
        from feasibility.report import html_report, markdown_report

        if format == "markdown":
            return markdown_report(self)
        if format == "html":
            return html_report(self)
        raise InputError(f"report format must be 'markdown' or 'html', got {format!r}")

    def day(self, period: int) -> date:
        return day_of(self.book.staffing, period)

    # -- files -------------------------------------------------------------------------

    def write(self, directory: str | Path, format: str = "csv") -> list[Path]:
        """Write every frame to ``directory`` as ``<frame>.<format>`` (csv, parquet or
        json); returns the paths written."""
        if format not in FORMATS:
            raise InputError(
                f"plan file format must be one of {', '.join(FORMATS)}, got {format!r}"
            )
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in FRAMES:
            frame = getattr(self, name)
            path = folder / f"{name}.{format}"
            _write(frame, path, format)
            paths.append(path)
        return paths


def read_frames(directory: str | Path, format: str = "csv") -> dict[str, pd.DataFrame]:
    """The frames :meth:`Plan.write` wrote, with their dates as dates again.

    A missing file, a missing column or a value that is not a date where one belongs
    is an :class:`~feasibility.errors.InputError` naming the file, the row (counted
    from 1, after the header) and the column.
    """
    if format not in FORMATS:
        raise InputError(f"plan file format must be one of {', '.join(FORMATS)}, got {format!r}")
    frames = {}
    for name in FRAMES:
        path = Path(directory) / f"{name}.{format}"
        if not path.exists():
            raise InputError(f"plan file {path} is missing")
        try:
            frame = _read(path, format)
        except (ValueError, OSError) as error:
            raise InputError(f"plan file {path} cannot be read as {format}: {error}") from None
        missing = [c for c in _columns(name) if c not in frame.columns]
        if missing:
            raise InputError(f"plan file {path} has no column {missing[0]!r}")
        for column in DATE_FIELDS.get(name, ()):
            frame[column] = [_date(v, path, row, column) for row, v in enumerate(frame[column], 1)]
        frames[name] = frame
    return frames


def _columns(name: str) -> list[str]:
    from feasibility.decode import ASSIGNMENT_COLUMNS, TASK_COLUMNS
    from feasibility.plan_diff import MOVED_COLUMNS
    from feasibility.remediation import COLUMNS

    return {
        "commitments": COMMITMENT_COLUMNS,
        "assignments": ASSIGNMENT_COLUMNS,
        "tasks": TASK_COLUMNS,
        "scores": ["commitment", "score"],
        "moved": MOVED_COLUMNS,
        "remediation": COLUMNS,
    }[name]


def _read(path: Path, format: str) -> pd.DataFrame:
    if format == "csv":
        return pd.read_csv(path, keep_default_na=False)
    if format == "parquet":
        return pd.read_parquet(path)
    return pd.read_json(path, orient="table")


def _date(value: object, path: Path, row: int, column: str) -> date | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise InputError(
            f"plan file {path}, row {row}, column {column!r}: {value!r} is not a date"
        ) from None


def _write(frame: pd.DataFrame, path: Path, format: str) -> None:
    if format == "csv":
        frame.to_csv(path, index=False)
    elif format == "parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="table", index=False, date_format="iso")
