"""A small example book to start from: a kitchen fitter with six people.

Three kitchens are booked (one under way), and two new jobs wait to be quoted: a
kitchen asked for before Christmas, and a small repair. ``feasibility example DIR``
writes it as a folder of CSV files, the layout :func:`~feasibility.files.load_book`
reads.

Example:
    >>> book = example_book()
    >>> [p.id for p in book.staff], [j.id for j in book.jobs]
    (['Ana', 'Ben', 'Caro', 'Dev', 'Eli', 'Fay'], ['Kitchen-Lee', 'Repair-Ng'])
"""

from __future__ import annotations

from datetime import date

from feasibility.files.inputs import BookInputs, BookSettings
from feasibility.models import Calendar, Commitment, Dependency, Person, Task

START = date(2026, 11, 30)
HOLIDAYS = frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31)})


def kitchen(ident: str, customer: str, due: date, size: float, **progress: float) -> Commitment:
    """A kitchen: a survey, units from the supplier, fitting, worktops, then tiling."""
    return Commitment(
        id=ident,
        customer=customer,
        due=due,
        tasks=(
            Task(id="survey", skill="fit", effort_hours=4, finished=progress.get("survey", 0) > 0),
            Task(id="units", lead_time_days=10, after=["survey"]),
            Task(
                id="fit",
                skill="fit",
                effort_hours=60 * size,
                crew=2,
                after=["units"],
                done_hours=progress.get("fit", 0.0),
            ),
            Task(id="worktop", skill="stone", effort_hours=12 * size, after=["fit"]),
            Task(
                id="tile",
                skill="tile",
                effort_hours=24 * size,
                after=[Dependency(task="worktop", lag_days=1)],
            ),
        ),
    )


def example_book() -> BookInputs:
    """The example book (see the module)."""
    shared = Calendar(holidays=HOLIDAYS)
    staff = (
        Person(id="Ana", skills={"fit"}, hours_per_day=8),
        Person(id="Ben", skills={"fit", "tile"}, hours_per_day=8, time_off=(date(2026, 12, 11),)),
        Person(
            id="Caro",
            skills={"fit"},
            hours_per_week=30,
            calendar=Calendar(workdays=frozenset({0, 1, 2}), holidays=HOLIDAYS),
        ),
        Person(id="Dev", skills={"stone"}, hours_per_day=7.5),
        Person(
            id="Eli",
            skills={"tile"},
            hours_per_day=8,
            time_off=((date(2026, 12, 14), date(2026, 12, 18)),),
        ),
        Person(id="Fay", skills={"tile", "stone"}, hours_per_week=20),
    )
    booked = (
        kitchen("Kitchen-Miller", "Miller", date(2026, 12, 23), 1.0, survey=1, fit=16),
        kitchen("Kitchen-Ortiz", "Ortiz", date(2027, 1, 15), 1.5),
        kitchen("Kitchen-Shah", "Shah", date(2027, 1, 29), 0.8),
    )
    jobs = (
        kitchen("Kitchen-Lee", "Lee", date(2026, 12, 23), 1.2),
        Commitment(
            id="Repair-Ng",
            customer="Ng",
            due=date(2026, 12, 11),
            tasks=(
                Task(id="fit", skill="fit", effort_hours=6),
                Task(id="tile", skill="tile", effort_hours=4, after=["fit"]),
            ),
        ),
    )
    return BookInputs(
        settings=BookSettings(start=START),
        calendar=shared,
        staff=staff,
        commitments=booked,
        jobs=jobs,
    )
