"""The PyJobShop adapter (skipped when PyJobShop, from the ``bench`` extra, is missing)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.instance import to_problem
from benchmarks.pyjobshop_adapter import solve_pyjobshop
from benchmarks.readers import read_instance
from benchmarks.registry import RunSettings
from benchmarks.runner import run_benchmark
from solvers.checker import assert_valid
from solvers.problem import Problem, Resource, Task
from solvers.result import Status

pytest.importorskip("pyjobshop")


def test_pyjobshop_solves_the_tiny_rcpsp_to_its_optimum(sm_set: Path) -> None:
    problem = to_problem(read_instance(sm_set / "tiny1_1.sm"))
    result = solve_pyjobshop(problem, time_limit=10)

    assert result.status == Status.OPTIMAL
    assert result.objective == 7
    assert result.solver == "pyjobshop"
    assert result.solution is not None
    assert_valid(problem, result.solution)


def test_pyjobshop_respects_maximum_lags_and_proves_unsat(max_set: Path) -> None:
    feasible = to_problem(read_instance(max_set / "PSP1.SCH"))
    result = solve_pyjobshop(feasible, time_limit=10)
    assert (result.status, result.objective) == (Status.OPTIMAL, 6)
    assert result.solution is not None
    assert_valid(feasible, result.solution)

    unsat = to_problem(read_instance(max_set / "PSP2.SCH"))
    assert solve_pyjobshop(unsat, time_limit=10).status == Status.INFEASIBLE


def test_pyjobshop_refuses_a_varying_capacity() -> None:
    problem = Problem(
        horizon=4,
        resources=(Resource(capacity=np.array([1, 0, 1, 1])),),
        tasks=(Task(duration=1, demands=((0, 1),)),),
    )
    with pytest.raises(ValueError, match="constant capacities"):
        solve_pyjobshop(problem, time_limit=1)


def test_runner_with_pyjobshop(sm_set: Path, tmp_path: Path) -> None:
    report = run_benchmark(
        [sm_set / "tiny1_1.sm"], ("pyjobshop",), RunSettings(10), tmp_path / "r.csv", progress=False
    )
    assert [(r.solver, r.makespan, r.status) for r in report.rows] == [("pyjobshop", 7, "optimal")]


def test_a_demand_above_capacity_is_reported_infeasible() -> None:
    # PyJobShop refuses to build such a model; the adapter reports the proof
    problem = Problem(
        horizon=4,
        resources=(Resource(capacity=np.full(4, 2)),),
        tasks=(Task(duration=1, demands=((0, 1),)), Task(duration=1, demands=((0, 3),))),
    )
    result = solve_pyjobshop(problem, time_limit=1)
    assert (result.status, result.solution) == (Status.INFEASIBLE, None)
