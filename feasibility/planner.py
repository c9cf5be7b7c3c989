"""The planner: holds the booked work and answers quote checks.

The rule of a check: the new job may use any capacity, and booked work may move, but
no booked commitment may end after its due date (or, if it is already planned late,
later than it is planned now); work that has started, or is pinned, stays.

The booked plan is held as arrays (:class:`~feasibility.book.Book`), and a check is
layered so that its cost grows with the job, not with the book (see
:mod:`feasibility.check`). One time budget covers the whole call. The planner is safe
to share between threads: checks read one consistent booked state, and bookings are
atomic (a booking whose verdict was computed against an older state is checked again
against the current one before it is taken).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd

from feasibility.book import Book
from feasibility.check import Outcome, run_check
from feasibility.compile import Role, Staffing, TaskKey, compile_problem
from feasibility.decode import schedules_by_key
from feasibility.errors import InputError
from feasibility.explain import explain
from feasibility.models import Calendar, Commitment, Person
from feasibility.validation import validate_commitment, validate_commitments, validate_staff
from feasibility.verdict import Verdict, plan_frame, plan_task_frame
from feasibility.whole_book import whole_book_check
from solvers import Problem, Solution, solve
from solvers.bounds import infeasibility_reason
from solvers.checker import assert_valid
from solvers.deadline import Deadline
from solvers.justify import right_justify
from solvers.plan_arrays import PlanConflictError

DEFAULT_HORIZON_DAYS = 365
DEFAULT_TIME_LIMIT = 1.0
"""Seconds per check when the caller names none: a quote is answered while the customer waits."""
EXACT_CONSTRUCTION_TASKS = 400
"""Up to this many booked tasks, construction improves the heuristic plan with CP-SAT."""
DEFAULT_SAFETY_DAYS = 5
"""Working days a backward-scheduled commitment is planned to finish before its due date."""

Scheduling = Literal["forward", "backward"]


class Planner:
    """Booked work, staff and calendar; answers ``check`` and ``book``.

    The commitments given at construction are planned by a fast heuristic (and, on
    small books, improved by CP-SAT within ``construction_time_limit``). With
    ``scheduling="backward"`` (the default, as in MRP's backward scheduling) each
    commitment that can is then moved to finish ``safety_days`` working days before its
    due date, which keeps the capacity before it free for new quotes; ``"forward"``
    keeps everything as early as it fits. Either way a check's answer is the same (booked
    work may move within its promise); a backward plan finds it faster, since the hours
    a new job needs first are less often taken. Booking a verdict adopts its plan as it
    is: a newly booked job keeps the schedule its verdict found.

    Example:
        >>> from datetime import date
        >>> from feasibility import Calendar, Commitment, Person, Planner, Task
        >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
        >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
        >>> job = Commitment(id="J1", due=date(2026, 12, 9),
        ...                  tasks=[Task(id="fit", skill="install", effort_hours=270)])
        >>> verdict = planner.check(job)
        >>> verdict.feasible, verdict.earliest
        (False, datetime.date(2026, 12, 18))
    """

    def __init__(
        self,
        *,
        calendar: Calendar,
        staff: Sequence[Person],
        start: date,
        commitments: Sequence[Commitment] = (),
        horizon_days: int = DEFAULT_HORIZON_DAYS,
        time_limit: float = DEFAULT_TIME_LIMIT,
        construction_time_limit: float | None = None,
        workers: int = 1,
        scheduling: Scheduling = "backward",
        safety_days: int = DEFAULT_SAFETY_DAYS,
    ) -> None:
        if horizon_days < 1:
            raise InputError(f"the planning horizon must be at least one day, got {horizon_days}")
        if time_limit <= 0:
            raise InputError(f"the time limit must be positive, got {time_limit}")
        if scheduling not in ("forward", "backward"):
            raise InputError(f"scheduling must be 'forward' or 'backward', got {scheduling!r}")
        if isinstance(safety_days, bool) or not isinstance(safety_days, int) or safety_days < 0:
            raise InputError(f"safety_days must be a whole number >= 0, got {safety_days!r}")
        self._scheduling: Scheduling = scheduling
        self._safety_days = safety_days
        validate_staff(staff)
        self._staffing = Staffing.build(calendar, staff, start, horizon_days)
        self._opened = np.concatenate(([0], np.cumsum(self._staffing.working != 0)))
        """Working days of the shared calendar before each period."""
        self._time_limit = time_limit
        self._workers = workers
        validate_commitments(commitments, staff=staff, start=start, horizon_end=self.horizon_end)
        self._lock = threading.Lock()
        self._book = Book.empty(self._staffing)
        if commitments:
            budget = construction_time_limit
            if budget is None:
                budget = max(10 * time_limit, 30.0)
            self._book = self._plan_initial(list(commitments), Deadline(budget))

    @property
    def start(self) -> date:
        return self._staffing.start

    @property
    def horizon_end(self) -> date:
        """The last day of the planning horizon."""
        return self._staffing.start + timedelta(days=self._staffing.horizon - 1)

    @property
    def time_limit(self) -> float:
        """The default time budget of one check, in seconds."""
        return self._time_limit

    @property
    def book_state(self) -> Book:
        """The current booked state (immutable: later bookings make a new one)."""
        return self._book

    @property
    def commitments(self) -> tuple[Commitment, ...]:
        """The booked commitments, in booking order."""
        return tuple(self._book.booked.values())

    @property
    def assignments(self) -> pd.DataFrame:
        """The booked plan: columns ``commitment, task, person, day, hours``."""
        return plan_frame(self._book)

    @property
    def tasks(self) -> pd.DataFrame:
        """The booked plan's tasks: columns ``commitment, task, start, finish``."""
        return plan_task_frame(self._book)

    def planned_finish(self, commitment_id: str) -> date:
        """The day the booked commitment's last task is planned to finish."""
        book = self._book
        if commitment_id not in book.booked:
            raise InputError(f"no booked commitment is called {commitment_id!r}")
        return self._day(book.planned_end(commitment_id) - 1)

    def check(
        self, commitment: Commitment, *, time_limit: float | None = None, method: str = "layered"
    ) -> Verdict:
        """Can ``commitment`` finish by its due date without breaking a booked promise?

        Changes nothing. ``time_limit`` (seconds, default the planner's) covers the whole
        call; the verdict is the best valid answer found within it. ``method="whole-book"``
        solves the whole book as one model instead of the layers: the exact reference,
        whose cost grows with the book (jobs with contiguous work always take it).
        """
        deadline = Deadline(self._budget(time_limit))
        return self._check(self._book, commitment, deadline, method)

    def book(
        self,
        commitment: Commitment | Verdict,
        *,
        allow_infeasible: bool = False,
        time_limit: float | None = None,
    ) -> Verdict:
        """Add a commitment to the booked work and return the verdict it was booked with.

        Given a :class:`Verdict` from :meth:`check`, its plan is adopted as it is when
        nothing was booked since; otherwise the commitment is checked again against what
        is booked now. A job that cannot meet its due date is booked (at its earliest
        date) only with ``allow_infeasible=True``; a booking that fails changes nothing.
        Bookings are atomic: two threads can never book the same hours.
        """
        deadline = Deadline(self._budget(time_limit))
        if isinstance(commitment, Verdict):
            verdict: Verdict | None = commitment
            job = _commitment_of(commitment)
        else:
            verdict, job = None, commitment
        with self._lock:
            current = self._book
            if verdict is None or verdict.basis is not current:
                verdict = self._check(current, job, deadline)
            if verdict.earliest is None:
                raise InputError(
                    f"commitment {job.id!r} cannot be booked: no date within the planning "
                    f"horizon works ({'; '.join(verdict.reasons)})"
                )
            if not verdict.feasible and not allow_infeasible:
                raise InputError(
                    f"commitment {job.id!r} cannot be delivered by {verdict.due}; the "
                    f"earliest date is {verdict.earliest}. Pass allow_infeasible=True to book "
                    "it late anyway."
                )
            try:
                after = current.with_changes(verdict.plan, added=job)
            except PlanConflictError as error:  # a bug: a verdict's plan always fits
                raise RuntimeError(f"booking {job.id!r} would double-book: {error}") from error
            due_end = None if job.due is None else (job.due - self.start).days + 1
            planned = after.planned_end(job.id)
            self._book = after.with_changes({}, limits={job.id: self._limit(planned, due_end)})
            return verdict

    # -- internals ---------------------------------------------------------------------

    def _budget(self, time_limit: float | None) -> float:
        budget = self._time_limit if time_limit is None else time_limit
        if not budget > 0:
            raise InputError(f"the time limit must be a positive number of seconds, got {budget}")
        return float(budget)

    def _day(self, period: int) -> date:
        return self._staffing.start + timedelta(days=period)

    def _check(
        self, book: Book, commitment: Commitment, deadline: Deadline, method: str = "layered"
    ) -> Verdict:
        validate_commitment(
            commitment,
            staff=self._staffing.staff,
            start=self.start,
            horizon_end=self.horizon_end,
            booked_ids=book.booked.keys(),
        )
        if all(t.finished or (t.is_work and t.remaining_hours <= 0) for t in commitment.tasks):
            raise InputError(f"commitment {commitment.id!r} has no open work left to check")
        began = time.perf_counter()
        if method == "whole-book" or any(t.contiguous for t in commitment.tasks):
            outcome = whole_book_check(book, commitment, deadline, self._workers)
        elif method == "layered":
            outcome = run_check(book, commitment, deadline, self._workers)
        else:
            raise InputError(f"unknown check method {method!r}; choose 'layered' or 'whole-book'")
        return self._verdict(book, commitment, outcome, time.perf_counter() - began)

    def _verdict(
        self, book: Book, commitment: Commitment, outcome: Outcome, seconds: float
    ) -> Verdict:
        finish = outcome.finish
        earliest = None if finish is None else self._day(finish - 1)
        bound_day = None
        if not outcome.proven and outcome.bound <= self._staffing.horizon:
            bound_day = self._day(max(outcome.bound, 1) - 1)
        due = commitment.due
        feasible = earliest is not None and (due is None or earliest <= due)
        own = {k: s for k, s in outcome.changes.items() if k[0] == commitment.id}
        reasons = explain(
            staffing=self._staffing,
            commitment=commitment,
            book=book,
            changes=outcome.changes,
            job_schedules=own,
            earliest=earliest,
            proven=outcome.proven,
            bound=bound_day,
            moved=outcome.moved,
            infeasible_reason=outcome.infeasible_reason,
        )
        verdict = Verdict(
            commitment=commitment.id,
            feasible=feasible,
            due=due,
            earliest=earliest,
            proven=outcome.proven,
            reasons=reasons,
            moved=outcome.moved,
            bound=bound_day,
            layer=outcome.layer,
            seconds=seconds,
            basis=book,
            plan=dict(outcome.changes),
            job=commitment,
        )
        return verdict

    def _plan_initial(self, commitments: list[Commitment], deadline: Deadline) -> Book:
        """Plan the booked commitments given at construction, as punctual as possible.

        The serial heuristic gives a plan fast; on small books CP-SAT then improves it
        while time is left.
        """
        roles = [Role(c, due=self._due_end(c), weight=c.priority) for c in commitments]
        compiled = compile_problem(self._staffing, roles)
        reason = infeasibility_reason(compiled.problem)
        if reason is not None:
            raise InputError(
                "the booked commitments cannot all be scheduled within the planning horizon "
                f"(until {self.horizon_end}): {reason}"
            )
        found = solve(compiled.problem, "greedy", time_limit=deadline.share(0.5))
        solution: Solution | None = found.solution
        small = compiled.problem.num_tasks <= EXACT_CONSTRUCTION_TASKS
        if small and not deadline.expired() and found.status.value != "optimal":
            better = solve(
                compiled.problem,
                "cpsat",
                time_limit=deadline.share(0.9),
                workers=self._workers,
                hint=solution,
            )
            solution = better.solution or solution
        if solution is None:
            raise InputError(
                "the booked commitments cannot all be scheduled within the planning horizon "
                f"(until {self.horizon_end}); capacity runs out"
            )
        if self._scheduling == "backward":
            solution = self._backward(compiled.problem, compiled.keys, solution, commitments)
        schedules = schedules_by_key(compiled, solution)
        book = Book.empty(self._staffing).with_changes(schedules, added=commitments)
        limits = {}
        for c in commitments:
            planned = book.planned_end(c.id)
            due_end = self._due_end(c)
            limits[c.id] = self._limit(planned, due_end)
        return book.with_changes({}, limits=limits)

    def _backward(
        self,
        problem: Problem,
        keys: Sequence[TaskKey],
        solution: Solution,
        commitments: Sequence[Commitment],
    ) -> Solution:
        """Each punctual commitment moved as late as its due date less the safety margin
        allows, which keeps the capacity before it free for new quotes (backward
        scheduling); late commitments and those without a due date stay as they are."""
        ends: dict[str, int] = {}
        for i, (c, _) in enumerate(keys):
            ends[c] = max(ends.get(c, 0), solution.tasks[i].end)
        targets = {c.id: self._backward_target(c, ends.get(c.id, 0)) for c in commitments}
        moved = right_justify(problem, solution, [targets[c] for c, _ in keys])
        assert_valid(problem, moved)
        return moved

    def _backward_target(self, commitment: Commitment, planned: int) -> int | None:
        """The end a backward-scheduled commitment aims at: ``safety_days`` working days
        before its due date; ``None`` when that is no later than ``planned``."""
        due_end = self._due_end(commitment)
        if due_end is None:
            return None
        due_end = min(due_end, self._staffing.horizon)
        opened = self._opened
        needed = int(opened[due_end]) - self._safety_days
        target = int(np.searchsorted(opened, needed, side="right")) - 1 if needed >= 0 else 0
        return target if target > planned else None

    def _limit(self, planned: int, due_end: int | None) -> int:
        """The latest end a promise allows: its due date, or its planned finish if later;
        never past the horizon, within which every plan lies anyway."""
        limit = planned if due_end is None else max(planned, due_end)
        return min(limit, self._staffing.horizon)

    def _due_end(self, commitment: Commitment) -> int | None:
        if commitment.due is None:
            return None
        return (commitment.due - self._staffing.start).days + 1


def _commitment_of(verdict: Verdict) -> Commitment:
    job = verdict.job
    if job is None:
        raise InputError(f"the verdict for {verdict.commitment!r} carries no commitment to book")
    return job
