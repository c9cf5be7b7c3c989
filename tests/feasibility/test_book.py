"""The booked state: what a booking carries over to the next state is what that state
would derive from its own tasks and plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest
from small_books import small_planner

from benchmarks.workloads import Workload, quote_stream
from feasibility import Commitment, Task
from feasibility.book import PREPARED, Book, stays_in_a_neighbourhood
from feasibility.booked_parts import _build
from solvers.plan_arrays import PlanArrays

DERIVED = (
    "slot_movable",
    "slot_reshapable",
    "slot_commitment",
    "slot_task",
    "slot_code",
    "fixed_capacity",
)


def _touch(book: Book) -> None:
    for name in (*DERIVED, *PREPARED):
        getattr(book, name)
    for commitment in book.booked:
        book.parts.part(commitment)


def _parts_as_built(book: Book) -> int:
    """How many parts ``book`` holds (carried from the state before it), each asserted
    to be the one it would build now."""
    held = book.parts._parts
    for commitment, part in held.items():
        assert _same(part, _build(book, commitment, stays_in_a_neighbourhood)), commitment
    return len(held)


def _rebuilt(book: Book) -> Book:
    """The same state with nothing derived yet (its plan's columns included)."""
    plan = book.plan
    slots = tuple(plan.slot(i) if plan.has(i) else None for i in range(plan.num_slots))
    return replace(book, plan=PlanArrays(plan.capacity, plan.residual, slots))


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, tuple | list):
        return isinstance(b, tuple | list) and len(a) == len(b) and all(map(_same, a, b))
    if hasattr(a, "__dataclass_fields__"):
        return type(a) is type(b) and all(
            _same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__
        )
    return a == b


@pytest.mark.parametrize("seed", [1, 2])
def test_a_booking_carries_what_the_next_state_would_derive(seed: int) -> None:
    workload, planner = small_planner(seed, skills=2, construction_time_limit=2.0)
    jobs: list[Commitment | None] = [*quote_stream(workload, 4, seed=seed), _pinned(workload)]
    carried = parts = 0
    for job in jobs:
        before = planner.book_state
        _touch(before)
        verdict = planner.check(job)
        if verdict.earliest is None:
            continue
        planner.book(verdict, allow_infeasible=True)
        after = planner.book_state
        carried += all(name in after.__dict__ for name in DERIVED)
        _assert_as_derived(after)
        parts += _parts_as_built(after)
    assert carried >= 3  # the bookings above did carry what was known
    assert parts > 0


def _pinned(workload: Workload) -> Commitment:
    """A job whose first task is pinned: work that stays put (it shapes the fixed capacity)."""
    skill = next(iter(workload.staff[0].skills))
    first = workload.spec.start + timedelta(days=3)
    return Commitment(
        id="pinned",
        tasks=[
            Task(id="a", skill=skill, effort_hours=6, pinned_start=first),
            Task(id="b", skill=skill, effort_hours=10, after=["a"]),
        ],
    )


def _assert_as_derived(book: Book) -> None:
    fresh = _rebuilt(book)
    for name in (*DERIVED, *PREPARED):
        assert _same(getattr(book, name), getattr(fresh, name)), name
    assert _same(book.plan.columns, fresh.plan.columns)


@pytest.mark.parametrize("seed", [1, 3])
def test_taking_a_commitment_out_carries_what_the_next_state_would_derive(seed: int) -> None:
    workload, planner = small_planner(seed, commitments=10, construction_time_limit=2.0)
    planner.book(_pinned(workload), allow_infeasible=True)
    book = planner.book_state  # prepared by the planner, carried by the booking
    carried = parts = 0
    for commitment in ["pinned", *[c.id for c in workload.commitments][::3]]:
        _touch(book)
        book = book.without(commitment)
        parts += _parts_as_built(book)
        carried += all(name in book.__dict__ for name in DERIVED)
        _assert_as_derived(book)
    assert carried >= 3
    assert parts > 0
