import re
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from feasibility.models import Calendar, Commitment, Dependency, Person, Task, find_cycle

MONDAY = date(2026, 11, 30)
SATURDAY = date(2026, 12, 5)
SHARED = Calendar()


def rejects(message: str) -> pytest.RaisesExc[ValidationError]:
    return pytest.raises(ValidationError, match=re.escape(message))


def work(task_id: str, *after: str, **fields: object) -> Task:
    return Task(id=task_id, skill="fitting", effort_hours=8, after=list(after), **fields)


# Calendar


def test_calendar_default_is_monday_to_friday() -> None:
    week = [MONDAY + timedelta(days=k) for k in range(7)]
    assert [SHARED.is_working(day) for day in week] == [True] * 5 + [False] * 2


def test_calendar_holiday_is_not_working() -> None:
    calendar = Calendar(holidays={date(2026, 12, 1)})
    assert not calendar.is_working(date(2026, 12, 1))
    assert calendar.is_working(date(2026, 12, 2))


def test_calendar_rejects_weekday_out_of_range() -> None:
    with rejects("calendar workdays must be 0 (Monday) to 6 (Sunday), got 7"):
        Calendar(workdays={0, 7})


def test_models_are_frozen() -> None:
    person = Person(id="ann", skills={"fitting"})
    with pytest.raises(ValidationError):
        person.hours_per_day = 4  # type: ignore[misc]


def test_models_forbid_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="hours"):
        Person(id="ann", skills={"fitting"}, hours=4)  # type: ignore[call-arg]


# Person hours


def test_person_default_is_eight_hours_on_working_days() -> None:
    ann = Person(id="ann", skills={"fitting"})
    assert ann.hours_on(MONDAY, SHARED) == 8.0
    assert ann.hours_on(SATURDAY, SHARED) == 0.0


def test_hours_per_day() -> None:
    ann = Person(id="ann", skills={"fitting"}, hours_per_day=5.5)
    assert ann.hours_on(MONDAY, SHARED) == 5.5


def test_hours_per_week_spread_over_shared_weekdays() -> None:
    ann = Person(id="ann", skills={"fitting"}, hours_per_week=30)
    assert ann.hours_on(MONDAY, SHARED) == 6.0
    assert ann.hours_on(SATURDAY, SHARED) == 0.0


def test_hours_per_week_spread_over_own_weekdays() -> None:
    ann = Person(
        id="ann", skills={"fitting"}, hours_per_week=30, calendar=Calendar(workdays={0, 1, 2, 3})
    )
    thursday, friday = date(2026, 12, 3), date(2026, 12, 4)
    assert ann.hours_on(thursday, SHARED) == 7.5
    assert ann.hours_on(friday, SHARED) == 0.0


def test_hours_per_week_follows_a_six_day_shared_calendar() -> None:
    ann = Person(id="ann", skills={"fitting"}, hours_per_week=30)
    six_days = Calendar(workdays={0, 1, 2, 3, 4, 5})
    assert ann.hours_on(SATURDAY, six_days) == 5.0


def test_own_calendar_works_a_saturday() -> None:
    ann = Person(id="ann", skills={"fitting"}, calendar=Calendar(workdays={1, 2, 3, 4, 5}))
    assert ann.hours_on(SATURDAY, SHARED) == 8.0
    assert ann.hours_on(MONDAY, SHARED) == 0.0


def test_own_calendar_replaces_shared_holidays() -> None:
    shared = Calendar(holidays={MONDAY})
    own = Person(id="ann", skills={"fitting"}, calendar=Calendar())
    follows_shared = Person(id="bo", skills={"fitting"})
    assert own.hours_on(MONDAY, shared) == 8.0
    assert follows_shared.hours_on(MONDAY, shared) == 0.0


def test_own_calendar_holiday_gives_zero() -> None:
    ann = Person(id="ann", skills={"fitting"}, calendar=Calendar(holidays={MONDAY}))
    assert ann.hours_on(MONDAY, SHARED) == 0.0


def test_shared_holiday_gives_zero() -> None:
    ann = Person(id="ann", skills={"fitting"}, hours_per_week=30)
    assert ann.hours_on(MONDAY, Calendar(holidays={MONDAY})) == 0.0


def test_time_off_single_days_and_inclusive_ranges() -> None:
    ann = Person(
        id="ann",
        skills={"fitting"},
        time_off=[date(2026, 11, 30), (date(2026, 12, 2), date(2026, 12, 4))],
    )
    week = [MONDAY + timedelta(days=k) for k in range(8)]
    hours = [ann.hours_on(day, SHARED) for day in week]
    assert hours == [0.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.0]


def test_time_off_accepts_iso_strings_and_lists() -> None:
    ann = Person.model_validate(
        {
            "id": "ann",
            "skills": ["fitting"],
            "time_off": ["2026-12-01", ["2026-12-03", "2026-12-04"]],
        }
    )
    assert ann.time_off_ranges == (
        (date(2026, 12, 1), date(2026, 12, 1)),
        (date(2026, 12, 3), date(2026, 12, 4)),
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": " "}, "a person has an empty id"),
        ({"hours_per_day": -1.0}, "person 'ann': hours_per_day must not be negative, got -1.0"),
        ({"hours_per_week": -2.0}, "person 'ann': hours_per_week must not be negative, got -2.0"),
        ({"hours_per_day": 25.0}, "person 'ann': hours_per_day cannot exceed 24, got 25.0"),
        ({"hours_per_week": 200.0}, "person 'ann': hours_per_week cannot exceed 168, got 200.0"),
        ({"hours_per_day": float("nan")}, "person 'ann': hours_per_day must be a finite number"),
        (
            {"hours_per_day": 6.0, "hours_per_week": 30.0},
            "person 'ann': set hours_per_day or hours_per_week, not both",
        ),
        (
            {"time_off": [(date(2026, 12, 5), date(2026, 12, 1))]},
            "person 'ann': time off from 2026-12-05 to 2026-12-01 ends before it starts",
        ),
        (
            {"calendar": Calendar(workdays=frozenset())},
            "person 'ann': own calendar has no working weekdays",
        ),
        (
            {"calendar": Calendar(workdays={0, 1}), "hours_per_week": 60.0},
            "person 'ann': hours_per_week 60.0 over 2 working weekdays is more than 24 hours a day",
        ),
        ({"skills": {"fitting", ""}}, "person 'ann': a skill name is empty"),
    ],
)
def test_person_rejects(fields: dict[str, object], message: str) -> None:
    with rejects(message):
        Person(**{"id": "ann", "skills": {"fitting"}, **fields})


def test_person_accepts_zero_hours() -> None:
    assert Person(id="ann", skills={"x"}, hours_per_day=0).hours_on(MONDAY, SHARED) == 0.0


# Task


def test_work_task() -> None:
    task = Task(id="paint", skill="painting", effort_hours=12, crew=2, done_hours=4.5)
    assert task.is_work and not task.is_lead_time
    assert task.remaining_hours == 7.5


def test_lead_time_task() -> None:
    task = Task(id="ship", lead_time_days=3)
    assert task.is_lead_time and not task.is_work
    assert task.remaining_hours == 0.0


def test_finished_task_has_no_remaining_hours() -> None:
    task = Task(id="paint", skill="painting", effort_hours=12, done_hours=11, finished=True)
    assert task.remaining_hours == 0.0


def test_after_accepts_ids_dependencies_and_dicts() -> None:
    task = Task(
        id="d",
        lead_time_days=1,
        after=["a", Dependency(task="b", lag_days=2), {"task": "c", "lag_days": 1}],
    )
    assert task.after == (
        Dependency(task="a"),
        Dependency(task="b", lag_days=2),
        Dependency(task="c", lag_days=1),
    )
    assert task.predecessors == ("a", "b", "c")


def test_after_accepts_a_single_id() -> None:
    assert Task(id="b", lead_time_days=1, after="a").predecessors == ("a",)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": ""}, "a task has an empty id"),
        ({}, "task 'paint' is neither work (skill and effort_hours) nor a lead time"),
        ({"skill": "painting"}, "task 'paint': a work task needs both skill and effort_hours"),
        ({"effort_hours": 3.0}, "task 'paint': a work task needs both skill and effort_hours"),
        (
            {"skill": "painting", "effort_hours": -3.0},
            "task 'paint': effort_hours must be positive, got -3.0",
        ),
        (
            {"skill": "painting", "effort_hours": 0.0},
            "task 'paint': effort_hours must be positive, got 0.0",
        ),
        (
            {"skill": "painting", "effort_hours": float("inf")},
            "task 'paint': effort_hours must be positive, got inf",
        ),
        ({"skill": "", "effort_hours": 3.0}, "task 'paint': skill must not be empty"),
        (
            {"skill": "painting", "effort_hours": 3.0, "crew": 0},
            "task 'paint': crew must be at least 1, got 0",
        ),
        (
            {"skill": "painting", "effort_hours": 3.0, "done_hours": -1.0},
            "task 'paint': done_hours must not be negative, got -1.0",
        ),
        (
            {"skill": "painting", "effort_hours": 3.0, "done_hours": 4.0},
            "task 'paint': done_hours 4.0 exceeds effort_hours 3.0",
        ),
        ({"lead_time_days": 0}, "task 'paint': lead_time_days must be at least 1, got 0"),
        (
            {"lead_time_days": 2, "skill": "painting"},
            "task 'paint': a lead-time task (lead_time_days) takes no skill, effort_hours or crew",
        ),
        ({"lead_time_days": 2, "effort_hours": 3.0}, "got effort_hours"),
        ({"lead_time_days": 2, "crew": 2}, "task 'paint': a lead-time task"),
        (
            {"lead_time_days": 2, "done_hours": 1.0},
            "task 'paint': done_hours applies to work tasks only",
        ),
        ({"lead_time_days": 2, "after": ["paint"]}, "task 'paint' depends on itself"),
        ({"lead_time_days": 2, "after": ["a", "a"]}, "task 'paint' lists 'a' twice in after"),
        (
            {"lead_time_days": 2, "after": [{"task": "prime", "lag_days": -1}]},
            "task 'paint': lag_days after 'prime' must not be negative, got -1",
        ),
    ],
)
def test_task_rejects(fields: dict[str, object], message: str) -> None:
    with rejects(message):
        Task(**{"id": "paint", **fields})


def test_dependency_rejects_negative_lag() -> None:
    with rejects("lag_days after 'prime' must not be negative, got -2"):
        Dependency(task="prime", lag_days=-2)


# Commitment


def test_commitment_task_lookup() -> None:
    job = Commitment(id="J1", tasks=[work("a"), work("b", "a")])
    assert job.task("b").predecessors == ("a",)
    assert job.task_ids == ("a", "b")
    with pytest.raises(KeyError, match="commitment 'J1' has no task 'z'"):
        job.task("z")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": ""}, "a commitment has an empty id"),
        ({"tasks": []}, "commitment 'J1' has no tasks"),
        ({"priority": 0}, "commitment 'J1': priority must be at least 1, got 0"),
        ({"tasks": [work("x"), work("x")]}, "commitment 'J1' has two tasks called 'x'"),
        (
            {"tasks": [work("a"), work("b", "z")]},
            "task 'b' of commitment 'J1' depends on unknown task 'z'",
        ),
        (
            {"tasks": [work("a", "c"), work("b", "a"), work("c", "b")]},
            "commitment 'J1' has a dependency cycle: a -> b -> c -> a",
        ),
        (
            {"tasks": [work("start"), work("b", "start", "c"), work("c", "b")]},
            "commitment 'J1' has a dependency cycle: b -> c -> b",
        ),
    ],
)
def test_commitment_rejects(fields: dict[str, object], message: str) -> None:
    with rejects(message):
        Commitment(**{"id": "J1", "tasks": [work("a")], **fields})


def test_commitment_accepts_a_diamond() -> None:
    job = Commitment(
        id="J1", tasks=[work("d", "b", "c"), work("b", "a"), work("c", "a"), work("a")]
    )
    assert find_cycle(job.tasks) is None


def test_find_cycle_handles_long_chains() -> None:
    chain = [work("t0")] + [work(f"t{k}", f"t{k - 1}") for k in range(1, 5000)]
    assert find_cycle(chain) is None
    looped = [work("t0", "t4999"), *chain[1:]]
    cycle = find_cycle(looped)
    assert cycle is not None
    assert cycle[0] == cycle[-1] == "t0"
    assert len(cycle) == 5001


def test_models_are_hashable_and_compare_by_value() -> None:
    first = Commitment(id="J1", tasks=[work("a"), work("b", "a")])
    second = Commitment(id="J1", tasks=[work("a"), work("b", "a")])
    assert first == second
    assert hash(first) == hash(second)
