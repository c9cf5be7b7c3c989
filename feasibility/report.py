"""A re-plan as a document a person can send: Markdown, or the same as HTML.

It opens with the answer (how many promises hold, which slip and by how much, the
objective against its bound), states the rubric's weights, lists every commitment that
slips or changes with its remediation, and ends with the tasks moved.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[Commitment(
    ...                       id="J1", due=date(2026, 12, 1),
    ...                       tasks=[Task(id="fit", skill="fit", effort_hours=24)])])
    >>> text = markdown_report(planner.replan(rounds=1, progress=False))
    >>> print(text.splitlines()[2])
    **0 of 1 promises hold; 1 slip** (by 1 day in all).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from feasibility.html_page import html_page
from feasibility.remediation import Remediation, remediations

if TYPE_CHECKING:
    from feasibility.plan import Plan

SHOWN_MOVES = 50
"""How many moved tasks the report lists (the frame holds all)."""


def markdown_report(plan: Plan) -> str:
    """The plan's remediation document in Markdown."""
    return "\n".join(_lines(plan, remediations(plan))) + "\n"


def html_report(plan: Plan) -> str:
    """The same document as one HTML page (headings, lists and tables)."""
    body: list[str] = []
    table: list[str] = []
    in_list = False
    for line in _lines(plan, remediations(plan)):
        if line.startswith("|"):
            cells = [escape(c.strip()) for c in line.strip("|").split("|")]
            if not all(set(c) <= {"-", " "} for c in cells):
                tag = "th" if not table else "td"
                table.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
            continue
        if table:
            body.append("<table>" + "".join(table) + "</table>")
            table = []
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    if table:
        body.append("<table>" + "".join(table) + "</table>")
    if in_list:
        body.append("</ul>")
    return html_page("Re-plan", body)


def _inline(text: str) -> str:
    parts = escape(text).split("**")
    return "".join(f"<strong>{p}</strong>" if k % 2 else p for k, p in enumerate(parts))


def _lines(plan: Plan, entries: list[Remediation]) -> list[str]:
    frame = plan.commitments
    late = frame[frame["days_late"] > 0]
    lines = [
        f"# Re-plan from {plan.book.staffing.start:%a %d %b %Y}",
        "",
        f"**{int(frame['on_time'].sum())} of {len(frame)} promises hold; {len(late)} slip**"
        + (f" (by {_days(int(late['days_late'].sum()))} in all)." if len(late) else "."),
        f"Score-weighted days late: {plan.objective:g} (proven lower bound {plan.bound:g}, "
        f"gap {plan.gap:.0%}); {plan.moved_tasks} booked tasks move.",
    ]
    if plan.disruptions:
        lines += ["", "## What changed", ""]
        lines += [f"- {d.describe()}" for d in plan.disruptions]
    lines += ["", "## Priority rubric", "", "| attribute | weight |", "| --- | --- |"]
    lines += [f"| {name} | {weight:g} |" for name, weight in plan.rubric.weights.items()]
    lines += ["", "Must-keep commitments slip only when no standard commitment could instead."]
    if entries:
        lines += ["", "## Commitments that slip or change"]
    for r in entries:
        when = "no due date" if r.due is None else f"due {r.due:%a %d %b}"
        was = "" if r.previous_finish is None else f", was {r.previous_finish:%a %d %b}"
        status = (
            "on time"
            if not r.days_late
            else f"{r.days_late} day{'s' if r.days_late != 1 else ''} late"
        )
        tag = " (must-keep)" if r.must_keep else ""
        lines += [
            "",
            f"### {r.commitment}{tag}: {r.customer or 'no customer named'}",
            "",
            f"**New date {r.planned_finish:%a %d %b %Y}** ({status}; {when}{was}).",
            "",
            "Why:",
            "",
            *[f"- {cause}" for cause in r.causes],
            "",
            f"Owners: {', '.join(r.owners) or 'no staffed work on its chain'}.",
            "",
            "Next milestones:",
            "",
            *[f"- {task}: {day:%a %d %b}" for task, day in r.milestones],
        ]
        if r.alternatives:
            lines += ["", "What would save the old date:", ""]
            lines += [f"- {a}" for a in r.alternatives]
    moved = plan.moved
    if not moved.empty:
        lines += [
            "",
            "## Tasks moved",
            "",
            "| commitment | task | was | now |",
            "| --- | --- | --- | --- |",
        ]
        for row in moved.head(SHOWN_MOVES).itertuples(index=False):
            lines.append(
                f"| {row.commitment} | {row.task} | {row.start_before} to {row.finish_before} "
                f"| {row.start} to {row.finish} |"
            )
        if len(moved) > SHOWN_MOVES:
            lines.append(f"\n... and {len(moved) - SHOWN_MOVES} more (see `plan.moved`).")
    return lines


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
