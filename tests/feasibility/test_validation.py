import re
from datetime import date

import pytest

from feasibility.errors import InputError
from feasibility.models import Commitment, Person, Task
from feasibility.validation import validate_commitment, validate_commitments, validate_staff

START = date(2026, 11, 30)
HORIZON_END = date(2027, 11, 30)
STAFF = (
    Person(id="ann", skills={"fitting", "wiring"}),
    Person(id="bo", skills={"painting"}),
)


def rejects(message: str) -> pytest.RaisesExc[InputError]:
    return pytest.raises(InputError, match=re.escape(message))


def job(job_id: str = "J1", *tasks: Task, due: date | None = None) -> Commitment:
    chosen = tasks or (Task(id="fit", skill="fitting", effort_hours=8),)
    return Commitment(id=job_id, due=due, tasks=chosen)


def check(commitment: Commitment, booked_ids: tuple[str, ...] = ()) -> None:
    validate_commitment(
        commitment, staff=STAFF, start=START, horizon_end=HORIZON_END, booked_ids=booked_ids
    )


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)


def test_staff_with_distinct_ids_and_empty_staff_pass() -> None:
    validate_staff(STAFF)
    validate_staff([])


def test_staff_rejects_duplicate_ids() -> None:
    with rejects("person 'ann' appears twice on the staff"):
        validate_staff([*STAFF, Person(id="ann", skills={"welding"})])


def test_valid_commitment_passes() -> None:
    check(
        job(
            "J1",
            Task(id="parts", lead_time_days=10),
            Task(id="fit", skill="fitting", effort_hours=8, after=["parts"]),
            Task(id="paint", skill="painting", effort_hours=4, after=["fit"], pinned_start=START),
            due=START,
        ),
        booked_ids=("J0",),
    )


def test_rejects_skill_nobody_has() -> None:
    with rejects(
        "task 'weld' of commitment 'J1' needs skill 'welding', which nobody on the staff has"
    ):
        check(job("J1", Task(id="weld", skill="welding", effort_hours=4)))


def test_skill_check_against_an_empty_staff() -> None:
    with rejects("task 'fit' of commitment 'J1' needs skill 'fitting'"):
        validate_commitment(job(), staff=[], start=START, horizon_end=HORIZON_END, booked_ids=())


def test_lead_time_only_commitment_needs_no_staff() -> None:
    validate_commitment(
        job("J1", Task(id="ship", lead_time_days=3)),
        staff=[],
        start=START,
        horizon_end=HORIZON_END,
        booked_ids=(),
    )


def test_finished_task_needs_no_skill_on_the_staff() -> None:
    finished = Task(id="weld", skill="welding", effort_hours=4, finished=True)
    check(job("J1", finished, Task(id="fit", skill="fitting", effort_hours=2, after=["weld"])))


def test_rejects_due_before_start() -> None:
    with rejects("commitment 'J1' is due 2026-11-01, before the planning start 2026-11-30"):
        check(job(due=date(2026, 11, 1)))


def test_rejects_booked_id() -> None:
    with rejects("commitment 'J1' is already booked"):
        check(job("J1"), booked_ids=("J0", "J1"))


def test_rejects_pin_before_start() -> None:
    pinned = Task(id="fit", skill="fitting", effort_hours=8, pinned_start=date(2026, 11, 27))
    with rejects(
        "task 'fit' of commitment 'J1' is pinned to start 2026-11-27, "
        "before the planning start 2026-11-30"
    ):
        check(job("J1", pinned))


def test_rejects_pin_after_horizon() -> None:
    pinned = Task(id="fit", skill="fitting", effort_hours=8, pinned_start=date(2027, 12, 1))
    with rejects(
        "task 'fit' of commitment 'J1' is pinned to start 2027-12-01, "
        "after the last day the planner can plan for, 2027-11-30"
    ):
        check(job("J1", pinned))


def test_pin_on_the_last_day_of_the_horizon_passes() -> None:
    check(job("J1", Task(id="fit", skill="fitting", effort_hours=8, pinned_start=HORIZON_END)))


def test_finished_task_may_keep_a_past_pin() -> None:
    past = Task(
        id="fit", skill="fitting", effort_hours=8, finished=True, pinned_start=date(2026, 11, 2)
    )
    check(job("J1", past))


def test_rejects_horizon_ending_before_start() -> None:
    with rejects("the planning horizon ends on 2026-11-29, before its start 2026-11-30"):
        validate_commitment(
            job(), staff=STAFF, start=START, horizon_end=date(2026, 11, 29), booked_ids=()
        )


def test_commitments_pass_when_all_valid() -> None:
    validate_commitments(
        [job("J1"), job("J2", due=START)], staff=STAFF, start=START, horizon_end=HORIZON_END
    )
    validate_commitments([], staff=[], start=START, horizon_end=HORIZON_END)


def test_commitments_reject_duplicate_ids() -> None:
    with rejects("commitment 'J2' appears twice among the commitments"):
        validate_commitments(
            [job("J1"), job("J2"), job("J2")], staff=STAFF, start=START, horizon_end=HORIZON_END
        )


@pytest.mark.parametrize(
    ("commitment", "message"),
    [
        (
            job("J2", Task(id="weld", skill="welding", effort_hours=1)),
            "task 'weld' of commitment 'J2'",
        ),
        (job("J2", due=date(2026, 11, 29)), "commitment 'J2' is due 2026-11-29, before"),
        (
            job(
                "J2", Task(id="fit", skill="fitting", effort_hours=1, pinned_start=date(2028, 1, 3))
            ),
            "task 'fit' of commitment 'J2' is pinned to start 2028-01-03, after",
        ),
    ],
)
def test_commitments_check_each_one(commitment: Commitment, message: str) -> None:
    with rejects(message):
        validate_commitments(
            [job("J1"), commitment], staff=STAFF, start=START, horizon_end=HORIZON_END
        )
