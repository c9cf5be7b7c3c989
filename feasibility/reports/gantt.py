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
    bars = _bars(book, inside, index, highlight)
    shades = tuple(s for s in _shades(book, begin, end) if s.person in shown)
    return GanttData(shown, begin, end, tuple(bars), shades, highlight)


def _bars(
    book: Book, rows: pd.DataFrame, index: dict[str, int], highlight: str | None
) -> list[Bar]:
    """Runs of a person's consecutive working days on one task, as bars."""
    if rows.empty:
        return []
    daily = rows.groupby(["person", "commitment", "task", "day"], as_index=False, sort=True)
    work = daily.hours.sum()
    staffing = book.staffing
    # a run goes on over the person's days off: count their working days instead
    open_days = np.cumsum(np.stack([r.capacity for r in staffing.resources]) > 0, axis=1)
    resource = work.person.map(index).to_numpy()
    period = np.array([(d - staffing.start).days for d in work.day])
    count = open_days[resource, period]
    keys = work[["person", "commitment", "task"]].to_numpy()
    same_task = np.zeros(len(work), dtype=bool)
    same_task[1:] = (keys[1:] == keys[:-1]).all(axis=1)
    gap = np.zeros(len(work), dtype=bool)
    gap[1:] = count[1:] - count[:-1] > 1
    work["run"] = np.cumsum(~same_task | gap)
    runs = work.groupby("run", sort=True).agg(
        person=("person", "first"),
        commitment=("commitment", "first"),
        task=("task", "first"),
        first=("day", "min"),
        last=("day", "max"),
        hours=("hours", "sum"),
    )
    bars = [
        Bar(
            person=str(r.person),
            commitment=str(r.commitment),
            task=str(r.task),
            first=r.first,
            last=r.last,
            hours=float(r.hours),
            highlighted=r.commitment == highlight,
        )
        for r in runs.itertuples(index=False)
    ]
    bars.sort(key=lambda b: (index[b.person], b.first, b.commitment, b.task))
    return bars


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
