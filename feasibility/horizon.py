"""What the planning horizon is, and how it grows with what is asked.

The horizon is the run of days the planner plans over, from its start. It is at least
``horizon_days`` long and always reaches ``horizon_days`` past the latest date any
commitment names (a due date, or the pinned start of an open task): a booking, a
check or a commitment given at construction that names a later date grows it before
anything is solved, so that date and the weeks after it can be planned. It never
grows past :data:`~feasibility.limits.MAX_HORIZON_DAYS` (ten years) from the start; a
date beyond that is refused up front (see :mod:`feasibility.validation`).

Growing changes no booked work: the plan keeps every row and every promise its limit.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Commitment, Task
    >>> job = Commitment(id="J1", due=date(2027, 12, 31), tasks=[Task(id="a", lead_time_days=1)])
    >>> needed_horizon(date(2026, 11, 30), [job], current=365, lookahead=365)
    761
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, timedelta

from feasibility.book import Book
from feasibility.compile import Staffing
from feasibility.limits import MAX_HORIZON_DAYS
from feasibility.models import Commitment
from feasibility.validation import is_open
from solvers.problem import stacked_capacity


def furthest_day(start: date) -> date:
    """The last day the planner can plan for: ten years from ``start``.

    Example:
        >>> furthest_day(date(2026, 11, 30))
        datetime.date(2036, 11, 26)
    """
    return start + timedelta(days=MAX_HORIZON_DAYS - 1)


def named_days(commitment: Commitment) -> list[date]:
    """The dates a commitment asks the planner to plan to: its due date and the pinned
    starts of its open tasks.

    Example:
        >>> from feasibility.models import Task
        >>> named_days(Commitment(id="J1", due=date(2027, 1, 8), tasks=[
        ...     Task(id="a", skill="s", effort_hours=4, pinned_start=date(2026, 12, 1)),
        ...     Task(id="b", skill="s", effort_hours=4, pinned_start=date(2026, 11, 2),
        ...          finished=True),
        ... ]))
        [datetime.date(2026, 12, 1), datetime.date(2027, 1, 8)]
    """
    days = [t.pinned_start for t in commitment.tasks if t.pinned_start is not None and is_open(t)]
    if commitment.due is not None:
        days.append(commitment.due)
    return days


def needed_horizon(
    start: date, commitments: Iterable[Commitment], *, current: int, lookahead: int
) -> int:
    """The horizon (days) that covers ``commitments``: ``current`` when it covers every
    date they name, else ``lookahead`` days past the latest one, at most ten years.

    Every named date must lie on or before :func:`furthest_day` (validated before).

    Example:
        >>> from feasibility.models import Task
        >>> job = Commitment(id="J1", due=date(2026, 12, 4), tasks=[Task(id="a", lead_time_days=1)])
        >>> needed_horizon(date(2026, 11, 30), [job], current=365, lookahead=365)
        365
    """
    latest = max((d for c in commitments for d in named_days(c)), default=None)
    if latest is None:
        return current
    period = (latest - start).days
    if period < current:
        return current
    return min(period + lookahead, MAX_HORIZON_DAYS)


def grown(book: Book, horizon: int) -> Book:
    """``book`` over a horizon of ``horizon`` days (at least its own): the same plan and
    promises, every person's capacity on the new days.

    No promise was cut at the old end: the horizon already covered every booked due
    date, so each limit (a due date, or a later planned finish) lies inside it.

    Example:
        >>> from feasibility.models import Calendar, Person
        >>> staffing = Staffing.build(
        ...     Calendar(), (Person(id="ann", skills={"s"}),), date(2026, 11, 30), 7
        ... )
        >>> longer = grown(Book.empty(staffing), 14)
        >>> longer.staffing.horizon, longer.plan.residual.shape
        (14, (1, 14))
    """
    old = book.staffing
    if horizon <= old.horizon:
        return book
    staffing = Staffing.build(old.calendar, old.staff, old.start, horizon)
    capacity = stacked_capacity(staffing.resources, horizon)
    return dataclasses.replace(
        book, staffing=staffing, version=book.version + 1, plan=book.plan.extended(capacity)
    )
