"""Problems side by side: one problem, each part's tasks and precedences kept."""

from __future__ import annotations

import numpy as np
import pytest

from solvers.problem import (
    Objective,
    Precedence,
    Problem,
    ProblemError,
    Resource,
    Task,
    side_by_side,
)


def test_parts_side_by_side_keep_their_tasks_and_precedences() -> None:
    resources = (Resource(np.full(6, 2)), Resource(np.full(6, 1)))
    a = Problem(6, resources, (Task(work=3, eligible=(0,)), Task(duration=2)), (Precedence(0, 1),))
    b = Problem(
        6,
        resources,
        (Task(duration=1), Task(work=2, eligible=(1,), deadline=5)),
        (Precedence(0, 1, lag=2),),
    )
    both = side_by_side([a, b], Objective(tasks=(3,)))
    assert both.tasks == a.tasks + b.tasks
    assert both.precedences == (Precedence(0, 1), Precedence(2, 3, lag=2))
    rebuilt = Problem(6, resources, both.tasks, both.precedences, objective=Objective(tasks=(3,)))
    assert both.tasks == rebuilt.tasks and both.objective == rebuilt.objective


def test_parts_must_share_resources_and_the_objective_must_fit() -> None:
    a = Problem(4, (Resource(np.ones(4)),), (Task(duration=1),))
    b = Problem(4, (Resource(np.ones(4)),), (Task(duration=1),))
    with pytest.raises(ProblemError, match="share"):
        side_by_side([a, b], Objective())
    with pytest.raises(ProblemError, match="unknown task"):
        side_by_side([a], Objective(tasks=(1,)))
