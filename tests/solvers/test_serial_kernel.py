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
from tests.solvers.test_windows_kernel import simple_problems


@settings(max_examples=400, deadline=None)
@given(simple_problems(longest=90, pinned_work=False), st.sampled_from(RULES))
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
