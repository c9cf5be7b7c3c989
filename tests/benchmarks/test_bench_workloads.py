"""Synthetic workloads: seeded, the sizes they name, the load they ask for, JSON round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.workloads import STANDARD, W1, Workload, WorkloadSpec, generate, quote_stream
from feasibility.capacity import person_capacity, units_to_hours

SMALL = WorkloadSpec(name="small", people=6, skills=3, commitments=12, horizon_days=90, load=0.6)


def available_hours(workload: Workload) -> float:
    spec = workload.spec
    return sum(
        units_to_hours(
            int(person_capacity(p, workload.calendar, spec.start, spec.horizon_days).sum())
        )
        for p in workload.staff
    )


def test_same_seed_same_workload_and_another_seed_another() -> None:
    assert generate(SMALL) == generate(SMALL)
    other = generate(WorkloadSpec(**{**SMALL.__dict__, "seed": 1}))
    assert other.commitments != generate(SMALL).commitments


def test_the_load_factor_is_the_share_of_available_hours_booked() -> None:
    workload = generate(SMALL)
    assert workload.booked_hours() / available_hours(workload) == pytest.approx(0.6, rel=0.05)


def test_w1_has_the_size_it_names() -> None:
    workload = generate(W1)
    assert len(workload.staff) == 60
    assert len({s for p in workload.staff for s in p.skills}) == 8
    assert len(workload.commitments) == 500
    assert 3_500 <= workload.num_tasks <= 4_500
    assert set(STANDARD) == {"W0", "W1", "W2", "W3"}


def test_a_workload_round_trips_through_json(tmp_path: Path) -> None:
    workload = generate(SMALL)
    path = tmp_path / "small.json"
    workload.write_json(path)
    assert Workload.read_json(path) == workload


def test_quotes_are_seeded_and_sized() -> None:
    workload = generate(SMALL)
    quotes = quote_stream(workload, 20, seed=3)
    assert quotes == quote_stream(workload, 20, seed=3)
    assert all(5 <= len(q.tasks) <= 15 for q in quotes)
    assert len({q.id for q in quotes}) == 20
    assert len({q.due for q in quotes}) > 5
