"""The plan held as arrays: residual capacity kept current, conflicts refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.plan_arrays import PlanArrays, PlanConflictError
from solvers.problem import TaskSchedule, Usage


def schedule(*uses: tuple[int, int, int]) -> TaskSchedule:
    usage = tuple(Usage(r, t, a) for r, t, a in uses)
    periods = [t for _, t, _ in uses]
    return TaskSchedule(min(periods), max(periods) + 1, usage)


def test_residual_follows_every_change_and_old_plans_stay_as_they_were() -> None:
    empty = PlanArrays.empty(np.full((2, 4), 8))
    one = empty.updated({0: schedule((0, 1, 5), (1, 1, 3))})
    two = one.updated({0: schedule((0, 2, 8)), 1: schedule((1, 0, 8))})
    assert one.residual.tolist() == [[8, 3, 8, 8], [8, 5, 8, 8]]
    assert two.residual.tolist() == [[8, 8, 0, 8], [0, 8, 8, 8]]
    assert empty.residual.tolist() == [[8] * 4, [8] * 4]
    assert two.schedule(0) == schedule((0, 2, 8))
    emptied = two.updated({1: None})
    assert emptied.residual.tolist() == [[8, 8, 0, 8], [8, 8, 8, 8]]
    assert list(emptied.occupied()) == [0]


def test_a_change_beyond_capacity_is_refused_and_changes_nothing() -> None:
    plan = PlanArrays.empty(np.full((1, 3), 4)).updated({0: schedule((0, 1, 4))})
    with pytest.raises(PlanConflictError):
        plan.updated({1: schedule((0, 1, 1))})
    assert plan.residual.tolist() == [[4, 0, 4]]
    assert plan.num_slots == 1


def test_the_arrays_are_read_only() -> None:
    plan = PlanArrays.empty(np.full((1, 3), 4))
    with pytest.raises(ValueError):
        plan.residual[0, 0] = 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 2), st.integers(0, 9), st.integers(1, 3)),
        max_size=25,
    )
)
def test_residual_equals_capacity_less_the_usage_of_every_slot(
    changes: list[tuple[int, int, int, int]],
) -> None:
    capacity = np.full((3, 10), 6)
    plan = PlanArrays.empty(capacity)
    for slot, resource, period, amount in changes:
        try:
            plan = plan.updated({slot: schedule((resource, period, amount))})
        except PlanConflictError:
            continue
    used = np.zeros_like(capacity)
    cols = plan.columns
    np.add.at(used, (cols.resources, cols.periods), cols.amounts)
    assert (plan.residual == capacity - used).all()
    assert (plan.residual >= 0).all()


def _fresh_columns(plan: PlanArrays) -> tuple[list[int], ...]:
    """The columns ``plan`` builds from its slots, ignoring any it was handed."""
    rebuilt = PlanArrays(
        plan.capacity,
        plan.residual,
        tuple(plan.slot(i) if plan.has(i) else None for i in range(plan.num_slots)),
    )
    cols = rebuilt.columns
    return tuple(c.tolist() for c in (cols.slots, cols.resources, cols.periods, cols.amounts))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.integers(0, 5),
            st.none() | st.lists(st.tuples(st.integers(0, 1), st.integers(0, 5)), max_size=3),
            max_size=3,
        ),
        max_size=6,
    )
)
def test_the_columns_a_change_carries_are_the_ones_the_plan_builds(
    steps: list[dict[int, list[tuple[int, int]] | None]],
) -> None:
    # Capacity enough for anything: each step changes some slots (None empties one).
    plan = PlanArrays.empty(np.full((2, 6), 100))
    assert len(plan.columns.slots) == 0  # known from the start: every step carries them
    for step in steps:
        changes = {
            slot: None if cells is None or not cells else schedule(*((r, t, 1) for r, t in cells))
            for slot, cells in step.items()
        }
        plan = plan.updated(changes)
        assert "columns" in plan.__dict__
        carried = plan.columns
        assert tuple(
            c.tolist() for c in (carried.slots, carried.resources, carried.periods, carried.amounts)
        ) == _fresh_columns(plan)
