"""Subproblems: a cut of a valid problem is the problem validation would accept, and
a cut that breaks a rule is refused as validation refuses it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.problem import Objective, Problem, ProblemError, Resource, Task, Usage
from solvers.subproblem import ending_by, restrict
from solvers.windows_kernel import TaskColumns, _task_columns, task_columns
from tests.solvers.test_windows_kernel import simple_problems


def wide() -> Problem:
    return Problem(
        20,
        tuple(Resource(np.full(20, 4)) for _ in range(4)),
        (
            Task(work=6, eligible=(3, 1), deadline=18),
            Task(duration=2, demands=((2, 1),), fixed_start=5),
            Task(work=2, eligible=(1,), fixed_usage=(Usage(1, 7, 2),)),
        ),
        objective=Objective(tasks=(0,)),
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(8, 25), st.integers(0, 3))
def test_a_cut_is_what_validation_accepts(horizon: int, free: int) -> None:
    capacity = np.full((4, 20), free)
    small, kept = restrict(wide(), capacity, horizon)
    assert kept.tolist() == [1, 2, 3]
    checked = Problem(
        small.horizon,
        small.resources,
        small.tasks,
        small.precedences,
        small.calendars,
        small.objective,
    )
    assert checked.tasks == small.tasks
    assert small.tasks[0].eligible == (2, 0) and small.tasks[0].deadline == min(18, horizon)
    due = ending_by(small, small.horizon - 1)
    assert due.tasks[0].deadline == min(18, horizon, small.horizon - 1)
    assert due.tasks[1:] == small.tasks[1:]


def test_a_cut_that_breaks_a_rule_is_refused() -> None:
    with pytest.raises(ProblemError, match="fixed usage out of range"):
        restrict(wide(), np.full((4, 20), 4), 7)
    with pytest.raises(ProblemError, match="fixed start outside the horizon"):
        restrict(wide(), np.full((4, 20), 4), 5)
    with pytest.raises(ProblemError, match="negative capacity"):
        restrict(wide(), np.full((4, 20), -1), 10)
    with pytest.raises(ProblemError, match="deadline past the horizon"):
        ending_by(wide().with_objective(Objective(tasks=(2,))), 21)


def _same_columns(found: TaskColumns | None, fresh: TaskColumns | None) -> bool:
    if found is None or fresh is None:
        return found is fresh
    arrays = ("kind", "size", "fixed", "limit", "release", "shape")
    arrays += ("pred", "succ", "lag", "calendar", "prefix")
    return list(found.shapes.items()) == list(fresh.shapes.items()) and all(
        np.array_equal(getattr(found, name), getattr(fresh, name)) for name in arrays
    )


@settings(max_examples=200, deadline=None)
@given(simple_problems(), st.data())
def test_a_cut_and_its_deadlines_keep_the_columns_their_tasks_give(
    problem: Problem, data: st.DataObject
) -> None:
    # The columns a cut remembers (read off its problem's) are the ones its own tasks give.
    pinned = [t.fixed_start + 1 for t in problem.tasks if t.fixed_start is not None]
    horizon = data.draw(st.integers(max([1, *pinned]), problem.horizon))
    capacity = np.full((problem.num_resources, problem.horizon), data.draw(st.integers(0, 3)))
    cut, _ = restrict(problem, capacity, horizon)
    assert _same_columns(task_columns(cut), _task_columns(cut))
    end = data.draw(st.integers(0, cut.horizon))
    held = ending_by(cut, end)
    assert _same_columns(task_columns(held), _task_columns(held))
