"""What the commands share: opening a book or a saved planner, finding the job, exit
codes, and progress bars.

Exit codes: 0 the answer is yes (or the command did its work), 1 the answer is no (the
job cannot be delivered by its date), 2 bad input (a file, a row, a column, an
argument), with a message naming it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import click
from pydantic import ValidationError

from feasibility.errors import InputError
from feasibility.files import BookInputs, is_saved_planner, load_book, load_jobs
from feasibility.models import Commitment
from feasibility.planner import Planner

YES, NO, BAD_INPUT = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


class BadInput(click.ClickException):
    """Bad input: the message names it, and the exit code is 2."""

    exit_code = BAD_INPUT


def reports_bad_input(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's input errors into a message and exit code 2."""

    @functools.wraps(command)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            raise BadInput(str(error)) from None
        except ValidationError as error:
            detail = error.errors()[0]
            cause = detail.get("ctx", {}).get("error")
            raise BadInput(str(cause) if isinstance(cause, ValueError) else str(error)) from None
        except OSError as error:
            raise BadInput(f"{error.filename or ''}: {error.strerror or error}") from None

    return wrapped


BOOK = click.argument("book", type=click.Path(exists=True, path_type=Path))
"""A book (a folder of table files, or one JSON or YAML file) or a saved planner."""

DATE = click.DateTime(formats=["%Y-%m-%d"])


@contextmanager
def progress(label: str, steps: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar on standard error over named ``steps``; call the yielded function
    as each step starts. The bar is drawn on a terminal only."""
    with click.progressbar(
        length=len(steps),
        label=label,
        file=sys.stderr,
        item_show_func=lambda name: name,
        show_eta=False,
    ) as bar:
        done = [0]

        def step(name: str) -> None:
            if done[0]:
                bar.update(1, current_item=name)
            else:
                bar.current_item = name
                bar.render_progress()
            done[0] += 1

        yield step
        bar.update(len(steps) - bar.pos)


def open_book(path: Path, step: Callable[[str], None]) -> tuple[Planner, BookInputs | None]:
    """A planner from a saved planner file (as saved) or from a book (planned now)."""
    if is_saved_planner(path):
        step("loading the saved plan")
        return Planner.load(path), None
    step("reading the book")
    inputs = load_book(path)
    step(f"planning {len(inputs.commitments)} booked commitments")
    return inputs.planner(), inputs


def find_job(job: str, inputs: BookInputs | None, due: datetime | None) -> Commitment:
    """``job``: a JSON or YAML file (or folder) of one job, or the id of a job in the
    book's jobs table; ``due`` replaces its due date."""
    candidate = Path(job)
    if candidate.exists():
        found = load_jobs(candidate)
        if len(found) != 1:
            names = ", ".join(repr(j.id) for j in found)
            raise InputError(f"{job}: holds {len(found)} jobs ({names}); give a file of one job")
        chosen = found[0]
    elif inputs is None:
        raise InputError(
            f"{job!r} is not a file; with a saved planner the job is given as a JSON or YAML file"
        )
    else:
        chosen = inputs.job(job)
    if due is not None:
        chosen = chosen.model_copy(update={"due": due.date()})
        chosen = Commitment.model_validate(dict(chosen))
    return chosen


def default_save_path(book: Path) -> Path:
    """Where ``feasibility book`` saves: the saved planner itself, or ``<book>.plan``."""
    if is_saved_planner(book):
        return book
    return book.with_name(f"{book.stem if book.is_file() else book.name}.plan")


def example(*lines: str) -> str:
    """An epilog for ``--help`` showing ``lines`` as typed."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


def day_text(day: date | None) -> str:
    return "none" if day is None else f"{day:%a %d %b %Y}"
