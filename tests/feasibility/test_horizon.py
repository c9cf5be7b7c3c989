"""The planning horizon grows with the dates commitments name, up to ten years; no
accepted booking ever stops a later check or booking from working."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from pandas.testing import assert_frame_equal
from semantics import check_plan

from feasibility import Calendar, Commitment, InputError, Person, Planner, Task
from feasibility.limits import MAX_HORIZON_DAYS

START = date(2026, 11, 30)  # a Monday
ANN = [Person(id="ann", skills={"fit"})]


def job(job_id: str, due: date | None = None, effort: float = 8, **task: object) -> Commitment:
    return Commitment(
        id=job_id,
        due=due,
        tasks=(Task(id="a", skill="fit", effort_hours=effort, **task),),  # type: ignore[arg-type]
    )


def test_a_booking_due_a_day_past_the_horizon_leaves_every_later_call_working() -> None:
    """The issue's repro: J1 due 30 Nov 2027, one day after the default horizon."""
    planner = Planner(calendar=Calendar(), staff=ANN, start=START)
    assert planner.horizon_end == date(2027, 11, 29)
    planner.book(job("J1", due=date(2027, 11, 30)))
    assert planner.horizon_end == date(2027, 11, 30) + timedelta(days=364)
    assert planner.check(job("J2")).earliest is not None
    planner.book(job("J2", due=date(2027, 12, 31)))
    later = planner.check(job("J3", due=date(2028, 6, 1)))
    assert later.feasible


def test_the_same_through_the_constructor() -> None:
    planner = Planner(
        calendar=Calendar(), staff=ANN, start=START, commitments=[job("J1", due=date(2027, 11, 30))]
    )
    assert planner.horizon_end >= date(2027, 11, 30)
    assert planner.check(job("J2")).feasible
    planner.book(job("J2", due=date(2027, 12, 1)))


def test_the_horizon_reaches_horizon_days_past_the_latest_named_date() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=30)
    due = date(2027, 3, 1)
    planner.check(job("J1", due=due))
    assert planner.horizon_end == due + timedelta(days=29)


def test_a_date_inside_the_horizon_does_not_grow_it() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START)
    state = planner.book_state
    planner.check(job("J1", due=date(2027, 11, 29)))
    assert planner.book_state is state


def test_a_pin_past_the_horizon_grows_it_and_is_honoured() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=14)
    pinned = job("J1", pinned_start=date(2027, 2, 1))  # a Monday
    verdict = planner.book(pinned)
    assert verdict.earliest == date(2027, 2, 1)
    assert planner.planned_finish("J1") == date(2027, 2, 1)


def test_growth_keeps_every_booked_row_and_frees_the_new_days() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=14)
    planner.book(job("J0", due=date(2026, 12, 4), effort=40))  # fills the first week
    before = planner.assignments.copy()
    verdict = planner.check(job("J1", due=date(2027, 1, 29), effort=16))
    assert_frame_equal(planner.assignments, before)
    assert verdict.earliest == date(2026, 12, 8)
    # the new days carry the people's hours: a job that needs them fits
    planner.book(job("J2", due=date(2027, 1, 29), effort=80))
    assert planner.planned_finish("J2") <= date(2027, 1, 29)


def test_growth_keeps_every_promise() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=14)
    planner.book(job("J0", effort=8))
    planner.book(job("J1", due=date(2026, 12, 20), effort=8))
    limits = dict(planner.book_state.limits)
    assert limits == {"J0": 1, "J1": 21}
    planner.check(job("J2", due=date(2027, 9, 1)))
    assert planner.book_state.staffing.horizon > 21
    assert planner.book_state.limits == limits


def test_a_verdict_on_a_grown_horizon_is_booked_as_it_is() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=7)
    verdict = planner.check(job("J1", due=date(2027, 1, 4)))
    assert verdict.basis is planner.book_state
    planner.book(verdict)
    assert planner.planned_finish("J1") == START
    assert_frame_equal(planner.assignments, verdict.assignments)


def test_a_plan_on_a_grown_horizon_follows_the_time_semantics() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=10)
    jobs = [job("J1", due=date(2026, 12, 4), effort=24), job("J2", due=date(2027, 1, 8), effort=60)]
    for commitment in jobs:
        planner.book(commitment)
    problems = check_plan(
        calendar=Calendar(),
        staff=ANN,
        start=START,
        commitments=jobs,
        assignments=planner.assignments,
        tasks=planner.tasks,
        deadlines={"J1": date(2026, 12, 4), "J2": date(2027, 1, 8)},
        horizon_days=planner.book_state.staffing.horizon,
    )
    assert problems == []


@pytest.mark.parametrize(
    ("commitment", "message"),
    [
        (
            job("J1", due=date(2036, 11, 27)),
            "commitment 'J1' is due 2036-11-27, after the last day",
        ),
        (
            job("J1", pinned_start=date(2040, 1, 2)),
            "task 'a' of commitment 'J1' is pinned to start 2040-01-02, after the last day",
        ),
    ],
    ids=["due", "pin"],
)
def test_a_date_past_ten_years_is_refused_up_front(commitment: Commitment, message: str) -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START)
    state = planner.book_state
    for call in (planner.check, planner.book):
        with pytest.raises(InputError, match=re.escape(message) + r".*2036-11-26"):
            call(commitment)
        assert planner.book_state is state
    with pytest.raises(InputError, match="'J1'"):
        Planner(calendar=Calendar(), staff=ANN, start=START, commitments=[commitment])


def test_the_last_of_the_ten_years_can_be_asked_for() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=7)
    last = START + timedelta(days=MAX_HORIZON_DAYS - 1)
    verdict = planner.check(job("J1", due=last))
    assert verdict.feasible
    assert planner.book_state.staffing.horizon == MAX_HORIZON_DAYS


def test_work_that_runs_past_the_horizon_gets_a_verdict_naming_its_end() -> None:
    planner = Planner(calendar=Calendar(), staff=ANN, start=START, horizon_days=7)
    verdict = planner.check(job("J1", effort=80))
    assert verdict.earliest is None and not verdict.feasible
    text = " ".join(verdict.sentences)
    assert "06 Dec 2026" in text and "horizon_days" in text
    assert "period" not in text and "resource" not in text
