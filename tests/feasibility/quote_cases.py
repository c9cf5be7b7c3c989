"""Small hand-made cases shared by the tests of reasons, levers, tiers and holds.

Mon 30 Nov 2026 is the planning start, on a Mon-Fri calendar; ``ann`` works 8 hours a
day with the skill ``fit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from feasibility import Calendar, Commitment, Person, Planner, Task

START = date(2026, 11, 30)


def day(month: int, d: int) -> date:
    return date(2026, month, d)


def ann_planner(booked: Sequence[Commitment] = (), **options: object) -> Planner:
    """A planner with ``ann`` alone on the staff."""
    return Planner(
        calendar=Calendar(),
        staff=[Person(id="ann", skills={"fit"})],
        start=START,
        commitments=booked,
        **options,  # type: ignore[arg-type]
    )


def fit_job(name: str, due: date, hours: float, task: str = "x") -> Commitment:
    """One task of ``fit`` work."""
    return Commitment(id=name, due=due, tasks=[Task(id=task, skill="fit", effort_hours=hours)])


def supplied_job(due: date) -> Commitment:
    """A 10-day supply (30 Nov .. 9 Dec) then 8 h of fitting on Thu 10 Dec."""
    return Commitment(
        id="J",
        due=due,
        tasks=[
            Task(id="order", lead_time_days=10),
            Task(id="fit", skill="fit", effort_hours=8, after=["order"]),
        ],
    )
