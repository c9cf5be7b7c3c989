"""The backward pass: its priorities always give a valid forward schedule, and it puts
the work due first first where a forward rule by index would not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from planted import planted_problems, random_problems

from solvers.backward import backward_passes, mirrored
from solvers.checker import objective_value, violations
from solvers.greedy import greedy_by_priority
from solvers.problem import Objective, Precedence, Problem, Resource, Task, Usage
from solvers.result import Solution

TARDINESS = Objective(kind="weighted_tardiness")


def test_a_job_is_placed_as_late_as_its_due_date_allows_in_the_mirror() -> None:
    problem = Problem(
        10,
        (Resource(np.full(10, 1)),),
        (Task(work=2, eligible=(0,)), Task(duration=3, due=8)),
        (Precedence(0, 1),),
        objective=TARDINESS,
    )
    mirror = mirrored(problem)
    # the lead time ends by period 8: in the mirror it starts at 2 at the earliest,
    # and the work comes after it there
    assert mirror.tasks[1].release == 2
    assert [(p.pred, p.succ) for p in mirror.precedences] == [(1, 0)]


def test_fixed_work_keeps_its_hours_in_the_mirror() -> None:
    fixed = Task(work=2, eligible=(0,), fixed_usage=(Usage(0, 1, 1), Usage(0, 2, 1)))
    problem = Problem(6, (Resource(np.full(6, 1)),), (fixed,), objective=TARDINESS)
    usage = mirrored(problem).tasks[0].fixed_usage
    assert usage is not None
    assert sorted(u.period for u in usage) == [3, 4]


def test_the_work_due_first_goes_first() -> None:
    tasks = (
        Task(work=3, eligible=(0,), due=9, weight=1),
        Task(work=3, eligible=(0,), due=3, weight=1),
        Task(work=3, eligible=(0,), due=6, weight=1),
    )
    problem = Problem(12, (Resource(np.full(12, 1)),), tasks, objective=TARDINESS)
    by_index = greedy_by_priority(problem, [0, 1, 2])
    assert by_index is not None
    assert objective_value(problem, by_index) > 0
    found = backward_passes(problem)
    assert found is not None
    assert found.objective == 0
    assert [s.end for s in found.solution.tasks] == [9, 3, 6]


def _judged(problem: Problem) -> None:
    found = backward_passes(problem.with_objective(TARDINESS))
    if found is None:
        return
    assert violations(problem, found.solution) == []
    assert found.objective == objective_value(problem.with_objective(TARDINESS), found.solution)
    again = greedy_by_priority(problem, found.priority)
    assert again is not None and again == found.solution  # the priority gives the schedule


@settings(max_examples=200, deadline=None)
@given(random_problems())
def test_every_backward_schedule_is_valid(problem: Problem) -> None:
    _judged(problem)


@settings(max_examples=200, deadline=None)
@given(planted_problems())
def test_every_backward_schedule_is_valid_where_one_is_known(
    case: tuple[Problem, Solution],
) -> None:
    _judged(case[0])
