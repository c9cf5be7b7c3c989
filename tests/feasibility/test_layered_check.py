"""The layered check against the whole-book model, and the planner under threads.

On small seeded books the whole-book model proves its answers, so it is the oracle:
the layered check never promises a date earlier than a proven one, agrees with it
wherever both are proven, never states a bound past it, and every plan it returns is
valid for the whole book under the time semantics.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from semantics import check_plan

from benchmarks.workloads import Workload, WorkloadSpec, generate, quote_stream
from feasibility import Calendar, Commitment, InputError, Person, Planner, Task, Verdict
from feasibility.check import run_check
from solvers.deadline import Deadline

HORIZON = 45
START = date(2026, 11, 30)


def small_book(seed: int) -> Workload:
    return generate(
        WorkloadSpec(
            name="small",
            people=4,
            skills=2,
            commitments=4,
            tasks_per_commitment=(2, 3),
            horizon_days=HORIZON,
            load=0.5,
            time_off_days=10,
            seed=seed,
        )
    )


def planner_for(workload: Workload, **options: float) -> Planner:
    return Planner(
        calendar=workload.calendar,
        staff=workload.staff,
        start=workload.spec.start,
        commitments=workload.commitments,
        horizon_days=workload.spec.horizon_days,
        **options,  # type: ignore[arg-type]
    )


def small_quote(workload: Workload, seed: int) -> Commitment:
    quote = quote_stream(workload, 1, seed=seed)[0]
    tasks = quote.tasks[:3]
    keep = {t.id for t in tasks}
    trimmed = [
        t.model_copy(update={"after": tuple(d for d in t.after if d.task in keep)}) for t in tasks
    ]
    return quote.model_copy(update={"tasks": tuple(trimmed)})


def deadlines_of(planner: Planner) -> dict[str, date]:
    book = planner.book_state
    return {c: START + timedelta(days=end - 1) for c, end in book.limits.items()}


def assert_valid_for_the_whole_book(planner: Planner, verdict: Verdict, job: Commitment) -> None:
    workload_commitments = [*planner.commitments, job]
    deadlines = deadlines_of(planner)
    problems = check_plan(
        calendar=planner.book_state.staffing.calendar,
        staff=planner.book_state.staffing.staff,
        start=planner.start,
        commitments=workload_commitments,
        assignments=verdict.assignments,
        tasks=verdict.tasks,
        deadlines=deadlines,
        horizon_days=planner.book_state.staffing.horizon,
    )
    assert problems == []


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_layered_agrees_with_the_whole_book_model(book_seed: int, quote_seed: int) -> None:
    workload = small_book(book_seed)
    planner = planner_for(workload, time_limit=20.0)
    job = small_quote(workload, quote_seed)
    layered = planner.check(job)
    whole = planner.check(job, method="whole-book")
    if layered.earliest is not None:
        assert_valid_for_the_whole_book(planner, layered, job)
    if whole.proven:
        if whole.earliest is None:
            assert layered.earliest is None
        else:
            assert layered.earliest is None or layered.earliest >= whole.earliest
            if layered.bound is not None:
                assert layered.bound <= whole.earliest
    if whole.proven and layered.proven:
        assert layered.earliest == whole.earliest
    if layered.proven and whole.earliest is not None:
        assert layered.earliest is not None and layered.earliest <= whole.earliest


def test_same_input_same_answer() -> None:
    workload = small_book(3)
    job = small_quote(workload, 5)
    first = planner_for(workload).check(job)
    second = planner_for(workload).check(job)
    assert (first.earliest, first.proven, first.layer) == (
        second.earliest,
        second.proven,
        second.layer,
    )
    assert_frame_equal(first.assignments, second.assignments)


def test_checks_from_sixteen_threads_answer_as_one_by_one() -> None:
    workload = small_book(11)
    planner = planner_for(workload, time_limit=20.0)
    # quotes the planner settles within a second or two on this book, cycled to 16 jobs
    quick = [0, 2, 3, 6, 7, 9, 12, 13, 15]
    jobs = [small_quote(workload, quick[k % len(quick)]) for k in range(16)]
    jobs = [j.model_copy(update={"id": f"Q{k}"}) for k, j in enumerate(jobs)]
    alone = [planner.check(j) for j in jobs]
    together: list[Verdict | None] = [None] * len(jobs)

    def run(k: int) -> None:
        together[k] = planner.check(jobs[k])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for one, many in zip(alone, together, strict=True):
        assert many is not None
        assert (one.earliest, one.feasible, one.proven) == (
            many.earliest,
            many.feasible,
            many.proven,
        )


def two_jobs_that_fit_alone_but_not_together() -> tuple[Planner, Commitment, Commitment]:
    staff = [Person(id="ann", skills={"fit"}, hours_per_day=8)]
    planner = Planner(calendar=Calendar(), staff=staff, start=START)
    due = date(2026, 12, 4)  # Mon to Fri: 40 h
    first = Commitment(id="A", due=due, tasks=[Task(id="t", skill="fit", effort_hours=30)])
    second = Commitment(id="B", due=due, tasks=[Task(id="t", skill="fit", effort_hours=30)])
    return planner, first, second


def test_concurrent_bookings_never_double_book() -> None:
    planner, first, second = two_jobs_that_fit_alone_but_not_together()
    verdicts = [planner.check(first), planner.check(second)]
    assert all(v.feasible for v in verdicts)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(verdict: Verdict) -> None:
        barrier.wait()
        try:
            planner.book(verdict)
            outcomes.append("booked")
        except InputError:
            outcomes.append("refused")

    threads = [threading.Thread(target=run, args=(v,)) for v in verdicts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    hours = planner.assignments.groupby("day")["hours"].sum()
    assert (hours <= 8).all()
    assert len(planner.commitments) == 1


def test_booking_a_verdict_adopts_its_plan_when_nothing_was_booked_since() -> None:
    planner, first, second = two_jobs_that_fit_alone_but_not_together()
    verdict = planner.check(first)
    booked = planner.book(verdict)
    assert booked is verdict
    assert_frame_equal(planner.assignments, verdict.assignments)
    stale = planner.check(second.model_copy(update={"id": "C", "due": date(2026, 12, 31)}))
    planner.book(second.model_copy(update={"due": date(2026, 12, 31)}))
    rechecked = planner.book(stale)
    assert rechecked is not stale
    assert rechecked.basis is not stale.basis
    hours = planner.assignments.groupby("day")["hours"].sum()
    assert (hours <= 8).all()


def test_a_verdict_carries_only_the_rows_it_changes() -> None:
    workload = small_book(2)
    planner = planner_for(workload)
    job = small_quote(workload, 1)
    verdict = planner.check(job)
    changed = verdict.changes
    assert set(changed["commitment"]) <= {job.id, *verdict.moved}
    assert set(verdict.job_assignments()["commitment"]) == {job.id}
    assert len(verdict.assignments) >= len(verdict.job_assignments())


def test_two_workers_never_abort_the_process() -> None:
    """The case that used to abort the host (8 people, 4 booked jobs, 2 workers)."""
    script = textwrap.dedent(
        """
        from benchmarks.workloads import WorkloadSpec, generate, quote_stream
        from feasibility import InputError, Planner
        for seed, skills in ((1, 4), (2, 2)):
            spec = WorkloadSpec(name="x", people=8, skills=skills, commitments=5, seed=seed)
            w = generate(spec)
            p = Planner(calendar=w.calendar, staff=w.staff, start=spec.start,
                        time_limit=2, workers=2)
            for c in w.commitments[:4]:
                try:
                    p.book(c, allow_infeasible=True)
                except InputError:
                    pass
            for q in quote_stream(w, 1, seed=seed):
                p.check(q)
                p.check(q, method="whole-book")
        print("finished")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "finished" in run.stdout


@pytest.mark.parametrize("limit", [0.05, 0.3])
def test_a_tiny_budget_still_gives_a_valid_answer(limit: float) -> None:
    workload = small_book(4)
    planner = planner_for(workload)
    job = small_quote(workload, 2)
    verdict = planner.check(job, time_limit=limit)
    if verdict.earliest is not None:
        assert_valid_for_the_whole_book(planner, verdict, job)


def test_a_booking_due_past_the_horizon_leaves_the_planner_working() -> None:
    staff = [Person(id="ann", skills={"fit"})]
    planner = Planner(calendar=Calendar(), staff=staff, start=START)
    planner.book(
        Commitment(
            id="J1", due=date(2027, 11, 30), tasks=[Task(id="a", skill="fit", effort_hours=8)]
        )
    )
    job = Commitment(id="J2", tasks=[Task(id="a", skill="fit", effort_hours=8)])
    for method in ("layered", "whole-book"):
        assert planner.check(job, method=method).earliest == START


def test_booked_work_that_must_finish_first_proves_a_later_date() -> None:
    # Ann works 8 hours a day. B's 40 hours are promised by Friday 4 December, so they
    # fill her week whatever moves; J's 8 hours alone would end on Monday 30 November,
    # yet nothing ends before Monday 7 December: the booked work's energy proves it.
    ann = Person(id="ann", skills={"fit"})
    booked = Commitment(
        id="B", due=date(2026, 12, 4), tasks=[Task(id="b", skill="fit", effort_hours=40)]
    )
    planner = Planner(calendar=Calendar(), staff=[ann], start=START, commitments=[booked])
    job = Commitment(id="J", tasks=[Task(id="j", skill="fit", effort_hours=8)])
    verdict = planner.check(job)
    assert verdict.earliest == date(2026, 12, 7)
    assert verdict.proven
    # the bound itself says so (the exact model could prove it too, on a book this small)
    outcome = run_check(planner.book_state, job, Deadline(5.0))
    assert outcome.finish == outcome.bound == 8  # days from 30 November: ends on 7 December
