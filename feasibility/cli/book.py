"""``feasibility book BOOK JOB``: book the job and save the planner with its plan."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from feasibility.cli.common import (
    BOOK,
    DATE,
    NO,
    YES,
    default_save_path,
    example,
    find_job,
    open_book,
    progress,
    reports_bad_input,
)


@click.command(
    "book",
    epilog=example(
        "feasibility book shop Repair-Ng",
        "feasibility book shop.plan new-job.json --due 2027-01-29 --save shop.plan",
    ),
)
@BOOK
@click.argument("job")
@click.option("--due", type=DATE, help="Book for this date (YYYY-MM-DD) instead of the job's.")
@click.option(
    "--allow-late", is_flag=True, help="Book the job at its earliest date even when that is late."
)
@click.option(
    "--save",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to save the planner (default: BOOK if it is a saved planner, else BOOK.plan).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@reports_bad_input
def command(
    book: Path,
    job: str,
    due: datetime | None,
    allow_late: bool,
    target: Path | None,
    as_json: bool,
) -> None:
    """Book JOB into BOOK and save the planner with its plan, so that later commands
    start from it without planning again. A job that cannot be delivered by its date is
    not booked (nothing is saved) unless --allow-late is given.

    Exits 0 when booked, 1 when the date does not hold (nothing booked), 2 on bad input.
    """
    with progress("Booking", ["read", "plan", "book", "save"]) as step:
        planner, inputs = open_book(book, step)
        chosen = find_job(job, inputs, due)
        step(f"checking {chosen.id}")
        verdict = planner.check(chosen)
        if not verdict.feasible and not allow_late:
            saved = None
        else:
            verdict = planner.book(verdict, allow_infeasible=allow_late)
            step("saving")
            saved = planner.save(target or default_save_path(book))
    click.echo(verdict.to_json(indent=2) if as_json else verdict.summary())
    if saved is None:
        click.echo(f"Not booked: {chosen.id} cannot be delivered by {verdict.due}.", err=True)
        raise SystemExit(NO)
    click.echo(f"Booked {chosen.id}; the planner is saved to {saved}.", err=True)
    raise SystemExit(YES)
