"""``feasibility example DIR``: write a small example book to start from."""

from __future__ import annotations

from pathlib import Path

import click

from feasibility.cli.common import BadInput, example, reports_bad_input
from feasibility.files import write_book
from feasibility.files.example import example_book


@click.command(
    "example",
    epilog=example(
        "feasibility example shop",
        "feasibility check shop Kitchen-Lee",
    ),
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that already has files.")
@reports_bad_input
def command(folder: Path, force: bool) -> None:
    """Write an example book to FOLDER as CSV files (a kitchen fitter: six people, three
    booked kitchens, two new jobs in jobs.csv), to open in a spreadsheet and edit."""
    if folder.exists() and any(folder.iterdir()) and not force:
        raise BadInput(f"{folder} is not empty; pass --force to write into it")
    write_book(example_book(), folder)
    names = ", ".join(sorted(p.name for p in folder.iterdir()))
    click.echo(f"Wrote the example book to {folder}: {names}")
    click.echo(f"Try: feasibility check {folder} Kitchen-Lee")
