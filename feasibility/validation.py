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

from feasibility.capacity import effort_units
from feasibility.compile import Role, Staffing, compile_problem
from feasibility.diagnose import PIN_CAUSES, all_blocked
from feasibility.errors import InputError
from feasibility.limits import MAX_HOURS_PER_DAY
from feasibility.models import Calendar, Commitment, Person, Task


def validate_staff(staff: Sequence[Person], calendar: Calendar | None = None) -> None:
    """Check that no two people share an id and, given the shared ``calendar``, that it
    has working weekdays and gives nobody more than 24 hours a day. An empty staff is
    allowed.

    A person's own calendar is checked by the person; the shared one only here, since
    ``hours_per_week`` is spread over the working weekdays of whichever calendar applies.

    Example:
        >>> validate_staff([Person(id="ann", skills={"a"}), Person(id="ann", skills={"b"})])
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: person 'ann' appears twice on the staff
        >>> validate_staff([Person(id="bo", skills={"a"}, hours_per_week=100)],
        ...                Calendar(workdays={0}))
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: person 'bo': hours_per_week 100 over the 1 working
        weekday of the shared calendar is 100 hours a day, more than 24
    """
    seen: set[str] = set()
    for person in staff:
        if person.id in seen:
            raise InputError(
                f"person {person.id!r} appears twice on the staff", person=person.id, field="id"
            )
        seen.add(person.id)
    if calendar is None:
        return
    if not calendar.workdays:
        raise InputError(
            "the shared calendar has no working weekdays: nobody without an own calendar "
            "could work and no lag could pass; give it workdays (0 = Monday ... 6 = Sunday)"
        )
    for person in staff:
        if person.calendar is not None or person.hours_per_week is None:
            continue
        daily = person.daily_hours(calendar)
        if daily > MAX_HOURS_PER_DAY:
            count = len(calendar.workdays)
            raise InputError(
                f"person {person.id!r}: hours_per_week {person.hours_per_week:g} over the "
                f"{count} working weekday{'s' if count != 1 else ''} of the shared calendar is "
                f"{daily:g} hours a day, more than {MAX_HOURS_PER_DAY:g}",
                person=person.id,
                field="hours_per_week",
            )


def is_open(task: Task) -> bool:
    """Whether the task still has something to do: not finished, and (for work) hours
    left at the model's resolution.

    Example:
        >>> is_open(Task(id="a", skill="s", effort_hours=4, done_hours=4))
        False
    """
    if task.finished:
        return False
    return not task.is_work or effort_units(task.remaining_hours) > 0


def validate_commitment(
    commitment: Commitment,
    *,
    staff: Sequence[Person],
    start: date,
    horizon_end: date,
    booked_ids: Collection[str],
) -> None:
    """Check one commitment against the staff, the planning window and the booked ids.

    ``horizon_end`` is the last day the planner can plan for (inclusive). Rejected: an
    id already in ``booked_ids``; a due date before ``start`` or after ``horizon_end``; a
    work task with hours left whose skill nobody on the staff has; a task that is not
    finished pinned to start before ``start`` or after ``horizon_end``; a finished task
    whose predecessor is still open (finish-to-start makes that impossible). Finished
    tasks need no staff and no dates, so they are exempt from the skill and pin checks.

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
    _check_named_people(commitment, staff)


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
            raise InputError(
                f"commitment {commitment.id!r} appears twice among the commitments",
                commitment=commitment.id,
                field="id",
            )
        seen.add(commitment.id)
        _check_commitment(commitment, skills, start, horizon_end, booked_ids=())
        _check_named_people(commitment, staff)


def validate_pins(staffing: Staffing, commitment: Commitment) -> None:
    """Check that every pin of an open task can be honoured by the calendar and the
    dependencies, whatever is booked: a pinned work task needs someone with its skill
    working that day, and no pinned task may start before its predecessors can finish
    (with every skilled person on them) and their lags pass.

    Example:
        >>> from feasibility.models import Calendar, Task
        >>> staffing = Staffing.build(
        ...     Calendar(), (Person(id="ann", skills={"fit"}),), date(2026, 11, 30), 365
        ... )
        >>> pinned = Task(id="a", skill="fit", effort_hours=4, pinned_start=date(2026, 12, 5))
        >>> validate_pins(staffing, Commitment(id="J1", tasks=[pinned]))
        Traceback (most recent call last):
        ...
        feasibility.errors.InputError: task 'a' of commitment 'J1' is pinned to start on Sat
        05 Dec 2026, a day nobody with skill 'fit' works (ann: Saturday is not a working day
        of the shared calendar)
    """
    if not any(t.pinned_start is not None and is_open(t) for t in commitment.tasks):
        return
    compiled = compile_problem(staffing, [Role(commitment)])
    for found in all_blocked(staffing, compiled, compiled.problem, {commitment.id: commitment}):
        if found.cause in PIN_CAUSES:
            raise InputError(
                found.sentence, commitment=found.commitment, task=found.task, field="pinned_start"
            )


def _check_named_people(commitment: Commitment, staff: Sequence[Person]) -> None:
    """Work pinned to people names people on the staff who have its skill."""
    by_id = {person.id: person for person in staff}
    for task in commitment.tasks:
        if not task.people or not is_open(task):
            continue
        what = f"task {task.id!r} of commitment {commitment.id!r}"
        where = {"commitment": commitment.id, "task": task.id, "field": "people"}
        for name in sorted(task.people):
            person = by_id.get(name)
            if person is None:
                raise InputError(f"{what} is pinned to {name!r}, who is not on the staff", **where)
            if task.skill not in person.skills:
                raise InputError(
                    f"{what} is pinned to {name!r}, who does not have its skill {task.skill!r}",
                    **where,
                )


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
        raise InputError(f"{who} is already booked", commitment=commitment.id, field="id")
    if commitment.due is not None and commitment.due < start:
        raise InputError(
            f"{who} is due {commitment.due}, before the planning start {start}",
            commitment=commitment.id,
            field="due",
        )
    if commitment.due is not None and commitment.due > horizon_end:
        raise InputError(
            f"{who} is due {commitment.due}, after the last day the planner can plan for, "
            f"{horizon_end}",
            commitment=commitment.id,
            field="due",
        )
    open_ids = {task.id for task in commitment.tasks if is_open(task)}
    for task in commitment.tasks:
        what = f"task {task.id!r} of {who}"
        if task.id not in open_ids:
            for dependency in task.after:
                if dependency.task in open_ids:
                    raise InputError(
                        f"{what} is finished, but its predecessor {dependency.task!r} is not: "
                        "a task starts only after its predecessors finish",
                        commitment=commitment.id,
                        task=task.id,
                        field="finished",
                    )
            continue
        if task.skill is not None and task.skill not in skills:
            raise InputError(
                f"{what} needs skill {task.skill!r}, which nobody on the staff has",
                commitment=commitment.id,
                task=task.id,
                field="skill",
            )
        if task.pinned_start is None:
            continue
        if task.pinned_start < start:
            raise InputError(
                f"{what} is pinned to start {task.pinned_start}, before the planning start {start}",
                commitment=commitment.id,
                task=task.id,
                field="pinned_start",
            )
        if task.pinned_start > horizon_end:
            raise InputError(
                f"{what} is pinned to start {task.pinned_start}, "
                f"after the last day the planner can plan for, {horizon_end}",
                commitment=commitment.id,
                task=task.id,
                field="pinned_start",
            )
