"""The compiled time windows are the general propagation's, number for number, and
give way to it wherever it has a reason to state."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.bounds import _Propagation, _Shapes, placeable
from solvers.problem import Precedence, Problem, Resource, Task, stacked_capacity
from solvers.windows_kernel import OTHER_SHAPE, UNPLACEABLE, kernel_windows


@st.composite
def simple_problems(draw: st.DrawFn, *, longest: int = 30, pinned_work: bool = True) -> Problem:
    """Elastic work and lead times with releases, deadlines, fixed starts (of lead
    times only unless ``pinned_work``) and finish-to-start precedences with lags, over
    at most ``longest`` periods."""
    horizon = draw(st.integers(3, longest))
    people = draw(st.integers(1, 3))
    resources = tuple(
        Resource(np.array(draw(st.lists(st.integers(0, 3), min_size=horizon, max_size=horizon))))
        for _ in range(people)
    )
    calendar = np.array(draw(st.lists(st.integers(0, 1), min_size=horizon, max_size=horizon)))
    n = draw(st.integers(1, 7))
    tasks = []
    for _ in range(n):
        deadline = draw(st.none() | st.integers(0, horizon))
        fixed = draw(st.none() | st.integers(0, horizon - 1))
        release = draw(st.integers(0, horizon))
        if draw(st.booleans()):
            eligible = tuple(draw(st.lists(st.integers(0, people - 1), min_size=1, unique=True)))
            tasks.append(
                Task(
                    work=draw(st.integers(1, 12)),
                    eligible=eligible,
                    max_parallel=draw(st.none() | st.integers(1, 2)),
                    deadline=deadline,
                    fixed_start=fixed if pinned_work else None,
                    release=release,
                )
            )
        else:
            tasks.append(
                Task(
                    duration=draw(st.integers(0, 6)),
                    deadline=deadline,
                    fixed_start=fixed,
                    release=release,
                )
            )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
    precedences = tuple(
        Precedence(
            a,
            b,
            lag=draw(st.integers(-2, 4)),
            calendar=draw(st.none() | st.just(0)),
        )
        for a, b in pairs
        if a < b
    )
    return Problem(horizon, resources, tuple(tasks), precedences, (calendar,))


@settings(max_examples=500, deadline=None)
@given(simple_problems())
def test_the_compiled_windows_are_the_general_ones(problem: Problem) -> None:
    general = _Propagation(problem, _Shapes(problem)).run()
    status, fast = kernel_windows(problem, stacked_capacity(problem.resources, problem.horizon))
    assert (fast is None) == (general.infeasibility is not None)
    # the loop's "cannot be placed" is the propagation's infeasibility, without the words
    assert (status == UNPLACEABLE) == (general.infeasibility is not None)
    assert placeable(problem) == (general.infeasibility is None)
    if fast is not None:
        assert fast == (
            general.earliest_start,
            general.earliest_end,
            general.latest_start,
            general.latest_end,
        )


def test_other_shapes_are_left_to_the_general_propagation() -> None:
    resources = (Resource(np.full(6, 2)),)
    rigid = Problem(6, resources, (Task(duration=2, demands=((0, 1),)),))
    cycle = Problem(
        6, resources, (Task(duration=1), Task(duration=1)), (Precedence(0, 1), Precedence(1, 0))
    )
    for problem in (rigid, cycle):
        assert kernel_windows(problem, stacked_capacity(resources, 6)) == (OTHER_SHAPE, None)
        assert placeable(problem) == (
            _Propagation(problem, _Shapes(problem)).run().infeasibility is None
        )
