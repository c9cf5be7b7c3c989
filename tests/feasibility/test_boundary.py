"""Every argument of the public API works or gets a clear error before solving: the
error names the item and the value in business words, and nothing booked changes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError

import feasibility.planner as planner_module
from feasibility import Calendar, Commitment, Dependency, InputError, Person, Planner, Task
from feasibility.limits import MAX_LAG_DAYS
from solvers import ProblemError

START = date(2026, 11, 30)  # a Monday
ANN = [Person(id="ann", skills={"fit"})]
KERNEL_WORDS = re.compile(r"\bperiods?\b|\bresources?\b|\btask \d|\bunits\b")


def job(job_id: str = "J1", *tasks: Task, due: date | None = None) -> Commitment:
    chosen = tasks or (Task(id="a", skill="fit", effort_hours=8),)
    return Commitment(id=job_id, due=due, tasks=chosen)


def planner(**settings: Any) -> Planner:
    fields: dict[str, Any] = {"calendar": Calendar(), "staff": ANN, "start": START}
    return Planner(**{**fields, **settings})


def in_business_words(text: str) -> bool:
    return KERNEL_WORDS.search(text) is None


# -- arguments of the planner ---------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"calendar": None}, "calendar must be a Calendar, got None"),
        ({"staff": None}, "staff must be a list of Person, got None"),
        ({"staff": "ann"}, "staff must be a list of Person, got 'ann'"),
        ({"staff": [ANN[0], 7]}, "staff entry 2 must be a Person, got 7"),
        ({"start": "30/11/2026"}, "start must be a date such as '2026-11-30', got '30/11/2026'"),
        ({"start": 20261130}, "start must be a date, got 20261130"),
        ({"start": date(9999, 1, 1)}, "start must be no later than"),
        ({"horizon_days": 1.5}, "horizon_days must be a whole number from 1 to 3650, got 1.5"),
        ({"horizon_days": True}, "horizon_days must be a whole number from 1 to 3650, got True"),
        ({"horizon_days": 0}, "horizon_days must be a whole number from 1 to 3650, got 0"),
        ({"horizon_days": 10**6}, "horizon_days must be a whole number from 1 to 3650"),
        ({"workers": 2.5}, "workers must be a whole number from 1 to 64, got 2.5"),
        ({"workers": 0}, "workers must be a whole number from 1 to 64, got 0"),
        ({"time_limit": "2"}, "time_limit must be a number of seconds above 0 and at most"),
        ({"time_limit": math.nan}, "time_limit must be a number of seconds above 0 and at most"),
        ({"time_limit": math.inf}, "time_limit must be a number of seconds"),
        ({"time_limit": -1}, "time_limit must be a number of seconds"),
        ({"construction_time_limit": 0}, "construction_time_limit must be a number of seconds"),
        ({"commitments": [job(), "J2"]}, "commitments entry 2 must be a Commitment, got 'J2'"),
        ({"commitments": job()}, "commitments must be a list of Commitment, got a Commitment"),
    ],
    ids=lambda value: str(value)[:40] if isinstance(value, dict) else "",
)
def test_a_wrong_planner_argument_is_named_with_its_value(
    settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        planner(**settings)


def test_a_malformed_model_given_as_a_mapping_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="ann"):
        planner(staff=[{"id": "ann", "skills": ["fit"], "hours_per_day": -3}])
    with pytest.raises(ValidationError, match="workdays"):
        planner(calendar={"workdays": [9]})


@pytest.mark.parametrize(
    "start",
    [datetime(2026, 11, 30, 9, 30), pd.Timestamp("2026-11-30 08:00"), "2026-11-30"],
    ids=["datetime", "pandas timestamp", "iso string"],
)
def test_a_start_whose_meaning_is_plain_is_taken_as_its_day(start: object) -> None:
    assert planner(start=start).start == START


def test_models_may_be_given_as_mappings_of_their_fields() -> None:
    p = planner(
        calendar={"workdays": [0, 1, 2, 3, 4]},
        staff=[{"id": "ann", "skills": ["fit"]}],
        commitments=None,
    )
    verdict = p.check({"id": "J1", "tasks": [{"id": "a", "skill": "fit", "effort_hours": 8}]})
    assert verdict.earliest == START
    p.book({"id": "J1", "tasks": [{"id": "a", "skill": "fit", "effort_hours": 8}]})
    assert p.planned_finish("J1") == START


# -- arguments of check and book ----------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda p: p.check(None),
            "check needs a Commitment (or a mapping of its fields), got None",
        ),
        (lambda p: p.book(None), "book needs a Commitment (or a mapping of its fields), got None"),
        (
            lambda p: p.check("J1"),
            "check needs a Commitment (or a mapping of its fields), got 'J1'",
        ),
        (lambda p: p.check(job(), time_limit=math.nan), "time_limit must be a number of seconds"),
        (lambda p: p.check(job(), time_limit="1"), "time_limit must be a number of seconds"),
        (lambda p: p.book(job(), time_limit=0), "time_limit must be a number of seconds"),
        (lambda p: p.check(job(), method="fast"), "unknown check method 'fast'"),
        (lambda p: p.book(job(), allow_infeasible="yes"), "allow_infeasible must be True or False"),
    ],
    ids=[
        "check None",
        "book None",
        "check a string",
        "nan time limit",
        "string time limit",
        "zero time limit",
        "unknown method",
        "string flag",
    ],
)
def test_a_wrong_call_argument_is_named_and_changes_nothing(
    call: Callable[[Planner], object], message: str
) -> None:
    p = planner()
    p.book(job("J0"))
    state = p.book_state
    with pytest.raises(InputError, match=re.escape(message)):
        call(p)
    assert p.book_state is state


def test_a_malformed_mapping_for_check_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="'a'"):
        planner().check({"id": "J1", "tasks": [{"id": "a", "skill": "fit"}]})


# -- more than 24 hours a day ---------------------------------------------------------------


def test_weekly_hours_over_the_shared_calendar_cannot_exceed_a_day() -> None:
    heavy = Person(id="bo", skills={"fit"}, hours_per_week=100)
    with pytest.raises(InputError, match=r"person 'bo': hours_per_week 100 .* more than 24"):
        planner(calendar=Calendar(workdays={0}), staff=[heavy])
    # the same hours over five working days are 20 a day: fine
    assert planner(staff=[heavy]).check(job(due=START)).feasible


def test_an_own_calendar_is_still_checked_by_the_person() -> None:
    with pytest.raises(ValidationError, match="bo"):
        Person(id="bo", skills={"fit"}, hours_per_week=100, calendar=Calendar(workdays={0}))


# -- nothing hangs ---------------------------------------------------------------------------


def test_a_lag_of_a_billion_days_is_refused_at_once() -> None:
    with pytest.raises(ValidationError, match="lag_days after 'a' cannot exceed 3650"):
        Dependency(task="a", lag_days=10**9)


@pytest.mark.parametrize("method", ["layered", "whole-book"])
def test_the_longest_lag_gets_an_answer(method: str) -> None:
    long_wait = job(
        "J1",
        Task(id="a", skill="fit", effort_hours=8),
        Task(
            id="b", skill="fit", effort_hours=8, after=[Dependency(task="a", lag_days=MAX_LAG_DAYS)]
        ),
    )
    verdict = planner().check(long_wait, method=method)
    assert verdict.earliest is None
    assert in_business_words(" ".join(verdict.sentences))
    assert any("'b'" in reason for reason in verdict.sentences)


def test_a_long_lag_inside_the_horizon_counts_working_days() -> None:
    # 200 working days of Mon-Fri after Mon 30 Nov: b starts on the 201st working day.
    lagged = job(
        "J1",
        Task(id="a", skill="fit", effort_hours=8),
        Task(id="b", skill="fit", effort_hours=8, after=[Dependency(task="a", lag_days=200)]),
    )
    assert planner().check(lagged).earliest == date(2027, 9, 7)


# -- pins and lead times in business words -----------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "calendar", "pin", "message"),
    [
        (
            ANN,
            Calendar(),
            date(2026, 12, 5),
            "Saturday is not a working day of the shared calendar",
        ),
        (
            ANN,
            Calendar(holidays={date(2026, 12, 24)}),
            date(2026, 12, 24),
            "ann: a holiday on the shared calendar",
        ),
        (
            [Person(id="ann", skills={"fit"}, time_off=[(date(2026, 12, 7), date(2026, 12, 11))])],
            Calendar(),
            date(2026, 12, 9),
            "ann: time off",
        ),
    ],
    ids=["saturday", "holiday", "time off"],
)
def test_a_pin_on_a_day_nobody_works_is_refused_before_solving(
    staff: list[Person], calendar: Calendar, pin: date, message: str
) -> None:
    p = planner(staff=staff, calendar=calendar)
    pinned = job("JX", Task(id="tX", skill="fit", effort_hours=8, pinned_start=pin))
    for call in (p.check, p.book):
        with pytest.raises(InputError) as error:
            call(pinned)
        text = str(error.value)
        assert "task 'tX' of commitment 'JX' is pinned to start on" in text
        assert message in text and f"{pin:%d %b %Y}" in text
        assert in_business_words(text)
    with pytest.raises(InputError, match="'tX' of commitment 'JX'"):
        planner(staff=staff, calendar=calendar, commitments=[pinned])


def test_a_pin_before_the_predecessor_can_finish_is_refused_before_solving() -> None:
    early = job(
        "JX",
        Task(id="parts", lead_time_days=10),
        Task(id="tX", skill="fit", effort_hours=8, after=["parts"], pinned_start=date(2026, 12, 1)),
    )
    with pytest.raises(InputError) as error:
        planner().check(early)
    text = str(error.value)
    assert text == (
        "task 'tX' of commitment 'JX' is pinned to start on Tue 01 Dec 2026, but its "
        "predecessor 'parts' cannot finish before Wed 09 Dec 2026, so it cannot start before "
        "Thu 10 Dec 2026"
    )


def test_a_pin_before_a_lag_has_passed_is_refused_naming_the_lag() -> None:
    early = job(
        "JX",
        Task(id="a", skill="fit", effort_hours=8),
        Task(
            id="b",
            skill="fit",
            effort_hours=8,
            after=[Dependency(task="a", lag_days=3)],
            pinned_start=date(2026, 12, 3),
        ),
    )
    with pytest.raises(InputError, match=r"'a' cannot finish before Mon 30 Nov 2026 and 3 working"):
        planner().check(early)


def test_a_lead_time_longer_than_the_horizon_gets_a_verdict_in_business_words() -> None:
    long_lead = job(
        "JX",
        Task(id="parts", lead_time_days=1000),
        Task(id="tX", skill="fit", effort_hours=8, after=["parts"]),
    )
    verdict = planner().check(long_lead)
    assert verdict.earliest is None
    text = " ".join(verdict.sentences)
    assert "The lead time 'parts' of commitment 'JX' (1000 calendar days" in text
    assert "29 Nov 2027" in text
    assert in_business_words(text)


def test_a_pin_on_hours_held_by_pinned_booked_work_gets_a_verdict_in_business_words() -> None:
    p = planner()
    p.book(job("J0", Task(id="w", skill="fit", effort_hours=8, pinned_start=date(2026, 12, 2))))
    clash = job("JX", Task(id="tX", skill="fit", effort_hours=8, pinned_start=date(2026, 12, 2)))
    verdict = p.check(clash)
    assert verdict.earliest is None
    text = " ".join(verdict.sentences)
    assert "Task 'tX' of commitment 'JX' is pinned to start on Wed 02 Dec 2026" in text
    assert "booked work that has started or is pinned holds them" in text
    assert "horizon_days" not in text  # a longer horizon would not help
    assert in_business_words(text)
    with pytest.raises(InputError, match="'JX' cannot be booked"):
        p.book(clash, allow_infeasible=True)


def test_a_schedule_the_construction_cannot_build_is_refused_in_business_words() -> None:
    with pytest.raises(InputError) as error:
        planner(horizon_days=7, commitments=[job("J1", Task(id="a", skill="fit", effort_hours=80))])
    assert "task 'a' of commitment 'J1' cannot be finished before" in str(error.value)
    assert in_business_words(str(error.value))


def test_a_kernel_error_that_escapes_validation_is_said_in_business_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = planner()
    p.book(job("J0"))
    state = p.book_state

    def malformed(*args: object) -> None:
        raise ProblemError("task 0 (J1/a) is fixed to start in period 5 but its resources fail")

    monkeypatch.setattr(planner_module, "run_check", malformed)
    for call in (p.check, p.book):
        with pytest.raises(InputError) as error:
            call(job())
        assert str(error.value) == (
            "task 'a' of commitment 'J1' is fixed to start on Sat 05 Dec 2026 but its people fail"
        )
        assert p.book_state is state


# -- what used to be accepted silently ---------------------------------------------------------


def test_a_finished_task_after_an_open_one_is_refused() -> None:
    odd = job(
        "J1",
        Task(id="a", skill="fit", effort_hours=8),
        Task(id="b", skill="fit", effort_hours=8, after=["a"], finished=True),
    )
    message = "task 'b' of commitment 'J1' is finished, but its predecessor 'a' is not"
    with pytest.raises(InputError, match=re.escape(message)):
        planner().check(odd)
    with pytest.raises(InputError, match=re.escape(message)):
        planner(commitments=[odd])


def test_a_shared_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(InputError, match="the shared calendar has no working weekdays"):
        planner(calendar=Calendar(workdays=frozenset()))


def test_every_error_above_is_an_input_error_or_a_validation_error() -> None:
    assert issubclass(InputError, ValueError)
    assert issubclass(ValidationError, ValueError)
