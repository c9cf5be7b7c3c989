"""``feasibility replan BOOK --out DIR``: re-plan every booked commitment."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from feasibility.cli.common import (
    BOOK,
    NO,
    YES,
    default_save_path,
    example,
    open_book,
    progress,
    reports_bad_input,
)
from feasibility.disruptions import Disruption, as_disruptions
from feasibility.errors import InputError
from feasibility.files.readers import read_document
from feasibility.plan import Plan
from feasibility.reports import plan_pictures
from feasibility.rubric import Rubric, as_rubric


@click.command(
    "replan",
    epilog=example(
        "feasibility replan shop.plan --out replan",
        "feasibility replan shop --disruptions ill.yaml --rubric rubric.json --out replan",
        "feasibility replan shop.plan --disruptions ill.json --out replan --adopt",
    ),
)
@BOOK
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the plan's tables, its report and pictures to.",
)
@click.option(
    "--disruptions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON or YAML list of what changed, each with its kind: time_off, departure, "
    "new_hire, lead_time_change, effort_change, cancellation, new_commitment.",
)
@click.option(
    "--rubric",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON or YAML priority rubric (weights per attribute) that weights lateness.",
)
@click.option("--time-limit", type=float, default=60.0, show_default=True, help="Seconds.")
@click.option(
    "--rounds", type=int, help="Stop after this many rounds (the same answer on any machine)."
)
@click.option(
    "--adopt",
    is_flag=True,
    help="Accept the plan and save the planner (to BOOK.plan, or in place for a saved one).",
)
@reports_bad_input
def command(
    book: Path,
    out: Path,
    disruptions: Path | None,
    rubric: Path | None,
    time_limit: float,
    rounds: int | None,
    adopt: bool,
) -> None:
    """Re-plan every booked commitment of BOOK after the DISRUPTIONS and write to DIR:
    the plan's tables (commitments with their planned finish and days late,
    assignments, tasks, scores, moved tasks, remediation), report.md and report.html
    (what slips, why, who owns it, what would save it) and, with matplotlib, gantt.png
    and load.png.

    Exits 0 when every promise holds in the new plan, 1 when some slip, 2 on bad input.
    """
    changes = _disruptions(disruptions)
    scoring = None if rubric is None else _rubric(rubric)
    with progress("Re-planning", ["read", "plan", "re-plan", "write"]) as step:
        planner, _ = open_book(book, step)
        step("re-planning")
        plan = planner.replan(
            changes, rubric=scoring, time_limit=time_limit, rounds=rounds, progress=False
        )
        step("writing")
        out.mkdir(parents=True, exist_ok=True)
        plan.write(out)
        (out / "report.md").write_text(plan.report("markdown"), encoding="utf-8")
        (out / "report.html").write_text(plan.report("html"), encoding="utf-8")
        drawn = _pictures(plan, out)
        if adopt:
            planner.adopt(plan)
            planner.save(default_save_path(book))
    frame = plan.commitments
    late = frame[~frame["on_time"]]
    click.echo(
        f"{len(frame)} commitments re-planned: {len(frame) - len(late)} on time, "
        f"{len(late)} late; score-weighted days late {plan.objective:g} "
        f"(bound {plan.bound:g}); {plan.moved_tasks} booked tasks moved."
    )
    for row in late.itertuples():
        click.echo(
            f"  {row.commitment}: due {row.due}, now planned to finish {row.planned_finish} "
            f"({row.days_late} days late)"
        )
    click.echo(f"Wrote the tables, report.md, report.html{drawn} to {out}.")
    if adopt:
        click.echo(f"Adopted and saved to {default_save_path(book)}.")
    raise SystemExit(YES if late.empty else NO)


def _disruptions(path: Path | None) -> tuple[Disruption, ...]:
    if path is None:
        return ()
    data = read_document(path)
    if not isinstance(data, list):
        raise InputError(f"{path.name}: a list of disruptions is expected, got {data!r}")
    try:
        return as_disruptions(data)
    except InputError as error:
        raise InputError(f"{path.name}: {error}") from None


def _rubric(path: Path) -> Rubric:
    try:
        return as_rubric(read_document(path))
    except ValidationError as error:
        detail = error.errors()[0]
        field = ".".join(str(p) for p in detail["loc"])
        raise InputError(f"{path.name}: {field or 'the rubric'}: {detail['msg']}") from None
    except InputError as error:
        raise InputError(f"{path.name}: {error}") from None


def _pictures(plan: Plan, out: Path) -> str:
    try:
        pictures = plan_pictures(plan)
    except ImportError as error:  # no matplotlib: the tables and the reports still
        click.echo(f"No pictures: {error}", err=True)
        return ""
    for name, png in pictures.items():
        (out / name).write_bytes(png)
    return "".join(f", {name}" for name in sorted(pictures))
