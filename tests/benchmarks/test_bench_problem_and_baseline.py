"""to_problem and the plain CP-SAT baseline, on instances whose optimum is known by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.baselines import solve_plain_cpsat
from benchmarks.instance import to_problem
from benchmarks.readers import read_instance
from solvers.checker import assert_valid, violations
from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Resource,
    Task,
    TaskSchedule,
)
from solvers.result import Solution, Status

SS = PrecedenceKind.START_TO_START
FS = PrecedenceKind.FINISH_TO_START


def test_to_problem_keeps_dummies_demands_capacities_and_precedences(sm_set: Path) -> None:
    problem = to_problem(read_instance(sm_set / "tiny1_1.sm"))

    assert problem.num_tasks == 6
    assert problem.horizon == 11  # the sum of the durations
    assert [t.duration for t in problem.tasks] == [0, 3, 2, 4, 2, 0]
    assert problem.tasks[1].demands == ((0, 1), (1, 1))
    assert problem.tasks[4].demands == ((0, 2),)
    assert problem.tasks[0].demands == ()
    assert [t.name for t in problem.tasks] == ["1", "2", "3", "4", "5", "6"]
    assert [list(r.capacity) for r in problem.resources] == [[2] * 11, [1] * 11]
    assert Precedence(1, 4, lag=0, kind=FS) in problem.precedences
    assert len(problem.precedences) == 7


def test_to_problem_turns_time_lags_into_start_to_start_precedences(max_set: Path) -> None:
    problem = to_problem(read_instance(max_set / "PSP1.SCH"))

    # durations 2 + 2 + 3 plus the positive lags 1 + 2 + 2 + 3
    assert problem.horizon == 15
    assert Precedence(2, 1, lag=-1, kind=SS) in problem.precedences
    assert Precedence(1, 3, lag=1, kind=SS) in problem.precedences
    assert all(p.kind == SS for p in problem.precedences)


def test_the_maximum_lag_of_a_hand_made_sch_is_respected(max_set: Path) -> None:
    problem = to_problem(read_instance(max_set / "PSP1.SCH"))
    result = solve_plain_cpsat(problem, time_limit=10)

    assert result.status == Status.OPTIMAL
    assert result.objective == 6  # 4 without the maximum lag (see conftest)
    assert result.solution is not None
    starts = [t.start for t in result.solution.tasks]
    assert starts[2] <= starts[1] + 1
    assert result.solution.tasks[4].start == 6  # the literature's makespan: the sink's start
    assert_valid(problem, result.solution)

    # the schedule of makespan 4 that ignores the maximum lag breaks exactly that rule
    shortcut = Solution(
        (
            TaskSchedule(0, 0),
            TaskSchedule(0, 2),
            TaskSchedule(2, 4),
            TaskSchedule(1, 4),
            TaskSchedule(4, 4),
        )
    )
    found = violations(problem, shortcut)
    assert len(found) == 1
    assert "SS precedence" in found[0] and "lag of -1" in found[0]


def test_plain_cpsat_finds_the_optimum_of_the_tiny_rcpsp(sm_set: Path) -> None:
    problem = to_problem(read_instance(sm_set / "tiny1_1.sm"))
    result = solve_plain_cpsat(problem, time_limit=10)

    assert result.status == Status.OPTIMAL
    assert result.objective == 7
    assert result.bound == 7
    assert result.solver == "plain-cpsat"
    assert result.solution is not None
    assert result.solution.makespan() == 7
    assert_valid(problem, result.solution)


def test_plain_cpsat_proves_an_unsat_rcpsp_max_infeasible(max_set: Path) -> None:
    problem = to_problem(read_instance(max_set / "PSP2.SCH"))
    result = solve_plain_cpsat(problem, time_limit=10)

    assert result.status == Status.INFEASIBLE
    assert result.solution is None and result.objective is None and result.bound is None


def test_plain_cpsat_follows_a_time_varying_capacity() -> None:
    # one unit of capacity, none in periods 2..4: a 3-period task cannot start before 5
    capacity = np.array([1, 1, 0, 0, 0, 1, 1, 1, 1, 1])
    problem = Problem(
        horizon=10,
        resources=(Resource(capacity=capacity),),
        tasks=(Task(duration=3, demands=((0, 1),)), Task(duration=1, demands=((0, 1),))),
    )
    result = solve_plain_cpsat(problem, time_limit=10)

    assert result.status == Status.OPTIMAL
    assert result.objective == 8
    assert result.solution is not None
    assert result.solution.tasks[0].start == 5
    assert_valid(problem, result.solution)


def test_plain_cpsat_honours_lags_releases_deadlines_and_objective_tasks() -> None:
    problem = Problem(
        horizon=20,
        resources=(Resource(capacity=np.full(20, 5)),),
        tasks=(
            Task(duration=2, release=3),
            Task(duration=2),
            Task(duration=1, deadline=4),
            Task(duration=10),
        ),
        precedences=(Precedence(0, 1, lag=4, kind=FS),),
        objective=Objective(tasks=(0, 1, 2)),
    )
    result = solve_plain_cpsat(problem, time_limit=10)

    assert result.status == Status.OPTIMAL
    assert result.objective == 11  # 3 + 2 + 4 + 2; task 3 is outside the objective
    assert result.solution is not None
    assert result.solution.tasks[2].end <= 4
    assert_valid(problem, result.solution)


def test_plain_cpsat_rejects_what_a_plain_model_cannot_express() -> None:
    elastic = Problem(
        horizon=5,
        resources=(Resource(capacity=np.full(5, 1)),),
        tasks=(Task(work=2, eligible=(0,), name="paint"),),
    )
    with pytest.raises(ValueError, match=r"task 0 \(paint\) is elastic"):
        solve_plain_cpsat(elastic, time_limit=1)
    tardiness = Problem(
        horizon=5,
        resources=(),
        tasks=(Task(duration=1, due=1),),
        objective=Objective(kind="weighted_tardiness"),
    )
    with pytest.raises(ValueError, match="makespan"):
        solve_plain_cpsat(tardiness, time_limit=1)
