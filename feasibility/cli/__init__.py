"""The ``feasibility`` command line: check, book, plan, replan and example.

Each command is one module with a ``command``; :data:`COMMANDS` lists them.

Example:
    >>> from click.testing import CliRunner
    >>> result = CliRunner().invoke(main, ["--help"])
    >>> result.exit_code, "check" in result.output
    (0, True)
"""

from __future__ import annotations

import click

from feasibility.cli import book, check, example, plan, replan
from feasibility.cli.common import example as example_epilog

COMMANDS = (check.command, book.command, plan.command, replan.command, example.command)


@click.group(
    epilog=example_epilog(
        "feasibility example shop",
        "feasibility check shop Kitchen-Lee",
        "feasibility book shop Repair-Ng",
        "feasibility plan shop.plan --out shop-plan",
        "feasibility replan shop.plan --disruptions ill.yaml --out replan",
    )
)
@click.version_option(package_name="feasibility")
def main() -> None:
    """Can we deliver this job by that date, with the people we have?

    Books are folders of CSV files (or one JSON or YAML file) of settings, staff,
    time off, commitments and their tasks, and new jobs; `feasibility example DIR`
    writes one to start from.
    """


for _command in COMMANDS:
    main.add_command(_command)
