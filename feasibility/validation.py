"""Checks of input against the planner's setup: the staff, the dates, the booked work.

The models check themselves on construction (see :mod:`feasibility.models`); these
checks need the rest of the setup. Each raises :class:`~feasibility.errors.InputError`
with a message naming the offending item, before anything is solved or booked.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Commitment, Person, Task
    >>> staff = [Person(id="ann", skills={"fitting"})]
    >>> job = Commitment(id="J1", tasks=[Task(id="weld", skill="welding", effort_hours=4)])
    >>> try:
    ...     validate_commitment(
    ...         job,
    ...         staff=staff,
    ...         start=date(2026, 11, 30),
    ...         horizon_end=date(2027, 11, 30),
    ...         booked_ids=(),
    ...     )
    ... except InputError as error:
    ...     print(error)
    task 'weld' of commitment 'J1' needs skill 'welding', which nobody on the staff has
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from feasibility.errors import InputError
from feasibility.models import Commitment, Person


def validate_staff(staff: Sequence[Person]) -> None:
    """Check that no two people share an id. An empty staff is allowed.

    Example:
        >>> validate_staff([Person(id="ann", skills={"a"}), Person(id="ann", skills={"b"})])
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: person 'ann' appears twice on the staff
    """
    seen: set[str] = set()
    for person in staff:
        if person.id in seen:
            raise InputError(f"person {person.id!r} appears twice on the staff")
        seen.add(person.id)


def validate_commitment(
    commitment: Commitment,
    *,
    staff: Sequence[Person],
    start: date,
    horizon_end: date,
    booked_ids: Collection[str],
) -> None:
    """Check one commitment against the staff, the planning window and the booked ids.

    ``horizon_end`` is the last day of the planning horizon (inclusive). Rejected: an id
    already in ``booked_ids``; a due date before ``start``; a work task with hours left
    whose skill nobody on the staff has; a task that is not finished pinned to start
    before ``start`` or after ``horizon_end``. Finished tasks need no staff and no
    dates, so they are exempt from the last two.

    Example:
        >>> from feasibility.models import Task
        >>> job = Commitment(
        ...     id="J1", due=date(2026, 11, 1), tasks=[Task(id="a", skill="s", effort_hours=1)]
        ... )
        >>> try:
        ...     validate_commitment(
        ...         job,
        ...         staff=[Person(id="ann", skills={"s"})],
        ...         start=date(2026, 11, 30),
        ...         horizon_end=date(2027, 11, 30),
        ...         booked_ids=(),
        ...     )
        ... except InputError as error:
        ...     print(error)
        commitment 'J1' is due 2026-11-01, before the planning start 2026-11-30
    """
    _check_window(start, horizon_end)
    _check_commitment(commitment, _skills_of(staff), start, horizon_end, booked_ids)


def validate_commitments(
    commitments: Sequence[Commitment],
    *,
    staff: Sequence[Person],
    start: date,
    horizon_end: date,
) -> None:
    """Check a set of commitments: each as :func:`validate_commitment`, ids all distinct.

    Example:
        >>> from feasibility.models import Task
        >>> job = Commitment(id="J1", tasks=[Task(id="a", lead_time_days=2)])
        >>> validate_commitments(
        ...     [job, job], staff=[], start=date(2026, 11, 30), horizon_end=date(2027, 11, 30)
        ... )
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: commitment 'J1' appears twice among the commitments
    """
    _check_window(start, horizon_end)
    skills = _skills_of(staff)
    seen: set[str] = set()
    for commitment in commitments:
        if commitment.id in seen:
            raise InputError(f"commitment {commitment.id!r} appears twice among the commitments")
        seen.add(commitment.id)
        _check_commitment(commitment, skills, start, horizon_end, booked_ids=())


def _skills_of(staff: Iterable[Person]) -> frozenset[str]:
    return frozenset(skill for person in staff for skill in person.skills)


def _check_window(start: date, horizon_end: date) -> None:
    if horizon_end < start:
        raise InputError(f"the planning horizon ends on {horizon_end}, before its start {start}")


def _check_commitment(
    commitment: Commitment,
    skills: frozenset[str],
    start: date,
    horizon_end: date,
    booked_ids: Collection[str],
) -> None:
    who = f"commitment {commitment.id!r}"
    if commitment.id in booked_ids:
        raise InputError(f"{who} is already booked")
    if commitment.due is not None and commitment.due < start:
        raise InputError(f"{who} is due {commitment.due}, before the planning start {start}")
    for task in commitment.tasks:
        what = f"task {task.id!r} of {who}"
        if task.skill is not None and task.remaining_hours > 0 and task.skill not in skills:
            raise InputError(f"{what} needs skill {task.skill!r}, which nobody on the staff has")
        if task.pinned_start is None or task.finished:
            continue
        if task.pinned_start < start:
            raise InputError(
                f"{what} is pinned to start {task.pinned_start}, before the planning start {start}"
            )
        if task.pinned_start > horizon_end:
            raise InputError(
                f"{what} is pinned to start {task.pinned_start}, "
                f"after the planning horizon ends on {horizon_end}"
            )
