"""The lateness probe finds the window whose work cannot fit the pool's hours."""

from __future__ import annotations

import numpy as np

from benchmarks.lateness_probe import tightest_windows
from solvers.problem import Objective, Problem, Resource, Task


def test_three_jobs_due_in_two_days_overload_the_fitter() -> None:
    problem = Problem(
        10,
        (Resource(np.full(10, 8)),),
        tuple(Task(work=16, eligible=(0,), due=2) for _ in range(3)),
        objective=Objective(kind="weighted_tardiness"),
    )
    (window,) = tightest_windows(problem)
    assert (window.people, window.excess, window.first, window.end) == (1, 48 - 16, 0, 2)


def test_a_pool_with_room_has_no_excess() -> None:
    problem = Problem(
        10,
        (Resource(np.full(10, 8)),),
        (Task(work=16, eligible=(0,), due=4), Task(work=16, eligible=(0,), due=8)),
        objective=Objective(kind="weighted_tardiness"),
    )
    (window,) = tightest_windows(problem)
    assert window.excess < 0
