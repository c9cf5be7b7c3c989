"""Time windows, lower bounds and infeasibility proofs: tight on small hand-worked cases,
and never wrong on random problems with a known feasible schedule."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planted import make, planted_problems, random_problems

from solvers.bounds import (
    earliest_starts,
    infeasibility_reason,
    latest_ends,
    lower_bound,
    min_end,
    time_windows,
)
from solvers.checker import objective_value, violations
from solvers.greedy import greedy_schedule
from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    TaskSchedule,
    Usage,
    shift_open,
)
from solvers.result import Solution

SS = PrecedenceKind.START_TO_START


# -- min_end -------------------------------------------------------------------------


def test_min_end_of_a_rigid_task_is_its_duration_later() -> None:
    problem = make(Task(duration=3), Task(duration=0))
    assert min_end(problem, 0, 4) == 7
    assert min_end(problem, 0, 9) == 12
    assert min_end(problem, 0, 10) is None
    assert min_end(problem, 1, 12) == 12


def test_min_end_of_an_elastic_task_uses_its_best_resources_per_period() -> None:
    capacities = ([3, 0, 3, 3], [1, 1, 1, 1], [2, 2, 2, 2])
    unlimited = Task(work=6, eligible=(0, 1, 2))
    paired = Task(work=6, eligible=(0, 1, 2), max_parallel=2)
    single = Task(work=6, eligible=(2, 0), max_parallel=1)
    problem = make(unlimited, paired, single, capacities=capacities)
    # Rates: all three resources 6, 3, 6, 6; the best two 5, 3, 5, 5; the best one 3, 2, 3, 3.
    assert min_end(problem, 0, 0) == 1
    assert min_end(problem, 1, 0) == 2
    assert min_end(problem, 2, 0) == 3
    assert min_end(problem, 1, 1) == 3
    assert min_end(problem, 2, 1) == 4
    assert min_end(problem, 1, 3) is None
    assert min_end(problem, 1, 4) is None


def test_min_end_past_the_horizon_is_none() -> None:
    problem = make(Task(work=1, eligible=(0,)))
    assert min_end(problem, 0, 13) is None
    with pytest.raises(ValueError, match="negative"):
        min_end(problem, 0, -1)


# -- earliest starts -----------------------------------------------------------------


def test_earliest_starts_follow_releases_lags_and_elastic_ends() -> None:
    tasks = (
        Task(duration=3, release=2),
        Task(duration=2),
        Task(work=4, eligible=(0,)),
        Task(duration=1),
    )
    precedences = (
        Precedence(0, 1, lag=1),
        Precedence(1, 2, kind=SS, lag=-2),
        Precedence(2, 3),
    )
    problem = make(*tasks, capacities=([2] * 12,), precedences=precedences)
    # 0 runs 2..5, 1 from 6, 2 from 4 and needs two periods, 3 from 6.
    assert earliest_starts(problem) == [2, 6, 4, 6]
    assert time_windows(problem).earliest_end == (5, 8, 6, 7)


def test_calendar_lags_count_open_periods() -> None:
    problem = make(
        Task(duration=1),
        Task(duration=1),
        precedences=(Precedence(0, 1, lag=2, calendar=0),),
        calendars=([1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],),
    )
    assert earliest_starts(problem) == [0, 5]


def test_earliest_start_waits_for_capacity() -> None:
    rigid = Task(duration=2, demands=((0, 2),))
    flexible = Task(work=1, eligible=(0,))
    problem = make(rigid, flexible, capacities=([0, 2, 1, 2, 2, 2],))
    assert earliest_starts(problem) == [3, 1]


def test_fixed_start_sets_the_earliest_start() -> None:
    assert earliest_starts(make(Task(duration=1, fixed_start=5))) == [5]


def test_fixed_usage_pins_the_window() -> None:
    task = Task(work=3, eligible=(0,), fixed_usage=(Usage(0, 4, 1), Usage(0, 6, 2)))
    problem = make(task, capacities=([2] * 12,))
    windows = time_windows(problem)
    assert (windows.earliest_start[0], windows.earliest_end[0]) == (4, 7)
    assert (windows.latest_start[0], windows.latest_end[0]) == (4, 7)


def test_a_negative_start_to_start_lag_closes_a_feasible_window() -> None:
    window = (Precedence(0, 1, kind=SS, lag=2), Precedence(1, 0, kind=SS, lag=-3))
    problem = make(Task(duration=1, release=4), Task(duration=1), precedences=window)
    assert earliest_starts(problem) == [4, 6]
    assert infeasibility_reason(problem) is None


def test_a_cycle_reaches_its_fixpoint_through_capacity_gaps() -> None:
    # 1 starts with 0 or up to one period later; 1's resource only opens in period 5.
    window = (Precedence(0, 1, kind=SS, lag=0), Precedence(1, 0, kind=SS, lag=-1))
    problem = make(
        Task(duration=1),
        Task(work=1, eligible=(1,)),
        capacities=([1] * 12, [0] * 5 + [1] * 7),
        precedences=window,
    )
    assert earliest_starts(problem) == [4, 5]
    assert infeasibility_reason(problem) is None


# -- latest ends ---------------------------------------------------------------------


def test_latest_ends_come_back_from_deadlines() -> None:
    problem = make(
        Task(duration=2),
        Task(duration=3, deadline=8),
        Task(duration=2),
        Task(duration=2, deadline=9),
        precedences=(Precedence(0, 1, lag=1), Precedence(2, 3, kind=SS, lag=3)),
    )
    # 1 starts by 5, so 0 ends by 4; 3 starts by 7, so 2 starts by 4 and ends by 6.
    assert latest_ends(problem) == [4, 8, 6, 9]
    assert time_windows(problem).latest_start == (2, 5, 4, 7)


def test_an_elastic_successor_limits_by_the_capacity_it_needs() -> None:
    problem = make(
        Task(duration=1),
        Task(work=4, eligible=(0,)),
        capacities=([2] * 8 + [0, 0],),
        precedences=(Precedence(0, 1),),
    )
    # 1 cannot end after 8 (no capacity later) and needs two periods: it starts by 6.
    assert latest_ends(problem) == [6, 8]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 1), min_size=10, max_size=10),
    st.integers(-3, 5),
    st.integers(1, 10),
)
def test_latest_ends_invert_calendar_lags_exactly(
    calendar: list[int], lag: int, deadline: int
) -> None:
    problem = make(
        Task(duration=1),
        Task(duration=1, deadline=deadline),
        capacities=([1] * 10,),
        precedences=(Precedence(0, 1, lag=lag, calendar=0),),
        calendars=(calendar,),
    )
    cal = np.array(calendar)
    allowed = [e for e in range(1, 11) if shift_open(cal, e, lag) <= deadline - 1]
    if allowed:
        assert latest_ends(problem)[0] == max(allowed)
    else:
        assert infeasibility_reason(problem) is not None


# -- lower bounds --------------------------------------------------------------------


def test_makespan_bound_counts_the_energy_on_a_resource() -> None:
    task = Task(duration=2, demands=((0, 1),))
    assert lower_bound(make(task, task, task)) == 6
    assert lower_bound(make(task, task, task, objective=Objective(tasks=(0,)))) == 2
    assert lower_bound(make(task, objective=Objective(tasks=()))) == 0


def test_makespan_bound_counts_the_energy_on_an_eligible_set() -> None:
    problem = make(
        Task(work=6, eligible=(0, 1)),
        Task(work=4, eligible=(1, 0)),
        capacities=([2] * 8, [1] * 8),
    )
    # Each alone ends at 2; together 10 units at 3 per period need 4 periods.
    assert time_windows(problem).earliest_end == (2, 2)
    assert lower_bound(problem) == 4


def test_makespan_bound_mixes_rigid_and_elastic_work_on_a_set() -> None:
    problem = make(
        Task(duration=3, demands=((0, 2),)),
        Task(work=3, eligible=(0,)),
        capacities=([2] * 8,),
    )
    assert lower_bound(problem) == 5


def test_makespan_bound_starts_the_energy_at_the_earliest_start() -> None:
    task = Task(duration=2, demands=((0, 1),), release=3)
    assert lower_bound(make(task, task)) == 7


def test_makespan_bound_leaves_out_capacity_taken_by_fixed_work() -> None:
    problem = make(
        Task(duration=3, demands=((0, 1),), fixed_start=0),
        Task(work=2, eligible=(0,)),
        objective=Objective(tasks=(1,)),
    )
    assert time_windows(problem).earliest_end[1] == 2
    assert lower_bound(problem) == 5


def test_weighted_tardiness_bound_uses_earliest_ends() -> None:
    problem = make(
        Task(duration=3, due=1, weight=5),
        Task(duration=3, due=4, weight=2),
        Task(duration=1),
        precedences=(Precedence(0, 1),),
        objective=Objective(kind="weighted_tardiness"),
    )
    assert lower_bound(problem) == 5 * 2 + 2 * 2


def test_changes_bound_counts_references_outside_their_window() -> None:
    tasks = (
        Task(duration=2, release=3),
        Task(duration=2),
        Task(work=2, eligible=(0,), deadline=5),
        Task(duration=1, fixed_start=2),
    )
    reference = (TaskSchedule(1, 3), TaskSchedule(4, 6), TaskSchedule(4, 6), TaskSchedule(2, 3))
    problem = make(*tasks, objective=Objective(kind="changes", reference=reference))
    assert lower_bound(problem) == 2


# -- infeasibility -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (make(Task(duration=4, release=3, deadline=6)), ["task 0", "deadline 6", "7"]),
        (make(Task(work=13, eligible=(0,), name="pour")), ["task 0 (pour)", "horizon"]),
        (
            make(Task(work=10, eligible=(0,), release=2, deadline=6), capacities=([2] * 12,)),
            ["task 0", "deadline 6", "offer only 8 of its 10"],
        ),
        (
            make(
                Task(duration=1), Task(duration=1), precedences=(Precedence(0, 1), Precedence(1, 0))
            ),
            ["tasks 0, 1", "cycle"],
        ),
        (
            make(
                Task(duration=1),
                Task(duration=1),
                precedences=(Precedence(0, 1, kind=SS, lag=1), Precedence(1, 0, kind=SS)),
            ),
            ["tasks 0, 1", "cycle"],
        ),
        (make(Task(duration=1, fixed_start=2, release=3)), ["fixed to start in period 2"]),
        (make(Task(duration=2, demands=((0, 2),))), ["demands never fit"]),
        (
            make(Task(work=2, eligible=(0,), fixed_usage=(Usage(0, 3, 2),))),
            ["fixed usage of 2", "capacity of 1"],
        ),
        (
            make(
                Task(
                    work=2,
                    eligible=(0,),
                    fixed_start=2,
                    fixed_usage=(Usage(0, 3, 1), Usage(0, 4, 1)),
                )
            ),
            ["fixed to start in period 2", "starts in period 3"],
        ),
        (
            make(
                Task(duration=3),
                Task(duration=3, deadline=5),
                precedences=(Precedence(0, 1),),
            ),
            ["task 1", "deadline 5", "earliest end is 6"],
        ),
    ],
)
def test_plain_infeasibility_is_explained(problem: Problem, words: list[str]) -> None:
    reason = infeasibility_reason(problem)
    assert reason is not None
    for word in words:
        assert word in reason, (word, reason)


def test_a_feasible_problem_has_no_reason() -> None:
    problem = make(
        Task(duration=3, demands=((0, 1),)),
        Task(work=4, eligible=(0,), deadline=12),
        precedences=(Precedence(0, 1),),
    )
    assert infeasibility_reason(problem) is None


def test_remembered_windows_do_not_keep_a_problem_alive() -> None:
    problem = make(Task(duration=1))
    assert time_windows(problem).earliest_start == (0,)
    ref = weakref.ref(problem)
    del problem
    gc.collect()
    assert ref() is None


# -- validity on random problems -----------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(planted_problems())
def test_windows_and_bounds_admit_a_known_feasible_schedule(case: tuple[Problem, Solution]) -> None:
    problem, schedule = case
    assert violations(problem, schedule) == []
    assert infeasibility_reason(problem) is None
    windows = time_windows(problem)
    for i, sched in enumerate(schedule.tasks):
        assert windows.earliest_start[i] <= sched.start <= windows.latest_start[i]
        assert windows.earliest_end[i] <= sched.end <= windows.latest_end[i]
        fastest = min_end(problem, i, sched.start)
        assert fastest is not None
        assert fastest <= sched.end
    assert lower_bound(problem) <= objective_value(problem, schedule)


@settings(max_examples=300, deadline=None)
@given(random_problems())
def test_bounds_never_exceed_a_greedy_schedule(problem: Problem) -> None:
    solution = greedy_schedule(problem)
    if solution is None:
        return
    assert infeasibility_reason(problem) is None
    assert lower_bound(problem) <= objective_value(problem, solution)
    starts, ends = earliest_starts(problem), latest_ends(problem)
    for i, sched in enumerate(solution.tasks):
        assert starts[i] <= sched.start
        assert sched.end <= ends[i]
