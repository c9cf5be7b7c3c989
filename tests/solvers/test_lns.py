"""The neighbourhood search, the put-back pass and the iterated heuristic: never worse
than their start, always valid, the same for the same seed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solvers.checker import objective_value, violations
from solvers.greedy import greedy_by_priority, greedy_schedule, priority_values
from solvers.lns import LnsSettings, improve, job_codes, restore
from solvers.nudge import nudge
from solvers.problem import (
    Objective,
    Precedence,
    Problem,
    Resource,
    Task,
    TaskSchedule,
    Usage,
)
from solvers.result import Solution

HORIZON = 40


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Jobs of chained elastic tasks (and a lead time now and then) with due dates."""
    resources = tuple(
        Resource(capacity=np.array([draw(st.sampled_from([0, 2, 4])) for _ in range(HORIZON)]))
        for _ in range(draw(st.integers(1, 3)))
    )
    tasks: list[Task] = []
    precedences: list[Precedence] = []
    for _ in range(draw(st.integers(1, 5))):
        first = len(tasks)
        count = draw(st.integers(1, 3))
        due = draw(st.integers(2, 20))
        weight = draw(st.integers(1, 9))
        for k in range(count):
            last = k == count - 1
            if draw(st.integers(0, 5)) == 0:
                tasks.append(
                    Task(duration=draw(st.integers(1, 3)), due=due if last else None, weight=weight)
                )
            else:
                eligible = tuple(
                    sorted(
                        draw(st.sets(st.integers(0, len(resources) - 1), min_size=1, max_size=2))
                    )
                )
                tasks.append(
                    Task(
                        work=draw(st.integers(1, 12)),
                        eligible=eligible,
                        max_parallel=draw(st.sampled_from([None, 1])),
                        due=due if last else None,
                        weight=weight,
                    )
                )
            if k:
                precedences.append(
                    Precedence(first + k - 1, first + k, lag=draw(st.integers(0, 1)))
                )
    return Problem(
        horizon=HORIZON,
        resources=resources,
        tasks=tuple(tasks),
        precedences=tuple(precedences),
        objective=Objective(kind="weighted_tardiness"),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_search_is_valid_and_never_worse(problem: Problem, seed: int) -> None:
    start = greedy_schedule(problem, rule="index")
    if start is None:
        return
    # the deterministic work limit ends each sub-solve, never the clock (a loaded
    # machine would otherwise cut one run short and not the other)
    settings = LnsSettings(rounds=4, seed=seed, seconds=60.0, work=0.2)
    found = improve(problem, start, settings)
    assert violations(problem, found.solution) == []
    assert found.objective == objective_value(problem, found.solution)
    assert found.objective <= objective_value(problem, start) == found.start_objective
    again = improve(problem, start, settings)
    assert again.solution == found.solution


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_put_back_is_valid_and_never_worse(problem: Problem) -> None:
    early = greedy_schedule(problem, rule="est")
    other = greedy_schedule(problem, rule="lft")
    if early is None or other is None:
        return
    back, count = restore(problem, early, list(other.tasks))
    assert violations(problem, back) == []
    assert objective_value(problem, back) <= objective_value(problem, early)
    same = sum(a == b for a, b in zip(back.tasks, other.tasks, strict=True))
    assert same >= count


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_nudged_orders_are_valid_and_never_worse(problem: Problem, seed: int) -> None:
    priority = priority_values(problem, "due")
    start = greedy_by_priority(problem, priority)
    if start is None:
        return
    found = nudge(problem, priority, rounds=6, seed=seed)
    assert violations(problem, found.solution) == []
    assert found.objective <= objective_value(problem, start) == found.start_objective
    assert greedy_by_priority(problem, found.priority) == found.solution


def test_search_moves_the_heavier_job_first() -> None:
    """Two jobs on one resource, due together: the heavy one should go first."""
    problem = Problem(
        horizon=20,
        resources=(Resource(capacity=np.full(20, 2)),),
        tasks=(
            Task(work=8, eligible=(0,)),
            Task(work=4, eligible=(0,), due=6, weight=1),
            Task(work=8, eligible=(0,)),
            Task(work=4, eligible=(0,), due=6, weight=10),
        ),
        precedences=(Precedence(0, 1), Precedence(2, 3)),
        objective=Objective(kind="weighted_tardiness"),
    )
    start = greedy_schedule(problem, rule="index")
    assert start is not None and objective_value(problem, start) == 60
    found = improve(problem, start, LnsSettings(rounds=2))
    assert found.objective == 6  # the light job is late by 6, the heavy one on time
    assert found.solution.tasks[3].end == 6


def test_put_back_restores_a_schedule_that_still_fits() -> None:
    problem = Problem(
        horizon=10,
        resources=(Resource(capacity=np.full(10, 4)),),
        tasks=(Task(work=4, eligible=(0,), due=9), Task(duration=2)),
        precedences=(Precedence(0, 1),),
        objective=Objective(kind="weighted_tardiness"),
    )
    now = Solution((TaskSchedule(0, 1, (Usage(0, 0, 4),)), TaskSchedule(1, 3)))
    was = [TaskSchedule(5, 6, (Usage(0, 5, 4),)), TaskSchedule(6, 8)]
    back, count = restore(problem, now, was)
    assert back.tasks == tuple(was) and count == 2
    # a successor that stays put keeps its predecessor where it is
    held, count = restore(problem, now, [was[0], None])
    assert held == now and count == 0


def test_weighted_rule_brings_heavy_tasks_forward() -> None:
    problem = Problem(
        horizon=10,
        resources=(Resource(capacity=np.full(10, 1)),),
        tasks=(
            Task(work=3, eligible=(0,), due=3, weight=1),
            Task(work=3, eligible=(0,), due=4, weight=8),
        ),
        objective=Objective(kind="weighted_tardiness"),
    )
    plain = greedy_schedule(problem, rule="due")
    heavy = greedy_schedule(problem, rule="wdue:4")
    assert plain is not None and heavy is not None
    assert plain.tasks[0].start == 0 and heavy.tasks[1].start == 0
    with pytest.raises(ValueError, match="unknown priority rule"):
        greedy_schedule(problem, rule="wdue:x")


def test_search_needs_a_tardiness_objective_and_jobs_follow_precedences() -> None:
    problem = Problem(5, (Resource(np.ones(5)),), (Task(duration=1),) * 3, (Precedence(0, 2),))
    start = greedy_schedule(problem)
    assert start is not None
    with pytest.raises(ValueError, match="weighted tardiness"):
        improve(problem, start, LnsSettings(rounds=1))
    assert job_codes(problem).tolist() == [0, 1, 0]
