"""A book as tables (pandas DataFrames) and back: the core every file reader uses.

The tables and their columns (each column is the model field of the same name, see
:mod:`feasibility.files.columns`; only ``staff`` is required):

============  =========================================================================
table         columns
============  =========================================================================
settings      one row: ``start`` (required), ``horizon_days``, ``time_limit``,
              ``construction_time_limit``, ``workers``, ``scheduling``, ``safety_days``
calendar      one row: ``workdays`` (default Mon-Fri), ``holidays``
holidays      ``day``, ``name`` (a label)
staff         ``id``, ``skills``, ``hours_per_day``, ``hours_per_week``,
              ``calendar.workdays``, ``calendar.holidays`` (an own calendar), ``time_off``
time_off      ``person``, ``first``, ``last`` (inclusive; empty: one day), ``reason``
commitments   ``id``, ``customer``, ``due``, ``priority`` (and any field added to
              :class:`~feasibility.models.Commitment`; a mapping as ``<field>.<key>``)
tasks         ``commitment`` and ``id``, ``skill``, ``effort_hours``, ``crew``,
              ``contiguous``, ``lead_time_days``, ``after``, ``done_hours``,
              ``finished``, ``pinned_start``
jobs          new jobs to check, as ``commitments``
job_tasks     their tasks, as ``tasks`` (``commitment`` names the job)
============  =========================================================================

Every row is validated by pydantic; a row that fails, an unknown column, a task of no
commitment, time off of nobody or an id used twice is an
:class:`~feasibility.errors.InputError` naming the table (or file), the row and the
column, raised before anything is planned.

Example:
    >>> import pandas as pd
    >>> inputs = from_frames(
    ...     settings=pd.DataFrame({"start": ["2026-11-30"]}),
    ...     staff=pd.DataFrame({"id": ["ann", "bo"], "skills": ["fit", "fit; paint"]}),
    ...     commitments=pd.DataFrame({"id": ["J1"], "due": ["2026-12-18"]}),
    ...     tasks=pd.DataFrame({"commitment": ["J1", "J1"], "id": ["a", "b"],
    ...                         "skill": ["fit", "paint"], "effort_hours": [16, 8],
    ...                         "after": ["", "a"]}),
    ... )
    >>> inputs.commitments[0].task("b").predecessors
    ('a',)
    >>> from_frames(settings=pd.DataFrame({"start": ["2026-11-30"]}),
    ...             staff=pd.DataFrame({"id": ["ann"], "skills": ["fit"], "hours": [8]}))
    Traceback (most recent call last):
    ...
    feasibility.errors.InputError: staff table: unknown column 'hours'; the columns are id,
    skills, hours_per_day, hours_per_week, calendar.workdays, calendar.holidays, time_off
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Self, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from feasibility.errors import InputError
from feasibility.files.columns import cell_text, columns_of
from feasibility.files.inputs import BookInputs, BookSettings
from feasibility.files.placing import Places, check_together
from feasibility.files.rows import (
    Where,
    check_columns,
    described,
    model_from_row,
    row_values,
    validated,
)
from feasibility.models import Calendar, Commitment, Person, Task

TABLES = (
    "settings",
    "calendar",
    "holidays",
    "staff",
    "time_off",
    "commitments",
    "tasks",
    "jobs",
    "job_tasks",
)
"""The tables of a book, in the order they are read."""

M = TypeVar("M", bound=BaseModel)
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Holiday(BaseModel):
    """A row of the ``holidays`` table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: date
    name: str = ""


class TimeOffRow(BaseModel):
    """A row of the ``time_off`` table: ``last`` empty for a single day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    person: str
    first: date
    last: date | None = None
    reason: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.last is not None and self.last < self.first:
            raise ValueError(
                f"last {self.last} is before first {self.first} (time off of {self.person!r})"
            )
        return self


@dataclass(frozen=True)
class Table:
    """Rows of one table and where they come from (for the messages)."""

    rows: Sequence[Mapping[str, object]]
    source: str
    csv: bool = False
    """Rows of a CSV file: messages give the line in the file too."""
    columns: Sequence[str] = field(default_factory=tuple)
    entry: str | None = None
    """In a nested file (JSON, YAML): the entry the rows are (``staff``, ``settings``)."""
    places: Sequence[Where] = ()
    """Where each row comes from, when the rows are gathered from several entries."""
    numbers: Sequence[int] = ()
    """The 0-based position of each row in its file, when rows were left out (empty)."""

    @classmethod
    def of(cls, frame: pd.DataFrame, source: str, csv: bool = False) -> Table:
        """The rows of ``frame``; its index gives each row's position in the file."""
        names = [str(c) for c in frame.columns]
        rows = [dict(zip(names, values, strict=True)) for values in frame.itertuples(index=False)]
        numbers = [int(k) for k in frame.index] if csv else []
        return cls(rows, source, csv, names, numbers=numbers)

    def where(self, position: int) -> Where:
        """The place of the row at ``position`` (0-based)."""
        if self.places:
            return self.places[position]
        if self.entry is not None:
            many = len(self.rows) > 1 or self.entry not in ("settings", "calendar")
            return Where(
                self.source, entry=f"{self.entry} entry {position + 1}" if many else self.entry
            )
        number = self.numbers[position] if self.numbers else position
        return Where(self.source, row=number + 1, line=number + 2 if self.csv else None)

    def header(self) -> Where:
        if self.entry is not None or self.places:
            return Where(self.source, entry=self.entry or "tasks")
        return Where(self.source)


Frame = pd.DataFrame | Table | None


def from_frames(
    *,
    settings: Frame | Mapping[str, object] = None,
    calendar: Frame = None,
    holidays: Frame = None,
    staff: Frame = None,
    time_off: Frame = None,
    commitments: Frame = None,
    tasks: Frame = None,
    jobs: Frame = None,
    job_tasks: Frame = None,
) -> BookInputs:
    """A book from its tables (DataFrames, one per table; see the module's table list).

    ``settings`` may also be a mapping (``{"start": "2026-11-30"}``).
    """
    given = {
        "settings": settings,
        "calendar": calendar,
        "holidays": holidays,
        "staff": staff,
        "time_off": time_off,
        "commitments": commitments,
        "tasks": tasks,
        "jobs": jobs,
        "job_tasks": job_tasks,
    }
    tables = {name: _table(name, value) for name, value in given.items()}
    return read_tables(tables)


def read_tables(tables: Mapping[str, Table | None]) -> BookInputs:
    """A book from tables read from files or frames (see :func:`from_frames`)."""
    settings = _one_row(tables.get("settings"), BookSettings, "settings")
    if settings is None:
        raise InputError("the book has no settings: a settings table with a start date is needed")
    shared = _one_row(tables.get("calendar"), Calendar, "calendar") or Calendar()
    holidays = tables.get("holidays")
    if holidays is not None:
        check_columns(Holiday, holidays.columns, holidays.header())
        days = [model_from_row(Holiday, r, holidays.where(k)).day for k, r in _rows(holidays)]
        shared = shared.model_copy(update={"holidays": shared.holidays | frozenset(days)})
        shared = Calendar.model_validate(dict(shared))
    people = tables.get("staff")
    if people is None:
        raise InputError("the book has no staff table: the people are needed")
    places: Places = {}
    staff = _people(people, tables.get("time_off"), places)
    inputs = BookInputs(
        settings=settings,
        calendar=shared,
        staff=staff,
        commitments=read_commitments(
            tables.get("commitments"), tables.get("tasks"), places, "commitment"
        ),
        jobs=read_commitments(tables.get("jobs"), tables.get("job_tasks"), places, "job"),
    )
    check_together(inputs, places)
    return inputs


def to_frames(inputs: BookInputs) -> dict[str, pd.DataFrame]:
    """The tables of a book: the inverse of :func:`from_frames` (empty tables left out).

    Example:
        >>> import pandas as pd
        >>> book = from_frames(settings={"start": "2026-11-30"},
        ...                    staff=pd.DataFrame({"id": ["ann"], "skills": ["fit"],
        ...                                        "time_off": ["2026-12-24"]}))
        >>> frames = to_frames(book)
        >>> sorted(frames), frames["time_off"].to_dict("records")
        (['calendar', 'settings', 'staff', 'time_off'],
         [{'person': 'ann', 'first': '2026-12-24', 'last': None, 'reason': nan}])
        >>> from_frames(**frames) == book
        True
    """
    frames = {
        "settings": _frame([inputs.settings], BookSettings),
        "calendar": _frame(
            [inputs.calendar.model_copy(update={"holidays": frozenset()})], Calendar
        ),
        "holidays": pd.DataFrame(
            {"day": [d.isoformat() for d in sorted(inputs.calendar.holidays)], "name": ""}
        ),
        "staff": _frame(
            [p.model_copy(update={"time_off": ()}) for p in inputs.staff], Person, ("time_off",)
        ),
        "time_off": pd.DataFrame(
            [_time_off_row(p.id, entry) for p in inputs.staff for entry in p.time_off],
            columns=["person", "first", "last", "reason"],
        ),
    }
    for name, parts, children in (
        ("commitments", inputs.commitments, "tasks"),
        ("jobs", inputs.jobs, "job_tasks"),
    ):
        frames[name] = _frame(parts, Commitment, ("tasks",))
        task_rows = [{"commitment": c.id, **_row(t, Task, ())} for c in parts for t in c.tasks]
        frames[children] = pd.DataFrame(
            task_rows, columns=["commitment", *(c.name for c in columns_of(Task))], dtype=object
        )
    return {name: frame for name, frame in frames.items() if len(frame)}


# -- reading ----------------------------------------------------------------------------


def _table(name: str, value: Frame | Mapping[str, object]) -> Table | None:
    if value is None or isinstance(value, Table):
        return value
    if isinstance(value, pd.DataFrame):
        return Table.of(value, f"{name} table")
    if isinstance(value, Mapping):
        return Table([value], f"{name} table", columns=list(value))
    raise InputError(f"the {name} table must be a pandas DataFrame, got a {type(value).__name__}")


def _rows(table: Table) -> list[tuple[int, Mapping[str, object]]]:
    return list(enumerate(table.rows))


def _one_row(table: Table | None, model: type[M], name: str) -> M | None:
    if table is None or not table.rows:
        return None
    check_columns(model, table.columns, table.header())
    if len(table.rows) > 1:
        raise InputError(f"{table.source}: the {name} table has one row, got {len(table.rows)}")
    return model_from_row(model, table.rows[0], table.where(0))


def _people(people: Table, time_off: Table | None, places: Places) -> tuple[Person, ...]:
    absences: dict[str, list[date | tuple[date, date]]] = {}
    placed: dict[str, Where] = {}
    if time_off is not None:
        check_columns(TimeOffRow, time_off.columns, time_off.header())
        for k, row in _rows(time_off):
            entry = model_from_row(TimeOffRow, row, time_off.where(k))
            span = entry.first if entry.last is None else (entry.first, entry.last)
            absences.setdefault(entry.person, []).append(span)
            placed.setdefault(entry.person, time_off.where(k))
    check_columns(Person, people.columns, people.header())
    staff: list[Person] = []
    seen: dict[str, Where] = {}
    for k, row in _rows(people):
        where = people.where(k)
        person = model_from_row(Person, row, where)
        if person.id in seen:
            raise InputError(
                f"{where}, column 'id': person {person.id!r} appears twice (first at "
                f"{_place(seen[person.id])})"
            )
        seen[person.id] = where
        places[("person", person.id)] = where
        extra = absences.pop(person.id, [])
        if extra:
            given = {**dict(person), "time_off": (*person.time_off, *extra)}
            person = _validated(Person, given, where, "time_off")
        staff.append(person)
    for name, where in placed.items():
        if name in absences:
            raise InputError(
                f"{where}, column 'person': there is no person {name!r} in {people.source}"
            )
    return tuple(staff)


def read_commitments(
    parents: Table | None,
    children: Table | None,
    places: Places | None = None,
    kind: str = "commitment",
) -> tuple[Commitment, ...]:
    """Commitments from a table of them and a table of their tasks (``commitment``
    names the parent); ``places`` gets the row of each (under ``kind``) and task."""
    places = {} if places is None else places
    if parents is None:
        if children is not None and children.rows:
            raise InputError(f"{children.source}: tasks are given, but no table of commitments")
        return ()
    tasks: dict[str, list[tuple[Task, Where]]] = {}
    first_row: dict[str, Where] = {}
    if children is not None:
        check_columns(Task, children.columns, children.header(), links=("commitment",))
        for k, row in _rows(children):
            where = children.where(k)
            owner = row.get("commitment")
            if owner is None or (isinstance(owner, str) and not owner.strip()):
                raise InputError(f"{where}, column 'commitment': a task names no commitment")
            task = model_from_row(Task, row, where, links=("commitment",))
            tasks.setdefault(str(owner), []).append((task, where))
            first_row.setdefault(str(owner), where)
    check_columns(Commitment, parents.columns, parents.header(), skip=("tasks",))
    found: list[Commitment] = []
    seen: dict[str, Where] = {}
    source = children.source if children is not None else "the tasks table"
    for k, row in _rows(parents):
        where = parents.where(k)
        ident = _text(row.get("id"))
        own = tasks.pop(ident, [])
        if ident and not own:
            raise InputError(f"{where}: commitment {ident!r} has no tasks in {source}")
        values = row_values(Commitment, row, where, skip=("tasks",))
        values["tasks"] = [t for t, _ in own]
        commitment = _commitment(values, where, row.keys(), own)
        if commitment.id in seen:
            raise InputError(
                f"{where}, column 'id': commitment {commitment.id!r} appears twice (first at "
                f"{_place(seen[commitment.id])})"
            )
        seen[commitment.id] = where
        places[(kind, commitment.id)] = where
        for task, place in own:
            places[(kind, commitment.id, task.id)] = place
        found.append(commitment)
    for owner in tasks:
        raise InputError(
            f"{first_row[owner]}, column 'commitment': there is no commitment {owner!r} in "
            f"{parents.source}"
        )
    return tuple(found)


def _validated(model: type[M], values: dict[str, object], where: Where, column: str) -> M:
    return validated(model, values, where, [column])


def _commitment(
    values: Mapping[str, object],
    where: Where,
    columns: Iterable[str],
    tasks: Sequence[tuple[Task, Where]],
) -> Commitment:
    """A commitment from its row and its tasks; a problem between its tasks (an unknown
    predecessor, a cycle, an id used twice) is placed at the row of the task it names."""
    try:
        return Commitment.model_validate(values)
    except ValidationError as error:
        message = described(error, columns)
    cycle = message.partition("cycle: ")[2].split(" -> ")[0].strip()
    for task, place in tasks:
        named = f"task {task.id!r}" in message or f"tasks called {task.id!r}" in message
        if named or task.id == cycle:
            column = "after" if "depend" in message or "cycle" in message else "id"
            raise InputError(f"{place}, {place.noun} {column!r}: {message}")
    raise InputError(f"{where}, {message}")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _place(where: Where) -> str:
    return f"row {where.row}" + (f" (line {where.line})" if where.line else "")


# -- writing ----------------------------------------------------------------------------


def _frame(
    models: Sequence[BaseModel], kind: type[BaseModel], skip: Sequence[str] = ()
) -> pd.DataFrame:
    names = [c.name for c in columns_of(kind, skip)]
    rows = [_row(m, kind, skip) for m in models]
    extra = sorted({k for r in rows for k in r} - set(names))
    return pd.DataFrame(rows, columns=[*names, *extra], dtype=object)


def _time_off_row(person: str, entry: date | tuple[date, date]) -> dict[str, object]:
    """A day off as a row with ``last`` empty, a range with both days."""
    if isinstance(entry, date):
        return {"person": person, "first": entry.isoformat(), "last": None}
    return {"person": person, "first": entry[0].isoformat(), "last": entry[1].isoformat()}


def _row(model: BaseModel, kind: type[BaseModel], skip: Sequence[str]) -> dict[str, object]:
    """A model's fields as cells; a default value is an empty cell."""
    row: dict[str, object] = {}
    for column in columns_of(kind, skip):
        value = getattr(model, column.field)
        if column.key is not None:
            value = None if value is None else getattr(value, column.key)
        default = kind.model_fields[column.field].default
        if column.key is None and value == default:
            row[column.name] = None
            continue
        if column.name.endswith("workdays") and value is not None:
            value = [WEEKDAY_NAMES[d] for d in sorted(value)]
        row[column.name] = None if value is None else cell_text(value)
    for name, info in kind.model_fields.items():  # mappings: one column per key
        value = getattr(model, name)
        if name not in skip and isinstance(value, Mapping) and info is not None:
            for key, item in value.items():
                row[f"{name}.{key}"] = cell_text(item)
    return row
