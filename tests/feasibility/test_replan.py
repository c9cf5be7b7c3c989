"""Batch re-planning: rubric, must-keep, started and pinned work, minimal disruption,
the independent checker on every plan, determinism, adoption, diffs, reports, files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from pydantic import ValidationError
from semantics import check_plan

from feasibility import (
    Calendar,
    Cancellation,
    Commitment,
    Departure,
    EffortChange,
    InputError,
    LeadTimeChange,
    NewCommitment,
    NewHire,
    Person,
    Plan,
    Planner,
    Rubric,
    Task,
    TimeOff,
)
from feasibility.plan import read_frames
from feasibility.replan import replan_facts
from feasibility.replan_tracks import fresh_track, guided_repair, search
from feasibility.warm_start import Start, rated, warm_start
from solvers.bounds import lower_bound
from solvers.checker import objective_value, violations
from solvers.deadline import Deadline
from solvers.lns import LnsSettings
from solvers.problem import Problem, TaskSchedule
from solvers.repair import repair

MONDAY = date(2026, 11, 30)
ROUNDS = 4
"""Re-plans in these tests run a fixed number of rounds: the answer does not depend on
the machine's speed."""


def _planner(staff: list[Person], jobs: list[Commitment], **options: object) -> Planner:
    return Planner(calendar=Calendar(), staff=staff, start=MONDAY, commitments=jobs, **options)  # type: ignore[arg-type]


def _replan(planner: Planner, disruptions: list[object] = (), **options: object) -> Plan:  # type: ignore[assignment]
    return planner.replan(disruptions, rounds=ROUNDS, progress=False, time_limit=60, **options)  # type: ignore[arg-type]


def _judge(plan: Plan, staff: list[Person], jobs: list[Commitment]) -> None:
    """The plan obeys the time semantics, judged by the independent reference checker."""
    problems = check_plan(
        calendar=Calendar(),
        staff=staff,
        start=MONDAY,
        commitments=jobs,
        assignments=plan.assignments,
        tasks=plan.tasks,
        horizon_days=plan.book.staffing.horizon,
    )
    assert problems == []


def _work(job_id: str, hours: float, due_in: int, **fields: object) -> Commitment:
    fields.setdefault("customer", f"customer of {job_id}")
    return Commitment(
        id=job_id,
        due=MONDAY + timedelta(days=due_in),
        tasks=[Task(id="fit", skill="fit", effort_hours=hours)],
        **fields,  # type: ignore[arg-type]
    )


ANN = Person(id="ann", skills={"fit"})


# -- the rubric --------------------------------------------------------------------------


def test_rubric_scores_are_weighted_sums_with_a_floor() -> None:
    rubric = Rubric(
        weights={"contract_value": 0.001, "risk_exposure": 2.0, "cost_to_serve": -1.0},
        minimum_score=0.5,
    )
    job = _work("J", 8, 5, attributes={"contract_value": 50_000, "risk_exposure": 3})
    assert rubric.breakdown(job) == {
        "contract_value": 50.0,
        "risk_exposure": 6.0,
        "cost_to_serve": -0.0,
    }
    assert rubric.score(job) == 56.0
    costly = _work("K", 8, 5, attributes={"cost_to_serve": 100})
    assert rubric.score(costly) == 0.5  # the floor: no lateness is free


def test_default_rubric_reads_the_priority_and_attributes_override_it() -> None:
    rubric = Rubric()
    assert rubric.score(_work("J", 8, 5, priority=7)) == 7.0
    assert rubric.score(_work("J", 8, 5, priority=7, attributes={"priority": 2})) == 2.0


def test_kernel_weights_are_proportional_to_scores() -> None:
    rubric = Rubric(weights={"value": 1.0})
    jobs = [_work(n, 8, 5, attributes={"value": v}) for n, v in (("A", 10), ("B", 40), ("C", 0))]
    assert rubric.kernel_weights(jobs) == [250, 1000, 1]


@pytest.mark.parametrize(
    "fields",
    [
        {"weights": {}},
        {"weights": {"value": float("inf")}},
        {"weights": {" ": 1.0}},
        {"minimum_score": 0},
    ],
)
def test_malformed_rubrics_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Rubric.model_validate(fields)


def test_attributes_must_be_finite_numbers() -> None:
    with pytest.raises(ValidationError, match="attribute 'value' must be finite"):
        _work("J", 8, 5, attributes={"value": float("nan")})
    with pytest.raises(ValidationError, match="must be a number"):
        _work("J", 8, 5, attributes={"value": True})


def test_the_higher_score_keeps_its_date() -> None:
    """One person, two one-week jobs due the same Friday: the higher score goes first."""
    jobs = [
        _work("low", 40, 4, attributes={"value": 1}),
        _work("high", 40, 4, attributes={"value": 9}),
    ]
    planner = _planner([ANN], jobs)
    plan = _replan(planner, rubric=Rubric(weights={"value": 1.0}))
    frame = plan.commitments.set_index("commitment")
    assert frame.loc["high", "planned_finish"] == date(2026, 12, 4)
    assert frame.loc["low", "days_late"] == 7  # the next Friday
    assert plan.objective == pytest.approx(7.0)
    assert plan.scores.set_index("commitment").loc["high", "value"] == 9.0
    _judge(plan, [ANN], jobs)


def test_the_bound_sees_jobs_waiting_for_the_same_person() -> None:
    """Three two-day jobs for one person, all due Tuesday: each alone is on time, but
    one finishes Tuesday, one Thursday and one the next Monday, whatever the order. The
    bound proves that lateness (2 + 6 days, weighted by the scores), so the gap is 0."""
    jobs = [
        _work(name, 16, 1, attributes={"value": v}) for name, v in (("a", 3), ("b", 2), ("c", 1))
    ]
    planner = _planner([ANN], jobs)
    plan = _replan(planner, rubric=Rubric(weights={"value": 1.0}))
    frame = plan.commitments.set_index("commitment")
    assert list(frame["days_late"]) == [0, 2, 6]  # the highest score first
    assert plan.objective == pytest.approx(2 * 2 + 6 * 1)
    assert plan.bound == pytest.approx(plan.objective)
    assert plan.gap < 1e-5  # the scores are rounded down to whole weights
    _judge(plan, [ANN], jobs)


# -- must-keep ---------------------------------------------------------------------------


def test_must_keep_holds_its_date_over_a_higher_score() -> None:
    jobs = [
        _work("big", 40, 4, attributes={"value": 100}),
        _work("kept", 40, 4, attributes={"value": 1}, must_keep=True),
    ]
    plan = _replan(_planner([ANN], jobs), rubric=Rubric(weights={"value": 1.0}))
    frame = plan.commitments.set_index("commitment")
    assert frame.loc["kept", "on_time"]
    assert frame.loc["kept", "class"] == "must-keep"
    assert frame.loc["big", "days_late"] == 7
    _judge(plan, [ANN], jobs)


def test_a_must_keep_that_slips_anyway_says_why() -> None:
    """80 hours by Friday is impossible for one person even with nothing else booked."""
    jobs = [_work("other", 8, 30), _work("kept", 80, 4, must_keep=True)]
    plan = _replan(_planner([ANN], jobs))
    frame = plan.commitments.set_index("commitment")
    assert frame.loc["kept", "days_late"] == 7
    row = plan.remediation.set_index("commitment").loc["kept"]
    assert "even alone with the whole staff" in row["causes"]
    assert "must-keep" in plan.report()


# -- started, pinned, unchanged ------------------------------------------------------------


def test_started_work_continues_where_it_is_and_pinned_work_does_not_move() -> None:
    bo = Person(id="bo", skills={"fit"})
    started = Commitment(
        id="S",
        due=MONDAY + timedelta(days=11),
        tasks=[
            Task(id="a", skill="fit", effort_hours=40, done_hours=24),
            Task(id="b", skill="fit", effort_hours=8, after=["a"]),
        ],
    )
    pinned = Commitment(
        id="P",
        due=MONDAY + timedelta(days=20),
        tasks=[Task(id="p", skill="fit", effort_hours=8, pinned_start=MONDAY + timedelta(days=8))],
    )
    planner = _planner([ANN, bo], [started, pinned])
    before = planner.tasks.set_index(["commitment", "task"])
    away = TimeOff(person="bo", first=MONDAY + timedelta(days=14), last=MONDAY + timedelta(days=18))
    plan = _replan(planner, [away])
    after = plan.tasks.set_index(["commitment", "task"])
    assert after.loc[("S", "a")].equals(before.loc[("S", "a")])
    hours = plan.assignments.groupby(["commitment", "task"])["hours"].sum()
    assert hours[("S", "a")] == 16  # the 24 hours done are not done again
    assert after.loc[("P", "p"), "start"] == MONDAY + timedelta(days=8)
    assert plan.restarted == ()


def test_started_work_whose_hours_are_gone_is_planned_again() -> None:
    job = Commitment(
        id="S",
        due=MONDAY + timedelta(days=20),
        tasks=[Task(id="a", skill="fit", effort_hours=40, done_hours=8)],
    )
    bo = Person(id="bo", skills={"fit"})
    planner = _planner([ANN, bo], [job], scheduling="forward")
    plan = _replan(planner, [Departure(person="ann", last_day=MONDAY - timedelta(days=1))])
    assert plan.restarted == (("S", "a"),)
    assert set(plan.assignments["person"]) == {"bo"}
    assert plan.assignments["hours"].sum() == 32
    (causes,) = plan.remediation.loc[plan.remediation["commitment"] == "S", "causes"]
    assert "Task 'a' was under way or pinned" in causes


def test_an_unchanged_feasible_book_replans_to_itself() -> None:
    staff = [ANN, Person(id="bo", skills={"fit", "paint"})]
    jobs = [
        _work("A", 24, 10),
        Commitment(
            id="B",
            due=MONDAY + timedelta(days=18),
            tasks=[
                Task(id="x", skill="fit", effort_hours=12),
                Task(id="y", lead_time_days=3, after=["x"]),
                Task(id="z", skill="paint", effort_hours=6, after=["y"]),
            ],
        ),
    ]
    planner = _planner(staff, jobs)
    plan = _replan(planner)
    assert plan.moved.empty
    assert not plan.commitments["changed"].any()
    assert_frame_equal(plan.assignments, planner.assignments)
    assert plan.objective == 0 and plan.gap == 0


def test_a_disruption_to_one_skill_moves_only_that_work_and_what_gives_way() -> None:
    # ann is off Monday to Thursday: A's fitting moves, B (fitting too) gives way to it,
    # E (fitting, later) keeps its hours, and the painting by cy never moves
    bo, cy = Person(id="bo", skills={"fit"}), Person(id="cy", skills={"paint"})
    staff = [ANN, bo, cy]

    def job(job_id: str, skill: str, hours: float, due_in: int) -> Commitment:
        task = Task(id="t", skill=skill, effort_hours=hours)
        return Commitment(id=job_id, due=MONDAY + timedelta(days=due_in), tasks=[task])

    jobs = [
        job("A", "fit", 32, 4),
        job("B", "fit", 48, 11),
        job("E", "fit", 40, 18),
        job("C", "paint", 24, 9),
        job("D", "paint", 16, 16),
    ]
    planner = _planner(staff, jobs)
    away = TimeOff(person="ann", first=MONDAY, last=MONDAY + timedelta(days=3))
    plan = _replan(planner, [away])
    _judge(plan, list(plan.book.staffing.staff), jobs)
    assert plan.objective == 0
    assert set(plan.moved["commitment"]) == {"A", "B"}
    kept = ["C", "D", "E"]
    before = planner.assignments[planner.assignments["commitment"].isin(kept)]
    after = plan.assignments[plan.assignments["commitment"].isin(kept)]
    assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))


def test_pinning_work_to_people() -> None:
    bo = Person(id="bo", skills={"fit"})
    job = Commitment(
        id="J", tasks=[Task(id="a", skill="fit", effort_hours=16, people=frozenset({"bo"}))]
    )
    plan = _replan(_planner([ANN, bo], [job]))
    assert set(plan.assignments["person"]) == {"bo"}
    elsewhere = Commitment(
        id="K", tasks=[Task(id="a", skill="fit", effort_hours=16, people=frozenset({"cy"}))]
    )
    with pytest.raises(InputError, match="pinned to 'cy', who is not on the staff"):
        _planner([ANN], [elsewhere])


# -- disruptions ---------------------------------------------------------------------------


def test_disruptions_are_applied_before_planning() -> None:
    jobs = [
        _work("A", 16, 10),
        Commitment(
            id="B",
            due=MONDAY + timedelta(days=25),
            tasks=[
                Task(id="ship", lead_time_days=2),
                Task(id="fit", skill="fit", effort_hours=8, after=["ship"]),
            ],
        ),
        _work("C", 8, 20),
    ]
    planner = _planner([ANN], jobs)
    cy = Person(id="cy", skills={"fit"})
    new = _work("D", 8, 3)
    plan = _replan(
        planner,
        [
            Cancellation(commitment="C"),
            NewCommitment(commitment=new),
            EffortChange(commitment="A", task="fit", effort_hours=24),
            LeadTimeChange(commitment="B", task="ship", lead_time_days=9),
            NewHire(person=cy, first_day=MONDAY + timedelta(days=7)),
        ],
    )
    assert set(plan.commitments["commitment"]) == {"A", "B", "D"}
    hours = plan.assignments.groupby("commitment")["hours"].sum()
    assert hours["A"] == 24
    b_fit = plan.tasks.set_index(["commitment", "task"]).loc[("B", "fit"), "start"]
    assert b_fit >= MONDAY + timedelta(days=9)
    early = plan.assignments[plan.assignments["day"] < MONDAY + timedelta(days=7)]
    assert "cy" not in set(early["person"])
    _judge(plan, list(plan.book.staffing.staff), list(plan.book.booked.values()))


@pytest.mark.parametrize(
    ("disruption", "message"),
    [
        (TimeOff(person="zed", first=MONDAY, last=MONDAY), "nobody on the staff is called 'zed'"),
        (Cancellation(commitment="X"), "no open commitment has that id"),
        (EffortChange(commitment="A", task="nope", effort_hours=3), "has no task 'nope'"),
        (LeadTimeChange(commitment="A", task="fit", lead_time_days=3), "is work, not a lead time"),
        (NewCommitment(commitment=_work("A", 8, 3)), "already booked"),
    ],
)
def test_bad_disruptions_are_input_errors_and_change_nothing(
    disruption: object, message: str
) -> None:
    planner = _planner([ANN], [_work("A", 16, 10)])
    before = planner.assignments
    with pytest.raises(InputError, match=message):
        _replan(planner, [disruption])
    assert_frame_equal(planner.assignments, before)


def test_disruptions_as_mappings_and_bad_arguments() -> None:
    planner = _planner([ANN], [_work("A", 16, 10), _work("B", 8, 10)])
    plan = _replan(planner, [{"kind": "cancellation", "commitment": "B"}])
    assert list(plan.commitments["commitment"]) == ["A"]
    with pytest.raises(InputError, match="disruptions must be a list"):
        planner.replan("B")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="rounds"):
        planner.replan([], rounds=0)
    with pytest.raises(InputError, match="rubric must be a Rubric"):
        planner.replan([], rubric=3)  # type: ignore[arg-type]


# -- adopt, diff, report, determinism -------------------------------------------------------


def test_adopt_makes_the_plan_the_booked_state_and_refuses_a_stale_one() -> None:
    planner = _planner([ANN], [_work("A", 16, 10)])
    off = TimeOff(person="ann", first=MONDAY, last=MONDAY + timedelta(days=4))
    plan = _replan(planner, [off])
    other = _replan(planner)
    planner.adopt(plan)
    assert_frame_equal(planner.assignments, plan.assignments)
    assert planner.book_state.staffing.staff[0].time_off == ((MONDAY, MONDAY + timedelta(days=4)),)
    with pytest.raises(InputError, match="older booked state"):
        planner.adopt(other)
    verdict = planner.check(_work("N", 8, 12))  # the adopted book answers checks
    assert verdict.earliest is not None


def test_diff_lists_dates_moves_and_people() -> None:
    bo = Person(id="bo", skills={"fit"})
    planner = _planner([ANN, bo], [_work("A", 16, 10), _work("B", 16, 10)], scheduling="forward")
    calm = _replan(planner)
    hit = _replan(planner, [TimeOff(person="ann", first=MONDAY, last=MONDAY + timedelta(days=11))])
    diff = calm.diff(hit)
    assert not diff.reassigned.empty
    assert set(diff.reassigned["people"]) == {"bo"}
    assert (diff.dates["days"] > 0).all() and not diff.dates.empty
    assert "date (" in diff.summary()
    assert calm.diff(calm).summary().startswith("No commitment changes its date")


def test_report_is_a_document_in_markdown_and_html() -> None:
    jobs = [_work("A", 40, 4, customer="Miller"), _work("B", 40, 4)]
    plan = _replan(
        _planner([ANN], jobs),
        [TimeOff(person="ann", first=MONDAY, last=MONDAY + timedelta(days=1))],
    )
    text = plan.report()
    assert text.startswith("# Re-plan from Mon 30 Nov 2026")
    assert "ann is away from Mon 30 Nov to Tue 01 Dec" in text
    assert "What would save the old date" in text
    html = plan.report("html")
    assert html.startswith("<!DOCTYPE html>") and "<h3>" in html and "<table>" in html
    with pytest.raises(InputError, match="report format"):
        plan.report("pdf")
    late = plan.remediation[plan.remediation["days_late"] > 0]
    assert not late.empty and (late["owners"] != "").all()


def test_same_input_same_plan() -> None:
    staff = [ANN, Person(id="bo", skills={"fit", "paint"}, hours_per_week=30)]
    jobs = [_work(f"J{k}", 8 * (k % 3 + 1), 3 + 2 * k, priority=k % 4 + 1) for k in range(8)]
    away = [
        TimeOff(person="ann", first=MONDAY + timedelta(days=1), last=MONDAY + timedelta(days=4))
    ]
    for disruptions in ([], away):
        first = _replan(_planner(staff, jobs), disruptions)
        second = _replan(_planner(staff, jobs), disruptions)
        assert_frame_equal(first.assignments, second.assignments)
        assert first.objective == second.objective
        assert first.moved_tasks == second.moved_tasks


def test_progress_callback_hears_every_phase() -> None:
    """Fitting then painting, the painter shared: late work the start does not prove
    optimal, so the search goes through its phases (a book whose start meets the
    lower bound ends at the start)."""
    bo = Person(id="bo", skills={"fit", "paint"}, hours_per_week=30)
    jobs = [
        Commitment(
            id=f"J{i}",
            due=MONDAY + timedelta(days=2 + i),
            priority=1 + i % 4,
            tasks=[
                Task(id="fit", skill="fit", effort_hours=8 * (1 + i % 3)),
                Task(id="paint", skill="paint", effort_hours=8 * (1 + (i + 1) % 2), after=["fit"]),
            ],
        )
        for i in range(3)
    ]
    heard: list[str] = []
    plan = _planner([ANN, bo], jobs).replan(
        [], rounds=3, progress=False, callback=lambda p: heard.append(p.phase)
    )
    assert plan.objective > plan.bound
    assert heard[0] == "start" and {"reorder", "search"} <= set(heard)
    few = _planner([ANN], [_work("A", 40, 2), _work("B", 40, 4)])
    heard.clear()
    proven = few.replan([], rounds=3, progress=False, callback=lambda p: heard.append(p.phase))
    assert proven.objective == pytest.approx(proven.bound) and heard == ["start"]


# -- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "parquet", "json"])
def test_plan_frames_round_trip_through_files(format: str, tmp_path: object) -> None:
    jobs = [_work("A", 40, 4, customer="Miller"), _work("B", 24, 4)]
    plan = _replan(_planner([ANN], jobs), [TimeOff(person="ann", first=MONDAY, last=MONDAY)])
    plan.write(tmp_path, format)  # type: ignore[arg-type]
    frames = read_frames(tmp_path, format)  # type: ignore[arg-type]
    for name in ("commitments", "assignments", "tasks", "moved", "remediation", "scores"):
        ours = getattr(plan, name).reset_index(drop=True)
        theirs = frames[name][list(ours.columns)]
        assert len(ours) == len(theirs), name
        for column in ours.columns:
            assert list(ours[column]) == list(theirs[column]), (name, column)


def test_writing_an_unknown_format_is_an_input_error(tmp_path: object) -> None:
    plan = _replan(_planner([ANN], [_work("A", 8, 4)]))
    with pytest.raises(InputError, match="csv, parquet, json"):
        plan.write(tmp_path, "xlsx")  # type: ignore[arg-type]


def test_malformed_plan_files_name_the_file_row_and_column(tmp_path: Path) -> None:
    plan = _replan(_planner([ANN], [_work("A", 8, 4), _work("B", 8, 4)]))
    plan.write(tmp_path, "csv")
    path = tmp_path / "commitments.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("2026-12-04", "soon", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"commitments\.csv, row 2, column 'due': 'soon'"):
        read_frames(tmp_path, "csv")
    again = tmp_path / "again"
    plan.write(again, "csv")
    tasks = pd.read_csv(again / "tasks.csv")
    tasks.drop(columns="finish").to_csv(again / "tasks.csv", index=False)
    with pytest.raises(InputError, match=r"tasks\.csv has no column 'finish'"):
        read_frames(again, "csv")
    tasks.to_csv(again / "tasks.csv", index=False)
    (again / "moved.csv").unlink()
    with pytest.raises(InputError, match=r"moved\.csv is missing"):
        read_frames(again, "csv")


# -- every plan passes the independent checker ---------------------------------------------------


@st.composite
def books(draw: st.DrawFn) -> tuple[list[Person], list[Commitment], list[object]]:
    skills = ("fit", "paint")
    staff = [
        Person(
            id=f"p{k}",
            skills=draw(st.frozensets(st.sampled_from(skills), min_size=1)),
            hours_per_day=draw(st.sampled_from([4.0, 6.0, 8.0])),
        )
        for k in range(draw(st.integers(1, 3)))
    ]
    known = sorted(set().union(*(p.skills for p in staff)))
    jobs = []
    for j in range(draw(st.integers(1, 4))):
        tasks: list[Task] = []
        for i in range(draw(st.integers(1, 3))):
            after = [f"t{i - 1}"] if i and draw(st.booleans()) else []
            if draw(st.integers(0, 4)) == 0:
                tasks.append(Task(id=f"t{i}", lead_time_days=draw(st.integers(1, 4)), after=after))
            else:
                tasks.append(
                    Task(
                        id=f"t{i}",
                        skill=draw(st.sampled_from(known)),
                        effort_hours=draw(st.sampled_from([2.0, 6.5, 12.0, 20.0])),
                        crew=draw(st.sampled_from([None, 1])),
                        after=after,
                    )
                )
        jobs.append(
            Commitment(
                id=f"J{j}",
                due=MONDAY + timedelta(days=draw(st.integers(0, 15))),
                tasks=tasks,
                priority=draw(st.integers(1, 5)),
                must_keep=draw(st.integers(0, 4)) == 0,
            )
        )
    disruptions: list[object] = []
    if draw(st.booleans()):
        first = MONDAY + timedelta(days=draw(st.integers(0, 10)))
        disruptions.append(
            TimeOff(
                person=staff[0].id,
                first=first,
                last=first + timedelta(days=draw(st.integers(0, 6))),
            )
        )
    return staff, jobs, disruptions


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_every_replan_is_a_valid_plan(
    case: tuple[list[Person], list[Commitment], list[object]],
) -> None:
    staff, jobs, disruptions = case
    planner = _planner(staff, jobs)
    plan = planner.replan(disruptions, rounds=3, progress=False)  # type: ignore[arg-type]
    changed = list(plan.book.staffing.staff)
    _judge(plan, changed, jobs)
    frame = plan.commitments
    assert (frame["days_late"] >= 0).all()
    assert plan.bound <= plan.objective + 1e-9
    late = frame["planned_finish"] > frame["due"]
    assert (late == ~frame["on_time"]).all()
    days = (frame["planned_finish"] - frame["due"]).map(lambda d: max(d.days, 0))
    assert list(days) == list(frame["days_late"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_must_keep_lateness_is_what_it_would_be_without_the_standard_book(
    case: tuple[list[Person], list[Commitment], list[object]],
) -> None:
    """On books this small one neighbourhood holds every task, so the must-keep phase is
    exact: the standard commitments never cost a must-keep one a day, even when they
    score five times higher."""
    staff, drawn, _ = case
    jobs = [c.model_copy(update={"priority": 1 if c.must_keep else 5}) for c in drawn]
    kept = [c for c in jobs if c.must_keep]
    if not kept or len(kept) == len(jobs):
        return
    plan = _planner(staff, jobs).replan([], rounds=10, progress=False)
    alone = _planner(staff, kept).replan([], rounds=10, progress=False)

    def weighted(p: Plan) -> float:
        frame = p.commitments[p.commitments["class"] == "must-keep"]
        return float((frame["score"] * frame["days_late"]).sum())

    assert weighted(plan) <= weighted(alone) + 1e-9


def test_a_busy_week_in_the_causes_is_a_whole_week_up_to_the_due_date() -> None:
    # ann alone, off Tue 1 Dec: must-keep B (16 h) and A (24 h) fill her four days of
    # the week of 30 Nov, A finishes Mon 7 Dec, whose week is mostly free.
    ann = Person(id="ann", skills={"fit"})
    b = Commitment(
        id="B",
        due=date(2026, 12, 4),
        must_keep=True,
        tasks=[Task(id="b", skill="fit", effort_hours=16)],
    )
    a = Commitment(
        id="A", due=date(2026, 12, 4), tasks=[Task(id="a", skill="fit", effort_hours=24)]
    )
    planner = Planner(
        calendar=Calendar(), staff=[ann], start=date(2026, 11, 30), commitments=[b, a]
    )
    off = TimeOff(person="ann", first=date(2026, 12, 1), last=date(2026, 12, 1))
    plan = planner.replan([off], rounds=2, progress=False)
    (row,) = plan.remediation[plan.remediation["commitment"] == "A"].to_dict("records")
    assert row["planned_finish"] == date(2026, 12, 7)
    assert "its 1 person is fully booked in the weeks of 30 Nov (task 'a')" in row["causes"]
    assert "07 Dec" not in row["causes"]


def _kernel_facts(
    case: tuple[list[Person], list[Commitment], list[object]],
) -> tuple[Problem, list[TaskSchedule | None], list[Start]]:
    """A random book's re-plan problem, the previous schedules and the start candidates."""
    staff, jobs, disruptions = case
    planner = _planner(staff, jobs)
    facts = replan_facts(
        planner.book_state,
        disruptions=disruptions,  # type: ignore[arg-type]
        rubric=Rubric(),
        lookahead=365,
    )
    problem, previous = facts.model.problem, facts.previous
    return problem, previous, warm_start(problem, previous)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_the_chosen_plan_is_never_worse_than_the_fresh_track(
    case: tuple[list[Person], list[Commitment], list[object]],
) -> None:
    """The search runs the fresh track and the repair track on the same rounds; what it
    returns is never later than the fresh track alone, nor moves more on a tie (the
    fresh track's schedule before any task is put back)."""
    problem, previous, starts = _kernel_facts(case)
    lns = LnsSettings(rounds=6)
    others = [s for s in starts if not s.kept_plan]
    fresh = fresh_track(problem, others, lns, Deadline(3600), lower_bound(problem))
    chosen = search(problem, starts, previous, lns, deadline=Deadline(3600), finish=Deadline(3600))
    assert violations(problem, chosen) == []
    ours, theirs = rated(problem, chosen, previous, True), rated(problem, fresh, previous, False)
    assert (ours.objective, ours.moved) <= (theirs.objective, theirs.moved)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_a_guided_repair_is_valid_and_never_later_than_its_start(
    case: tuple[list[Person], list[Commitment], list[object]],
) -> None:
    problem, previous, starts = _kernel_facts(case)
    kept = repair(problem, previous)
    assert kept is not None  # every booked task had a schedule: the repair places all
    guide = fresh_track(problem, starts, LnsSettings(rounds=6), Deadline(3600), 0)
    guided = guided_repair(problem, previous, kept, guide, Deadline(3600))
    assert violations(problem, guided) == []
    assert objective_value(problem, guided) <= objective_value(problem, kept)
