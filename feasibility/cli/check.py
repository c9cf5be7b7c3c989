"""``feasibility check BOOK JOB``: can the job be delivered by its date?"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from feasibility.cli.common import (
    BOOK,
    DATE,
    NO,
    YES,
    example,
    find_job,
    open_book,
    progress,
    reports_bad_input,
)


@click.command(
    "check",
    epilog=example(
        "feasibility check shop Kitchen-Lee",
        "feasibility check shop Kitchen-Lee --due 2027-01-08 --json",
        "feasibility check shop Kitchen-Lee --due 2026-12-11 --levers",
        "feasibility check shop.plan new-job.json --report verdict.html",
    ),
)
@BOOK
@click.argument("job")
@click.option("--due", type=DATE, help="Ask for this date (YYYY-MM-DD) instead of the job's.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--time-limit", type=float, help="Seconds for the check (default: the book's).")
@click.option(
    "--levers",
    is_flag=True,
    help="When the date does not hold, also find what would make it possible "
    "(extra hours, booked work that would slip, partial delivery), inside the time limit.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an HTML report of the verdict (pictures, tables, reasons).",
)
@reports_bad_input
def command(
    book: Path,
    job: str,
    due: datetime | None,
    as_json: bool,
    time_limit: float | None,
    levers: bool,
    report: Path | None,
) -> None:
    """Check whether JOB can be delivered by its due date without breaking a booked
    promise, and say why. BOOK is a book (a folder of CSV files, or a JSON or YAML file)
    or a saved planner; JOB is the id of a job in the book's jobs table, or a JSON or
    YAML file of one job.

    Exits 0 when the date holds, 1 when it does not, 2 on bad input.
    """
    with progress("Checking", ["read", "plan", "check", "report"]) as step:
        planner, inputs = open_book(book, step)
        chosen = find_job(job, inputs, due)
        step(f"checking {chosen.id}")
        verdict = planner.check(chosen, time_limit=time_limit, levers=levers)
        if report is not None:
            step("writing the report")
            from feasibility.reports import verdict_report

            report.write_text(verdict_report(verdict), encoding="utf-8")
    click.echo(verdict.to_json(indent=2) if as_json else verdict.summary())
    raise SystemExit(YES if verdict.feasible else NO)
