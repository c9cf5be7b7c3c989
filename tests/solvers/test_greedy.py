"""The serial heuristic: small cases worked by hand, and valid schedules on random problems."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planted import make, planted_problems, random_problems

from solvers.bounds import infeasibility_reason, lower_bound
from solvers.checker import objective_value, violations
from solvers.greedy import RULES, greedy_schedule, precedence_order, solve_greedy
from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Resource,
    Task,
    Usage,
)
from solvers.result import Solution, Status

SS = PrecedenceKind.START_TO_START


def spans(solution: Solution | None) -> list[tuple[int, int]]:
    assert solution is not None
    return [(s.start, s.end) for s in solution.tasks]


def usage_of(solution: Solution | None, i: int) -> list[tuple[int, int, int]]:
    assert solution is not None
    return [(u.resource, u.period, u.amount) for u in solution.tasks[i].usage]


def scheduled(problem: Problem, rule: str = "lst") -> Solution:
    solution = greedy_schedule(problem, rule)
    assert solution is not None
    assert violations(problem, solution) == []
    return solution


UNIT = Task(duration=3, demands=((0, 1),))


def test_two_unit_tasks_on_a_unit_resource_run_in_series() -> None:
    assert spans(scheduled(make(UNIT, UNIT))) == [(0, 3), (3, 6)]


def test_a_precedence_decides_which_goes_first() -> None:
    problem = make(UNIT, UNIT, precedences=(Precedence(1, 0, lag=1),))
    for rule in RULES:
        assert spans(scheduled(problem, rule)) == [(4, 7), (0, 3)]


def test_a_rigid_task_waits_for_room_for_its_whole_duration() -> None:
    blocker = Task(duration=1, demands=((0, 1),), fixed_start=1)
    wide = Task(duration=2, demands=((0, 2),))
    problem = make(blocker, wide, capacities=([2] * 6,))
    assert spans(scheduled(problem)) == [(1, 2), (2, 4)]


def test_an_elastic_task_takes_all_it_can_each_period() -> None:
    problem = make(Task(work=5, eligible=(0,)), capacities=([2] * 6,))
    assert usage_of(scheduled(problem), 0) == [(0, 0, 2), (0, 1, 2), (0, 2, 1)]


def test_an_elastic_task_uses_its_largest_free_resources_up_to_its_limit() -> None:
    task = Task(work=10, eligible=(0, 1, 2), max_parallel=2)
    problem = make(task, capacities=([2] * 4, [3] * 4, [3] * 4))
    assert usage_of(scheduled(problem), 0) == [(1, 0, 3), (2, 0, 3), (1, 1, 3), (2, 1, 1)]


def test_ties_between_resources_go_to_the_lower_index() -> None:
    task = Task(work=2, eligible=(2, 0), max_parallel=1)
    problem = make(task, capacities=([1] * 4, [5] * 4, [1] * 4))
    assert usage_of(scheduled(problem), 0) == [(0, 0, 1), (0, 1, 1)]


def test_an_elastic_task_pauses_around_busy_periods() -> None:
    blocker = Task(duration=1, demands=((0, 1),), fixed_start=2)
    problem = make(blocker, Task(work=3, eligible=(0,)))
    assert usage_of(scheduled(problem), 1) == [(0, 0, 1), (0, 1, 1), (0, 3, 1)]


def test_a_contiguous_task_restarts_after_a_busy_period() -> None:
    blocker = Task(duration=1, demands=((0, 1),), fixed_start=2)
    problem = make(blocker, Task(work=3, eligible=(0,), contiguous=True))
    assert usage_of(scheduled(problem), 1) == [(0, 3, 1), (0, 4, 1), (0, 5, 1)]


def test_a_contiguous_task_may_pause_where_nobody_has_capacity() -> None:
    problem = make(Task(work=3, eligible=(0,), contiguous=True), capacities=([1, 1, 0, 1, 1],))
    assert usage_of(scheduled(problem), 0) == [(0, 0, 1), (0, 1, 1), (0, 3, 1)]


def test_fixed_usage_is_placed_exactly_and_first() -> None:
    frozen = Task(
        work=3, eligible=(0,), fixed_usage=(Usage(0, 1, 1), Usage(0, 3, 1), Usage(0, 1, 1))
    )
    problem = make(Task(duration=2, demands=((0, 2),)), frozen, capacities=([2] * 8,))
    solution = scheduled(problem)
    assert usage_of(solution, 1) == [(0, 1, 2), (0, 3, 1)]
    assert spans(solution) == [(4, 6), (1, 4)]


def test_fixed_starts_are_placed_before_the_rest() -> None:
    problem = make(UNIT, Task(duration=2, demands=((0, 1),), fixed_start=1))
    assert spans(scheduled(problem)) == [(3, 6), (1, 3)]


def test_a_fixed_start_elastic_task_works_in_its_fixed_period() -> None:
    problem = make(Task(work=2, eligible=(0,), fixed_start=4))
    assert usage_of(scheduled(problem), 0) == [(0, 4, 1), (0, 5, 1)]


def test_a_fixed_start_with_no_room_fails() -> None:
    blocker = Task(duration=1, demands=((0, 1),), fixed_start=4)
    problem = make(blocker, Task(work=2, eligible=(0,), fixed_start=4))
    assert greedy_schedule(problem) is None


def test_the_latest_start_rule_serves_deadlines_first() -> None:
    problem = make(UNIT, Task(duration=3, demands=((0, 1),), deadline=3))
    assert spans(scheduled(problem, "lst")) == [(3, 6), (0, 3)]
    assert greedy_schedule(problem, "index") is None
    result = solve_greedy(problem)
    assert result.solution is not None
    assert spans(result.solution) == [(3, 6), (0, 3)]


def test_the_due_rule_serves_the_earliest_due_date_first() -> None:
    problem = make(
        Task(duration=3, demands=((0, 1),), due=9),
        Task(duration=3, demands=((0, 1),), due=3),
        objective=Objective(kind="weighted_tardiness"),
    )
    assert spans(scheduled(problem, "due")) == [(3, 6), (0, 3)]
    result = solve_greedy(problem)
    assert (result.objective, result.bound, result.status) == (0, 0, Status.OPTIMAL)


def test_lags_and_calendars_are_respected() -> None:
    problem = make(
        Task(duration=1),
        Task(duration=1),
        Task(duration=1),
        precedences=(
            Precedence(0, 1, lag=2, calendar=0),
            Precedence(1, 2, kind=SS, lag=3),
        ),
        calendars=([1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],),
    )
    assert spans(scheduled(problem)) == [(0, 1), (5, 6), (8, 9)]


def test_a_negative_start_to_start_lag_is_met_or_the_heuristic_gives_up() -> None:
    window = (Precedence(0, 1), Precedence(1, 0, kind=SS, lag=-2))
    reachable = make(Task(duration=2), Task(duration=1), precedences=window)
    assert spans(scheduled(reachable)) == [(0, 2), (2, 3)]
    too_far = make(Task(duration=3), Task(duration=1), precedences=window)
    assert infeasibility_reason(too_far) is not None
    assert greedy_schedule(too_far) is None


def test_a_predecessor_pushed_past_a_fixed_successor_fails() -> None:
    blocker = Task(duration=2, demands=((0, 1),), fixed_start=0)
    before = Task(duration=2, demands=((0, 1),))
    pinned = Task(duration=1, fixed_start=3)
    problem = make(blocker, before, pinned, precedences=(Precedence(1, 2),))
    assert infeasibility_reason(problem) is None
    assert greedy_schedule(problem) is None
    roomy = make(blocker, before, Task(duration=1, fixed_start=4), precedences=(Precedence(1, 2),))
    assert spans(scheduled(roomy)) == [(0, 2), (2, 4), (4, 5)]


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown priority rule"):
        greedy_schedule(make(UNIT), "random")


def test_precedence_order_breaks_cycles_at_the_smallest_key() -> None:
    problem = make(
        UNIT,
        UNIT,
        UNIT,
        precedences=(Precedence(0, 1, kind=SS), Precedence(1, 0, kind=SS), Precedence(2, 0)),
    )
    assert precedence_order(problem, [True] * 3, [(5, 0), (1, 1), (9, 2)]) == [2, 1, 0]
    assert precedence_order(problem, [True, True, False], [(5, 0), (1, 1), (9, 2)]) == [1, 0]


def test_precedence_order_prefers_firm_predecessors_over_negative_lags() -> None:
    problem = make(UNIT, UNIT, precedences=(Precedence(0, 1, kind=SS, lag=-4),))
    assert precedence_order(problem, [True] * 2, [(5, 0), (1, 1)]) == [0, 1]


# -- solve_greedy --------------------------------------------------------------------


def test_solve_greedy_proves_optimality_at_the_bound() -> None:
    result = solve_greedy(make(UNIT, UNIT))
    assert result.status == Status.OPTIMAL
    assert (result.objective, result.bound, result.solver) == (6, 6, "greedy")


def test_solve_greedy_reports_feasible_above_the_bound() -> None:
    # Two tasks sharing resource 0 fight over it; the bound does not see the conflict
    # through resource 1, which only task 1 uses.
    problem = make(
        Task(duration=2, demands=((0, 1),)),
        Task(duration=2, demands=((0, 1), (1, 1))),
        Task(duration=4, demands=((1, 1),)),
        capacities=([1] * 12, [1] * 12),
        precedences=(Precedence(0, 1),),
    )
    result = solve_greedy(problem)
    assert result.solution is not None
    assert result.bound is not None and result.objective is not None
    assert result.bound <= result.objective
    expected = Status.OPTIMAL if result.bound == result.objective else Status.FEASIBLE
    assert result.status == expected


def test_solve_greedy_reports_infeasible_only_with_a_reason() -> None:
    result = solve_greedy(make(Task(duration=4, release=3, deadline=6)))
    assert result.status == Status.INFEASIBLE
    assert result.solution is None and result.objective is None


def test_solve_greedy_reports_unknown_when_stuck() -> None:
    # Each task fits alone; both together cannot meet their deadline on one unit.
    tight = Task(duration=3, demands=((0, 1),), deadline=4)
    problem = make(tight, tight)
    assert infeasibility_reason(problem) is None
    result = solve_greedy(problem)
    assert result.status == Status.UNKNOWN
    assert result.solution is None
    assert result.bound == lower_bound(problem)


def test_solve_greedy_is_deterministic() -> None:
    problem = make(
        Task(work=5, eligible=(0, 1)),
        Task(duration=2, demands=((1, 1),)),
        Task(work=3, eligible=(1,), contiguous=True),
        capacities=([1] * 12, [2] * 12),
    )
    first, second = solve_greedy(problem), solve_greedy(problem)
    assert first.solution == second.solution
    assert first.objective == second.objective


# -- random problems -----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(random_problems(), st.sampled_from(RULES))
def test_any_schedule_on_a_random_problem_is_valid(problem: Problem, rule: str) -> None:
    solution = greedy_schedule(problem, rule)
    if solution is not None:
        assert violations(problem, solution) == []


@settings(max_examples=200, deadline=None)
@given(planted_problems())
def test_solve_greedy_on_feasible_problems(case: tuple[Problem, Solution]) -> None:
    problem, _ = case
    result = solve_greedy(problem)
    assert result.status != Status.INFEASIBLE
    if result.solution is not None:
        assert violations(problem, result.solution) == []
        assert result.objective == objective_value(problem, result.solution)
        assert result.bound is not None and result.bound <= result.objective


@st.composite
def roomy_problems(draw: st.DrawFn) -> Problem:
    """No deadlines, fixed tasks or negative lags, capacity for every demand in every
    period and a horizon long enough to run everything one after the other."""
    nres = draw(st.integers(1, 3))
    levels = [draw(st.integers(1, 3)) for _ in range(nres)]
    n = draw(st.integers(1, 8))
    tasks = []
    length = 0
    for _ in range(n):
        if draw(st.booleans()):
            duration = draw(st.integers(0, 4))
            r = draw(st.integers(0, nres - 1))
            tasks.append(Task(duration=duration, demands=((r, draw(st.integers(0, levels[r]))),)))
            length += duration
        else:
            work = draw(st.integers(1, 6))
            eligible = tuple(draw(st.lists(st.integers(0, nres - 1), min_size=1, unique=True)))
            tasks.append(
                Task(
                    work=work,
                    eligible=eligible,
                    max_parallel=draw(st.one_of(st.none(), st.just(1))),
                    contiguous=draw(st.booleans()),
                )
            )
            length += work
    precedences = []
    for succ in range(1, n):
        for pred in draw(st.lists(st.integers(0, succ - 1), max_size=2, unique=True)):
            lag = draw(st.integers(0, 2))
            kind = draw(st.sampled_from(list(PrecedenceKind)))
            precedences.append(Precedence(pred, succ, lag=lag, kind=kind))
            length += lag
    horizon = length + 1
    return make(
        *tasks,
        capacities=tuple([level] * horizon for level in levels),
        precedences=tuple(precedences),
    )


@settings(max_examples=200, deadline=None)
@given(roomy_problems(), st.sampled_from(RULES))
def test_a_roomy_problem_is_always_scheduled(problem: Problem, rule: str) -> None:
    solution = greedy_schedule(problem, rule)
    assert solution is not None
    assert violations(problem, solution) == []
    assert lower_bound(problem) <= objective_value(problem, solution)


def test_a_large_problem_is_scheduled_validly() -> None:
    rng = np.random.default_rng(7)
    horizon, nres, n = 1200, 6, 2000
    week = np.where(np.arange(horizon) % 7 < 5, 8, 0)
    resources = tuple(Resource(capacity=week) for _ in range(nres))
    tasks = []
    for _ in range(n):
        if rng.random() < 0.5:
            demand = ((int(rng.integers(nres)), int(rng.integers(1, 4))),)
            tasks.append(Task(duration=int(rng.integers(1, 5)), demands=demand))
        else:
            eligible = tuple(sorted({int(r) for r in rng.integers(0, nres, size=3)}))
            tasks.append(
                Task(
                    work=int(rng.integers(4, 40)),
                    eligible=eligible,
                    max_parallel=2,
                    contiguous=bool(rng.random() < 0.2),
                    due=int(rng.integers(20, 600)),
                )
            )
    precedences = tuple(
        Precedence(int(rng.integers(max(0, i - 30), i)), i, lag=int(rng.integers(0, 3)))
        for i in range(1, n)
        if rng.random() < 0.6
    )
    problem = Problem(
        horizon=horizon, resources=resources, tasks=tuple(tasks), precedences=precedences
    )
    solution = greedy_schedule(problem)
    assert solution is not None
    assert violations(problem, solution) == []
    assert lower_bound(problem) <= objective_value(problem, solution)
