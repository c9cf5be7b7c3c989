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
import pytest
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
                    crews = {i: tasks[i].crew for i in work}
                    if any(heads[i] > (crews[i] or heads[i]) for i in work):
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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(micro_instances())
def test_oracle_equals_brute_force(case: tuple[Instance, dict[str, date]]) -> None:
    instance, deadlines = case
    note(repr(instance))
    assert exhaustive_earliest_day(instance, "J", deadlines) == brute_force_earliest_day(
        instance, "J", deadlines
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


# -- the checker on a hand-made plan -----------------------------------------------------

# Ann (x, 8 h/day) and Bo (x and y, 4 h/day). Booked B: c (x, 4 h) due Wed 2 Dec. New J:
# a (x, 12 h, crew 2), then b (y, 4 h) one working day after a, then 3 days of shipping.
# By hand: a Mon 30 Nov (Ann 8 h + Bo 4 h); c Tue 1 Dec (Ann); Tue 1 Dec is b's lag day,
# so b Wed 2 Dec (Bo); shipping Thu 3 .. Sat 5 Dec. Nothing earlier: a needs all of
# Monday, the lag and the lead time fix the rest.
HAND_STAFF = (
    Person(id="ann", skills={"x"}, hours_per_day=8),
    Person(id="bo", skills={"x", "y"}, hours_per_day=4),
)
HAND_BOOKED = Commitment(
    id="B", due=date(2026, 12, 2), tasks=(Task(id="c", skill="x", effort_hours=4),)
)
HAND_JOB = Commitment(
    id="J",
    tasks=(
        Task(id="a", skill="x", effort_hours=12, crew=2),
        Task(id="b", skill="y", effort_hours=4, after=[Dependency(task="a", lag_days=1)]),
        Task(id="ship", lead_time_days=3, after=["b"]),
    ),
)
HAND_ROWS = [
    ("J", "a", "ann", date(2026, 11, 30), 8.0),
    ("J", "a", "bo", date(2026, 11, 30), 4.0),
    ("B", "c", "ann", date(2026, 12, 1), 4.0),
    ("J", "b", "bo", date(2026, 12, 2), 4.0),
]
HAND_SPANS = [
    ("J", "a", date(2026, 11, 30), date(2026, 11, 30)),
    ("B", "c", date(2026, 12, 1), date(2026, 12, 1)),
    ("J", "b", date(2026, 12, 2), date(2026, 12, 2)),
    ("J", "ship", date(2026, 12, 3), date(2026, 12, 5)),
]

Rows = list[tuple[str, str, str, date, float]]
Spans = list[tuple[str, str, date, date]]


def _hand_problems(
    rows: Rows,
    spans: Spans,
    staff: tuple[Person, ...] = HAND_STAFF,
    job: Commitment = HAND_JOB,
    columns: list[str] | None = None,
) -> list[str]:
    return check_plan(
        calendar=Calendar(),
        staff=staff,
        start=MONDAY,
        commitments=[HAND_BOOKED, job],
        assignments=pd.DataFrame(
            rows, columns=columns or ["commitment", "task", "person", "day", "hours"]
        ),
        tasks=pd.DataFrame(spans, columns=["commitment", "task", "start", "finish"]),
        deadlines={"B": date(2026, 12, 2)},
        horizon_days=28,
    )


def test_hand_made_plan_is_valid_and_optimal() -> None:
    assert _hand_problems(HAND_ROWS, HAND_SPANS) == []
    instance = build_instance(
        Calendar(), HAND_STAFF, MONDAY, [HAND_BOOKED, HAND_JOB], horizon_days=28
    )
    assert exhaustive_earliest(instance, "J", {"B": date(2026, 12, 2)}) == date(2026, 12, 5)


def _replace_row(index: int, row: tuple[str, str, str, date, float]) -> Rows:
    return [row if k == index else r for k, r in enumerate(HAND_ROWS)]


def _replace_span(task: str, start: date, finish: date) -> Spans:
    return [(c, t, start, finish) if t == task else (c, t, s, f) for c, t, s, f in HAND_SPANS]


DEC = {dom: date(2026, 12, dom) for dom in range(1, 32)}
NOV30 = date(2026, 11, 30)
BROKEN: dict[str, tuple[Rows, Spans, str]] = {
    "a quarter hour too many": (
        _replace_row(0, ("J", "a", "ann", NOV30, 8.25)),
        HAND_SPANS,
        "ann works 8.25 h on 2026-11-30, more than their 8.0 h",
    ),
    "hours missing": (HAND_ROWS[:2] + HAND_ROWS[3:], HAND_SPANS, "B/c gets 0.0 h"),
    "hours that are no quarter": (
        _replace_row(2, ("B", "c", "ann", DEC[1], 4.1)),
        HAND_SPANS,
        "4.1 h is not a positive multiple of 0.25 h",
    ),
    "a person without the skill": (
        _replace_row(3, ("J", "b", "ann", DEC[2], 4.0)),
        HAND_SPANS,
        "ann lacks skill 'y'",
    ),
    "an unknown person": (
        _replace_row(3, ("J", "b", "cy", DEC[2], 4.0)),
        HAND_SPANS,
        "unknown person",
    ),
    "work on a Saturday": (
        _replace_row(2, ("B", "c", "ann", DEC[5], 4.0)),
        _replace_span("c", DEC[5], DEC[5]),
        "ann works 4.0 h on 2026-12-05, more than their 0.0 h",
    ),
    "a lag day not waited": (
        _replace_row(3, ("J", "b", "bo", DEC[1], 4.0)),
        _replace_span("b", DEC[1], DEC[1]),
        "J/b starts 2026-12-01, too soon after a finishes 2026-11-30",
    ),
    "a lead time starting on its predecessor's finish day": (
        HAND_ROWS,
        _replace_span("ship", DEC[2], DEC[4]),
        "J/ship starts 2026-12-02, too soon after b finishes 2026-12-02",
    ),
    "a lead time of the wrong length": (
        HAND_ROWS,
        _replace_span("ship", DEC[3], DEC[4]),
        "not 3 calendar days",
    ),
    "a booked job past its due date": (
        _replace_row(2, ("B", "c", "ann", DEC[3], 4.0)),
        _replace_span("c", DEC[3], DEC[3]),
        "commitment B finishes 2026-12-03, after its deadline 2026-12-02",
    ),
    "a task frame that disagrees with the hours": (
        HAND_ROWS,
        _replace_span("a", NOV30, DEC[1]),
        "J/a is listed 2026-11-30..2026-12-01 but has hours 2026-11-30..2026-11-30",
    ),
    "hours on a lead time": (
        [*HAND_ROWS, ("J", "ship", "bo", DEC[3], 1.0)],
        HAND_SPANS,
        "a lead-time task has no hours",
    ),
    "a task missing from the task frame": (HAND_ROWS, HAND_SPANS[:3], "task frame misses J/ship"),
    "the same person, task and day twice": (
        [*_replace_row(0, ("J", "a", "ann", NOV30, 4.0)), ("J", "a", "ann", NOV30, 4.0)],
        HAND_SPANS,
        "appear twice",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_checker_catches_a_broken_plan(name: str) -> None:
    rows, spans, message = BROKEN[name]
    problems = _hand_problems(rows, spans)
    assert any(message in problem for problem in problems), problems


def test_checker_catches_a_crew_limit() -> None:
    one_at_a_time = HAND_JOB.model_copy(
        update={"tasks": (HAND_JOB.tasks[0].model_copy(update={"crew": 1}), *HAND_JOB.tasks[1:])}
    )
    problems = _hand_problems(HAND_ROWS, HAND_SPANS, job=one_at_a_time)
    assert problems == ["J/a has 2 people on 2026-11-30, its crew is 1"]


def test_checker_catches_time_off() -> None:
    ann_off = Person(id="ann", skills={"x"}, hours_per_day=8, time_off=(DEC[1],))
    problems = _hand_problems(HAND_ROWS, HAND_SPANS, staff=(ann_off, HAND_STAFF[1]))
    assert problems == ["ann works 4.0 h on 2026-12-01, more than their 0.0 h"]


def test_checker_catches_a_paused_contiguous_task() -> None:
    paused = [
        ("J", "t", "ann", NOV30, 8.0),
        ("B", "c", "ann", DEC[1], 4.0),
        ("J", "t", "ann", DEC[2], 4.0),
    ]
    spans = [("J", "t", NOV30, DEC[2]), ("B", "c", DEC[1], DEC[1])]
    for contiguous, expected in [
        (False, []),
        (True, ["contiguous task J/t pauses 2026-12-01"]),
    ]:
        job = Commitment(
            id="J", tasks=(Task(id="t", skill="x", effort_hours=12, contiguous=contiguous),)
        )
        assert _hand_problems(paused, spans, job=job) == expected


def test_checker_catches_wrong_columns() -> None:
    problems = _hand_problems(
        HAND_ROWS, HAND_SPANS, columns=["commitment", "task", "person", "date", "hours"]
    )
    assert len(problems) == 1 and "columns" in problems[0]


# -- the planner on random small teams and jobs ----------------------------------------


@dataclass(frozen=True)
class Case:
    """A random planning situation: the team, jobs to book first and a new job.

    Each booked job is given a due date its own slack after the earliest date it could
    have when it is booked, so every booking is feasible.
    """

    calendar: Calendar
    staff: tuple[Person, ...]
    start: date
    booked: tuple[Commitment, ...]
    booked_slack: tuple[int, ...]
    job: Commitment


def _day(start: date, offset: int) -> date:
    return start + timedelta(days=offset)


@st.composite
def people(
    draw: st.DrawFn,
    shared: Calendar,
    start: date,
    count: int,
    skills: tuple[str, ...],
    odd_hours: bool,
) -> tuple[Person, ...]:
    """People with 1-4 h a day or the default 8 h, some own calendars and time off.

    With ``odd_hours`` daily hours may be off the quarter-hour grid (6.3 h) and weekly
    hours need not divide evenly over the working weekdays.
    """
    staff = []
    for k in range(count):
        own: Calendar | None = None
        if draw(st.integers(0, 3)) == 0:
            workdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
            extra = draw(st.frozensets(st.integers(0, 20), max_size=1))
            own = Calendar(
                workdays=workdays,
                holidays=shared.holidays | {_day(start, offset) for offset in extra},
            )
        hours = draw(st.sampled_from(["day", "week", "default"]))
        per_day: float = draw(st.integers(1, 4))
        weekdays = len((own or shared).workdays)
        per_week = per_day * weekdays
        if odd_hours:
            per_day = draw(st.sampled_from([per_day, 1.3, 2.5, 6.3]))
            uneven = [w for w in (7.0, 10.0, 20.0, 31.0) if w <= 8 * weekdays]
            per_week = draw(st.sampled_from([per_week, *uneven]))
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
                hours_per_week=per_week if hours == "week" else None,
                calendar=own,
                time_off=tuple(time_off),
            )
        )
    return tuple(staff)


@st.composite
def jobs(
    draw: st.DrawFn,
    job_id: str,
    skills: list[str],
    start: date,
    max_tasks: int,
    efforts: list[float],
) -> Commitment:
    """1 to ``max_tasks`` tasks (one in five a lead time) in a random DAG with lags."""
    count = draw(st.integers(1, max_tasks))
    tasks: list[Task] = []
    for i in range(count):
        after: list[str | Dependency] = []
        for k in draw(
            st.lists(st.integers(0, i - 1), unique=True, max_size=2) if i else st.just([])
        ):
            lag = draw(st.integers(0, 2))
            after.append(Dependency(task=f"t{k}", lag_days=lag) if lag else f"t{k}")
        if draw(st.integers(0, 4)) == 0:
            tasks.append(Task(id=f"t{i}", lead_time_days=draw(st.integers(1, 5)), after=after))
            continue
        effort = draw(st.sampled_from(efforts))
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
def cases(
    draw: st.DrawFn,
    max_people: int = 3,
    max_tasks: int = 3,
    max_effort: int = 6,
    max_booked: int = 2,
    booked_tasks: int = 2,
    fractions: bool = True,
) -> Case:
    """A shared calendar, a team, up to ``max_booked`` jobs to book and the new job.

    Without ``fractions`` every effort and daily capacity is whole hours, which keeps
    the oracle's search small.
    """
    start = _day(MONDAY, draw(st.integers(0, 6)))
    workdays = draw(
        st.sampled_from([frozenset(range(5)), frozenset(range(6)), frozenset({0, 1, 2, 3})])
    )
    holidays = draw(st.frozensets(st.integers(0, 20), max_size=2))
    calendar = Calendar(workdays=workdays, holidays=frozenset(_day(start, k) for k in holidays))
    skills = SKILLS[: draw(st.integers(1, 3))]
    staff = draw(people(calendar, start, draw(st.integers(1, max_people)), skills, fractions))
    known = sorted(set().union(*(p.skills for p in staff)))
    count = draw(st.integers(0, max_booked))
    whole = [float(h) for h in range(1, max_effort + 1)]
    efforts = [*whole, 0.25, 1.5, 2.75, 7.9] if fractions else whole
    booked = tuple(
        draw(jobs(f"B{k}", known, start, booked_tasks, efforts[:4])) for k in range(count)
    )
    slack = tuple(draw(st.integers(0, 4)) for _ in range(count))
    job = draw(jobs("J", known, start, max_tasks, efforts))
    return Case(calendar, staff, start, booked, slack, job)


def _rows_of(frame: pd.DataFrame, commitment: str) -> list[tuple[object, ...]]:
    """One commitment's rows as sorted tuples (independent of dtypes and row order)."""
    rows = frame[frame["commitment"] == commitment]
    return sorted(tuple(row) for row in rows.itertuples(index=False))


def _judge(case: Case, *, use_oracle: bool) -> None:
    """Book the case's jobs, check the new one, judge the verdict, then book it too."""
    note(repr(case))
    planner = Planner(
        calendar=case.calendar,
        staff=list(case.staff),
        start=case.start,
        horizon_days=HORIZON_DAYS,
        time_limit=TIME_LIMIT,
    )
    booked: list[Commitment] = []
    deadlines: dict[str, date] = {}
    for commitment, slack in zip(case.booked, case.booked_slack, strict=True):
        alone = planner.check(commitment)
        assert alone.earliest is not None
        if use_oracle:
            instance = build_instance(
                case.calendar,
                case.staff,
                case.start,
                [*booked, commitment],
                horizon_days=HORIZON_DAYS,
            )
            oracle = exhaustive_earliest(instance, commitment.id, deadlines)
            assert oracle is not None
            assert alone.earliest >= oracle
            if alone.proven:
                assert alone.earliest == oracle
        booked_due = alone.earliest + timedelta(days=slack)
        dated = commitment.model_copy(update={"due": booked_due})
        booking = planner.book(dated)
        assert booking.feasible
        booked.append(dated)
        deadlines[dated.id] = booked_due
        assert planner.planned_finish(dated.id) <= booked_due
        assert_frame_equal(planner.assignments, booking.assignments)
        assert (
            check_plan(
                calendar=case.calendar,
                staff=case.staff,
                start=case.start,
                commitments=booked,
                assignments=planner.assignments,
                tasks=planner.tasks,
                deadlines=deadlines,
                horizon_days=HORIZON_DAYS,
            )
            == []
        )

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
        commitments=[*booked, case.job] if with_job else booked,
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
    for booked_id in deadlines:
        changed = _rows_of(verdict.assignments, booked_id) != _rows_of(
            before_assignments, booked_id
        ) or _rows_of(verdict.tasks, booked_id) != _rows_of(before_tasks, booked_id)
        assert (booked_id in verdict.moved) == changed

    if use_oracle:
        instance = build_instance(
            case.calendar,
            case.staff,
            case.start,
            [*booked, case.job],
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

    if verdict.earliest is not None:
        booking = planner.book(case.job, allow_infeasible=True)
        assert booking.earliest == verdict.earliest
        assert planner.planned_finish("J") == verdict.earliest
        assert_frame_equal(planner.assignments, verdict.assignments)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(fractions=False))
def test_verdicts_on_tiny_instances_match_the_oracle(case: Case) -> None:
    _judge(case, use_oracle=True)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_people=4, max_tasks=4, max_effort=12))
def test_verdicts_on_small_instances_are_valid_plans(case: Case) -> None:
    _judge(case, use_oracle=False)
