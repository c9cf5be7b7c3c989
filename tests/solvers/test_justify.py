"""Right justification: later, never earlier, never invalid."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.checker import violations
from solvers.greedy import greedy_schedule
from solvers.justify import right_justify
from solvers.problem import Precedence, PrecedenceKind, Problem, Resource, Task
from tests.solvers.planted import random_problems


def _line(capacity: list[int], *tasks: Task, precedences: tuple[Precedence, ...] = ()) -> Problem:
    horizon = len(capacity)
    return Problem(
        horizon=horizon,
        resources=(Resource(capacity=np.array(capacity)),),
        tasks=tasks,
        precedences=precedences,
        calendars=(np.array([1, 1, 1, 1, 1, 0, 0] * (horizon // 7 + 1))[:horizon],),
    )


def test_a_chain_moves_up_to_its_limit_and_keeps_its_order() -> None:
    problem = _line(
        [1] * 10,
        Task(work=2, eligible=(0,)),
        Task(duration=2),
        Task(work=1, eligible=(0,)),
        precedences=(Precedence(0, 1), Precedence(1, 2)),
    )
    early = greedy_schedule(problem)
    assert early is not None
    late = right_justify(problem, early, [9, 9, 9])
    assert [(s.start, s.end) for s in late.tasks] == [(4, 6), (6, 8), (8, 9)]
    assert violations(problem, late) == []


def test_a_calendar_lag_is_kept_when_walking_backwards() -> None:
    # Two working days (Monday to Friday calendar) must pass between the two tasks.
    problem = _line(
        [1] * 14,
        Task(work=1, eligible=(0,)),
        Task(work=1, eligible=(0,)),
        precedences=(Precedence(0, 1, lag=2, calendar=0),),
    )
    early = greedy_schedule(problem)
    assert early is not None
    late = right_justify(problem, early, [8, 8])
    # The successor ends on period 7 (a Monday); Thursday and Friday (3, 4) must pass,
    # so the predecessor ends by period 3, taking period 2.
    assert [(s.start, s.end) for s in late.tasks] == [(2, 3), (7, 8)]
    assert violations(problem, late) == []


def test_busy_periods_are_skipped_and_a_task_without_room_stays() -> None:
    problem = _line(
        [1, 1, 1, 1, 0, 0],
        Task(work=2, eligible=(0,)),
        Task(work=1, eligible=(0,), fixed_start=3),
    )
    early = greedy_schedule(problem)
    assert early is not None
    late = right_justify(problem, early, [6, 6])
    # Period 3 is the pinned task's; periods 4-5 have no capacity.
    assert (late.tasks[0].start, late.tasks[0].end) == (1, 3)
    assert late.tasks[1] == early.tasks[1]


def test_start_to_start_relations_and_missing_limits_keep_tasks_in_place() -> None:
    problem = _line(
        [2] * 8,
        Task(work=1, eligible=(0,)),
        Task(work=1, eligible=(0,)),
        Task(work=1, eligible=(0,)),
        precedences=(Precedence(0, 1, kind=PrecedenceKind.START_TO_START),),
    )
    early = greedy_schedule(problem)
    assert early is not None
    late = right_justify(problem, early, [8, 8, None])
    assert late == early


@settings(max_examples=300, deadline=None)
@given(random_problems(max_tasks=7), st.data())
def test_justified_schedules_are_valid_and_never_earlier(
    problem: Problem, data: st.DataObject
) -> None:
    early = greedy_schedule(problem)
    if early is None:
        return
    limits = [
        data.draw(st.one_of(st.none(), st.integers(0, problem.horizon + 2))) for _ in problem.tasks
    ]
    late = right_justify(problem, early, limits)
    assert violations(problem, late) == []
    for before, after, limit in zip(early.tasks, late.tasks, limits, strict=True):
        assert after.start >= before.start
        if limit is None:
            assert after == before
        elif after != before:
            assert after.end <= max(limit, before.end)


def test_zero_length_chains_move_successors_first() -> None:
    problem = _line([1] * 10, Task(duration=0), Task(duration=0), precedences=(Precedence(1, 0),))
    early = greedy_schedule(problem)
    assert early is not None
    late = right_justify(problem, early, [8, 8])
    assert [(s.start, s.end) for s in late.tasks] == [(8, 8), (8, 8)]
    assert violations(problem, late) == []
