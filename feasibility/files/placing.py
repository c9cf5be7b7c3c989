"""A book's rows checked against each other, each problem placed at its row.

What only makes sense against the rest of the book (a skill nobody on the staff has, a
due date or pin before the start, a job whose id is already booked, a person whose
weekly hours do not fit the shared calendar) is checked here with the planner's own
checks (:mod:`feasibility.validation`), before anything is planned; the message is the
planner's, placed at the row (and, where it names one, the column) it is about.

Example:
    >>> from datetime import date
    >>> from feasibility.files.inputs import BookInputs, BookSettings
    >>> from feasibility.files.rows import Where
    >>> from feasibility.models import Commitment, Person, Task
    >>> job = Commitment(id="J1", tasks=[Task(id="a", skill="weld", effort_hours=4)])
    >>> book = BookInputs(settings=BookSettings(start=date(2026, 11, 30)),
    ...                   staff=[Person(id="ann", skills={"fit"})], jobs=[job])
    >>> check_together(book, {("job", "J1", "a"): Where("job_tasks.csv", row=1, line=2)})
    Traceback (most recent call last):
    ...
    feasibility.errors.InputError: job_tasks.csv, row 1 (line 2), column 'skill': task 'a' of
    commitment 'J1' needs skill 'weld', which nobody on the staff has
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feasibility.errors import InputError
from feasibility.files.columns import columns_of
from feasibility.files.inputs import BookInputs
from feasibility.files.rows import Where, named_in
from feasibility.horizon import furthest_day
from feasibility.models import Commitment, Person, Task
from feasibility.validation import validate_commitment, validate_commitments, validate_staff

Places = dict[tuple[str, ...], Where]
"""The row of each person (``("person", id)``), commitment or job (``(kind, id)``) and
task (``(kind, commitment id, task id)``)."""

WORDS = {
    "pinned": "pinned_start",
    "is due": "due",
    "needs skill": "skill",
    "finished": "finished",
    "already booked": "id",
    "appears twice": "id",
}
"""Columns a message names in words rather than by name."""
TASK = re.compile(r"task '([^']+)' of commitment '([^']+)'")
COMMITMENT = re.compile(r"commitment '([^']+)'")
PERSON = re.compile(r"person '([^']+)'")


def check_together(inputs: BookInputs, places: Places) -> None:
    """Check the book's parts against each other; an ``InputError`` placed at its row."""
    start = inputs.settings.start
    last = furthest_day(start)
    _placed(lambda: validate_staff(inputs.staff, inputs.calendar), places, "person")
    _placed(
        lambda: validate_commitments(
            inputs.commitments, staff=inputs.staff, start=start, horizon_end=last
        ),
        places,
        "commitment",
    )
    booked = [c.id for c in inputs.commitments]
    for job in inputs.jobs:
        _placed(
            lambda job=job: validate_commitment(  # type: ignore[misc]
                job, staff=inputs.staff, start=start, horizon_end=last, booked_ids=booked
            ),
            places,
            "job",
        )


def _placed(check: Callable[[], None], places: Places, kind: str) -> None:
    try:
        check()
    except InputError as error:
        message = str(error)
        where, columns = _place(message, places, kind)
        if where is None:
            raise
        column = named_in(message, columns) or next(
            (c for words, c in WORDS.items() if words in message and c in columns), None
        )
        noun = f", {where.noun} {column!r}" if column else ""
        raise InputError(f"{where}{noun}: {message}") from None


def _place(message: str, places: Places, kind: str) -> tuple[Where | None, list[str]]:
    task = TASK.search(message)
    if task is not None and (kind, task[2], task[1]) in places:
        return places[(kind, task[2], task[1])], [c.name for c in columns_of(Task)]
    commitment = COMMITMENT.search(message)
    if commitment is not None and (kind, commitment[1]) in places:
        columns = [c.name for c in columns_of(Commitment, ("tasks",))]
        return places[(kind, commitment[1])], columns
    person = PERSON.search(message)
    if person is not None and ("person", person[1]) in places:
        return places[("person", person[1])], [c.name for c in columns_of(Person)]
    return None, []
