"""The compiled serial loop gives the Python loop's schedules, task for task, and
leaves every other shape to it."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.bounds import time_windows
from solvers.greedy import RULES, SerialScheduler
from solvers.problem import Precedence, PrecedenceKind, Problem, Resource, Task, Usage
from solvers.serial_kernel import serial_schedules


@st.composite
def common_problems(draw: st.DrawFn) -> Problem:
    """Elastic work (eligible sets in any order, crews, releases, deadlines) and lead
    times (some starting on a fixed period), chained by finish-to-start precedences with lags on a calendar or none."""
    horizon = draw(st.integers(3, 90))
    people = draw(st.integers(1, 4))
    resources = tuple(
        Resource(np.array(draw(st.lists(st.integers(0, 4), min_size=horizon, max_size=horizon))))
        for _ in range(people)
    )
    calendar = np.array(draw(st.lists(st.integers(0, 1), min_size=horizon, max_size=horizon)))
    n = draw(st.integers(1, 8))
    tasks = []
    for _ in range(n):
        deadline = draw(st.none() | st.integers(0, horizon))
        release = draw(st.integers(0, horizon // 2))
        if draw(st.integers(0, 3)):
            eligible = tuple(draw(st.lists(st.integers(0, people - 1), min_size=1, unique=True)))
            tasks.append(
                Task(
                    work=draw(st.integers(1, 40)),
                    eligible=eligible,
                    max_parallel=draw(st.none() | st.integers(1, 3)),
                    deadline=deadline,
                    release=release,
                )
            )
        else:
            tasks.append(
                Task(
                    duration=draw(st.integers(0, 6)),
                    demands=draw(st.just(()) | st.just(((0, 0),))),
                    deadline=deadline,
                    release=release,
                    fixed_start=draw(st.none() | st.integers(0, horizon - 1)),
                )
            )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
    precedences = tuple(
        Precedence(a, b, lag=draw(st.integers(-2, 4)), calendar=draw(st.none() | st.just(0)))
        for a, b in pairs
        if a < b
    )
    return Problem(horizon, resources, tuple(tasks), precedences, (calendar,))


@settings(max_examples=400, deadline=None)
@given(common_problems(), st.sampled_from(RULES))
def test_the_compiled_loop_gives_the_python_loops_schedules(problem: Problem, rule: str) -> None:
    windows = time_windows(problem)
    if windows.infeasibility is not None:
        return
    python = SerialScheduler(problem, windows).run(rule, compiled=False)
    fast = SerialScheduler(problem, windows).run(rule)
    assert fast == python
    order = list(range(problem.num_tasks))  # precedences run forwards: a valid order
    served, _ = serial_schedules(problem, windows, order)
    assert served


def _problem(*tasks: Task, precedences: tuple[Precedence, ...] = ()) -> Problem:
    return Problem(6, (Resource(np.full(6, 2)),), tasks, precedences)


def test_other_shapes_are_left_to_the_python_loop() -> None:
    work = Task(work=2, eligible=(0,))
    others = [
        _problem(Task(work=2, eligible=(0,), fixed_usage=(Usage(0, 0, 2),))),
        _problem(Task(work=2, eligible=(0,), fixed_start=1)),
        _problem(Task(work=2, eligible=(0,), contiguous=True)),
        _problem(Task(duration=2, demands=((0, 1),))),
        _problem(
            work,
            work,
            precedences=(Precedence(0, 1, kind=PrecedenceKind.START_TO_START),),
        ),
    ]
    for problem in others:
        served, solution = serial_schedules(
            problem, time_windows(problem), [0] if problem.num_tasks == 1 else [0, 1]
        )
        assert (served, solution) == (False, None)


def test_a_successor_ordered_before_its_predecessor_is_left_to_the_python_loop() -> None:
    problem = _problem(
        Task(work=2, eligible=(0,)), Task(work=2, eligible=(0,)), precedences=(Precedence(0, 1),)
    )
    assert serial_schedules(problem, time_windows(problem), [1, 0]) == (False, None)


def test_a_stuck_heuristic_is_an_answer() -> None:
    # four units of work, due by period 1, where only two fit a period
    problem = _problem(Task(work=4, eligible=(0,), deadline=1))
    served, solution = serial_schedules(problem, time_windows(problem), [0])
    assert served and solution is None
