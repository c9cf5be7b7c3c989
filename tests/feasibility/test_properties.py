"""Property-based tests: random small teams and jobs, judged by the reference semantics.

The reference semantics (``semantics.py``) are first tested on their own: the oracle
against a brute force with no pruning at all, and its witness plans against the
checker. Then every verdict of the planner must be a valid plan, agree with the oracle
on tiny instances and be deterministic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from semantics import (
    Instance,
    TaskSpec,
    build_instance,
    check_plan,
    check_plan_instance,
    exhaustive_earliest,
    exhaustive_earliest_day,
    exhaustive_plan,
)

from feasibility import Calendar, Commitment, Dependency, Person, Planner, Task

MONDAY = date(2026, 11, 30)
SKILLS = ("a", "b", "c")
HORIZON_DAYS = 120
TIME_LIMIT = 5.0

# -- the oracle against a brute force ----------------------------------------------------

MICRO_HORIZON = 8


@st.composite
def micro_instances(draw: st.DrawFn) -> tuple[Instance, dict[str, date]]:
    """A few tasks of two commitments (B booked with a deadline, J the target)."""
    workdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    holidays = draw(st.frozensets(st.integers(0, MICRO_HORIZON - 1), max_size=2))
    people = draw(st.integers(1, 2))
    skills = tuple(
        draw(st.frozensets(st.sampled_from(SKILLS[:2]), min_size=1)) for _ in range(people)
    )
    capacity = tuple(
        tuple(4 * draw(st.integers(0, 3)) for _ in range(MICRO_HORIZON)) for _ in range(people)
    )
    known = sorted(set().union(*skills))
    owners = ["B"] * draw(st.integers(0, 1)) + ["J"] * draw(st.integers(1, 2))
    tasks: list[TaskSpec] = []
    for i, owner in enumerate(owners):
        same = [k for k in range(i) if owners[k] == owner]
        preds = tuple(
            (k, draw(st.integers(0, 1)))
            for k in draw(st.lists(st.sampled_from(same), unique=True) if same else st.just([]))
        )
        if draw(st.integers(0, 3)) == 0:
            spec = TaskSpec(owner, f"t{i}", None, 0, draw(st.integers(1, 3)), None, False, preds)
        else:
            crew = draw(st.sampled_from([None, 1]))
            effort = 4 * draw(st.integers(1, 4))
            skill = draw(st.sampled_from(known))
            spec = TaskSpec(owner, f"t{i}", skill, effort, 0, crew, False, preds)
        tasks.append(spec)
    instance = Instance(
        start=MONDAY,
        horizon=MICRO_HORIZON,
        people=tuple(f"p{k}" for k in range(people)),
        skills=skills,
        capacity=capacity,
        shared_workdays=workdays,
        shared_holidays=frozenset(MONDAY + timedelta(days=k) for k in holidays),
        tasks=tuple(tasks),
    )
    deadlines = {"B": MONDAY + timedelta(days=draw(st.integers(1, MICRO_HORIZON - 1)))}
    return instance, deadlines


def _released(instance: Instance, i: int, finish: tuple[int | None, ...], day: int) -> bool:
    """Whether every predecessor of task ``i`` let it run on ``day`` (from first principles)."""
    for pred, lag in instance.tasks[i].preds:
        done = finish[pred]
        if done is None or done >= day or instance.open_between(done + 1, day) < lag:
            return False
    return True


def brute_force_earliest_day(
    instance: Instance, target: str, deadlines: dict[str, date]
) -> int | None:
    """Every allocation of every person's whole hours on every day, no pruning.

    Lead times with a predecessor may also start later than they could.
    """
    tasks = instance.tasks
    n = len(tasks)
    last = [instance.horizon - 1] * n
    for i, t in enumerate(tasks):
        if t.commitment in deadlines:
            last[i] = min(last[i], instance.index(deadlines[t.commitment]))
    initial = (tuple(t.lead_days if t.is_lead else t.effort // 4 for t in tasks), (None,) * n)
    states: set[tuple[tuple[int, ...], tuple[int | None, ...]]] = {initial}
    best: int | None = None
    for day in range(instance.horizon):
        following = set()
        for remaining, finish in states:
            runnable = [
                i for i in range(n) if remaining[i] > 0 and _released(instance, i, finish, day)
            ]
            work = [i for i in runnable if not tasks[i].is_lead]
            leads = [i for i in runnable if tasks[i].is_lead]
            lead_choices = []
            for i in leads:
                started = remaining[i] < tasks[i].lead_days
                lead_choices.append([1] if started or not tasks[i].preds else [0, 1])
            person_options = []
            for p, skills in enumerate(instance.skills):
                cap = instance.capacity[p][day] // 4
                mine = [i for i in work if tasks[i].skill in skills]
                options = [
                    dict(zip(mine, amounts, strict=True))
                    for amounts in itertools.product(range(cap + 1), repeat=len(mine))
                    if sum(amounts) <= cap
                ]
                person_options.append(options)
            for lead_steps in itertools.product(*lead_choices):
                for choice in itertools.product(*person_options):
                    totals = dict.fromkeys(work, 0)
                    heads = dict.fromkeys(work, 0)
                    for split in choice:
                        for i, amount in split.items():
                            totals[i] += amount
                            heads[i] += 1 if amount else 0
                    if any(totals[i] > remaining[i] for i in work):
                        continue
                    if any(tasks[i].crew is not None and heads[i] > tasks[i].crew for i in work):
                        continue
                    new_remaining = list(remaining)
                    for i in work:
                        new_remaining[i] -= totals[i]
                    for i, step in zip(leads, lead_steps, strict=True):
                        new_remaining[i] -= step
                    new_finish = list(finish)
                    for i in runnable:
                        if new_remaining[i] == 0:
                            new_finish[i] = day
                    if any(new_remaining[i] > 0 and last[i] <= day for i in range(n)):
                        continue
                    if all(r == 0 for r in new_remaining):
                        finished = max(
                            d
                            for i, d in enumerate(new_finish)
                            if tasks[i].commitment == target and d is not None
                        )
                        best = finished if best is None else min(best, finished)
                        continue
                    following.add((tuple(new_remaining), tuple(new_finish)))
        states = following
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(micro_instances())
def test_oracle_equals_brute_force(case: tuple[Instance, dict[str, date]]) -> None:
    instance, deadlines = case
    note(repr(instance))
    assert exhaustive_earliest_day(instance, "J", deadlines) == brute_force_earliest_day(
        instance, "J", deadlines
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(micro_instances())
def test_oracle_witness_is_a_valid_plan(case: tuple[Instance, dict[str, date]]) -> None:
    instance, deadlines = case
    found = exhaustive_plan(instance, "J", deadlines)
    if found is None:
        assert exhaustive_earliest(instance, "J", deadlines) is None
        return
    earliest, assignments, tasks = found
    assert check_plan_instance(instance, assignments, tasks, deadlines) == []
    job = tasks[tasks["commitment"] == "J"]
    assert max(job["finish"]) == earliest


# -- the planner on random small teams and jobs ----------------------------------------


@dataclass(frozen=True)
class Case:
    """A random planning situation: the team, an optional booked job and a new job."""

    calendar: Calendar
    staff: tuple[Person, ...]
    start: date
    booked: Commitment | None
    booked_slack: int
    job: Commitment


def _day(start: date, offset: int) -> date:
    return start + timedelta(days=offset)


@st.composite
def people(
    draw: st.DrawFn, shared: Calendar, start: date, count: int, skills: tuple[str, ...]
) -> tuple[Person, ...]:
    staff = []
    for k in range(count):
        own: Calendar | None = None
        if draw(st.integers(0, 3)) == 0:
            # Own calendars work only on shared working days, so every finish a lag
            # counts from is a shared working day.
            workdays = draw(st.frozensets(st.sampled_from(sorted(shared.workdays)), min_size=1))
            extra = draw(st.frozensets(st.integers(0, 20), max_size=1))
            own = Calendar(
                workdays=workdays,
                holidays=shared.holidays | {_day(start, k) for k in extra},
            )
        hours = draw(st.sampled_from(["day", "week", "default"]))
        per_day = draw(st.integers(1, 4))
        weekdays = len((own or shared).workdays)
        time_off: list[date | tuple[date, date]] = []
        for _ in range(draw(st.integers(0, 2))):
            first = _day(start, draw(st.integers(0, 14)))
            length = draw(st.integers(0, 6))
            time_off.append(first if length == 0 else (first, first + timedelta(days=length)))
        staff.append(
            Person(
                id=f"p{k}",
                skills=draw(st.frozensets(st.sampled_from(skills), min_size=1)),
                hours_per_day=per_day if hours == "day" else None,
                hours_per_week=per_day * weekdays if hours == "week" else None,
                calendar=own,
                time_off=tuple(time_off),
            )
        )
    return tuple(staff)


@st.composite
def jobs(
    draw: st.DrawFn, job_id: str, skills: list[str], start: date, max_tasks: int, max_effort: int
) -> Commitment:
    count = draw(st.integers(1, max_tasks))
    tasks: list[Task] = []
    for i in range(count):
        after: list[str | Dependency] = []
        for k in draw(
            st.lists(st.integers(0, i - 1), unique=True, max_size=2) if i else st.just([])
        ):
            pred = tasks[k]
            lag = draw(st.integers(0, 2)) if pred.lead_time_days is None else 0
            after.append(Dependency(task=pred.id, lag_days=lag) if lag else pred.id)
        if draw(st.integers(0, 4)) == 0:
            tasks.append(Task(id=f"t{i}", lead_time_days=draw(st.integers(1, 5)), after=after))
            continue
        effort = draw(st.sampled_from([float(h) for h in range(1, max_effort + 1)] + [1.5, 2.5]))
        tasks.append(
            Task(
                id=f"t{i}",
                skill=draw(st.sampled_from(skills)),
                effort_hours=effort,
                crew=draw(st.sampled_from([None, 1, 2])),
                after=after,
            )
        )
    due_in = draw(st.one_of(st.none(), st.integers(0, 21)))
    return Commitment(
        id=job_id, due=None if due_in is None else _day(start, due_in), tasks=tuple(tasks)
    )


@st.composite
def cases(draw: st.DrawFn, max_people: int = 3, max_tasks: int = 3, max_effort: int = 6) -> Case:
    start = _day(MONDAY, draw(st.integers(0, 6)))
    workdays = draw(
        st.sampled_from([frozenset(range(5)), frozenset(range(6)), frozenset({0, 1, 2, 3})])
    )
    holidays = draw(st.frozensets(st.integers(0, 20), max_size=2))
    calendar = Calendar(workdays=workdays, holidays=frozenset(_day(start, k) for k in holidays))
    skills = SKILLS[: draw(st.integers(1, 3))]
    staff = draw(people(calendar, start, draw(st.integers(1, max_people)), skills))
    known = sorted(set().union(*(p.skills for p in staff)))
    booked = None
    if draw(st.booleans()):
        booked = draw(jobs("B", known, start, 2, 4))
    job = draw(jobs("J", known, start, max_tasks, max_effort))
    return Case(calendar, staff, start, booked, draw(st.integers(0, 4)), job)


def _plan_commitments(case: Case, booked: Commitment | None, with_job: bool) -> list[Commitment]:
    chosen = [booked] if booked is not None else []
    return [*chosen, case.job] if with_job else chosen


def _rows_of(frame: pd.DataFrame, commitment: str) -> pd.DataFrame:
    rows = frame[frame["commitment"] == commitment]
    return rows.sort_values(list(frame.columns)).reset_index(drop=True)


def _judge(case: Case, *, use_oracle: bool) -> None:
    """Book the case's booked job (if any), check the new one, judge the verdict."""
    note(repr(case))
    planner = Planner(
        calendar=case.calendar,
        staff=list(case.staff),
        start=case.start,
        horizon_days=HORIZON_DAYS,
        time_limit=TIME_LIMIT,
    )
    booked: Commitment | None = None
    deadlines: dict[str, date] = {}
    if case.booked is not None:
        alone = build_instance(
            case.calendar, case.staff, case.start, [case.booked], horizon_days=HORIZON_DAYS
        )
        booked_earliest = exhaustive_earliest(alone, "B") if use_oracle else None
        if booked_earliest is None:
            booked_earliest = planner.check(case.booked).earliest
        assert booked_earliest is not None
        due = booked_earliest + timedelta(days=case.booked_slack)
        booked = case.booked.model_copy(update={"due": due})
        booking = planner.book(booked)
        assert booking.feasible
        deadlines["B"] = due
        assert planner.planned_finish("B") <= due

    before_assignments = planner.assignments.copy()
    before_tasks = planner.tasks.copy()
    verdict = planner.check(case.job)
    note(f"earliest={verdict.earliest} proven={verdict.proven} moved={verdict.moved}")
    assert_frame_equal(planner.assignments, before_assignments)
    assert_frame_equal(planner.tasks, before_tasks)

    due = case.job.due
    assert verdict.due == due
    assert verdict.feasible == (
        verdict.earliest is not None and (due is None or verdict.earliest <= due)
    )
    with_job = verdict.earliest is not None
    problems = check_plan(
        calendar=case.calendar,
        staff=case.staff,
        start=case.start,
        commitments=_plan_commitments(case, booked, with_job),
        assignments=verdict.assignments,
        tasks=verdict.tasks,
        deadlines=deadlines,
        horizon_days=HORIZON_DAYS,
    )
    assert problems == []
    assert_frame_equal(verdict.to_frame(), verdict.assignments)
    if with_job:
        job_tasks = verdict.tasks[verdict.tasks["commitment"] == "J"]
        assert max(job_tasks["finish"]) == verdict.earliest

    assert set(verdict.moved) <= set(deadlines)
    for commitment in deadlines:
        changed = not _rows_of(verdict.assignments, commitment).equals(
            _rows_of(before_assignments, commitment)
        ) or not _rows_of(verdict.tasks, commitment).equals(_rows_of(before_tasks, commitment))
        assert (commitment in verdict.moved) == changed

    if use_oracle:
        instance = build_instance(
            case.calendar,
            case.staff,
            case.start,
            _plan_commitments(case, booked, True),
            horizon_days=HORIZON_DAYS,
        )
        oracle = exhaustive_earliest(instance, "J", deadlines)
        note(f"oracle={oracle}")
        if oracle is None:
            assert verdict.earliest is None
        else:
            assert verdict.earliest is not None
            assert verdict.earliest >= oracle
            event(f"proven={verdict.proven}")
            if verdict.proven:
                assert verdict.earliest == oracle

    again = planner.check(case.job)
    assert again.earliest == verdict.earliest
    assert again.moved == verdict.moved
    assert_frame_equal(again.assignments, verdict.assignments)
    assert_frame_equal(again.tasks, verdict.tasks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_verdicts_on_tiny_instances_match_the_oracle(case: Case) -> None:
    _judge(case, use_oracle=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_people=4, max_tasks=4, max_effort=12))
def test_verdicts_on_small_instances_are_valid_plans(case: Case) -> None:
    _judge(case, use_oracle=False)
