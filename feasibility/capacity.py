"""Capacity in the kernel's integer units: quarter hours per day, counted from the start.

Hours become integers at a fixed resolution of :data:`RESOLUTION` units per hour. Effort
rounds up (work is never understated) and capacity rounds down (capacity is never
overstated), both forgiving float noise of up to 1e-9 of a unit (1e-12 of the value
for large values). Day ``start`` is period 0 and every later day is one period.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Calendar, Person
    >>> ann = Person(id="ann", skills={"fitting"}, hours_per_week=30)
    >>> person_capacity(ann, Calendar(), date(2026, 11, 28), 4)  # Sat, Sun, Mon, Tue
    array([ 0,  0, 24, 24])
    >>> effort_units(1.1), capacity_units(1.1), units_to_hours(5)
    (5, 4, 1.25)
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from feasibility.models import Calendar, Person

IntArray = NDArray[np.int64]

RESOLUTION = 4
"""Units per hour: the model counts quarter hours."""

_TOLERANCE = 1e-9
_RELATIVE_TOLERANCE = 1e-12


def effort_units(hours: float) -> int:
    """Hours of work in units, rounded up to the resolution.

    Example:
        >>> effort_units(2.0), effort_units(2.01), effort_units(1.0000000001)
        (8, 9, 4)
    """
    units = _to_units(hours)
    nearest = round(units)
    return int(nearest) if _is_noise(units, nearest) else math.ceil(units)


def capacity_units(hours: float) -> int:
    """Hours of capacity in units, rounded down to the resolution.

    Example:
        >>> capacity_units(7.5), capacity_units(7.6), capacity_units(0.9999999999)
        (30, 30, 4)
    """
    units = _to_units(hours)
    nearest = round(units)
    return int(nearest) if _is_noise(units, nearest) else math.floor(units)


def units_to_hours(units: int) -> float:
    """Units back to hours.

    Example:
        >>> units_to_hours(30)
        7.5
    """
    return units / RESOLUTION


def working_mask(calendar: Calendar, start: date, days: int) -> IntArray:
    """1 on each working day of ``calendar`` in ``start .. start + days - 1``, else 0.

    Example:
        >>> working_mask(Calendar(holidays={date(2026, 12, 1)}), date(2026, 11, 30), 7)
        array([1, 0, 1, 1, 1, 0, 0])
    """
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    weekdays = (start.weekday() + np.arange(days, dtype=np.int64)) % 7
    working = np.isin(weekdays, np.fromiter(calendar.workdays, dtype=np.int64))
    for holiday in calendar.holidays:
        period = period_of(start, holiday)
        if 0 <= period < days:
            working[period] = False
    return working.astype(np.int64)


def person_capacity(person: Person, shared: Calendar, start: date, days: int) -> IntArray:
    """Units the person can work on each of ``days`` days from ``start``.

    Equal to ``capacity_units(person.hours_on(day, shared))`` day by day: zero on the
    non-working days and holidays of the person's calendar and during time off.

    Example:
        >>> bo = Person(id="bo", skills={"s"}, hours_per_day=7.5, time_off=[date(2026, 12, 2)])
        >>> person_capacity(bo, Calendar(), date(2026, 11, 30), 5)
        array([30, 30,  0, 30, 30])
    """
    mask = working_mask(person.working_calendar(shared), start, days)
    for first, last in person.time_off_ranges:
        begin = max(period_of(start, first), 0)
        end = min(period_of(start, last) + 1, days)
        if begin < end:
            mask[begin:end] = 0
    return mask * capacity_units(person.daily_hours(shared))


def date_of(start: date, period: int) -> date:
    """The date of ``period`` counted from ``start`` (period 0).

    Example:
        >>> date_of(date(2026, 11, 30), 18)
        datetime.date(2026, 12, 18)
    """
    return start + timedelta(days=period)


def period_of(start: date, day: date) -> int:
    """The period of ``day`` counted from ``start`` (negative before ``start``).

    Example:
        >>> period_of(date(2026, 11, 30), date(2026, 12, 18))
        18
    """
    return (day - start).days


def _to_units(hours: float) -> float:
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite, non-negative number, got {hours}")
    return hours * RESOLUTION


def _is_noise(units: float, nearest: int) -> bool:
    # a relative tolerance of 1e-9 let capacity overstate values of some thousands of
    # hours by whole seconds; float noise is below 1e-12 of the value
    return abs(units - nearest) <= max(_TOLERANCE, _RELATIVE_TOLERANCE * abs(units))
