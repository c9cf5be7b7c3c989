"""An HTML report of a plan or a verdict: the pictures, the tables and the reasons, in
one file a person can open in a browser or attach to an email (pictures embedded).

Without matplotlib the report holds the tables and reasons and says how to get the
pictures.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    >>> verdict = planner.check(Commitment(id="J1", due=date(2026, 12, 9),
    ...                         tasks=[Task(id="fit", skill="install", effort_hours=270)]))
    >>> page = verdict_report(verdict)
    >>> page.startswith("<!DOCTYPE html>"), page.count("<img"), "18 Dec 2026" in page
    (True, 3, True)
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import pandas as pd

from feasibility.book import Book
from feasibility.html_page import html_page
from feasibility.planner import Planner
from feasibility.reports.summary import commitment_frame
from feasibility.verdict import Verdict, plan_task_frame

MAX_ROWS = 500


def plan_report(planner: Planner, pictures: Mapping[str, bytes] | None = None) -> str:
    """The report of the booked plan: the commitments' dates, the pictures, the tasks
    (all of one booked state, whatever other threads book meanwhile)."""
    book = planner.book_state
    start = book.staffing.start
    shown = _pictures(lambda: _plan_pictures(book), pictures)
    summary = commitment_frame(book)
    late = int((~summary.on_time).sum()) if len(summary) else 0
    parts = [
        f"<h1>Plan from {_day(start)}</h1>",
        f"<p>{len(summary)} booked commitments, {late} planned late; "
        f"{len(book.staffing.staff)} people.</p>",
        *_images(shown),
        "<h2>Commitments</h2>",
        _table(summary),
        "<h2>Tasks</h2>",
        _table(plan_task_frame(book)),
    ]
    return html_page(f"Plan from {start}", parts)


def verdict_report(verdict: Verdict, pictures: Mapping[str, bytes] | None = None) -> str:
    """The report of one check: the answer, its reasons, the pictures, the job's plan."""
    from feasibility.reports.pictures import verdict_pictures

    shown = _pictures(lambda: verdict_pictures(verdict), pictures)
    css = "yes" if verdict.feasible else "no"
    lines = verdict.summary().splitlines()
    parts = [
        f"<h1>Check of {html.escape(verdict.commitment)}</h1>",
        f'<p class="{css}"><strong>{html.escape(lines[0])}</strong></p>',
        "<table>",
        *(
            f"<tr><th>{name}</th><td>{html.escape(value)}</td></tr>"
            for name, value in (
                ("requested", _day(verdict.due)),
                ("earliest", _day(verdict.earliest)),
                ("proven", "yes" if verdict.proven else f"no (not before {_day(verdict.bound)})"),
                ("moves", ", ".join(verdict.moved) or "nothing booked"),
                ("approval", "" if verdict.approval is None else verdict.approval.sentence),
            )
        ),
        "</table>",
        "<h2>Why</h2>",
        _items(verdict.sentences),
        *_levers(verdict),
        *_images(shown),
        "<h2>The job's schedule</h2>",
        _table(verdict.job_assignments()),
    ]
    return html_page(f"Check of {verdict.commitment}", parts)


def _items(sentences: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>"


def _levers(verdict: Verdict) -> list[str]:
    """What would make the requested date possible, when the check searched for it."""
    if verdict.levers is None or not verdict.levers.levers:
        return []
    return [
        "<h2>What would make the date possible</h2>",
        _items([lever.sentence for lever in verdict.levers.levers]),
    ]


def _plan_pictures(book: Book) -> dict[str, bytes]:
    from feasibility.reports.pictures import plan_pictures

    return plan_pictures(book)


def _pictures(
    make: Callable[[], Mapping[str, bytes]], given: Mapping[str, bytes] | None
) -> Mapping[str, bytes] | str:
    """The pictures, or why there are none."""
    if given is not None:
        return given
    try:
        return make()
    except ImportError as error:
        return str(error)


def _images(pictures: Mapping[str, bytes] | str) -> list[str]:
    if isinstance(pictures, str):
        return [f"<p><em>No pictures: {html.escape(pictures)}.</em></p>"]
    titles = {
        "verdict.png": "The job against the free hours",
        "gantt.png": "Who works on what",
        "load.png": "Load per skill and week",
    }
    parts = []
    for name, data in pictures.items():
        encoded = base64.b64encode(data).decode("ascii")
        title = titles.get(name, name)
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(f'<img alt="{html.escape(title)}" src="data:image/png;base64,{encoded}">')
    return parts


def _table(frame: pd.DataFrame) -> str:
    shown = frame.head(MAX_ROWS)
    table = shown.to_html(index=False, escape=True, border=0)
    if len(frame) > MAX_ROWS:
        table += f"<p>... and {len(frame) - MAX_ROWS} more rows (see the CSV files).</p>"
    return table


def _day(day: date | None) -> str:
    return "none" if day is None else f"{day:%a %d %b %Y}"
