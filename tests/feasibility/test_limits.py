"""Numbers past the limits that keep the kernel's integers safe are refused by the models,
naming the item, the field and the value; True/False are never numbers; a datetime is
taken as its day."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import pytest
from pydantic import ValidationError

from feasibility import Commitment, Dependency, Person, Task
from feasibility.limits import MAX_EFFORT_HOURS, MAX_LAG_DAYS, MAX_LEAD_TIME_DAYS


def one_task(**fields: object) -> Commitment:
    return Commitment(id="J1", tasks=(Task(id="a", **fields),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Task(id="a", skill="fit", effort_hours=1e20),
            "task 'a': effort_hours cannot exceed 1,000,000, got 1e+20",
        ),
        (
            lambda: Dependency(task="a", lag_days=10**9),
            "lag_days after 'a' cannot exceed 3650 working days (ten years), got 1000000000",
        ),
        (
            lambda: Task(
                id="b", skill="fit", effort_hours=1, after=[{"task": "a", "lag_days": 10**9}]
            ),
            "task 'b': lag_days after 'a' cannot exceed 3650",
        ),
        (
            lambda: Task(id="ship", lead_time_days=10**6),
            "task 'ship': lead_time_days cannot exceed 3650 (ten years), got 1000000",
        ),
        (
            lambda: Task(id="a", skill="fit", effort_hours=8, crew=10**12),
            "task 'a': crew cannot exceed 10,000, got 1000000000000",
        ),
        (
            lambda: Commitment(id="J1", priority=10**9, tasks=(Task(id="a", lead_time_days=1),)),
            "commitment 'J1': priority cannot exceed 1,000, got 1000000000",
        ),
        (
            lambda: Task(id="a", skill="fit", effort_hours=True),
            "task 'a': effort_hours must be a number, got True",
        ),
        (
            lambda: Commitment(id="J1", priority=True, tasks=(Task(id="a", lead_time_days=1),)),
            "commitment 'J1': priority must be a number, got True",
        ),
        (
            lambda: Person(id="ann", skills={"fit"}, hours_per_week=False),
            "person 'ann': hours_per_week must be a number, got False",
        ),
        (
            lambda: Task(
                id="b", skill="fit", effort_hours=1, after=[{"task": "a", "lag_days": True}]
            ),
            "task 'b': lag_days after 'a' must be a number, got True",
        ),
    ],
    ids=[
        "effort",
        "lag",
        "lag as a dict",
        "lead time",
        "crew",
        "priority",
        "bool effort",
        "bool priority",
        "bool hours",
        "bool lag",
    ],
)
def test_refused_with_the_item_the_field_and_the_value(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        build()


def test_the_limits_themselves_are_accepted() -> None:
    assert Task(id="a", skill="fit", effort_hours=MAX_EFFORT_HOURS).remaining_hours == 1e6
    assert Task(id="ship", lead_time_days=MAX_LEAD_TIME_DAYS).is_lead_time
    assert Dependency(task="a", lag_days=MAX_LAG_DAYS).lag_days == 3650


def test_a_datetime_due_date_or_pin_is_taken_as_its_day() -> None:
    job = Commitment(
        id="J1",
        due=datetime(2026, 12, 18, 17, 30),
        tasks=(Task(id="a", skill="fit", effort_hours=8, pinned_start=datetime(2026, 12, 1, 8)),),
    )
    assert job.due == date(2026, 12, 18)
    assert job.task("a").pinned_start == date(2026, 12, 1)
