from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solvers.checker import objective_value, violations
from solvers.greedy import greedy_schedule
from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
from solvers.reassign import reassign
from solvers.result import Solution
from tests.solvers.test_lns import problems


def _amounts(schedule: TaskSchedule) -> dict[int, int]:
    per: dict[int, int] = {}
    for u in schedule.usage:
        per[u.period] = per.get(u.period, 0) + u.amount
    return per


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_reassignment_keeps_every_period_and_amount(problem: Problem) -> None:
    early = greedy_schedule(problem, rule="est")
    other = greedy_schedule(problem, rule="lft")
    if early is None or other is None:
        return
    before = sum(a == b for a, b in zip(early.tasks, other.tasks, strict=True))
    found, matching = reassign(problem, early, list(other.tasks))
    assert violations(problem, found) == []
    assert objective_value(problem, found) == objective_value(problem, early)
    for now, was in zip(found.tasks, early.tasks, strict=True):
        assert (now.start, now.end) == (was.start, was.end)
        assert _amounts(now) == _amounts(was)
    assert matching == sum(a == b for a, b in zip(found.tasks, other.tasks, strict=True))
    assert matching >= before


@st.composite
def swapped(draw: st.DrawFn) -> tuple[Problem, Solution, Solution]:
    """A problem whose resources are interchangeable, a schedule of it, and the same
    schedule with the resources of each period shuffled (people-only moves)."""
    horizon = 12
    count = draw(st.integers(2, 4))
    row = np.array([draw(st.sampled_from([0, 4, 8])) for _ in range(horizon)])
    resources = tuple(Resource(capacity=row) for _ in range(count))
    tasks = tuple(
        Task(
            work=draw(st.integers(1, 16)),
            eligible=tuple(range(count)),
            max_parallel=draw(st.sampled_from([None, 1, 2])),
            release=draw(st.integers(0, 6)),
        )
        for _ in range(draw(st.integers(1, 6)))
    )
    problem = Problem(horizon=horizon, resources=resources, tasks=tasks)
    schedule = greedy_schedule(problem, rule="est")
    if schedule is None:
        return problem, Solution(()), Solution(())
    shuffles = [draw(st.permutations(range(count))) for _ in range(horizon)]
    moved = Solution(
        tuple(
            TaskSchedule(
                s.start,
                s.end,
                tuple(
                    sorted(
                        (
                            Usage(shuffles[u.period][u.resource], u.period, u.amount)
                            for u in s.usage
                        ),
                        key=lambda u: (u.period, u.resource),
                    )
                ),
            )
            for s in schedule.tasks
        )
    )
    return problem, schedule, moved


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(swapped())
def test_people_only_moves_are_undone_entirely(case: tuple[Problem, Solution, Solution]) -> None:
    problem, reference, moved = case
    if not reference.tasks:
        return
    assert violations(problem, moved) == []
    found, matching = reassign(problem, moved, list(reference.tasks))
    assert found == reference
    assert matching == problem.num_tasks


def test_a_resource_taken_by_fixed_work_is_not_handed_back() -> None:
    # the reference had the task on resource 0, which fixed work now fills
    capacity = np.full(2, 8)
    problem = Problem(
        2,
        (Resource(capacity), Resource(capacity)),
        (
            Task(work=8, eligible=(0, 1)),
            Task(work=8, eligible=(0,), fixed_usage=(Usage(0, 0, 8),)),
        ),
        objective=Objective(),
    )
    now = Solution((TaskSchedule(0, 1, (Usage(1, 0, 8),)), TaskSchedule(0, 1, (Usage(0, 0, 8),))))
    reference = [TaskSchedule(0, 1, (Usage(0, 0, 8),)), None]
    found, matching = reassign(problem, now, reference)
    assert found == now
    assert matching == 0


def test_a_period_the_flow_would_crowd_keeps_its_assignment() -> None:
    # Task 0 may use one resource a period. Its reference split nothing, but resource 0
    # has room for only half of it in period 0 now: the flow would serve it with two
    # resources, over its limit, so period 0 stays as it is; task 2 goes back in period 1.
    problem = Problem(
        2,
        (Resource(np.array([8, 8])), Resource(np.array([8, 8]))),
        (
            Task(work=8, eligible=(0, 1), max_parallel=1),
            Task(work=4, eligible=(0,), fixed_usage=(Usage(0, 0, 4),)),
            Task(work=8, eligible=(0, 1), release=1),
        ),
    )
    now = Solution(
        (
            TaskSchedule(0, 1, (Usage(1, 0, 8),)),
            TaskSchedule(0, 1, (Usage(0, 0, 4),)),
            TaskSchedule(1, 2, (Usage(1, 1, 8),)),
        )
    )
    reference = [
        TaskSchedule(0, 1, (Usage(0, 0, 8),)),
        None,
        TaskSchedule(1, 2, (Usage(0, 1, 8),)),
    ]
    found, matching = reassign(problem, now, reference)
    assert violations(problem, found) == []
    assert found.tasks[:2] == now.tasks[:2]
    assert found.tasks[2] == reference[2]
    assert matching == 1


def test_tasks_whose_amounts_match_are_preferred_to_partial_matches() -> None:
    # One free unit of resource 0: task 0 (same amounts as its reference) gets it back,
    # not task 1 (whose amounts per period changed, so it stays moved anyway).
    problem = Problem(
        2,
        (Resource(np.array([4, 4])), Resource(np.array([8, 8]))),
        (Task(work=4, eligible=(0, 1)), Task(work=4, eligible=(0, 1))),
    )
    now = Solution((TaskSchedule(0, 1, (Usage(1, 0, 4),)), TaskSchedule(0, 1, (Usage(1, 0, 4),))))
    reference = [
        TaskSchedule(0, 1, (Usage(0, 0, 4),)),
        TaskSchedule(0, 2, (Usage(0, 0, 2), Usage(0, 1, 2))),
    ]
    found, matching = reassign(problem, now, reference)
    assert found.tasks[0] == reference[0]
    assert matching == 1
