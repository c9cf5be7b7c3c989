"""Bad input through the planner: a clear error before any solving, and nothing booked changes."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from datetime import date

import pytest
from pandas.testing import assert_frame_equal
from pydantic import ValidationError
from semantics import check_plan

from feasibility import Calendar, Commitment, InputError, Person, Planner, Task

START = date(2026, 11, 30)  # a Monday
SHARED = Calendar()
STAFF = [Person(id="ann", skills={"fitting", "wiring"}, hours_per_day=8)]


def job(
    job_id: str, effort: float = 8, due: date | None = None, skill: str = "fitting"
) -> Commitment:
    return Commitment(id=job_id, due=due, tasks=(Task(id="fit", skill=skill, effort_hours=effort),))


@pytest.fixture
def planner() -> Planner:
    """Ann (8 h/day) with J0 booked: 8 h of fitting due Fri 4 Dec, planned Mon 30 Nov."""
    planner = Planner(calendar=SHARED, staff=STAFF, start=START)
    planner.book(job("J0", due=date(2026, 12, 4)))
    return planner


class Unchanged:
    """Snapshot of a planner's booked plan, to compare with after a failed call."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.assignments = planner.assignments.copy()
        self.finishes = {c.id: planner.planned_finish(c.id) for c in planner.commitments}

    def verify(self) -> None:
        assert_frame_equal(self.planner.assignments, self.assignments)
        assert {c.id for c in self.planner.commitments} == set(self.finishes)
        for commitment_id, finish in self.finishes.items():
            assert self.planner.planned_finish(commitment_id) == finish


def assert_rejected(planner: Planner, commitment: Commitment, message: str) -> None:
    """Both check and book raise InputError matching ``message`` and change nothing."""
    snapshot = Unchanged(planner)
    calls: list[Callable[[Commitment], object]] = [planner.check, planner.book]
    for call in calls:
        with pytest.raises(InputError, match=message):
            call(commitment)
        snapshot.verify()


def test_unknown_skill_names_the_task_and_the_skill(planner: Planner) -> None:
    weld = Commitment(
        id="J1",
        tasks=(
            Task(id="fit", skill="fitting", effort_hours=4),
            Task(id="weld", skill="welding", effort_hours=4),
        ),
    )
    assert_rejected(planner, weld, r"(?s)(?=.*'weld')(?=.*'welding')")


def test_an_input_error_names_its_item_in_fields_too(planner: Planner) -> None:
    """A caller (the book reader, a service) places the error without reading its words,
    and the fields survive the trip through pickle (a worker process's answer)."""
    weld = Commitment(id="J1", tasks=(Task(id="weld", skill="welding", effort_hours=4),))
    with pytest.raises(InputError) as caught:
        planner.check(weld)
    error = caught.value
    assert (error.commitment, error.task, error.field, error.person) == (
        "J1",
        "weld",
        "skill",
        None,
    )
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    assert (again.commitment, again.task, again.field) == ("J1", "weld", "skill")
    with pytest.raises(InputError) as twice:
        Planner(calendar=SHARED, staff=[*STAFF, *STAFF], start=START)
    assert (twice.value.person, twice.value.field) == (STAFF[0].id, "id")


def test_due_before_start(planner: Planner) -> None:
    assert_rejected(planner, job("J1", due=date(2026, 11, 29)), re.escape("2026-11-29"))


def test_duplicate_commitment_id(planner: Planner) -> None:
    assert_rejected(planner, job("J0", due=date(2026, 12, 31)), "J0")


def test_duplicate_ids_at_construction() -> None:
    with pytest.raises(InputError, match="J0"):
        Planner(calendar=SHARED, staff=STAFF, start=START, commitments=[job("J0"), job("J0", 4)])


def test_duplicate_people_at_construction() -> None:
    with pytest.raises(InputError, match="ann"):
        Planner(calendar=SHARED, staff=[*STAFF, *STAFF], start=START)


@pytest.mark.parametrize(
    ("build", "pattern"),
    [
        (lambda: Task(id="fit", skill="fitting"), "'fit'"),
        (lambda: Task(id="fit", skill="fitting", effort_hours=-1), "'fit'"),
        (
            lambda: Commitment(
                id="J1",
                tasks=(
                    Task(id="a", skill="fitting", effort_hours=1),
                    Task(id="a", skill="fitting", effort_hours=1),
                ),
            ),
            "'J1'.*'a'",
        ),
        (
            lambda: Commitment(
                id="J1", tasks=(Task(id="b", skill="fitting", effort_hours=1, after=["z"]),)
            ),
            "'b'.*'z'",
        ),
        (
            lambda: Commitment(
                id="J1",
                tasks=(
                    Task(id="a", skill="fitting", effort_hours=1, after=["b"]),
                    Task(id="b", skill="fitting", effort_hours=1, after=["a"]),
                ),
            ),
            "a -> b -> a|b -> a -> b",
        ),
    ],
    ids=["work without effort", "negative effort", "duplicate task", "unknown dependency", "cycle"],
)
def test_model_level_problems_are_validation_errors(
    build: Callable[[], object], pattern: str
) -> None:
    """The message names the offending items (a cycle lists its tasks)."""
    with pytest.raises(ValidationError) as error:
        build()
    assert re.search(pattern, str(error.value))


def test_booking_an_infeasible_job_without_the_flag_raises_and_changes_nothing(
    planner: Planner,
) -> None:
    # J0 (due Fri 4 Dec) can move, but 40 h for J1 plus J0's 8 h need six working days.
    late = job("J1", effort=40, due=date(2026, 12, 4))
    snapshot = Unchanged(planner)
    verdict = planner.check(late)
    assert not verdict.feasible
    assert verdict.earliest == date(2026, 12, 7)
    with pytest.raises(InputError, match="J1"):
        planner.book(late)
    snapshot.verify()
    # Nothing half-booked: the same id can still be booked (J0 moves to make room).
    assert planner.book(job("J1", effort=8)).earliest == START
    assert date(2026, 12, 1) <= planner.planned_finish("J0") <= date(2026, 12, 4)


def test_booking_an_infeasible_job_with_the_flag_books_it_at_its_earliest_date(
    planner: Planner,
) -> None:
    late = job("J1", effort=40, due=date(2026, 12, 4))
    verdict = planner.book(late, allow_infeasible=True)
    assert not verdict.feasible
    assert verdict.earliest == date(2026, 12, 7)
    assert planner.planned_finish("J1") == date(2026, 12, 7)
    assert planner.planned_finish("J0") <= date(2026, 12, 4)
    assert_frame_equal(planner.assignments, verdict.assignments)
    assert (
        check_plan(
            calendar=SHARED,
            staff=STAFF,
            start=START,
            commitments=[job("J0", due=date(2026, 12, 4)), late],
            assignments=planner.assignments,
            tasks=verdict.tasks,
            deadlines={"J0": date(2026, 12, 4), "J1": date(2026, 12, 7)},
        )
        == []
    )


def test_a_job_booked_late_gets_no_later() -> None:
    planner = Planner(calendar=SHARED, staff=STAFF, start=START)
    # 16 h due Mon 30 Nov: booked late, finishing Tue 1 Dec.
    planner.book(job("B1", effort=16, due=START), allow_infeasible=True)
    assert planner.planned_finish("B1") == date(2026, 12, 1)
    # A new 8 h job may not push B1 past Tue 1 Dec: it takes Wed 2 Dec.
    new = job("J1", effort=8)
    verdict = planner.check(new)
    assert verdict.earliest == date(2026, 12, 2)
    assert (
        check_plan(
            calendar=SHARED,
            staff=STAFF,
            start=START,
            commitments=[job("B1", effort=16, due=START), new],
            assignments=verdict.assignments,
            tasks=verdict.tasks,
            deadlines={"B1": date(2026, 12, 1)},
        )
        == []
    )


def test_no_date_within_the_horizon() -> None:
    planner = Planner(calendar=SHARED, staff=STAFF, start=START, horizon_days=7)
    planner.book(job("J0", due=date(2026, 12, 4)))
    snapshot = Unchanged(planner)
    # 48 h at 8 h a day is six working days; the 7-day horizon holds five.
    too_big = job("J1", effort=48)
    verdict = planner.check(too_big)
    assert verdict.earliest is None
    assert not verdict.feasible
    assert verdict.reasons
    with pytest.raises(InputError, match="J1"):
        planner.book(too_big, allow_infeasible=True)
    snapshot.verify()
