"""Small seeded books for the tests of the booked state."""

from __future__ import annotations

from benchmarks.workloads import Workload, WorkloadSpec, generate
from feasibility import Planner


def small_planner(
    seed: int,
    *,
    skills: int = 3,
    commitments: int = 8,
    construction_time_limit: float | None = None,
) -> tuple[Workload, Planner]:
    """A planner on a seeded book of 6 people and ``commitments`` jobs of 2 to 4 tasks
    over 60 days, loaded at 0.6."""
    workload = generate(
        WorkloadSpec(
            name="small",
            people=6,
            skills=skills,
            commitments=commitments,
            tasks_per_commitment=(2, 4),
            horizon_days=60,
            load=0.6,
            seed=seed,
        )
    )
    planner = Planner(
        calendar=workload.calendar,
        staff=workload.staff,
        start=workload.spec.start,
        commitments=workload.commitments,
        horizon_days=workload.spec.horizon_days,
        construction_time_limit=construction_time_limit,
    )
    return workload, planner
