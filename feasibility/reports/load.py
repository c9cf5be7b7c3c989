"""Skill-week load: booked hours against available hours per skill and week.

:func:`load_data` gives the cells of the heat map: for each skill and week (weeks
start on Monday), the hours booked on tasks of that skill and the hours the people with
that skill have that week. A person with several skills counts in each of them (their
hours are one pool, shared between those skills), so a share near 1 says the week runs
out for that skill. The cells are sums per week, so the map stays small on large books
(a few skills by the weeks of the plan, at most ``weeks``).

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), scheduling="forward",
    ...                   commitments=[Commitment(id="J1", due=date(2026, 12, 31),
    ...                                tasks=[Task(id="a", skill="fit", effort_hours=56)])])
    >>> [(c.week, c.booked, c.available) for c in load_data(planner.book_state).cells]
    [(datetime.date(2026, 11, 30), 40.0, 40.0), (datetime.date(2026, 12, 7), 16.0, 40.0)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from feasibility.book import Book
from feasibility.capacity import units_to_hours
from feasibility.models import Commitment
from feasibility.verdict import plan_frame

MAX_WEEKS = 104


@dataclass(frozen=True)
class LoadCell:
    skill: str
    week: date
    """The Monday of the week."""
    booked: float
    available: float

    @property
    def share(self) -> float:
        """Booked over available hours (1 when a week with no hours has bookings)."""
        if self.available > 0:
            return self.booked / self.available
        return 1.0 if self.booked > 0 else 0.0


@dataclass(frozen=True)
class LoadData:
    skills: tuple[str, ...]
    weeks: tuple[date, ...]
    cells: tuple[LoadCell, ...]

    def cell(self, skill: str, week: date) -> LoadCell:
        return self.cells[self.skills.index(skill) * len(self.weeks) + self.weeks.index(week)]


def load_data(
    book: Book,
    *,
    first: date | None = None,
    weeks: int | None = None,
    assignments: pd.DataFrame | None = None,
    extra: Mapping[str, Commitment] | None = None,
) -> LoadData:
    """The load of ``book``'s plan (or of ``assignments``, whose commitments are booked
    or in ``extra``) per skill and week, from the week of ``first`` (default: the start)
    for ``weeks`` weeks (default: to the last week with booked work, at most 104)."""
    staffing = book.staffing
    frame = plan_frame(book) if assignments is None else assignments
    known = {**book.booked, **(extra or {})}
    start = max(first or staffing.start, staffing.start)
    monday = start - timedelta(days=start.weekday())
    last_day = staffing.start + timedelta(days=staffing.horizon - 1)
    if weeks is None:
        latest = max(frame.day, default=start)
        weeks = min((latest - monday).days // 7 + 1, MAX_WEEKS)
    mondays = tuple(monday + timedelta(weeks=k) for k in range(weeks))
    skills = tuple(sorted({s for p in staffing.staff for s in p.skills}))
    skill_of = {
        (c.id, t.id): t.skill for c in known.values() for t in c.tasks if t.skill is not None
    }
    booked = np.zeros((len(skills), len(mondays)))
    if len(frame):
        week = np.array([(d - monday).days // 7 for d in frame.day])
        keys = zip(frame.commitment, frame.task, strict=True)
        skill = np.array([skills.index(skill_of[k]) for k in keys])
        keep = (week >= 0) & (week < len(mondays)) & (np.array(list(frame.day)) >= start)
        np.add.at(booked, (skill[keep], week[keep]), frame.hours.to_numpy()[keep])
    available = np.zeros((len(skills), len(mondays)))
    for resource, person in zip(staffing.resources, staffing.staff, strict=True):
        for k, day in enumerate(mondays):
            a = max((day - staffing.start).days, (start - staffing.start).days)
            b = min((day - staffing.start).days + 7, (last_day - staffing.start).days + 1)
            hours = units_to_hours(int(resource.capacity[a:b].sum())) if b > a else 0.0
            for skill_name in person.skills:
                available[skills.index(skill_name), k] += hours
    cells = tuple(
        LoadCell(s, w, float(booked[i, k]), float(available[i, k]))
        for i, s in enumerate(skills)
        for k, w in enumerate(mondays)
    )
    return LoadData(skills, mondays, cells)
