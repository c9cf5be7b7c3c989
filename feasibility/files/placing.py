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

from collections.abc import Callable

from feasibility.compile import Staffing
from feasibility.errors import InputError
from feasibility.files.columns import columns_of
from feasibility.files.inputs import BookInputs
from feasibility.files.rows import Where
from feasibility.horizon import furthest_day, needed_horizon
from feasibility.models import Commitment, Person, Task
from feasibility.validation import (
    validate_commitment,
    validate_commitments,
    validate_pins,
    validate_staff,
)

Places = dict[tuple[str, ...], Where]
"""The row of each person (``("person", id)``), commitment or job (``(kind, id)``) and
task (``(kind, commitment id, task id)``)."""


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
    _check_pins(inputs, places)


def _check_pins(inputs: BookInputs, places: Places) -> None:
    """A pin on a day nobody with the skill works, or before its predecessors allow (the
    planner's check, which needs the staff's calendars laid out)."""
    groups = (("commitment", inputs.commitments), ("job", inputs.jobs))
    if not any(t.pinned_start is not None for _, group in groups for c in group for t in c.tasks):
        return
    start, days = inputs.settings.start, inputs.settings.horizon_days
    every = [*inputs.commitments, *inputs.jobs]
    horizon = needed_horizon(start, every, current=days, lookahead=days)
    staffing = Staffing.build(inputs.calendar, inputs.staff, start, horizon)
    for kind, group in groups:
        for c in group:
            _placed(
                lambda c=c: validate_pins(staffing, c),  # type: ignore[misc]
                places,
                kind,
                column="pinned_start",
            )


def _placed(
    check: Callable[[], None], places: Places, kind: str, column: str | None = None
) -> None:
    """Run ``check``; its ``InputError`` placed at the row of the item it names, and at
    ``column`` (else the field it names)."""
    try:
        check()
    except InputError as error:
        where, columns = _place(error, places, kind)
        if where is None:
            raise
        column = column or (error.field if error.field in columns else None)
        noun = f", {where.noun} {column!r}" if column else ""
        raise InputError(
            f"{where}{noun}: {error}",
            person=error.person,
            commitment=error.commitment,
            task=error.task,
            field=error.field,
        ) from None


def _place(error: InputError, places: Places, kind: str) -> tuple[Where | None, list[str]]:
    if error.task is not None and (kind, error.commitment or "", error.task) in places:
        return places[(kind, error.commitment or "", error.task)], [
            c.name for c in columns_of(Task)
        ]
    if error.commitment is not None and (kind, error.commitment) in places:
        columns = [c.name for c in columns_of(Commitment, ("tasks",))]
        return places[(kind, error.commitment)], columns
    if error.person is not None and ("person", error.person) in places:
        return places[("person", error.person)], [c.name for c in columns_of(Person)]
    return None, []
