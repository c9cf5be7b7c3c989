"""The exact solver on interval models, against an exhaustive search.

Tiny problems of rigid tasks (intervals, cumulative resources, precedences with signed
lags, releases, deadlines) are solved by enumerating every vector of start times; the
optimum found that way is the oracle. The proof phase (``ModelOptions.proof_share``)
is forced by skipping the first search (``proof_share=0``), so both paths are checked.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planted import make

from solvers.checker import objective_value, violations
from solvers.cpsat import ModelOptions, solve_cpsat
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

PROOF_ONLY = ModelOptions(proof_share=0)
ONE_SEARCH = ModelOptions()
VARIANTS = {
    "one search (shipped)": ONE_SEARCH,
    "proof phase after a stall": ModelOptions(proof_share=0.5),
    "proof phase only": PROOF_ONLY,
    "proof phase only, two complete workers": ModelOptions(
        proof_share=0, proof_subsolvers=("no_lp", "default_lp")
    ),
    "proof phase only, no greedy start": ModelOptions(proof_share=0, warm_start=False),
}


@st.composite
def rigid_problems(draw: st.DrawFn) -> Problem:
    """Up to four rigid tasks on a short horizon: small enough to enumerate."""
    horizon = draw(st.integers(2, 7))
    nres = draw(st.integers(1, 2))
    resources = tuple(
        Resource(
            capacity=np.array(draw(st.lists(st.integers(0, 3), min_size=horizon, max_size=horizon)))
        )
        for _ in range(nres)
    )
    n = draw(st.integers(1, 4))
    tasks = tuple(
        Task(
            duration=draw(st.integers(0, 3)),
            demands=tuple(
                draw(st.lists(st.tuples(st.integers(0, nres - 1), st.integers(1, 3)), max_size=2))
            ),
            release=draw(st.integers(0, 2)),
            deadline=draw(st.one_of(st.none(), st.integers(horizon // 2, horizon))),
            due=draw(st.one_of(st.none(), st.integers(0, horizon))),
            weight=draw(st.integers(1, 3)),
        )
        for _ in range(n)
    )
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []
    precedences = tuple(
        Precedence(
            a,
            b,
            lag=draw(st.integers(-2, 2)),
            kind=draw(
                st.sampled_from([PrecedenceKind.FINISH_TO_START, PrecedenceKind.START_TO_START])
            ),
        )
        for a, b in chosen
    )
    kind = draw(st.sampled_from(["makespan", "weighted_tardiness"]))
    return Problem(
        horizon=horizon,
        resources=resources,
        tasks=tasks,
        precedences=precedences,
        objective=Objective(kind=kind),
    )


def exhaustive_optimum(problem: Problem) -> int | None:
    """The best objective over every start vector (``None``: no schedule exists)."""
    durations = [task.duration or 0 for task in problem.tasks]
    ranges = [range(problem.horizon - d + 1) for d in durations]
    best: int | None = None
    for starts in itertools.product(*ranges):
        solution = Solution(
            tuple(TaskSchedule(s, s + d) for s, d in zip(starts, durations, strict=True))
        )
        if violations(problem, solution):
            continue
        value = objective_value(problem, solution)
        best = value if best is None else min(best, value)
    return best


@pytest.mark.parametrize("variant", VARIANTS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=rigid_problems())
def test_cpsat_matches_exhaustive_search(variant: str, problem: Problem) -> None:
    result = solve_cpsat(problem, time_limit=5, workers=2, options=VARIANTS[variant])
    optimum = exhaustive_optimum(problem)
    if optimum is None:
        assert result.status == Status.INFEASIBLE
        assert result.solution is None
        return
    assert result.status == Status.OPTIMAL
    assert result.solution is not None
    assert not violations(problem, result.solution)
    assert result.objective == optimum
    assert result.bound == optimum


def _series_of_pairs() -> Problem:
    """Eight unit-demand tasks on one resource of capacity 2; pairs cannot overlap."""
    tasks = tuple(
        Task(duration=d, demands=((0, 1 + (i % 2)),))
        for i, d in enumerate([3, 2, 4, 1, 2, 3, 2, 1])
    )
    return make(*tasks, capacities=([2] * 40,))


def test_the_proof_phase_proves_what_one_search_proves() -> None:
    problem = _series_of_pairs()
    one = solve_cpsat(problem, time_limit=10, options=ONE_SEARCH)
    proof = solve_cpsat(problem, time_limit=10, options=PROOF_ONLY)
    assert one.status == proof.status == Status.OPTIMAL
    assert one.objective == proof.objective
    assert proof.solution is not None and not violations(problem, proof.solution)


def test_the_proof_phase_proves_a_problem_without_schedule() -> None:
    # a maximum lag (a negative start-to-start lag backwards) the resource cannot meet
    problem = make(
        Task(duration=3, demands=((0, 1),)),
        Task(duration=3, demands=((0, 1),)),
        capacities=([1] * 10,),
        precedences=(
            Precedence(0, 1, lag=1, kind=PrecedenceKind.START_TO_START),
            Precedence(1, 0, lag=-1, kind=PrecedenceKind.START_TO_START),
        ),
    )
    for options in (PROOF_ONLY, ModelOptions(proof_share=0, warm_start=False)):
        result = solve_cpsat(problem, time_limit=5, options=options)
        assert result.status == Status.INFEASIBLE
        assert result.solution is None


@pytest.mark.parametrize("options", [ONE_SEARCH, PROOF_ONLY], ids=["one search", "proof only"])
def test_the_solver_is_deterministic(options: ModelOptions) -> None:
    problem = _series_of_pairs()
    first = solve_cpsat(problem, time_limit=10, workers=2, options=options)
    second = solve_cpsat(problem, time_limit=10, workers=2, options=options)
    assert first.solution == second.solution
    assert first.status == second.status == Status.OPTIMAL
