"""The capacity bound on weighted tardiness: exact on hand-worked cases, never above the
optimum of a single pool (every order of the jobs tried), and never below each task's
own bound."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from planted import make

from solvers.bounds import lower_bound, time_windows
from solvers.problem import Objective, Precedence, Problem, Resource, Task, Usage

TARDINESS = Objective(kind="weighted_tardiness")


def test_jobs_waiting_for_one_fitter_are_late_in_turn() -> None:
    # 8 hours a day; three jobs of 16 hours due by the end of period 2: 0 + 2 + 4 late
    problem = make(
        *(Task(work=16, eligible=(0,), due=2) for _ in range(3)),
        capacities=([8] * 10,),
        objective=TARDINESS,
    )
    assert lower_bound(problem) == 6


def test_the_heaviest_job_takes_the_first_rank() -> None:
    problem = make(
        Task(work=16, eligible=(0,), due=2, weight=5),
        Task(work=16, eligible=(0,), due=2, weight=1),
        capacities=([8] * 10,),
        objective=TARDINESS,
    )
    assert lower_bound(problem) == 2  # the light one is two periods late


def test_a_job_that_is_never_late_does_not_take_a_rank() -> None:
    # the small job due at 9 could come first in a ranking by size; left out, the two
    # others are 1 and 3 late (the optimum), not 0 and 2
    problem = make(
        Task(work=8, eligible=(0,), due=9),
        Task(work=16, eligible=(0,), due=1),
        Task(work=16, eligible=(0,), due=1),
        capacities=([8] * 10,),
        objective=TARDINESS,
    )
    assert lower_bound(problem) == 4


def test_work_before_a_lead_time_counts_with_the_tail() -> None:
    # each job: 8 hours of work, then 2 periods of lead time; due at 3
    tasks = []
    precedences = []
    for j in range(3):
        tasks += [Task(work=8, eligible=(0,)), Task(duration=2, due=3)]
        precedences.append(Precedence(2 * j, 2 * j + 1))
    problem = make(
        *tasks, capacities=([8] * 12,), precedences=tuple(precedences), objective=TARDINESS
    )
    # work done at 1, 2, 3; each job ends 2 later: 3, 4, 5 against 3: 0 + 1 + 2
    assert lower_bound(problem) == 3


def test_a_chain_counts_all_its_work_on_the_pool() -> None:
    problem = make(
        Task(work=8, eligible=(0,)),
        Task(work=8, eligible=(0,), due=2),
        Task(work=16, eligible=(0,), due=2),
        capacities=([8] * 10,),
        precedences=(Precedence(0, 1),),
        objective=TARDINESS,
    )
    assert lower_bound(problem) == 2


def test_capacity_taken_by_fixed_work_is_not_supplied() -> None:
    fixed = Task(work=8, eligible=(0,), fixed_usage=(Usage(0, 0, 8),))
    problem = make(
        fixed,
        Task(work=8, eligible=(0,), due=1),
        capacities=([8] * 10,),
        objective=TARDINESS,
    )
    assert lower_bound(problem) == 1


def test_other_people_share_the_load_of_a_pool_they_belong_to() -> None:
    # two people who can both do the work: three jobs of 16 hours due at 2
    problem = make(
        *(Task(work=16, eligible=(0, 1), due=2) for _ in range(3)),
        capacities=([8] * 10, [8] * 10),
        objective=TARDINESS,
    )
    # 48 hours at 16 a day: the ranks are done at 1, 2 and 3 (work may split): 1 late
    assert lower_bound(problem) == 1


# -- never above the optimum -------------------------------------------------------


@st.composite
def one_pool_problems(draw: st.DrawFn) -> Problem:
    """Jobs of one elastic task each on one resource, all free to start at once."""
    horizon = draw(st.integers(4, 14))
    capacity = draw(st.lists(st.integers(0, 4), min_size=horizon, max_size=horizon))
    n = draw(st.integers(1, 5))
    tasks = tuple(
        Task(
            work=draw(st.integers(1, 8)),
            eligible=(0,),
            due=draw(st.integers(0, horizon)),
            weight=draw(st.integers(1, 4)),
        )
        for _ in range(n)
    )
    return Problem(horizon, (Resource(np.array(capacity)),), tasks, objective=TARDINESS)


def best_order(problem: Problem) -> int | None:
    """The least weighted tardiness over every order of the jobs, each served in turn
    (on one resource with every job free at once, no schedule does better than the
    best order: splitting a job only delays the others)."""
    capacity = problem.resources[0].capacity
    best: int | None = None
    for order in itertools.permutations(range(problem.num_tasks)):
        left = [problem.tasks[i].work or 0 for i in order]
        ends = {}
        k = 0
        for t in range(problem.horizon):
            room = int(capacity[t])
            while k < len(order) and room > 0:
                given_now = min(room, left[k])
                left[k] -= given_now
                room -= given_now
                if left[k] == 0:
                    ends[order[k]] = t + 1
                    k += 1
        if k < len(order):
            continue
        value = 0
        for i, task in enumerate(problem.tasks):
            assert task.due is not None
            value += task.weight * max(0, ends[i] - task.due)
        best = value if best is None else min(best, value)
    return best


@settings(max_examples=200, deadline=None)
@given(one_pool_problems())
def test_the_bound_never_exceeds_the_best_order(problem: Problem) -> None:
    optimum = best_order(problem)
    if optimum is None:
        return
    windows = time_windows(problem)
    own = sum(
        t.weight * max(0, min(windows.earliest_end[i], problem.horizon) - (t.due or 0))
        for i, t in enumerate(problem.tasks)
    )
    assert own <= lower_bound(problem) <= optimum
