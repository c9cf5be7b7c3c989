"""``feasibility plan BOOK --out DIR``: the plan's tables and pictures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from feasibility.cli.common import BOOK, DATE, example, open_book, progress, reports_bad_input
from feasibility.errors import InputError
from feasibility.planner import Planner
from feasibility.reports import commitment_frame, plan_pictures, plan_report


@click.command(
    "plan",
    epilog=example(
        "feasibility plan shop --out shop-plan",
        "feasibility plan shop.plan --out plan --first 2026-12-07 --weeks 4 --skill tile",
    ),
)
@BOOK
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the tables, pictures and report to.",
)
@click.option("--first", type=DATE, help="First day the pictures show (default: the start).")
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    default=12,
    show_default=True,
    help="Weeks the Gantt chart shows.",
)
@click.option("--highlight", help="A booked commitment to highlight in the Gantt chart.")
@click.option(
    "--skill",
    "skills",
    multiple=True,
    help="Show only the people with this skill in the Gantt chart (may be repeated).",
)
@reports_bad_input
def command(
    book: Path,
    out: Path,
    first: datetime | None,
    weeks: int,
    highlight: str | None,
    skills: tuple[str, ...],
) -> None:
    """Write the plan of BOOK to DIR: assignments.csv (who works on what, day by day),
    tasks.csv (each task's first and last day), commitments.csv (due, planned finish,
    days late), and with matplotlib (pip install 'feasibility[plot]') gantt.png,
    load.png (booked against available hours per skill and week) and report.html."""
    with progress("Planning", ["read", "plan", "tables", "pictures", "report"]) as step:
        planner, _ = open_book(book, step)
        out.mkdir(parents=True, exist_ok=True)
        step("writing the tables")
        planner.assignments.to_csv(out / "assignments.csv", index=False)
        planner.tasks.to_csv(out / "tasks.csv", index=False)
        commitment_frame(planner).to_csv(out / "commitments.csv", index=False)
        written = ["assignments.csv", "tasks.csv", "commitments.csv"]
        step("drawing")
        window = None if first is None else first.date()
        people = _people_with(planner, skills) if skills else None
        try:
            pictures = plan_pictures(
                planner, first=window, weeks=weeks, highlight=highlight, people=people
            )
        except ImportError as error:  # no matplotlib: the tables and the report still
            click.echo(f"No pictures: {error}", err=True)
            pictures = {}
        for name, png in pictures.items():
            (out / name).write_bytes(png)
            written.append(name)
        step("writing the report")
        report = plan_report(planner, pictures or None)
        (out / "report.html").write_text(report, encoding="utf-8")
        written.append("report.html")
    click.echo(f"Wrote {', '.join(written)} to {out}")


def _people_with(planner: Planner, skills: tuple[str, ...]) -> list[str]:
    staff = planner.book_state.staffing.staff
    unknown = sorted(set(skills) - {s for p in staff for s in p.skills})
    if unknown:
        raise InputError(f"nobody on the staff has the skill {', '.join(map(repr, unknown))}")
    return [p.id for p in staff if p.skills & set(skills)]
