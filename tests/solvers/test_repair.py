"""Repairing a previous schedule in its own order: a schedule that still fits is kept
whole, a displaced task takes the first capacity it can use and only the work whose
hours it took gives way, and every repair is a valid schedule."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lns import problems

from solvers.checker import violations
from solvers.greedy import greedy_schedule
from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
from solvers.repair import repair


def _on(*periods: int) -> TaskSchedule:
    """Work on resource 0, one unit in each of ``periods``."""
    return TaskSchedule(periods[0], periods[-1] + 1, tuple(Usage(0, t, 1) for t in periods))


def _queue(capacity: list[int]) -> Problem:
    """W (due 10), X (due 4), Y (due 10) and Z (due 10), two units each, on one resource."""
    return Problem(
        horizon=len(capacity),
        resources=(Resource(capacity=np.array(capacity)),),
        tasks=tuple(Task(work=2, eligible=(0,), due=due, weight=3) for due in (10, 4, 10, 10)),
        objective=Objective(kind="weighted_tardiness"),
    )


PREVIOUS = [_on(0, 1), _on(2, 3), _on(4, 5), _on(8, 9)]
"""W, X, Y, Z packed from period 0, with periods 6 and 7 free."""


def test_a_schedule_that_still_fits_is_kept_whole() -> None:
    problem = _queue([1] * 10)
    assert repair(problem, PREVIOUS) is not None
    assert list(repair(problem, PREVIOUS).tasks) == PREVIOUS  # type: ignore[union-attr]


def test_a_displaced_task_takes_the_first_capacity_and_only_the_rival_gives_way() -> None:
    # the resource is away in periods 2 and 3, where X ran
    problem = _queue([1, 1, 0, 0, 1, 1, 1, 1, 1, 1])
    repaired = repair(problem, PREVIOUS)
    assert repaired is not None
    assert violations(problem, repaired) == []
    w, x, y, z = repaired.tasks
    assert (w, z) == (PREVIOUS[0], PREVIOUS[3])  # untouched by the disruption
    assert (x.start, x.end) == (4, 6)  # the first capacity X can use, 2 periods late
    assert (y.start, y.end) == (6, 8)  # Y gives way into the free periods, still on time


def test_displaced_work_prefers_capacity_nobody_held_when_that_costs_no_lateness() -> None:
    # X, displaced, fits in the free periods 6 and 7 before its due date: Y stays
    problem = replace(_queue([1, 1, 0, 0, 1, 1, 1, 1, 1, 1]), tasks=_queue([1] * 10).tasks)
    tasks = list(problem.tasks)
    tasks[1] = replace(tasks[1], due=8)
    problem = problem.with_tasks(tuple(tasks))
    repaired = repair(problem, PREVIOUS)
    assert repaired is not None
    assert violations(problem, repaired) == []
    assert repaired.tasks[2] == PREVIOUS[2]
    assert (repaired.tasks[1].start, repaired.tasks[1].end) == (6, 8)


def test_fixed_usage_stays_and_new_tasks_are_placed() -> None:
    problem = _queue([1] * 12)
    tasks = list(problem.tasks)
    tasks[0] = replace(tasks[0], fixed_usage=PREVIOUS[0].usage)
    problem = problem.with_tasks(tuple(tasks))
    repaired = repair(problem, [PREVIOUS[0], None, PREVIOUS[2], PREVIOUS[3]])
    assert repaired is not None
    assert violations(problem, repaired) == []
    assert repaired.tasks[0] == PREVIOUS[0]
    assert repaired.tasks[2:] == tuple(PREVIOUS[2:])
    assert (repaired.tasks[1].start, repaired.tasks[1].end) == (2, 4)


def test_one_previous_schedule_per_task_is_needed() -> None:
    with pytest.raises(ValueError, match="one previous schedule"):
        repair(_queue([1] * 10), PREVIOUS[:2])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_repairs_are_valid_and_keep_an_unchanged_schedule(
    problem: Problem, data: st.DataObject
) -> None:
    before = greedy_schedule(problem, rule="due")
    if before is None:
        return
    assert list(repair(problem, before.tasks).tasks) == list(before.tasks)  # type: ignore[union-attr]
    # take capacity away in a few periods: whatever the repair returns is valid
    capacity = [r.capacity.copy() for r in problem.resources]
    for _ in range(data.draw(st.integers(1, 4))):
        r = data.draw(st.integers(0, len(capacity) - 1))
        capacity[r][data.draw(st.integers(0, problem.horizon - 1))] = 0
    changed = replace(problem, resources=tuple(Resource(capacity=c) for c in capacity))
    repaired = repair(changed, before.tasks)
    if repaired is not None:
        assert violations(changed, repaired) == []
