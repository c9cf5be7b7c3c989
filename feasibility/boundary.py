"""The planner's arguments, each coerced to its type or refused with an error naming it.

Everything a caller hands to :class:`~feasibility.planner.Planner`, ``check`` and
``book`` passes through here first, so a wrong argument is an
:class:`~feasibility.errors.InputError` naming the argument and the value it got, never
an ``AttributeError`` from inside. What is accepted: a model or a mapping of its fields
(validated by pydantic, so a malformed one is a ``ValidationError``), a ``datetime``
start (taken as its day) or an ISO date string, whole numbers as ``int`` (``bool`` and
``float`` refused), seconds as any finite real number.

Example:
    >>> from datetime import datetime
    >>> as_start(datetime(2026, 11, 30, 9, 15)), as_start("2026-11-30")
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    >>> as_whole(1.5, "horizon_days", 1, 3650)
    Traceback (most recent call last):
    ...
    feasibility.errors.InputError: horizon_days must be a whole number from 1 to 3650, got 1.5
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from feasibility.errors import InputError
from feasibility.limits import LATEST_START, MAX_TIME_LIMIT
from feasibility.models import Calendar, Commitment, Person

Model = TypeVar("Model", bound=BaseModel)

_DATE = TypeAdapter(date)


def as_model(value: object, kind: type[Model], what: str) -> Model:
    """``value`` as a ``kind``: the model itself, or a mapping of its fields.

    Example:
        >>> as_model({"workdays": [0, 1, 2]}, Calendar, "calendar").workdays
        frozenset({0, 1, 2})
        >>> as_model(None, Calendar, "calendar")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: calendar must be a Calendar, got None
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, Mapping):
        return kind.model_validate(value)
    raise InputError(f"{what} must be a {kind.__name__}, got {_shown(value)}")


def as_models(value: object, kind: type[Model], what: str) -> tuple[Model, ...]:
    """A list (any iterable but a string or a mapping) of ``kind``, each entry as
    :func:`as_model`.

    Example:
        >>> as_models([{"id": "ann", "skills": ["fit"]}], Person, "staff")[0].id
        'ann'
        >>> as_models("ann", Person, "staff")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: staff must be a list of Person, got 'ann'
    """
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise InputError(f"{what} must be a list of {kind.__name__}, got {_shown(value)}")
    entries = []
    for k, entry in enumerate(value):
        if not isinstance(entry, kind | Mapping):
            raise InputError(f"{what} entry {k + 1} must be a {kind.__name__}, got {_shown(entry)}")
        entries.append(as_model(entry, kind, what))
    return tuple(entries)


def as_calendar(value: object) -> Calendar:
    """The shared calendar.

    Example:
        >>> as_calendar({"holidays": ["2026-12-25"]}).holidays
        frozenset({datetime.date(2026, 12, 25)})
    """
    return as_model(value, Calendar, "calendar")


def as_staff(value: object) -> tuple[Person, ...]:
    """The staff: people, or mappings of their fields.

    Example:
        >>> as_staff(None)
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: staff must be a list of Person, got None
    """
    return as_models(value, Person, "staff")


def as_commitments(value: object) -> tuple[Commitment, ...]:
    """The booked commitments; ``None`` means none.

    Example:
        >>> as_commitments(None)
        ()
    """
    return () if value is None else as_models(value, Commitment, "commitments")


def as_commitment(value: object, call: str) -> Commitment:
    """The commitment a ``call`` (``check``, ``book``) is about.

    Example:
        >>> as_commitment(None, "check")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: check needs a Commitment (or a mapping of its fields),
        got None
    """
    if isinstance(value, Commitment):
        return value
    if isinstance(value, Mapping):
        return Commitment.model_validate(value)
    raise InputError(f"{call} needs a Commitment (or a mapping of its fields), got {_shown(value)}")


def as_start(value: object) -> date:
    """The planning start: a date, a datetime (its day) or an ISO date string."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = _DATE.validate_python(value)
        except ValidationError:
            raise InputError(f"start must be a date such as '2026-11-30', got {value!r}") from None
    else:
        raise InputError(f"start must be a date, got {_shown(value)}")
    if day > LATEST_START:
        raise InputError(f"start must be no later than {LATEST_START}, got {day}")
    return day


def as_whole(value: object, what: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (``bool`` and ``float`` refused).

    Example:
        >>> as_whole(0, "workers", 1, 64)
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: workers must be a whole number from 1 to 64, got 0
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not low <= int(value) <= high
    ):
        raise InputError(f"{what} must be a whole number from {low} to {high}, got {_shown(value)}")
    return int(value)


def as_seconds(value: object, what: str) -> float:
    """A time budget: a finite number of seconds above 0, at most a day.

    Example:
        >>> as_seconds(float("nan"), "time_limit")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: time_limit must be a number of seconds above 0 and at
        most 86400, got nan
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
        or not 0 < float(value) <= MAX_TIME_LIMIT
    ):
        raise InputError(
            f"{what} must be a number of seconds above 0 and at most {MAX_TIME_LIMIT:g}, "
            f"got {_shown(value)}"
        )
    return float(value)


def as_flag(value: object, what: str) -> bool:
    """``True`` or ``False``, nothing that merely looks like one.

    Example:
        >>> as_flag("yes", "allow_infeasible")
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: allow_infeasible must be True or False, got 'yes'
    """
    if not isinstance(value, bool):
        raise InputError(f"{what} must be True or False, got {_shown(value)}")
    return value


def as_choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``.

    Example:
        >>> as_choice("fast", "check method", ("layered", "whole-book"))
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: unknown check method 'fast'; choose 'layered' or
        'whole-book'
    """
    if not isinstance(value, str) or value not in choices:
        options = " or ".join(repr(c) for c in choices)
        raise InputError(f"unknown {what} {_shown(value)}; choose {options}")
    return value


def _shown(value: object) -> str:
    """A value as the message shows it: short, with its type when that is the news."""
    if value is None or isinstance(value, bool | numbers.Number | str):
        text = repr(value)
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."
