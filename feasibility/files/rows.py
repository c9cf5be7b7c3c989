"""Rows of a table to models, every row validated by pydantic, errors naming the place.

A row is a mapping of column names to cells (see :mod:`feasibility.files.columns`).
Each becomes one model; a row that does not validate is an
:class:`~feasibility.errors.InputError` naming the file, the row and the column, such as
``people.csv, row 3 (line 4), column 'hours_per_day': person 'bo': hours_per_day must
not be negative, got -2.0``. Rows are counted from 1 below the header; for a CSV file
the line in the file is given too.

Example:
    >>> from feasibility.models import Person
    >>> where = Where("people.csv", row=1, line=2)
    >>> sorted(model_from_row(Person, {"id": "ann", "skills": "fit; paint"}, where).skills)
    ['fit', 'paint']
    >>> model_from_row(Person, {"id": "bo", "skills": "fit", "hours_per_day": "x"}, where)
    Traceback (most recent call last):
    ...
    feasibility.errors.InputError: people.csv, row 1 (line 2), column 'hours_per_day': Input
    should be a valid number, unable to parse string as a number, got 'x'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from feasibility.errors import InputError
from feasibility.files.columns import cell_value, column_for, columns_of, is_missing

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Where:
    """A place in the input: a file (or frame), and a row of it or an entry of a list."""

    source: str
    row: int | None = None
    line: int | None = None
    entry: str | None = None
    """For nested files (JSON, YAML): what the place is, e.g. ``staff entry 2``."""

    @property
    def noun(self) -> str:
        """Tables have columns, nested files have fields."""
        return "field" if self.entry is not None else "column"

    def __str__(self) -> str:
        parts = [self.source]
        if self.entry is not None:
            parts.append(self.entry)
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" (line {self.line})" if self.line else ""))
        return ", ".join(parts)


def check_columns(
    model: type[BaseModel],
    names: Iterable[str],
    where: Where,
    *,
    skip: Sequence[str] = (),
    links: Collection[str] = (),
) -> None:
    """Refuse a column that fills no field of ``model`` (nor is one of ``links``).

    Example:
        >>> from feasibility.models import Person
        >>> check_columns(Person, ["id", "skils"], Where("people.csv"))
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: people.csv: unknown column 'skils'; the columns are id,
        skills, hours_per_day, hours_per_week, calendar.workdays, calendar.holidays, time_off
    """
    for name in names:
        name = str(name)
        if name in links or column_for(model, name, skip) is not None:
            continue
        if where.entry is not None and name in model.model_fields and name not in skip:
            continue
        known = [*links, *(c.name for c in columns_of(model, skip))]
        raise InputError(
            f"{where}: unknown {where.noun} {name!r}; the columns are {', '.join(known)}"
        )


def model_from_row(
    model: type[Model],
    row: Mapping[str, object],
    where: Where,
    *,
    skip: Sequence[str] = (),
    links: Collection[str] = (),
    given: Mapping[str, object] | None = None,
) -> Model:
    """One row as a ``model``: cells read as its fields, ``given`` fields added (those
    that come from other tables), ``links`` (columns that name a parent row) ignored."""
    values = row_values(model, row, where, skip=skip, links=links)
    values.update(given or {})
    return validated(model, values, where, row.keys())


def row_values(
    model: type[BaseModel],
    row: Mapping[str, object],
    where: Where,
    *,
    skip: Sequence[str] = (),
    links: Collection[str] = (),
) -> dict[str, object]:
    """The field values of one row, ready for ``model.model_validate``."""
    check_columns(model, row.keys(), where, skip=skip, links=links)
    values: dict[str, object] = {}
    for name, cell in row.items():
        if name in links or is_missing(cell):
            continue
        column = column_for(model, name, skip)
        if column is None:  # a whole nested field, in a nested file
            values[name] = cell
        elif column.key is None:
            values[name] = cell_value(column.info, cell)
        else:
            part = values.setdefault(column.field, {})
            assert isinstance(part, dict)
            part[column.key] = cell_value(column.info, cell, column.key)
    return values


def validated(
    model: type[Model], values: Mapping[str, object], where: Where, columns: Iterable[str]
) -> Model:
    """``model`` from ``values``, or an ``InputError`` naming ``where`` and the column."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise InputError(f"{where}, {described(error, columns, where.noun)}") from None


def described(error: ValidationError, columns: Iterable[str], noun: str = "column") -> str:
    """The first problem of ``error`` with the column it is about."""
    detail = error.errors()[0]
    cause = detail.get("ctx", {}).get("error")
    message = str(cause) if isinstance(cause, ValueError) else detail["msg"]
    loc = [part for part in detail["loc"] if isinstance(part, str)]
    if loc:
        column = ".".join(loc[:2])
        if cause is None and "input" in detail and not isinstance(detail["input"], dict):
            message += f", got {detail['input']!r}"
        return f"{noun} {column!r}: {message}"
    named = named_in(message, columns)
    return f"{noun} {named!r}: {message}" if named else message


def named_in(message: str, columns: Iterable[str]) -> str | None:
    """The column a message of a whole-model check is about: the first named in it."""
    found = []
    for column in columns:
        hit = re.search(rf"(?<![\w.]){re.escape(str(column))}(?![\w.])", message)
        if hit is not None:
            found.append((hit.start(), str(column)))
    return min(found)[1] if found else None
