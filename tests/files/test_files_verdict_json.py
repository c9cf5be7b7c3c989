"""Verdicts as JSON: every field of the answer, the job and its schedule travel."""

from __future__ import annotations

import json

import pytest
from shop import book

from feasibility import InputError
from feasibility.files import VerdictRecord, verdict_from_json


@pytest.fixture(scope="module")
def verdicts() -> list:  # type: ignore[type-arg]
    planner = book().planner()
    return [planner.check(job) for job in book().jobs]


def test_a_record_carries_the_verdict_and_the_job_schedule(verdicts: list) -> None:  # type: ignore[type-arg]
    for verdict in verdicts:
        data = json.loads(verdict.to_json())
        record = verdict_from_json(verdict.to_json(indent=2))
        assert record == VerdictRecord.model_validate(data)
        assert (record.commitment, record.feasible, record.due, record.earliest) == (
            verdict.commitment,
            verdict.feasible,
            verdict.due,
            verdict.earliest,
        )
        assert (record.proven, record.bound, record.reasons, record.moved) == (
            verdict.proven,
            verdict.bound,
            verdict.reasons,
            verdict.moved,
        )
        assert record.job == verdict.job
        job = verdict.job
        assert job is not None
        # the schedule holds every hour of the job's work, and it ends on the earliest date
        assert sum(r.hours for r in record.schedule) == pytest.approx(
            sum(t.remaining_hours for t in job.tasks)
        )
        assert max(r.day for r in record.schedule) <= verdict.earliest
        assert max(t.finish for t in record.tasks) == verdict.earliest
        assert {t.task for t in record.tasks} == set(job.task_ids)


def test_a_record_of_a_newer_version_or_no_verdict_is_refused(verdicts: list) -> None:  # type: ignore[type-arg]
    data = json.loads(verdicts[0].to_json())
    data["record_version"] = 99
    with pytest.raises(InputError, match="version 99"):
        verdict_from_json(json.dumps(data))
    with pytest.raises(InputError, match="not a verdict record: feasible"):
        verdict_from_json(json.dumps({"commitment": "J1"}))
