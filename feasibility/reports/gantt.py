"""A Gantt chart per person: who works on what, day by day.

:func:`gantt_data` gives what is drawn: one row per person, a bar for each run of a
person's consecutive working days on one task (days off inside a run do not break it:
they are shaded), and the shaded days (weekends, holidays, time off). Only a window of
days is drawn (``weeks`` from ``first``), which keeps a large book (60 people, 4,000
tasks) readable: a bar is a run of one person on one task, so a window holds at most
one bar per person, task and run whatever the size of the book.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), scheduling="forward",
    ...                   commitments=[Commitment(id="J1", due=date(2026, 12, 31),
    ...                                tasks=[Task(id="a", skill="fit", effort_hours=56)])])
    >>> data = gantt_data(planner.book_state, weeks=2)
    >>> [(b.first, b.last, b.hours) for b in data.bars]
    [(datetime.date(2026, 11, 30), datetime.date(2026, 12, 8), 56.0)]
    >>> [(s.first, s.why) for s in data.shades][:1]
    [(datetime.date(2026, 12, 5), 'weekend')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd

from feasibility.book import Book
from feasibility.errors import InputError
from feasibility.verdict import plan_frame

Why = Literal["weekend", "holiday", "time off"]


@dataclass(frozen=True)
class Bar:
    """A run of a person's consecutive working days on one task."""

    person: str
    commitment: str
    task: str
    first: date
    last: date
    hours: float
    highlighted: bool


@dataclass(frozen=True)
class Shade:
    """Days a person does not work, and why."""

    person: str
    first: date
    last: date
    why: Why


@dataclass(frozen=True)
class GanttData:
    people: tuple[str, ...]
    first: date
    last: date
    bars: tuple[Bar, ...]
    shades: tuple[Shade, ...]
    highlight: str | None


def gantt_data(
    book: Book,
    *,
    first: date | None = None,
    weeks: int = 12,
    highlight: str | None = None,
    assignments: pd.DataFrame | None = None,
    people: Sequence[str] | None = None,
) -> GanttData:
    """The bars and shades of ``book``'s plan (or of ``assignments``, such as a verdict's
    whole plan) from ``first`` (default: the start) for ``weeks`` weeks; the bars of the
    commitment ``highlight`` are marked. ``people`` limits the rows to those people (in
    staff order); an unknown one is an ``InputError``."""
    staffing = book.staffing
    begin = max(first or staffing.start, staffing.start)
    end = min(
        begin + timedelta(days=7 * weeks - 1), staffing.start + timedelta(staffing.horizon - 1)
    )
    frame = plan_frame(book) if assignments is None else assignments
    everyone = [p.id for p in staffing.staff]
    if people is not None:
        unknown = sorted(set(people) - set(everyone))
        if unknown:
            raise InputError(f"nobody on the staff is called {', '.join(map(repr, unknown))}")
    shown = tuple(p for p in everyone if people is None or p in people)
    inside = frame[(frame.day >= begin) & (frame.day <= end) & frame.person.isin(shown)]
    index = {p: r for r, p in enumerate(everyone)}
    # a run goes on over the person's days off: count their working days instead
    open_days = [np.cumsum(r.capacity > 0) for r in staffing.resources]
    bars = []
    for (person, commitment, task), rows in inside.groupby(
        ["person", "commitment", "task"], sort=True
    ):
        days = sorted(rows.day)
        hours = rows.groupby("day").hours.sum()
        counts = open_days[index[str(person)]]
        run = [days[0]]
        for day in days[1:]:
            step = counts[(day - staffing.start).days] - counts[(run[-1] - staffing.start).days]
            if step > 1:
                bars.append(_bar(person, commitment, task, run, hours, highlight))
                run = []
            run.append(day)
        bars.append(_bar(person, commitment, task, run, hours, highlight))
    bars.sort(key=lambda b: (index[b.person], b.first, b.commitment, b.task))
    shades = tuple(s for s in _shades(book, begin, end) if s.person in shown)
    return GanttData(shown, begin, end, tuple(bars), shades, highlight)


def _bar(
    person: object,
    commitment: object,
    task: object,
    run: list[date],
    hours: pd.Series,
    highlight: str | None,
) -> Bar:
    return Bar(
        person=str(person),
        commitment=str(commitment),
        task=str(task),
        first=run[0],
        last=run[-1],
        hours=float(sum(hours[d] for d in run)),
        highlighted=commitment == highlight,
    )


def _shades(book: Book, begin: date, end: date) -> tuple[Shade, ...]:
    staffing = book.staffing
    shades: list[Shade] = []
    for person in staffing.staff:
        calendar = person.working_calendar(staffing.calendar)
        day, current = begin, None
        while day <= end:
            why: Why | None = None
            if person.is_off(day):
                why = "time off"
            elif day in calendar.holidays:
                why = "holiday"
            elif day.weekday() not in calendar.workdays:
                why = "weekend"
            if why is not None and current is not None and current.why == why:
                current = Shade(person.id, current.first, day, why)
            else:
                if current is not None:
                    shades.append(current)
                current = None if why is None else Shade(person.id, day, day, why)
            day += timedelta(days=1)
        if current is not None:
            shades.append(current)
    return tuple(shades)
