"""The independent checker: every rule accepts a valid schedule and catches a broken one."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planted import planted_problems

from solvers.checker import (
    InvalidSolutionError,
    assert_valid,
    objective_value,
    plainly_valid,
    resource_usage,
    usage_map,
)
from solvers.checker import violations as sentences
from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Resource,
    Task,
    TaskSchedule,
    Usage,
)
from solvers.result import Solution

H = 8


def violations(problem: Problem, solution: Solution) -> list[str]:
    """The checker's sentences; every case here also holds its quick verdict to them."""
    found = sentences(problem, solution)
    quick = plainly_valid(problem, solution)
    assert quick is None or quick == (found == [])
    return found


def make(
    *tasks: Task,
    capacities: tuple[list[int], ...] = ([2] * H, [1] * H),
    precedences: tuple[Precedence, ...] = (),
    calendars: tuple[list[int], ...] = (),
    objective: Objective | None = None,
) -> Problem:
    names = ("crane", "crew")
    return Problem(
        horizon=len(capacities[0]),
        resources=tuple(
            Resource(capacity=np.array(c), name=names[r] if r < 2 else "")
            for r, c in enumerate(capacities)
        ),
        tasks=tasks,
        precedences=precedences,
        calendars=tuple(np.array(c) for c in calendars),
        objective=objective or Objective(),
    )


def sol(*schedules: TaskSchedule) -> Solution:
    return Solution(schedules)


def elastic(start: int, end: int, *usage: tuple[int, int, int]) -> TaskSchedule:
    return TaskSchedule(start, end, tuple(Usage(r, t, a) for r, t, a in usage))


def only(found: list[str], *words: str) -> str:
    """The single violation found, which must mention every word."""
    assert len(found) == 1, found
    for word in words:
        assert word in found[0], (word, found[0])
    return found[0]


RIGID = Task(duration=2, demands=((0, 1),), name="pour")
ELASTIC = Task(work=3, eligible=(0, 1), name="wire")


def test_a_valid_mixed_schedule_has_no_violations() -> None:
    problem = make(RIGID, ELASTIC, precedences=(Precedence(0, 1, lag=1),))
    schedule = sol(TaskSchedule(0, 2), elastic(3, 5, (0, 3, 2), (1, 4, 1)))
    assert violations(problem, schedule) == []
    assert_valid(problem, schedule)


def test_one_schedule_per_task_is_required() -> None:
    problem = make(RIGID, ELASTIC)
    only(violations(problem, sol(TaskSchedule(0, 2))), "1 task schedules for 2 tasks")


@pytest.mark.parametrize(("start", "end"), [(-1, 1), (7, 9)])
def test_a_rigid_task_must_lie_inside_the_horizon(start: int, end: int) -> None:
    found = violations(make(RIGID), sol(TaskSchedule(start, end)))
    assert any("task 0 (pour) runs over" in v and "horizon [0, 8]" in v for v in found), found


def test_a_schedule_must_not_end_before_it_starts() -> None:
    found = violations(make(ELASTIC), sol(elastic(3, 2, (0, 2, 3))))
    assert any("[3, 2)" in v and "not an interval" in v for v in found), found


def test_a_rigid_task_runs_for_its_duration() -> None:
    only(violations(make(RIGID), sol(TaskSchedule(1, 4))), "task 0 (pour)", "duration of 2")


def test_a_rigid_task_lists_no_usage() -> None:
    only(
        violations(make(RIGID), sol(elastic(1, 3, (0, 1, 1)))),
        "task 0 (pour)",
        "rigid",
        "usage",
    )
    lead_time = make(Task(duration=2, name="order"))  # no demands: the quick verdict decides
    only(violations(lead_time, sol(elastic(1, 3, (0, 1, 1)))), "task 0 (order)", "rigid")


def test_rigid_demands_count_in_every_period_of_the_run() -> None:
    heavy = Task(duration=3, demands=((1, 1),))
    problem = make(heavy, heavy)
    assert violations(problem, sol(TaskSchedule(0, 3), TaskSchedule(3, 6))) == []
    found = violations(problem, sol(TaskSchedule(0, 3), TaskSchedule(2, 5)))
    only(found, "resource 1 (crew)", "period 2", "tasks 0, 1", "2 of its 1")


def test_capacity_counts_rigid_demands_and_elastic_usage_together() -> None:
    problem = make(RIGID, ELASTIC)
    valid = sol(TaskSchedule(0, 2), elastic(0, 2, (0, 0, 1), (1, 1, 1), (0, 1, 1)))
    assert violations(problem, valid) == []
    broken = sol(TaskSchedule(0, 2), elastic(0, 2, (0, 0, 2), (1, 1, 1)))
    only(violations(problem, broken), "resource 0 (crane)", "period 0", "tasks 0, 1", "3 of its 2")


def test_capacity_follows_the_period() -> None:
    problem = make(Task(duration=1, demands=((0, 1),)), capacities=([1, 0, 1],))
    assert violations(problem, sol(TaskSchedule(0, 1))) == []
    only(violations(problem, sol(TaskSchedule(1, 2))), "period 1", "task 0 uses 1 of its 0")


def test_elastic_usage_only_on_eligible_resources() -> None:
    task = Task(work=2, eligible=(1,), name="wire")
    problem = make(task)
    assert violations(problem, sol(elastic(0, 2, (1, 0, 1), (1, 1, 1)))) == []
    only(
        violations(problem, sol(elastic(0, 1, (0, 0, 2)))),
        "task 0 (wire)",
        "resource 0 (crane)",
        "period 0",
        "not one of its eligible",
    )


def test_elastic_usage_stays_inside_the_span() -> None:
    found = violations(make(ELASTIC), sol(elastic(2, 4, (0, 2, 1), (0, 3, 1), (1, 5, 1))))
    assert any("period 5" in v and "outside its span [2, 4)" in v for v in found), found


def test_elastic_usage_stays_inside_the_horizon() -> None:
    found = violations(make(ELASTIC), sol(elastic(6, 8, (0, 6, 1), (0, 7, 1), (1, 9, 1))))
    assert any("period 9" in v and "outside the horizon" in v for v in found), found


def test_elastic_amounts_are_positive() -> None:
    broken = sol(elastic(0, 2, (0, 0, 2), (1, 0, 1), (1, 1, 0)))
    only(violations(make(ELASTIC), broken), "non-positive amount 0", "resource 1", "period 1")


def test_elastic_usage_adds_up_to_the_work() -> None:
    only(
        violations(make(ELASTIC), sol(elastic(0, 2, (0, 0, 1), (0, 1, 1)))),
        "task 0 (wire)",
        "2 units",
        "work of 3",
    )


def test_elastic_start_is_the_first_period_with_work() -> None:
    only(
        violations(make(ELASTIC), sol(elastic(1, 4, (0, 2, 2), (1, 3, 1)))),
        "starts in period 1",
        "first receives work in period 2",
    )


def test_elastic_end_is_one_past_the_last_period_with_work() -> None:
    only(
        violations(make(ELASTIC), sol(elastic(2, 5, (0, 2, 2), (1, 3, 1)))),
        "ends at 5",
        "last receives work in period 3",
    )


def test_elastic_parallel_limit() -> None:
    task = Task(work=3, eligible=(0, 1), max_parallel=1)
    problem = make(task)
    assert violations(problem, sol(elastic(0, 2, (0, 0, 2), (1, 1, 1)))) == []
    only(
        violations(problem, sol(elastic(0, 1, (0, 0, 2), (1, 0, 1)))),
        "2 resources in period 0",
        "resource 0 (crane), resource 1 (crew)",
        "limit of 1",
    )


def test_contiguous_task_works_in_every_period_with_capacity() -> None:
    task = Task(work=2, eligible=(0,), contiguous=True)
    problem = make(task, capacities=([1, 1, 0, 1, 1],))
    assert violations(problem, sol(elastic(1, 4, (0, 1, 1), (0, 3, 1)))) == []
    broken = Problem(
        horizon=5,
        resources=(Resource(capacity=np.array([1, 1, 1, 1, 1]), name="crane"),),
        tasks=(task,),
    )
    only(
        violations(broken, sol(elastic(1, 4, (0, 1, 1), (0, 3, 1)))),
        "contiguous",
        "period 2",
        "resource 0 (crane)",
    )


def test_a_paused_elastic_task_is_fine_when_not_contiguous() -> None:
    assert violations(make(ELASTIC), sol(elastic(0, 6, (0, 0, 1), (0, 5, 2)))) == []


def test_fixed_usage_must_be_kept_exactly() -> None:
    task = Task(work=3, eligible=(0, 1), fixed_usage=(Usage(0, 2, 2), Usage(0, 3, 1)))
    problem = make(task)
    assert violations(problem, sol(elastic(2, 4, (0, 2, 1), (0, 2, 1), (0, 3, 1)))) == []
    found = violations(problem, sol(elastic(2, 4, (0, 2, 1), (0, 3, 2))))
    assert len(found) == 2, found
    assert "uses 1 of resource 0 (crane) in period 2 where its fixed usage is 2" in found[0]
    assert "uses 2 of resource 0 (crane) in period 3 where its fixed usage is 1" in found[1]
    moved = violations(problem, sol(elastic(2, 4, (0, 2, 2), (1, 3, 1))))
    assert len(moved) == 2, moved


@pytest.mark.parametrize(
    ("task", "good", "bad"),
    [
        (Task(duration=2, fixed_start=3), TaskSchedule(3, 5), TaskSchedule(4, 6)),
        (
            Task(work=1, eligible=(0,), fixed_start=3),
            elastic(3, 4, (0, 3, 1)),
            elastic(4, 5, (0, 4, 1)),
        ),
    ],
)
def test_fixed_start_must_be_kept(task: Task, good: TaskSchedule, bad: TaskSchedule) -> None:
    problem = make(task)
    assert violations(problem, sol(good)) == []
    only(violations(problem, sol(bad)), "starts in period 4", "fixed start period 3")


def test_release() -> None:
    problem = make(Task(duration=2, release=3))
    assert violations(problem, sol(TaskSchedule(3, 5))) == []
    only(violations(problem, sol(TaskSchedule(2, 4))), "period 2", "release period 3")


def test_deadline() -> None:
    problem = make(Task(work=2, eligible=(0,), deadline=4))
    assert violations(problem, sol(elastic(3, 4, (0, 3, 2)))) == []
    only(violations(problem, sol(elastic(4, 5, (0, 4, 2)))), "ends at 5", "deadline 4")


def test_finish_to_start_with_lag() -> None:
    problem = make(RIGID, RIGID, precedences=(Precedence(0, 1, lag=2),))
    assert violations(problem, sol(TaskSchedule(0, 2), TaskSchedule(4, 6))) == []
    only(
        violations(problem, sol(TaskSchedule(0, 2), TaskSchedule(3, 5))),
        "task 1 (pour) starts in period 3",
        "before period 4",
        "FS",
        "task 0 (pour)",
    )


def test_start_to_start_with_a_negative_lag_is_a_maximum_distance() -> None:
    first, second = Task(duration=1), Task(duration=1)
    window = (
        Precedence(0, 1, kind=PrecedenceKind.START_TO_START, lag=1),
        Precedence(1, 0, kind=PrecedenceKind.START_TO_START, lag=-2),
    )
    problem = make(first, second, precedences=window)
    assert violations(problem, sol(TaskSchedule(0, 1), TaskSchedule(2, 3))) == []
    assert violations(problem, sol(TaskSchedule(0, 1), TaskSchedule(1, 2))) == []
    only(
        violations(problem, sol(TaskSchedule(0, 1), TaskSchedule(3, 4))),
        "task 0 starts in period 0",
        "before period 1",
        "SS",
    )
    only(violations(problem, sol(TaskSchedule(2, 3), TaskSchedule(2, 3))), "task 1", "SS")


def test_calendar_lags_count_only_open_periods() -> None:
    lead = Precedence(0, 1, lag=2, calendar=0)
    problem = make(
        Task(duration=1),
        Task(duration=1),
        capacities=([1] * 6,),
        precedences=(lead,),
        calendars=([1, 1, 0, 0, 1, 1],),
    )
    # Task 0 ends at 1: open periods 1 and 4 pass, so task 1 may start in period 5.
    assert violations(problem, sol(TaskSchedule(0, 1), TaskSchedule(5, 6))) == []
    only(violations(problem, sol(TaskSchedule(0, 1), TaskSchedule(4, 5))), "before period 5")


def test_resource_usage_adds_rigid_and_elastic_work() -> None:
    problem = make(RIGID, ELASTIC)
    usage = resource_usage(problem, sol(TaskSchedule(1, 3), elastic(2, 4, (0, 2, 1), (1, 3, 2))))
    assert usage.dtype == np.int64
    assert usage.shape == (2, H)
    assert usage.tolist() == [[0, 1, 2, 0, 0, 0, 0, 0], [0, 0, 0, 2, 0, 0, 0, 0]]


def test_usage_map_merges_entries() -> None:
    merged = usage_map([Usage(0, 1, 2), Usage(0, 1, 3), Usage(1, 1, 0), Usage(1, 2, 1)])
    assert merged == {(0, 1): 5, (1, 2): 1}


def test_assert_valid_raises_with_the_violations() -> None:
    problem = make(RIGID, RIGID, precedences=(Precedence(0, 1),))
    with pytest.raises(InvalidSolutionError) as caught:
        assert_valid(problem, sol(TaskSchedule(0, 2), TaskSchedule(1, 3)))
    assert len(caught.value.violations) == 1
    assert "task 1 (pour) starts in period 1" in str(caught.value)


def test_the_error_message_is_bounded_but_counts_everything() -> None:
    many = tuple(Task(duration=1, release=5) for _ in range(30))
    problem = make(*many)
    with pytest.raises(InvalidSolutionError) as caught:
        assert_valid(problem, Solution(tuple(TaskSchedule(0, 1) for _ in many)))
    assert len(caught.value.violations) == 30
    assert "30 violations" in str(caught.value)
    assert "and 10 more" in str(caught.value)


def test_makespan_objective() -> None:
    tasks = (Task(duration=2), Task(duration=3), Task(duration=1))
    schedule = sol(TaskSchedule(0, 2), TaskSchedule(4, 7), TaskSchedule(1, 2))
    assert objective_value(make(*tasks), schedule) == 7
    assert objective_value(make(*tasks, objective=Objective(tasks=(0, 2))), schedule) == 2
    assert objective_value(make(*tasks, objective=Objective(tasks=())), schedule) == 0


def test_weighted_tardiness_objective() -> None:
    tasks = (
        Task(duration=2, due=1, weight=3),
        Task(duration=2, due=6),
        Task(duration=2),
        Task(duration=2, due=0, weight=0),
    )
    schedule = sol(TaskSchedule(0, 2), TaskSchedule(5, 7), TaskSchedule(6, 8), TaskSchedule(6, 8))
    problem = make(*tasks, objective=Objective(kind="weighted_tardiness"))
    assert objective_value(problem, schedule) == 3 * 1 + 1 * 1


def test_changes_objective() -> None:
    reference = (
        TaskSchedule(0, 2),
        TaskSchedule(0, 2),
        elastic(0, 2, (0, 0, 2), (1, 1, 1)),
        elastic(0, 2, (0, 0, 2), (1, 1, 1)),
        None,
    )
    tasks = (RIGID, RIGID, ELASTIC, ELASTIC, RIGID)
    problem = make(*tasks, objective=Objective(kind="changes", reference=reference))
    schedule = sol(
        TaskSchedule(0, 2),  # kept
        TaskSchedule(1, 3),  # moved
        elastic(0, 2, (0, 0, 1), (0, 0, 1), (1, 1, 1)),  # same usage, split differently
        elastic(0, 2, (0, 0, 1), (1, 0, 1), (1, 1, 1)),  # same span, other usage
        TaskSchedule(5, 7),  # no reference
    )
    assert objective_value(problem, schedule) == 2


@settings(max_examples=150, deadline=None)
@given(planted_problems())
def test_planted_schedules_are_valid(case: tuple[Problem, Solution]) -> None:
    problem, schedule = case
    assert violations(problem, schedule) == []


def _mutated(schedule: TaskSchedule, data: st.DataObject, resources: int) -> TaskSchedule:
    """``schedule`` with one small change that may or may not break a rule."""
    usage = list(schedule.usage)
    step = data.draw(st.sampled_from([-1, 1]))
    changes = ["shift", "start", "end", "amount", "period", "resource", "copy", "share"]
    change = data.draw(st.sampled_from(changes if usage else changes[:3]))
    if change == "shift":  # the whole task a period earlier or later
        moved = tuple(Usage(u.resource, u.period + step, u.amount) for u in usage)
        return TaskSchedule(schedule.start + step, schedule.end + step, moved)
    if change == "start":
        return TaskSchedule(schedule.start + step, schedule.end, schedule.usage)
    if change == "end":
        return TaskSchedule(schedule.start, schedule.end + step, schedule.usage)
    k = data.draw(st.integers(0, len(usage) - 1))
    u = usage[k]
    other = data.draw(st.integers(0, resources - 1))
    if change == "amount":
        usage[k] = Usage(u.resource, u.period, u.amount + step)
    elif change == "period":
        usage[k] = Usage(u.resource, u.period + step, u.amount)
    elif change == "resource":
        usage[k] = Usage(data.draw(st.integers(0, resources)), u.period, u.amount)
    elif change == "copy":
        usage.append(Usage(other, u.period, 1))
    elif u.amount > 1:  # one unit of the same work by someone else the same period
        usage[k] = Usage(u.resource, u.period, u.amount - 1)
        usage.append(Usage(other, u.period, 1))
    return TaskSchedule(schedule.start, schedule.end, tuple(usage))


@settings(max_examples=600, deadline=None)
@given(planted_problems(), st.data())
def test_the_array_verdict_agrees_with_the_sentences(
    planted: tuple[Problem, Solution], data: st.DataObject
) -> None:
    # The quick verdict assert_valid asks first says valid exactly when no rule is broken
    # (or leaves the problem to the sentences: contiguous work, fixed usage, demands).
    problem, solution = planted
    if data.draw(st.booleans()):  # what the quick verdict decides itself: no rigid
        # demands, contiguous work or fixed usage (the planted schedule still holds)
        plain = (replace(t, demands=(), contiguous=False, fixed_usage=None) for t in problem.tasks)
        problem = problem.with_tasks(tuple(plain))
    schedules = list(solution.tasks)
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(schedules) - 1))
        schedules[i] = _mutated(schedules[i], data, problem.num_resources)
    changed = Solution(tuple(schedules))
    quick = plainly_valid(problem, changed)
    assert quick is None or quick == (violations(problem, changed) == [])


def test_the_array_verdict_leaves_contiguous_work_to_the_sentences() -> None:
    p = make(Task(work=2, eligible=(0,), contiguous=True))
    assert plainly_valid(p, sol(elastic(0, 1, (0, 0, 2)))) is None
    assert_valid(p, sol(elastic(0, 1, (0, 0, 2))))
