"""Construction: forward plans go as early as they fit, backward plans finish a safety
margin before their due dates, and the answers of a check do not depend on which."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from semantics import check_plan

from benchmarks.workloads import WorkloadSpec, generate, quote_stream
from feasibility import Calendar, Commitment, InputError, Person, Planner, Task
from feasibility.models import Dependency

START = date(2026, 11, 30)  # a Monday


def _planner(scheduling: str, commitments: list[Commitment], **options: object) -> Planner:
    return Planner(
        calendar=Calendar(),
        staff=[Person(id="ann", skills={"fit"}, hours_per_day=8)],
        start=START,
        commitments=commitments,
        horizon_days=60,
        scheduling=scheduling,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )


def _job(due: date) -> Commitment:
    return Commitment(
        id="J1",
        due=due,
        tasks=[
            Task(id="a", skill="fit", effort_hours=8),
            Task(id="b", lead_time_days=2, after=[Dependency(task="a")]),
            Task(id="c", skill="fit", effort_hours=8, after=[Dependency(task="b")]),
        ],
    )


def test_forward_plans_as_early_as_it_fits() -> None:
    planner = _planner("forward", [_job(date(2026, 12, 31))])
    assert planner.planned_finish("J1") == date(2026, 12, 3)


def test_backward_plans_a_safety_margin_before_the_due_date() -> None:
    # Due Thursday 31 Dec: its last five working days (25 and 28-31 Dec) stay free, so
    # the last task ends on Thursday 24 Dec, the two-day lead time runs 22-23 Dec and
    # the first task takes Monday 21 Dec.
    planner = _planner("backward", [_job(date(2026, 12, 31))])
    assert planner.planned_finish("J1") == date(2026, 12, 24)
    tasks = planner.tasks.set_index("task")
    assert tasks.loc["c", "start"] == date(2026, 12, 24)
    assert tasks.loc["b", "start"] == date(2026, 12, 22)
    assert tasks.loc["a", "finish"] == date(2026, 12, 21)


def test_backward_with_no_room_for_the_margin_keeps_the_early_plan() -> None:
    planner = _planner("backward", [_job(date(2026, 12, 4))])
    assert planner.planned_finish("J1") == date(2026, 12, 3)


def test_the_safety_margin_is_the_callers() -> None:
    planner = _planner("backward", [_job(date(2026, 12, 31))], safety_days=0)
    assert planner.planned_finish("J1") == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("option", "value"), [("scheduling", "sideways"), ("safety_days", -1), ("safety_days", 1.5)]
)
def test_bad_construction_options_are_named(option: str, value: object) -> None:
    with pytest.raises(InputError, match=option):
        Planner(
            calendar=Calendar(),
            staff=[Person(id="ann", skills={"fit"})],
            start=START,
            **{option: value},  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_plans_are_valid_punctual_and_give_the_same_proven_answers(seed: int) -> None:
    workload = generate(
        WorkloadSpec(name="small", people=4, skills=2, commitments=5, horizon_days=60, seed=seed)
    )
    planners = {
        scheduling: Planner(
            calendar=workload.calendar,
            staff=workload.staff,
            start=workload.spec.start,
            commitments=workload.commitments,
            horizon_days=60,
            time_limit=1.0,
            construction_time_limit=2.0,
            scheduling=scheduling,  # type: ignore[arg-type]
        )
        for scheduling in ("forward", "backward")
    }
    forward, backward = planners["forward"], planners["backward"]
    for c in workload.commitments:
        if forward.planned_finish(c.id) <= c.due:  # type: ignore[operator]
            assert backward.planned_finish(c.id) <= c.due  # type: ignore[operator]
        assert backward.planned_finish(c.id) >= forward.planned_finish(c.id)
    deadlines = {
        c: START + timedelta(days=end - 1) for c, end in backward.book_state.limits.items()
    }
    problems = check_plan(
        calendar=workload.calendar,
        staff=workload.staff,
        start=START,
        commitments=list(workload.commitments),
        assignments=backward.assignments,
        tasks=backward.tasks,
        deadlines=deadlines,
        horizon_days=60,
    )
    assert problems == []
    for quote in quote_stream(workload, 3, seed=seed):
        ahead, behind = forward.check(quote), backward.check(quote)
        if ahead.proven and behind.proven:
            assert ahead.earliest == behind.earliest


def test_no_margin_never_plans_past_a_friday_due_date() -> None:
    # The lead time runs on calendar days: the weekend after a Friday due is no room.
    job = Commitment(
        id="J1",
        due=date(2026, 12, 11),
        tasks=[
            Task(id="fit", skill="fit", effort_hours=8),
            Task(id="ship", lead_time_days=2, after=[Dependency(task="fit")]),
        ],
    )
    planner = _planner("backward", [job], safety_days=0)
    assert planner.planned_finish("J1") == date(2026, 12, 11)
