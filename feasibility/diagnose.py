"""Why a compiled job has no schedule at all, in dates, task ids and people.

The kernel's time windows (:func:`solvers.bounds.time_windows`) find the first task
that cannot be placed; this module says why in the words of the domain: a pin before
its predecessors allow, a pin on a day nobody with the skill works, a lead time or a
piece of work that runs past the end of the planning horizon. The kernel's own
sentences (task indices, periods, resources) never reach a user.

Example:
    >>> from datetime import date
    >>> from feasibility.compile import Role, Staffing, compile_problem
    >>> from feasibility.models import Calendar, Commitment, Person, Task
    >>> staffing = Staffing.build(
    ...     Calendar(), (Person(id="ann", skills={"fit"}),), date(2026, 11, 30), 365
    ... )
    >>> job = Commitment(id="J1", tasks=[Task(id="parts", lead_time_days=1000)])
    >>> compiled = compile_problem(staffing, [Role(job)])
    >>> print(blocked(staffing, compiled, compiled.problem, {"J1": job}).sentence)
    the lead time 'parts' of commitment 'J1' (1000 calendar days from Mon 30 Nov 2026) ends
    on Sat 25 Aug 2029, after the planning horizon ends on Mon 29 Nov 2027
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from feasibility.capacity import units_to_hours
from feasibility.compile import Compiled, Staffing
from feasibility.models import Calendar, Commitment, Person
from feasibility.models import Task as DomainTask
from solvers import Precedence, Problem
from solvers.bounds import time_windows
from solvers.problem import shift_open


class Cause:
    """What stops a task, for callers that treat some causes as bad input."""

    PIN_BEFORE_PREDECESSOR = "pin before predecessor"
    PIN_ON_A_DAY_OFF = "pin on a day off"
    PAST_THE_HORIZON = "past the horizon"
    LIMIT = "limit"


PIN_CAUSES = (Cause.PIN_BEFORE_PREDECESSOR, Cause.PIN_ON_A_DAY_OFF)
"""Causes that are the input's fault whatever is booked (checked before solving)."""


@dataclass(frozen=True)
class Blocked:
    """The first task that cannot be placed, the cause and a sentence that says it."""

    commitment: str
    task: str
    cause: str
    sentence: str


def blocked(
    staffing: Staffing,
    compiled: Compiled,
    problem: Problem,
    commitments: Mapping[str, Commitment],
    *,
    held_by_booked: bool = False,
) -> Blocked | None:
    """The first task of ``problem`` (``compiled``'s problem, or it cut to some people's
    capacity) that cannot be placed; ``None`` when the time windows find none.

    ``held_by_booked``: the capacity is what booked work that stays put leaves, so the
    sentences say so.
    """
    found = all_blocked(staffing, compiled, problem, commitments, held_by_booked=held_by_booked)
    return found[0] if found else None


def all_blocked(
    staffing: Staffing,
    compiled: Compiled,
    problem: Problem,
    commitments: Mapping[str, Commitment],
    *,
    held_by_booked: bool = False,
) -> list[Blocked]:
    """Every task that cannot be placed although its predecessors can, in task order."""
    windows = time_windows(problem)
    if windows.infeasibility is None:
        return []
    never = problem.horizon + 1
    into: list[list[Precedence]] = [[] for _ in problem.tasks]
    for prec in problem.precedences:
        into[prec.succ].append(prec)

    def stuck(i: int) -> bool:
        return (
            windows.earliest_start[i] >= never
            or windows.earliest_end[i] >= never
            or windows.latest_start[i] < windows.earliest_start[i]
            or windows.latest_end[i] < windows.earliest_end[i]
        )

    reader = _Reader(staffing, compiled, problem, commitments, held_by_booked)
    found = [
        reader.why(i, into[i])
        for i in range(problem.num_tasks)
        if stuck(i) and all(windows.earliest_end[p.pred] < never for p in into[i])
    ]
    # a task that cannot be placed at all explains the limits its predecessors then miss
    return sorted(found, key=lambda b: b.cause == Cause.LIMIT)


class _Reader:
    """Turns one stuck task into a sentence."""

    def __init__(
        self,
        staffing: Staffing,
        compiled: Compiled,
        problem: Problem,
        commitments: Mapping[str, Commitment],
        held_by_booked: bool,
    ) -> None:
        self.staffing = staffing
        self.compiled = compiled
        self.problem = problem
        self.commitments = commitments
        self.held = held_by_booked
        self.windows = time_windows(problem)
        self.horizon_end = self.day(problem.horizon - 1)

    def day(self, period: int) -> date:
        return self.staffing.start + timedelta(days=period)

    def shown(self, period: int) -> str:
        return f"{self.day(period):%a %d %b %Y}"

    def why(self, i: int, into: list[Precedence]) -> Blocked:
        commitment_id, task_id = self.compiled.keys[i]
        task = self.commitments[commitment_id].task(task_id)
        kernel = self.problem.tasks[i]
        est, eend = self.windows.earliest_start[i], self.windows.earliest_end[i]
        never = self.problem.horizon + 1
        what = (
            f"the lead time {task_id!r} of commitment {commitment_id!r}"
            if task.is_lead_time
            else f"task {task_id!r} of commitment {commitment_id!r}"
        )
        wanted, binding = self._released(kernel.release, into)
        end_text = f"the planning horizon ends on {self.shown(self.problem.horizon - 1)}"

        def say(cause: str, sentence: str) -> Blocked:
            return Blocked(commitment_id, task_id, cause, sentence)

        if task.pinned_start is not None and kernel.fixed_start is not None:
            pin = kernel.fixed_start
            if wanted > pin:
                assert binding is not None
                return say(
                    Cause.PIN_BEFORE_PREDECESSOR,
                    f"{what} is pinned to start on {self.shown(pin)}, but "
                    f"{self._predecessor_text(binding, wanted)}",
                )
            if task.is_work and not self._hours_on(kernel.eligible, pin):
                return say(Cause.PIN_ON_A_DAY_OFF, self._day_off(what, task, pin))
        if est >= never and task.is_lead_time:
            first = kernel.fixed_start if kernel.fixed_start is not None else wanted
            duration = kernel.duration or 0
            return say(
                Cause.PAST_THE_HORIZON,
                f"{what} ({duration} calendar days from {self.shown(first)}) ends on "
                f"{self.shown(first + duration - 1)}, after {end_text}",
            )
        if est >= never and wanted >= self.problem.horizon:
            assert binding is not None
            return say(
                Cause.PAST_THE_HORIZON,
                f"{what} cannot start before {end_text}: {self._predecessor_text(binding, wanted)}",
            )
        if est >= never or eend >= never:
            first = est if est < never else wanted
            offered = self._offered(kernel.eligible, kernel.parallel_limit, first)
            return say(
                Cause.PAST_THE_HORIZON,
                f"{what} cannot be finished before {end_text}: from {self.shown(first)} on, "
                f"the people with skill {task.skill!r} have {offered:g} h "
                f"{self._left()}against its {units_to_hours(kernel.work or 0):g} h",
            )
        if kernel.deadline is not None and eend > kernel.deadline:
            return say(
                Cause.LIMIT,
                f"{what} cannot finish by {self.shown(kernel.deadline - 1)}, the latest its "
                f"promise allows: it cannot finish before {self.shown(eend - 1)}",
            )
        return say(
            Cause.LIMIT,
            f"{what} cannot finish early enough for the tasks after it to fit before {end_text}",
        )

    def _left(self) -> str:
        return "left by booked work that has started or is pinned, " if self.held else ""

    def _released(self, release: int, into: list[Precedence]) -> tuple[int, Precedence | None]:
        """The earliest start the predecessors allow, and the one that sets it."""
        wanted, binding = max(release, 0), None
        for prec in into:
            calendar = None if prec.calendar is None else self.problem.calendars[prec.calendar]
            allowed = shift_open(calendar, self.windows.earliest_end[prec.pred], prec.lag)
            if allowed > wanted:
                wanted, binding = allowed, prec
        return wanted, binding

    def _predecessor_text(self, prec: Precedence, wanted: int) -> str:
        predecessor = self.compiled.keys[prec.pred][1]
        finish = self.shown(self.windows.earliest_end[prec.pred] - 1)
        lag = f" and {prec.lag} working days must pass" if prec.lag else ""
        start = (
            "within the planning horizon"
            if wanted >= self.problem.horizon
            else f"before {self.shown(wanted)}"
        )
        held = " with the hours booked work leaves" if self.held else ""
        return (
            f"its predecessor {predecessor!r} cannot finish before {finish}{held}{lag}, "
            f"so it cannot start {start}"
        )

    def _hours_on(self, eligible: tuple[int, ...], period: int) -> bool:
        return any(self.problem.resources[r].capacity[period] > 0 for r in eligible)

    def _offered(self, eligible: tuple[int, ...], limit: int, first: int) -> float:
        if not eligible or first >= self.problem.horizon:
            return 0.0
        rows = np.stack([self.problem.resources[r].capacity[first:] for r in eligible])
        best = np.sort(rows, axis=0)[max(rows.shape[0] - limit, 0) :]
        return units_to_hours(int(best.sum()))

    def _day_off(self, what: str, task: DomainTask, period: int) -> str:
        day = self.day(period)
        head = f"{what} is pinned to start on {self.shown(period)}"
        if self.held:
            return (
                f"{head}, but the people with skill {task.skill!r} have no hours left that day: "
                "booked work that has started or is pinned holds them"
            )
        people = [p for p in self.staffing.staff if task.skill in p.skills]
        absences = "; ".join(f"{p.id}: {_why_off(p, day, self.staffing.calendar)}" for p in people)
        return f"{head}, a day nobody with skill {task.skill!r} works ({absences})"


def _why_off(person: Person, day: date, shared: Calendar) -> str:
    calendar = person.working_calendar(shared)
    own = "their" if person.calendar is not None else "the shared"
    if day.weekday() not in calendar.workdays:
        return f"{day:%A} is not a working day of {own} calendar"
    if day in calendar.holidays:
        return f"a holiday on {own} calendar"
    if person.is_off(day):
        return "time off"
    return "no working hours"
