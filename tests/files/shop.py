"""A small shop: four people (an own calendar, time off, two skills), three booked
commitments (one under way) and two new jobs."""

from __future__ import annotations

from datetime import date

from feasibility import Calendar, Commitment, Dependency, Person, Task
from feasibility.files import BookInputs, BookSettings

START = date(2026, 11, 30)  # a Monday
CALENDAR = Calendar(holidays=frozenset({date(2026, 12, 24), date(2026, 12, 25)}))


def staff() -> tuple[Person, ...]:
    return (
        Person(id="ann", skills={"fit"}, hours_per_week=30),
        Person(
            id="bo",
            skills={"fit", "paint"},
            hours_per_day=7.5,
            time_off=(date(2026, 12, 7), (date(2026, 12, 14), date(2026, 12, 16))),
        ),
        Person(
            id="cy",
            skills={"paint"},
            hours_per_week=32,
            calendar=Calendar(workdays=frozenset({0, 1, 2, 3})),
        ),
        Person(id="dee", skills={"fit"}, hours_per_day=8),
    )


def commitments() -> tuple[Commitment, ...]:
    return (
        Commitment(
            id="K1",
            customer="Miller",
            due=date(2026, 12, 18),
            priority=3,
            tasks=(
                Task(id="parts", lead_time_days=4),
                Task(id="fit", skill="fit", effort_hours=60, crew=2, after=["parts"]),
                Task(
                    id="paint",
                    skill="paint",
                    effort_hours=16,
                    after=[Dependency(task="fit", lag_days=1)],
                ),
            ),
        ),
        Commitment(
            id="K2",
            customer="Ortiz",
            due=date(2027, 1, 15),
            tasks=(
                Task(id="fit", skill="fit", effort_hours=40, done_hours=10),
                Task(id="paint", skill="paint", effort_hours=12, after=["fit"]),
            ),
        ),
        Commitment(
            id="K3",
            due=date(2027, 1, 29),
            tasks=(
                Task(id="old", skill="fit", effort_hours=5, finished=True),
                Task(id="fit", skill="fit", effort_hours=24, after=["old"]),
            ),
        ),
    )


def jobs() -> tuple[Commitment, ...]:
    return (
        Commitment(
            id="N1",
            customer="Lee",
            due=date(2026, 12, 11),
            tasks=(
                Task(id="fit", skill="fit", effort_hours=70),
                Task(id="paint", skill="paint", effort_hours=10, after=["fit"]),
            ),
        ),
        Commitment(
            id="N2",
            due=date(2027, 1, 8),
            tasks=(Task(id="fit", skill="fit", effort_hours=12),),
        ),
    )


def book() -> BookInputs:
    return BookInputs(
        settings=BookSettings(start=START, time_limit=2.0, construction_time_limit=5.0),
        calendar=CALENDAR,
        staff=staff(),
        commitments=commitments(),
        jobs=jobs(),
    )
