"""The pictures of a plan and of a verdict, as PNG bytes by file name.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Person, Planner
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30))
    >>> sorted(plan_pictures(planner, weeks=2))
    ['gantt.png', 'load.png']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from feasibility.book import Book
from feasibility.errors import InputError
from feasibility.plan import Plan
from feasibility.planner import Planner
from feasibility.reports.drawing import draw_gantt, draw_load, draw_verdict
from feasibility.reports.gantt import gantt_data
from feasibility.reports.load import load_data
from feasibility.reports.verdict_picture import verdict_data
from feasibility.verdict import Verdict

MAX_VERDICT_WEEKS = 26


def plan_pictures(
    planner: Planner | Plan | Book,
    *,
    first: date | None = None,
    weeks: int = 12,
    highlight: str | None = None,
    people: Sequence[str] | None = None,
) -> dict[str, bytes]:
    """The Gantt chart (``weeks`` from ``first``, the rows of ``people`` or everyone)
    and the load heat map of the planner's plan, of a re-plan, or of a booked state."""
    if isinstance(planner, Book):
        book = planner
    else:
        book = planner.book_state if isinstance(planner, Planner) else planner.book
    if highlight is not None and highlight not in book.booked:
        raise InputError(f"no booked commitment is called {highlight!r}")
    gantt = gantt_data(book, first=first, weeks=weeks, highlight=highlight, people=people)
    return {
        "gantt.png": draw_gantt(gantt),
        "load.png": draw_load(load_data(book, first=first)),
    }


def verdict_pictures(verdict: Verdict) -> dict[str, bytes]:
    """The verdict's picture, and the Gantt chart and load of the plan under the verdict
    with the job highlighted (from the start to past its earliest or requested date; the
    Gantt chart's rows are the people with the job's skills)."""
    data = verdict_data(verdict)
    book, job = verdict.basis, verdict.job
    assert book is not None and job is not None  # verdict_data refuses a verdict without
    whole = verdict.assignments
    skills = {t.skill for t in job.tasks if t.skill is not None}
    able = [p.id for p in book.staffing.staff if p.skills & skills]
    weeks = min(len(data.days) // 7 + 1, MAX_VERDICT_WEEKS)
    return {
        "verdict.png": draw_verdict(data),
        "gantt.png": draw_gantt(
            gantt_data(book, weeks=weeks, highlight=job.id, assignments=whole, people=able)
        ),
        "load.png": draw_load(load_data(book, assignments=whole, extra={job.id: job})),
    }
