"""Table columns from the models' fields, and cells to field values and back.

A column is named after the model field it fills. A field that holds a model or a
mapping is spread over columns named ``<field>.<key>`` (a person's own calendar is
``calendar.workdays`` and ``calendar.holidays``; a mapping of numbers such as
``attributes`` is ``attributes.<name>``), so a field added to a model is a column with no
new code. In a text cell a list is written with ``;`` (or ``,``) between its entries:

- ``skills``: ``install; paint``
- ``workdays``: ``Mon; Tue; Wed`` (or ``0; 1; 2``, Monday is 0)
- ``after``: ``prime; paint:2`` (the task ``paint`` plus a lag of 2 working days)
- ``time_off``: ``2026-12-24; 2026-12-28..2026-12-31`` (a day, or an inclusive range)

An empty cell means "not given" (the field's default).

Example:
    >>> from feasibility.models import Person
    >>> [c.name for c in columns_of(Person)]  # doctest: +NORMALIZE_WHITESPACE
    ['id', 'skills', 'hours_per_day', 'hours_per_week', 'calendar.workdays',
     'calendar.holidays', 'time_off']
    >>> cell_value(field_of(Person, "skills"), "install; paint")
    ['install', 'paint']
"""

from __future__ import annotations

import functools
import math
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel
from pydantic.fields import FieldInfo

SEPARATOR = re.compile(r"\s*[;,]\s*")
RANGE = ".."
LAG = ":"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Column:
    """One column of a table: the field it fills and, for a spread field, the key."""

    name: str
    field: str
    key: str | None
    info: FieldInfo


def field_of(model: type[BaseModel], name: str) -> FieldInfo:
    return model.model_fields[name]


def columns_of(model: type[BaseModel], skip: Sequence[str] = ()) -> list[Column]:
    """The columns of ``model``'s fields (fields in ``skip`` come from other tables).

    A mapping field (``dict[str, ...]``) has no fixed keys: :func:`column_for` accepts
    any ``<field>.<key>`` for it.
    """
    return list(_columns(model, tuple(skip)))


def column_for(model: type[BaseModel], name: str, skip: Sequence[str] = ()) -> Column | None:
    """The column called ``name`` in a table of ``model``, or ``None`` when there is none.

    Example:
        >>> from feasibility.models import Person
        >>> column_for(Person, "calendar.workdays").key, column_for(Person, "colour")
        ('workdays', None)
    """
    found = _by_name(model, tuple(skip)).get(name)
    if found is not None:
        return found
    field, _, key = name.partition(".")
    info = model.model_fields.get(field)
    if key and info is not None and field not in skip and is_mapping(info):
        return Column(name, field, key, info)
    return None


@functools.cache
def _columns(model: type[BaseModel], skip: tuple[str, ...]) -> tuple[Column, ...]:
    found = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        nested = nested_model(info)
        if nested is not None:
            found += [Column(f"{name}.{key}", name, key, info) for key in nested.model_fields]
        elif not is_mapping(info):
            found.append(Column(name, name, None, info))
    return tuple(found)


@functools.cache
def _by_name(model: type[BaseModel], skip: tuple[str, ...]) -> dict[str, Column]:
    return {c.name: c for c in _columns(model, skip)}


def nested_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model a field holds (``Calendar`` for ``Calendar | None``), if any."""
    for kind in _alternatives(info.annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return kind
    return None


def is_mapping(info: FieldInfo) -> bool:
    return any(typing.get_origin(k) in (dict, Mapping) for k in _alternatives(info.annotation))


def is_missing(value: object) -> bool:
    """An empty cell: ``None``, ``""``, or a missing number or date (NaN, NaT)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return value is pd.NaT


def plain(value: object) -> object:
    """A cell as a Python value: numpy scalars to numbers, timestamps to their day."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    return value


def cell_value(info: FieldInfo, value: object, key: str | None = None) -> object:
    """A cell as the value its field is validated from (pydantic does the rest).

    Text cells of list fields are split; list entries of models (``after``) may be
    written ``task:lag``, ranges (``time_off``) ``first..last``, weekdays by name.

    Example:
        >>> from feasibility.models import Task
        >>> cell_value(field_of(Task, "after"), "prime; paint:2")
        ['prime', {'task': 'paint', 'lag_days': '2'}]
    """
    value = plain(value)
    if key is not None:
        nested = nested_model(info)
        if nested is not None:
            return cell_value(nested.model_fields[key], value)
        return value
    item = _item_type(info.annotation)
    if item is None:
        return value
    if isinstance(value, str):
        entries: list[object] = [e for e in SEPARATOR.split(value.strip()) if e]
    elif isinstance(value, list | tuple | set | frozenset):
        entries = [plain(e) for e in value]
    else:
        return value
    return [_entry(item, e) for e in entries]


def cell_text(value: object) -> object:
    """A field value as a cell: lists joined with ``; ``, dates as ISO text.

    Example:
        >>> from feasibility.models import Dependency
        >>> cell_text([Dependency(task="paint", lag_days=2), Dependency(task="prime")])
        'paint:2; prime'
    """
    if isinstance(value, frozenset | set):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple):
        return "; ".join(str(_entry_text(v)) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _entry_text(value: object) -> object:
    if isinstance(value, BaseModel):
        fields = list(type(value).model_fields)
        first = getattr(value, fields[0])
        second = getattr(value, fields[1]) if len(fields) > 1 else None
        default = type(value).model_fields[fields[1]].default if len(fields) > 1 else None
        return first if second == default else f"{first}{LAG}{second}"
    if isinstance(value, tuple) and len(value) == 2:
        first, last = value
        return first.isoformat() if first == last else f"{first.isoformat()}{RANGE}{last}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _entry(item: object, entry: object) -> object:
    if not isinstance(entry, str):
        return entry
    kinds = _alternatives(item)
    model = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
    if model is not None and LAG in entry:
        first, second = list(model.model_fields)[:2]
        name, _, number = entry.rpartition(LAG)
        return {first: name.strip(), second: number.strip()}
    if any(typing.get_origin(k) is tuple for k in kinds) and RANGE in entry:
        first_day, _, last_day = entry.partition(RANGE)
        return (first_day.strip(), last_day.strip())
    if int in kinds and entry.strip().lower()[:3] in WEEKDAYS and not entry.strip().isdigit():
        return WEEKDAYS.index(entry.strip().lower()[:3])
    return entry


def _item_type(annotation: object) -> object | None:
    """The entry type of a list-like field (``str`` for ``frozenset[str]``), else None."""
    for kind in _alternatives(annotation):
        origin = typing.get_origin(kind)
        if origin in (tuple, list, set, frozenset):
            args = typing.get_args(kind)
            return args[0] if args else Any
    return None


def _alternatives(annotation: object) -> tuple[object, ...]:
    """The types a field may hold, ``None`` left out (``X | None`` is ``(X,)``)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is typing.Annotated:
        return _alternatives(typing.get_args(annotation)[0])
    return (annotation,)
