"""The competing-energy bound never exceeds the true earliest end (CP-SAT as the oracle)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers import Objective, Problem, Resource, Status, Task, solve
from solvers.energy import competing_end_bound

HORIZON = 12

eligible_sets = st.sampled_from([(0,), (1,), (0, 1), (2,), (1, 2)])


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, list[tuple[tuple[int, ...], int]], list]:
    capacity = np.array(
        [[draw(st.integers(0, 3)) for _ in range(HORIZON)] for _ in range(3)], dtype=np.int64
    )
    job = [(draw(eligible_sets), draw(st.integers(1, 8))) for _ in range(draw(st.integers(1, 2)))]
    booked = [
        (draw(eligible_sets), draw(st.integers(1, 8)), draw(st.integers(3, HORIZON)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    return capacity, job, booked


@settings(max_examples=40, deadline=None)
@given(instances())
def test_the_bound_holds(instance: tuple[np.ndarray, list, list]) -> None:
    capacity, job, booked = instance
    tasks = [Task(work=w, eligible=e) for e, w in job]
    tasks += [Task(work=w, eligible=e, deadline=d) for e, w, d in booked]
    problem = Problem(
        horizon=HORIZON,
        resources=tuple(Resource(capacity=row) for row in capacity),
        tasks=tuple(tasks),
        objective=Objective(kind="makespan", tasks=tuple(range(len(job)))),
    )
    result = solve(problem, "cpsat", time_limit=10)
    if result.status == Status.INFEASIBLE:
        return
    assert result.status == Status.OPTIMAL and result.objective is not None
    groups = sorted({e for e, _, _ in booked})
    bound = competing_end_bound(
        capacity,
        job=[(e, w, 0) for e, w in job],
        groups=groups,
        work=np.array([w for _, w, _ in booked], dtype=np.int64),
        group=np.array([groups.index(e) for e, _, _ in booked], dtype=np.int64),
        deadline=np.array([d for _, _, d in booked], dtype=np.int64),
        lowest=0,
        highest=result.objective,
    )
    assert bound <= result.objective


def test_booked_work_due_early_pushes_the_bound() -> None:
    capacity = np.full((1, 10), 2)
    common = {"job": [((0,), 6, 0)], "groups": [(0,)], "lowest": 3, "highest": 10}
    alone = competing_end_bound(
        capacity,
        work=np.zeros(0, np.int64),
        group=np.zeros(0, np.int64),
        deadline=np.zeros(0, np.int64),
        **common,  # type: ignore[arg-type]
    )
    crowded = competing_end_bound(
        capacity,
        work=np.array([8]),
        group=np.array([0]),
        deadline=np.array([6]),
        **common,  # type: ignore[arg-type]
    )
    assert (alone, crowded) == (3, 7)
