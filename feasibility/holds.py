"""Holds: capacity reserved for a quote while the customer decides.

``planner.hold(job, until=...)`` books the job's plan like a booking, so every later
check sees the hours as taken, and records when the hold ends. A hold ends in one of
three ways: it expires (from ``until`` on, it never blocks anyone: the planner drops it
before it answers anything), it is released (``planner.release(hold)``), or it becomes
a booking (``planner.book(hold)``: the plan it reserved is kept as it is now).

Times are compared on the planner's clock, an injectable function returning the
current time (``datetime.now(timezone.utc)`` unless the planner is given another); a
``datetime`` without a time zone is taken as UTC.

Example:
    >>> from datetime import datetime, timezone
    >>> as_until(datetime(2026, 12, 4, 17, 0), now=datetime(2026, 12, 3, tzinfo=timezone.utc))
    datetime.datetime(2026, 12, 4, 17, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from feasibility.errors import InputError
from feasibility.verdict import Verdict

Clock = Callable[[], datetime]
"""Returns the current time."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone (UTC when it has none).

    Example:
        >>> aware(datetime(2026, 12, 3, 9, 0)).tzinfo
        datetime.timezone.utc
    """
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def as_until(value: object, *, now: datetime) -> datetime:
    """When a hold ends: a ``datetime`` later than ``now``, else an
    :class:`~feasibility.errors.InputError` naming the value."""
    if not isinstance(value, datetime):
        raise InputError(f"until must be a datetime (when the hold ends), got {value!r}")
    until = aware(value)
    if until <= aware(now):
        raise InputError(f"a hold must end after now ({aware(now):%Y-%m-%d %H:%M %Z}), got {until}")
    return until


@dataclass(frozen=True)
class Hold:
    """Capacity reserved for ``commitment`` until ``until``; ``verdict`` is the check it
    was placed with (its plan is what is reserved)."""

    commitment: str
    until: datetime
    verdict: Verdict = field(repr=False, compare=False)

    def expired(self, now: datetime) -> bool:
        """Whether the hold has ended by ``now`` (it ends at ``until`` exactly)."""
        return aware(now) >= self.until
