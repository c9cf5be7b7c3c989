"""End-to-end scenarios with dates computed by hand from the time semantics.

Every hand-computed date is checked twice: against the exact oracle of
``semantics.py`` (so the hand computation and the oracle vouch for each other) and
against the planner, whose plan must also pass the independent checker.

Calendar used throughout (2026): Mon 30 Nov; Mon 7, 14, 21, 28 Dec; Fri 4, 11, 18,
25 Dec; Mon 4 Jan 2027, Fri 8 Jan, Fri 29 Jan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from pandas.testing import assert_frame_equal
from semantics import build_instance, check_plan, exhaustive_earliest

from feasibility import Calendar, Commitment, Dependency, Person, Planner, Task, Verdict
from feasibility.reasons import KINDS

START = date(2026, 11, 30)  # a Monday
SHARED = Calendar()
HORIZON_DAYS = 365


def day(month: int, dom: int, year: int = 2026) -> date:
    return date(year, month, dom)


def installers() -> tuple[Person, ...]:
    """The worked example's team: three people with the skill ``install``, 30 h a week."""
    return tuple(
        Person(id=name, skills={"install"}, hours_per_week=30) for name in ("ann", "bo", "cy")
    )


def worked_job(job_id: str = "J1", due: date | None = None, crew: int | None = 3) -> Commitment:
    return Commitment(
        id=job_id,
        customer="ACME",
        due=due,
        tasks=(Task(id="install", skill="install", effort_hours=270, crew=crew),),
    )


def one_task_job(
    job_id: str, effort: float, due: date | None = None, skill: str = "x"
) -> Commitment:
    return Commitment(id=job_id, due=due, tasks=(Task(id="w", skill=skill, effort_hours=effort),))


def solo(hours: float = 8, skills: frozenset[str] = frozenset({"x"}), **fields: object) -> Person:
    return Person(id="ann", skills=skills, hours_per_day=hours, **fields)


@dataclass(frozen=True)
class Scenario:
    """Inputs of one check and the date computed by hand."""

    staff: tuple[Person, ...]
    job: Commitment
    expected: date
    calendar: Calendar = SHARED
    booked: tuple[Commitment, ...] = field(default=())
    start: date = START

    def planner(self) -> Planner:
        planner = Planner(
            calendar=self.calendar,
            staff=list(self.staff),
            start=self.start,
            horizon_days=HORIZON_DAYS,
            time_limit=10.0,
        )
        for commitment in self.booked:
            planner.book(commitment)
        return planner

    def deadlines(self) -> dict[str, date]:
        return {c.id: c.due for c in self.booked if c.due is not None}

    def problems(self, verdict: Verdict, job: Commitment | None = None) -> list[str]:
        """What the independent checker finds wrong with the verdict's plan."""
        chosen = job or self.job
        commitments = [*self.booked, chosen] if verdict.earliest is not None else [*self.booked]
        return check_plan(
            calendar=self.calendar,
            staff=self.staff,
            start=self.start,
            commitments=commitments,
            assignments=verdict.assignments,
            tasks=verdict.tasks,
            deadlines=self.deadlines(),
            horizon_days=HORIZON_DAYS,
        )


SCENARIOS: dict[str, Scenario] = {
    # 3 people x 30 h/week on Mon-Fri = 6 h/day each, 18 h/day together; 270 h / 18 h =
    # 15 working days: Mon 30 Nov .. Fri 4 Dec (5), .. Fri 11 Dec (10), .. Fri 18 Dec (15).
    "worked example": Scenario(installers(), worked_job(), day(12, 18)),
    # No crew limit: the same three people, the same 15 working days.
    "worked example, no crew limit": Scenario(installers(), worked_job(crew=None), day(12, 18)),
    # A holiday on Tue 8 Dec removes one of the 15 working days: the 15th is Mon 21 Dec.
    "holiday inside the run": Scenario(
        installers(), worked_job(), day(12, 21), calendar=Calendar(holidays={day(12, 8)})
    ),
    # Ann off Mon 7 .. Fri 11 Dec: week 1 gives 90 h, week 2 only 12 h/day = 60 h (150),
    # week 3 90 h (240); the last 30 h take Mon 21 Dec (18 h, 258) and Tue 22 Dec (12 h).
    "one person's week off": Scenario(
        (
            Person(
                id="ann",
                skills={"install"},
                hours_per_week=30,
                time_off=((day(12, 7), day(12, 11)),),
            ),
            *installers()[1:],
        ),
        worked_job(),
        day(12, 22),
    ),
    # Crew 1: one person at a time, 6 h/day; 270 / 6 = 45 working days = 9 weeks:
    # Mon 30 Nov + 8 weeks = Mon 25 Jan 2027, the 45th working day is Fri 29 Jan 2027.
    "crew of one triples the duration": Scenario(
        installers(), worked_job(crew=1), day(1, 29, 2027)
    ),
    # Crew 2: 12 h/day; 270 / 12 = 22.5 -> 23 working days: 20 by Fri 25 Dec, then
    # Mon 28, Tue 29, Wed 30 Dec.
    "crew of two": Scenario(installers(), worked_job(crew=2), day(12, 30)),
    # Mon-Sat shared calendar: 30 h/week over 6 days = 5 h/day each, 15 h/day together;
    # 270 / 15 = 18 working days = three Mon-Sat weeks: Sat 19 Dec.
    "six-day week spreads the weekly hours": Scenario(
        installers(), worked_job(), day(12, 19), calendar=Calendar(workdays=set(range(6)))
    ),
    # The lead time of 6 calendar days starts on the planning start, occupies Mon 30 Nov
    # .. Sat 5 Dec; the install may start Sun 6 Dec, first working day Mon 7 Dec (8 h).
    "lead time ending on a weekend": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="order", lead_time_days=6),
                Task(id="fit", skill="x", effort_hours=8, after=["order"]),
            ),
        ),
        day(12, 7),
    ),
    # Work Mon 30 Nov, then 5 days of shipping Tue 1 .. Sat 5 Dec: lead times ignore
    # the calendar, so the job is delivered on a Saturday.
    "lead time last, finishing on a Saturday": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="fit", skill="x", effort_hours=8),
                Task(id="ship", lead_time_days=5, after=["fit"]),
            ),
        ),
        day(12, 5),
    ),
    # Planning starts Wed 2 Dec: the lead time runs Wed 2 .. Fri 4 Dec, the work Mon 7 Dec.
    "lead time starts on a mid-week planning start": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="order", lead_time_days=3),
                Task(id="fit", skill="x", effort_hours=8, after=["order"]),
            ),
        ),
        day(12, 7),
        start=day(12, 2),
    ),
    # One person with skills a and b, 8 h/day, two independent 8 h tasks: 16 h of work
    # from one pool of 8 h/day takes two days, Tue 1 Dec, not Mon 30 Nov.
    "multi-skilled person is one pool": Scenario(
        (solo(skills=frozenset({"a", "b"})),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="ta", skill="a", effort_hours=8),
                Task(id="tb", skill="b", effort_hours=8),
            ),
        ),
        day(12, 1),
    ),
    # Ann (a) and Bo (a, b), 8 h each: Ann does ta and Bo tb, both on Mon 30 Nov.
    "skills are matched to people": Scenario(
        (
            Person(id="ann", skills={"a"}, hours_per_day=8),
            Person(id="bo", skills={"a", "b"}, hours_per_day=8),
        ),
        Commitment(
            id="J1",
            tasks=(
                Task(id="ta", skill="a", effort_hours=8),
                Task(id="tb", skill="b", effort_hours=8),
            ),
        ),
        day(11, 30),
    ),
    # 2 h then 2 h after it, 8 h/day: no same-day hand-off, so Tue 1 Dec.
    "no same-day hand-off": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="a", skill="x", effort_hours=2),
                Task(id="b", skill="x", effort_hours=2, after=["a"]),
            ),
        ),
        day(12, 1),
    ),
    # 24 h Mon 30 Nov .. Wed 2 Dec; b may start Thu 3 Dec and takes that day.
    "finish-to-start without lag": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="a", skill="x", effort_hours=24),
                Task(id="b", skill="x", effort_hours=8, after=["a"]),
            ),
        ),
        day(12, 3),
    ),
    # As above with a lag of 2 working days: Thu 3 and Fri 4 Dec pass, b on Mon 7 Dec.
    "working-day lag over a weekend": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="a", skill="x", effort_hours=24),
                Task(id="b", skill="x", effort_hours=8, after=[Dependency(task="a", lag_days=2)]),
            ),
        ),
        day(12, 7),
    ),
    # Holiday Thu 3 Dec: a ends Wed 2 Dec, the lag counts Fri 4 and Mon 7 Dec, b on Tue 8.
    "working-day lag skips a holiday": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="a", skill="x", effort_hours=24),
                Task(id="b", skill="x", effort_hours=8, after=[Dependency(task="a", lag_days=2)]),
            ),
        ),
        day(12, 8),
        calendar=Calendar(holidays={day(12, 3)}),
    ),
    # Lead time Mon 30 Nov .. Tue 1 Dec, then a lag of 1 working day: Wed 2 Dec passes,
    # the work is on Thu 3 Dec.
    "working-day lag after a lead time": Scenario(
        (solo(),),
        Commitment(
            id="J1",
            tasks=(
                Task(id="order", lead_time_days=2),
                Task(
                    id="fit",
                    skill="x",
                    effort_hours=8,
                    after=[Dependency(task="order", lag_days=1)],
                ),
            ),
        ),
        day(12, 3),
    ),
    # Neither hours field: 8 h a day; 17 h = 8 + 8 + 1, Wed 2 Dec.
    "default eight hours a day": Scenario(
        (Person(id="ann", skills={"x"}),), one_task_job("J1", 17), day(12, 2)
    ),
    # Effort 8.1 h rounds up to 8.25 h: 8 h on Mon 30 Nov, 0.25 h on Tue 1 Dec.
    "effort rounds up to a quarter hour": Scenario((solo(),), one_task_job("J1", 8.1), day(12, 1)),
    # 6.3 h a day rounds down to 6.25 h: 12.5 h fits in two days, Tue 1 Dec ...
    "daily hours round down, exact fit": Scenario(
        (solo(6.3),), one_task_job("J1", 12.5), day(12, 1)
    ),
    # ... but 12.6 h (12.75 h) does not: Wed 2 Dec (it would fit if 6.3 h were kept).
    "daily hours round down, one quarter too many": Scenario(
        (solo(6.3),), one_task_job("J1", 12.6), day(12, 2)
    ),
    # Own calendar Mon-Thu with 32 h/week = 8 h on Mon-Thu: 40 h = 32 h by Thu 3 Dec,
    # Fri off, the last 8 h on Mon 7 Dec.
    "hours per week over an own calendar": Scenario(
        (
            Person(
                id="ann",
                skills={"x"},
                hours_per_week=32,
                calendar=Calendar(workdays={0, 1, 2, 3}),
            ),
        ),
        one_task_job("J1", 40),
        day(12, 7),
    ),
    # Shared holiday Tue 1 Dec; Ann's own calendar has none, so she works it: 16 h on
    # Mon 30 Nov and Tue 1 Dec.
    "own calendar replaces the shared holidays": Scenario(
        (solo(calendar=Calendar()),),
        one_task_job("J1", 16),
        day(12, 1),
        calendar=Calendar(holidays={day(12, 1)}),
    ),
    # The same without an own calendar: Mon 30 Nov, (holiday), Wed 2 Dec.
    "shared holiday": Scenario(
        (solo(),), one_task_job("J1", 16), day(12, 2), calendar=Calendar(holidays={day(12, 1)})
    ),
    # A single day off on Tue 1 Dec: Mon 30 Nov, (off), Wed 2 Dec.
    "single day off": Scenario((solo(time_off=(day(12, 1),)),), one_task_job("J1", 16), day(12, 2)),
    # Booked B1 (8 h, due Mon 30 Nov) fills Mon 30 Nov and cannot move: Tue 1 Dec.
    "booked work that cannot move": Scenario(
        (solo(),),
        one_task_job("J1", 8),
        day(12, 1),
        booked=(one_task_job("B1", 8, due=day(11, 30)),),
    ),
    # Booked B1 (8 h, due Fri 4 Dec) can move to Tue 1 Dec: the new job takes Mon 30 Nov.
    "booked work that can move": Scenario(
        (solo(),),
        one_task_job("J1", 8),
        day(11, 30),
        booked=(one_task_job("B1", 8, due=day(12, 4)),),
    ),
    # The worked example booked with due Fri 18 Dec uses every hour until then; the same
    # job again takes the next 15 working days: Mon 21 Dec .. Fri 8 Jan 2027.
    "booked worked example, then the same job again": Scenario(
        installers(),
        worked_job("J2"),
        day(1, 8, 2027),
        booked=(worked_job("J1", due=day(12, 18)),),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_hand_computed_date_matches_the_oracle(name: str) -> None:
    scenario = SCENARIOS[name]
    instance = build_instance(
        scenario.calendar,
        scenario.staff,
        scenario.start,
        [*scenario.booked, scenario.job],
        horizon_days=HORIZON_DAYS,
    )
    assert exhaustive_earliest(instance, scenario.job.id, scenario.deadlines()) == scenario.expected


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_planner_finds_the_hand_computed_date(name: str) -> None:
    scenario = SCENARIOS[name]
    planner = scenario.planner()
    verdict = planner.check(scenario.job)
    assert verdict.earliest == scenario.expected
    assert verdict.proven
    assert verdict.feasible  # no due date
    assert scenario.problems(verdict) == []
    job_tasks = verdict.tasks[verdict.tasks["commitment"] == scenario.job.id]
    assert max(job_tasks["finish"]) == scenario.expected


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_due_on_the_date_holds_and_a_day_earlier_does_not(name: str) -> None:
    scenario = SCENARIOS[name]
    planner = scenario.planner()
    on_time = scenario.job.model_copy(update={"due": scenario.expected})
    verdict = planner.check(on_time)
    assert verdict.feasible
    assert verdict.due == scenario.expected
    assert scenario.problems(verdict, on_time) == []
    day_before = scenario.expected - timedelta(days=1)
    if day_before < scenario.start:
        return
    too_early = scenario.job.model_copy(update={"due": day_before})
    late = planner.check(too_early)
    assert not late.feasible
    assert late.earliest == scenario.expected
    assert late.reasons
    assert all(str(reason) and reason.kind in KINDS for reason in late.reasons)


# -- the worked example in detail --------------------------------------------------------


def worked_planner() -> Planner:
    return Planner(calendar=SHARED, staff=list(installers()), start=START)


def test_worked_example_promise_of_december_9_is_infeasible() -> None:
    verdict = worked_planner().check(worked_job(due=day(12, 9)))
    assert not verdict.feasible
    assert verdict.due == day(12, 9)
    assert verdict.earliest == day(12, 18)
    assert verdict.proven
    assert verdict.reasons


def test_worked_example_promise_of_december_18_is_feasible() -> None:
    verdict = worked_planner().check(worked_job(due=day(12, 18)))
    assert verdict.feasible
    assert verdict.earliest == day(12, 18)
    assert list(verdict.moved) == []


def test_worked_example_plan_is_everyone_six_hours_every_working_day() -> None:
    verdict = worked_planner().check(worked_job(due=day(12, 18)))
    frame = verdict.assignments
    assert list(frame.columns) == ["commitment", "task", "person", "day", "hours"]
    assert_frame_equal(verdict.to_frame(), frame)
    working_days = [
        START + timedelta(days=k) for k in range(19) if (START + timedelta(days=k)).weekday() < 5
    ]
    assert len(working_days) == 15
    expected = {(person, d) for person in ("ann", "bo", "cy") for d in working_days}
    assert {(row.person, row.day) for row in frame.itertuples()} == expected
    assert set(frame["hours"]) == {6.0}
    assert set(frame["commitment"]) == {"J1"}
    assert list(verdict.tasks.columns) == ["commitment", "task", "start", "finish"]
    assert verdict.tasks.to_dict("records") == [
        {"commitment": "J1", "task": "install", "start": START, "finish": day(12, 18)}
    ]


def test_due_none_asks_only_for_the_earliest_date() -> None:
    verdict = worked_planner().check(worked_job(due=None))
    assert verdict.due is None
    assert verdict.feasible
    assert verdict.earliest == day(12, 18)


# -- booked work ---------------------------------------------------------------------------


def test_booked_work_moves_to_make_room() -> None:
    planner = Planner(calendar=SHARED, staff=[solo()], start=START)
    booking = planner.book(one_task_job("B1", 8, due=day(12, 4)))
    # Booked at its earliest date: Mon 30 Nov.
    assert booking.earliest == day(11, 30)
    assert planner.planned_finish("B1") == day(11, 30)
    job = one_task_job("J1", 8, due=day(11, 30))
    verdict = planner.check(job)
    assert verdict.feasible
    assert verdict.earliest == day(11, 30)
    assert list(verdict.moved) == ["B1"]
    b1_days = verdict.assignments.loc[verdict.assignments["commitment"] == "B1", "day"]
    assert len(b1_days) == 1
    assert day(12, 1) <= b1_days.iloc[0] <= day(12, 4)
    scenario = Scenario((solo(),), job, day(11, 30), booked=(one_task_job("B1", 8, day(12, 4)),))
    assert scenario.problems(verdict) == []
    # The check changed nothing: B1 is still planned on Mon 30 Nov.
    assert planner.planned_finish("B1") == day(11, 30)


def test_booked_work_that_would_break_its_due_date_stays() -> None:
    planner = Planner(calendar=SHARED, staff=[solo()], start=START)
    planner.book(one_task_job("B1", 8, due=day(11, 30)))
    before = planner.assignments.copy()
    verdict = planner.check(one_task_job("J1", 8, due=day(11, 30)))
    assert not verdict.feasible
    assert verdict.earliest == day(12, 1)
    assert list(verdict.moved) == []
    booked_rows = verdict.assignments[verdict.assignments["commitment"] == "B1"]
    assert_frame_equal(booked_rows.reset_index(drop=True), before.reset_index(drop=True))


def test_book_then_check_sees_the_booked_work() -> None:
    planner = worked_planner()
    assert planner.check(worked_job("J2", due=day(12, 18))).feasible
    booking = planner.book(worked_job("J1", due=day(12, 18)))
    assert booking.feasible
    assert_frame_equal(planner.assignments, booking.assignments)
    assert planner.planned_finish("J1") == day(12, 18)
    # All capacity to Fri 18 Dec is now promised to J1: J2 needs Mon 21 Dec .. Fri 8 Jan.
    verdict = planner.check(worked_job("J2", due=day(12, 18)))
    assert not verdict.feasible
    assert verdict.earliest == day(1, 8, 2027)
    assert list(verdict.moved) == []
    assert set(verdict.assignments["commitment"]) == {"J1", "J2"}


def test_commitments_given_at_construction_are_booked() -> None:
    planner = Planner(
        calendar=SHARED,
        staff=list(installers()),
        start=START,
        commitments=[worked_job("J1", due=day(12, 18))],
    )
    assert planner.planned_finish("J1") == day(12, 18)
    assert set(planner.assignments["commitment"]) == {"J1"}
    assert planner.check(worked_job("J2")).earliest == day(1, 8, 2027)


# -- a check is a pure question ----------------------------------------------------------


def test_check_is_deterministic() -> None:
    scenario = SCENARIOS["booked worked example, then the same job again"]
    planner = scenario.planner()
    first = planner.check(scenario.job)
    second = planner.check(scenario.job)
    assert_frame_equal(first.assignments, second.assignments)
    assert_frame_equal(first.tasks, second.tasks)
    assert (first.earliest, first.moved, first.reasons) == (
        second.earliest,
        second.moved,
        second.reasons,
    )
    fresh = scenario.planner().check(scenario.job)
    assert_frame_equal(first.assignments, fresh.assignments)


def test_check_does_not_change_the_planner() -> None:
    planner = Planner(calendar=SHARED, staff=[solo()], start=START)
    planner.book(one_task_job("B1", 8, due=day(12, 4)))
    assignments, tasks = planner.assignments.copy(), planner.tasks.copy()
    finish = planner.planned_finish("B1")
    verdict = planner.check(one_task_job("J1", 8, due=day(11, 30)))
    assert list(verdict.moved) == ["B1"]
    assert_frame_equal(planner.assignments, assignments)
    assert_frame_equal(planner.tasks, tasks)
    assert planner.planned_finish("B1") == finish
    assert [c.id for c in planner.commitments] == ["B1"]


# -- contiguous work -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contiguous", "expected"),
    [
        # B1's 8 h must be on Tue 1 Dec (after a 1-day lead time, due that day). The 12 h
        # job may pause: Mon 30 Nov 8 h, Wed 2 Dec 4 h.
        (False, day(12, 2)),
        # Contiguous, it cannot skip Ann's working Tuesday: Wed 2 Dec 8 h, Thu 3 Dec 4 h.
        (True, day(12, 3)),
    ],
)
def test_contiguous_work_does_not_pause(contiguous: bool, expected: date) -> None:
    booked = Commitment(
        id="B1",
        due=day(12, 1),
        tasks=(
            Task(id="order", lead_time_days=1),
            Task(id="w", skill="x", effort_hours=8, after=["order"]),
        ),
    )
    job = Commitment(
        id="J1", tasks=(Task(id="t", skill="x", effort_hours=12, contiguous=contiguous),)
    )
    scenario = Scenario((solo(),), job, expected, booked=(booked,))
    verdict = scenario.planner().check(job)
    assert verdict.earliest == expected
    assert scenario.problems(verdict) == []


# -- reasons -----------------------------------------------------------------------------


def test_reasons_name_the_binding_skill_work() -> None:
    verdict = worked_planner().check(worked_job(due=day(12, 9)))
    assert any("'install'" in reason for reason in verdict.sentences), verdict.sentences


def test_reasons_name_the_binding_lead_time() -> None:
    # The 6-day lead time (Mon 30 Nov .. Sat 5 Dec) binds, not the one day of fitting.
    scenario = SCENARIOS["lead time ending on a weekend"]
    verdict = scenario.planner().check(scenario.job.model_copy(update={"due": day(12, 2)}))
    assert not verdict.feasible
    assert any("'order'" in reason for reason in verdict.sentences), verdict.sentences
