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

import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Literal, cast

import numpy as np
import pandas as pd

from feasibility.approval import ApprovalPolicy
from feasibility.book import Book
from feasibility.boundary import (
    as_calendar,
    as_choice,
    as_commitment,
    as_commitments,
    as_flag,
    as_model,
    as_seconds,
    as_staff,
    as_start,
    as_whole,
)
from feasibility.check import Outcome, run_check
from feasibility.compile import Role, Staffing, TaskKey, compile_problem
from feasibility.decode import schedules_by_key
from feasibility.diagnose import Cause, blocked
from feasibility.disruptions import Disruption, as_disruptions
from feasibility.errors import InputError
from feasibility.explain import explain
from feasibility.holds import Clock, Hold, as_until, utc_now
from feasibility.horizon import furthest_day, grown, needed_horizon
from feasibility.kernel_words import in_words_of
from feasibility.levers import slip_order
from feasibility.limits import MAX_HORIZON_DAYS, MAX_WORKERS
from feasibility.models import Calendar, Commitment, Person
from feasibility.plan import Plan
from feasibility.quote import approved, with_levers
from feasibility.replan import ProgressCallback, replan
from feasibility.rubric import Rubric, as_rubric
from feasibility.validation import (
    is_open,
    validate_commitment,
    validate_commitments,
    validate_pins,
    validate_staff,
)
from feasibility.verdict import Verdict, plan_frame, plan_task_frame
from feasibility.whole_book import whole_book_check
from solvers import Problem, ProblemError, Solution, solve
from solvers.backward import backward_passes
from solvers.bounds import infeasibility_reason
from solvers.checker import assert_valid
from solvers.deadline import Deadline
from solvers.justify import right_justify
from solvers.plan_arrays import PlanConflictError
from solvers.problem import latest_origin, open_counts
from solvers.subproblem import restrict

DEFAULT_HORIZON_DAYS = 365
DEFAULT_TIME_LIMIT = 1.0
"""Seconds per check when the caller names none: a quote is answered while the customer waits."""
EXACT_CONSTRUCTION_TASKS = 400
"""Up to this many booked tasks, construction improves the heuristic plan with CP-SAT."""
BACKWARD_GAP = 0.1
"""Construction tries a backward pass only when the heuristic's plan is further than
this share of its lateness from the proven bound (W1: 44 against 42, not tried; W1
with tight due dates: 1,653 priority-days late forward, 304 backward)."""
DEFAULT_REPLAN_SECONDS = 60.0
"""Seconds a re-plan searches when the caller names none."""
MAX_REPLAN_ROUNDS = 1_000_000
DEFAULT_SAFETY_DAYS = 5
"""Working days a backward-scheduled commitment is planned to finish before its due date."""

Scheduling = Literal["forward", "backward"]
SCHEDULINGS: tuple[Scheduling, ...] = ("forward", "backward")
METHODS = ("layered", "whole-book")


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

    Every argument is validated before anything is solved: a wrong type or value is an
    :class:`~feasibility.errors.InputError` naming the argument (a malformed model a
    pydantic ``ValidationError``). ``start`` may be a date, a datetime (its day) or an
    ISO date string. ``horizon_days`` (1 to 3650, default 365) is how far ahead the
    planner looks; the horizon grows to reach ``horizon_days`` past any later date a
    commitment names, up to ten years from the start (see :mod:`feasibility.horizon`).
    ``time_limit`` and ``construction_time_limit`` are seconds (above 0, at most a day),
    ``workers`` the CP-SAT threads (1 to 64). ``approval`` is the policy that gives every
    verdict its approval tier (:mod:`feasibility.approval`; default
    ``ApprovalPolicy()``); ``rubric`` the priority rubric (:mod:`feasibility.rubric`;
    default: by priority) that weights lateness in a re-plan and orders the booked work
    a lever asks to slip; ``clock`` returns the current time for holds
    (:mod:`feasibility.holds`; default UTC now).

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
        approval: ApprovalPolicy | None = None,
        rubric: Rubric | None = None,
        clock: Clock | None = None,
    ) -> None:
        shared = as_calendar(calendar)
        people = as_staff(staff)
        first = as_start(start)
        booked = as_commitments(commitments)
        self._lookahead = as_whole(horizon_days, "horizon_days", 1, MAX_HORIZON_DAYS)
        self._time_limit = as_seconds(time_limit, "time_limit")
        budget = max(10 * self._time_limit, 30.0)
        self._construction_time_limit = construction_time_limit
        if construction_time_limit is not None:
            budget = as_seconds(construction_time_limit, "construction_time_limit")
        self._workers = as_whole(workers, "workers", 1, MAX_WORKERS)
        self._scheduling = cast(Scheduling, as_choice(scheduling, "scheduling", SCHEDULINGS))
        self._safety_days = as_whole(safety_days, "safety_days", 0, MAX_HORIZON_DAYS)
        validate_staff(people, shared)
        validate_commitments(booked, staff=people, start=first, horizon_end=furthest_day(first))
        horizon = needed_horizon(first, booked, current=self._lookahead, lookahead=self._lookahead)
        staffing = Staffing.build(shared, people, first, horizon)
        for commitment in booked:
            validate_pins(staffing, commitment)
        self._policy = as_model(approval or ApprovalPolicy(), ApprovalPolicy, "approval")
        self._rubric = as_rubric(rubric)
        self._clock: Clock = clock or utc_now
        self._holds: dict[str, Hold] = {}
        self._lock = threading.Lock()
        self._book = Book.empty(staffing)
        if booked:
            with _in_business_words(self._book, booked):
                self._book = self._plan_initial(list(booked), Deadline(budget))
        self._book.prepared()  # what checks read, derived once here and carried after

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Planner:
        """The planner saved at ``path`` by :meth:`save`, with its plan as it was saved:
        nothing is planned again. A damaged file, or one written by a newer version, is
        an :class:`~feasibility.errors.InputError` (see :mod:`feasibility.files.saved`)."""
        from feasibility.files.saved import load_planner

        return load_planner(path)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the planner (inputs, settings and plan) to ``path``, for :meth:`load`.
        Holds in force are not saved (they reserve capacity on this planner only)."""
        from feasibility.files.saved import save_planner

        with self._lock:  # one consistent state, not one half-way through a booking
            self._drop_ended()
            # Holds are reservations of this running planner, not bookings: they are
            # not saved, and a loaded planner has none.
            book = self._book
            for key in self._holds:
                book = book.without(key)
        # The state is immutable: writing it needs no lock, and bookings need not wait.
        return save_planner(self, path, book)

    @classmethod
    def restored(cls, book: Book, **settings: object) -> Planner:
        """A planner holding ``book`` as it is (no planning), built with ``settings``
        (the keyword arguments of the constructor but the inputs, as :attr:`settings`)."""
        staffing = book.staffing
        planner = cls(
            calendar=staffing.calendar,
            staff=staffing.staff,
            start=staffing.start,
            **settings,  # type: ignore[arg-type]
        )
        planner._book = book.prepared()
        return planner

    @property
    def settings(self) -> dict[str, object]:
        """The planner's settings: ``start`` and the keyword arguments it was built with."""
        return {
            "start": self.start,
            "horizon_days": self._lookahead,
            "time_limit": self._time_limit,
            "construction_time_limit": self._construction_time_limit,
            "workers": self._workers,
            "scheduling": self._scheduling,
            "safety_days": self._safety_days,
            "approval": self._policy,
            "rubric": self._rubric,
        }

    @property
    def start(self) -> date:
        return self._book.staffing.start

    @property
    def horizon_end(self) -> date:
        """The last day of the planning horizon (it grows with the dates commitments name)."""
        return self._day(self._book.staffing.horizon - 1)

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
        """The booked commitments, in booking order (holds are in :attr:`holds`)."""
        self._fresh()
        with self._lock:
            book, held = self._book, set(self._holds)
        return tuple(c for c in book.booked.values() if c.id not in held)

    @property
    def rubric(self) -> Rubric:
        """The priority rubric: it weights lateness in :meth:`replan` (unless a re-plan is
        given its own) and orders the booked work a lever asks to slip."""
        return self._rubric

    @property
    def approval(self) -> ApprovalPolicy:
        """The approval policy that gives every verdict its tier."""
        return self._policy

    @property
    def holds(self) -> tuple[Hold, ...]:
        """The holds in force now, in the order they were placed."""
        self._fresh()
        with self._lock:
            return tuple(self._holds.values())

    @property
    def assignments(self) -> pd.DataFrame:
        """The booked plan: columns ``commitment, task, person, day, hours``."""
        return plan_frame(self._fresh())

    @property
    def tasks(self) -> pd.DataFrame:
        """The booked plan's tasks: columns ``commitment, task, start, finish``."""
        return plan_task_frame(self._fresh())

    def planned_finish(self, commitment_id: str) -> date:
        """The day the booked commitment's last task is planned to finish."""
        book = self._fresh()
        if commitment_id not in book.booked:
            raise InputError(f"no booked commitment is called {commitment_id!r}")
        return self._day(book.planned_end(commitment_id) - 1)

    def check(
        self,
        commitment: Commitment,
        *,
        time_limit: float | None = None,
        method: str = "layered",
        levers: bool = False,
    ) -> Verdict:
        """Can ``commitment`` finish by its due date without breaking a booked promise?

        Changes nothing. ``time_limit`` (seconds, default the planner's) covers the whole
        call; the verdict is the best valid answer found within it. ``method="whole-book"``
        solves the whole book as one model instead of the layers: the exact reference,
        whose cost grows with the book (jobs with contiguous work always take it).
        ``commitment`` may be a mapping of its fields. A due date or pin past the
        horizon grows it (nothing booked changes; see :mod:`feasibility.horizon`).
        With ``levers=True`` a verdict that misses its requested date also carries what
        would make it possible (:mod:`feasibility.levers`), found within the same time
        budget; its approval tier then takes them into account.
        """
        job = as_commitment(commitment, "check")
        chosen = as_choice(method, "check method", METHODS)
        asked = as_flag(levers, "levers")
        deadline = Deadline(self._budget(time_limit))
        current = self._fresh()
        verdict = self._check(current, job, deadline, chosen)
        if asked:
            order = partial(slip_order, rubric=self._rubric)
            verdict = approved(with_levers(verdict, deadline, self._workers, order), self._policy)
        if verdict.basis is not current:  # the horizon grew: keep it for what follows
            with self._lock:
                if self._book is current and verdict.basis is not None:
                    self._book = verdict.basis
        return verdict

    def book(
        self,
        commitment: Commitment | Verdict | Hold,
        *,
        allow_infeasible: bool = False,
        time_limit: float | None = None,
    ) -> Verdict:
        """Add a commitment to the booked work and return the verdict it was booked with.

        Given a :class:`Verdict` from :meth:`check`, its plan is adopted as it is when
        nothing was booked since; otherwise the commitment is checked again against what
        is booked now. A job that cannot meet its due date is booked (at its earliest
        date) only with ``allow_infeasible=True``; a booking that fails changes nothing
        (not even the horizon). ``commitment`` may be a mapping of its fields.
        Bookings are atomic: two threads can never book the same hours. Given a
        :class:`~feasibility.holds.Hold` still in force, the held plan becomes the booking
        as it is now (an expired or released hold is refused).

        Example:
            >>> from datetime import date
            >>> from feasibility import Calendar, Commitment, Person, Planner, Task
            >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
            ...                   start=date(2026, 11, 30))
            >>> far = Commitment(id="J1", due=date(2027, 12, 1),
            ...                  tasks=[Task(id="a", skill="fit", effort_hours=8)])
            >>> planner.book(far).earliest, planner.horizon_end
            (datetime.date(2026, 11, 30), datetime.date(2028, 11, 29))
        """
        late = as_flag(allow_infeasible, "allow_infeasible")
        deadline = Deadline(self._budget(time_limit))
        if isinstance(commitment, Hold):
            return self._book_hold(commitment)
        if isinstance(commitment, Verdict):
            verdict: Verdict | None = commitment
            job = _commitment_of(commitment)
        else:
            verdict, job = None, as_commitment(commitment, "book")
        with self._lock:
            return self._take(job, verdict, late, deadline)

    def hold(
        self,
        commitment: Commitment | Verdict,
        *,
        until: datetime,
        allow_infeasible: bool = False,
        time_limit: float | None = None,
    ) -> Hold:
        """Reserve the capacity of a quote until ``until`` while the customer decides.

        Takes the hours as :meth:`book` does (the same checks, atomically), so later checks
        see them as taken; from ``until`` on (the planner's clock) the hold is dropped and
        never blocks anyone. :meth:`release` ends it early; :meth:`book` turns it into a
        booking. See :mod:`feasibility.holds`.

        Example:
            >>> from datetime import date, datetime, timezone
            >>> from feasibility import Calendar, Commitment, Person, Planner, Task
            >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
            ...                   start=date(2026, 11, 30))
            >>> job = Commitment(id="J1", due=date(2026, 12, 4),
            ...                  tasks=[Task(id="a", skill="fit", effort_hours=40)])
            >>> held = planner.hold(job, until=datetime(2099, 1, 1, tzinfo=timezone.utc))
            >>> other = Commitment(id="J2", due=date(2026, 12, 4),
            ...                    tasks=[Task(id="b", skill="fit", effort_hours=8)])
            >>> planner.check(other).feasible
            False
            >>> planner.release(held)
            >>> planner.check(other).feasible
            True
        """
        late = as_flag(allow_infeasible, "allow_infeasible")
        deadline = Deadline(self._budget(time_limit))
        ends = as_until(until, now=self._clock())
        if isinstance(commitment, Verdict):
            verdict: Verdict | None = commitment
            job = _commitment_of(commitment)
        else:
            verdict, job = None, as_commitment(commitment, "hold")
        self._fresh()
        with self._lock:
            taken = self._take(job, verdict, late, deadline)
            placed = Hold(job.id, ends, taken)
            self._holds[job.id] = placed
            return placed

    def release(self, hold: Hold | str) -> None:
        """End a hold now and free its hours (a hold that already ended is left alone)."""
        key = hold.commitment if isinstance(hold, Hold) else hold
        if not isinstance(key, str):
            raise InputError(f"release takes a Hold or a commitment id, got {hold!r}")
        self._fresh()
        with self._lock:
            if key in self._holds:
                del self._holds[key]
                self._book = self._book.without(key)

    def replan(
        self,
        disruptions: Sequence[Disruption] = (),
        *,
        rubric: Rubric | None = None,
        time_limit: float = DEFAULT_REPLAN_SECONDS,
        rounds: int | None = None,
        seed: int = 0,
        callback: ProgressCallback | None = None,
        progress: bool | None = None,
    ) -> Plan:
        """Re-plan every booked commitment after ``disruptions``; changes nothing.

        Each commitment's days late are weighted by its ``rubric`` score (default: its
        priority); must-keep commitments slip only when no standard one could instead;
        started and pinned work stays where it is planned while it still fits. The
        search runs for ``time_limit`` seconds (or ``rounds`` neighbourhoods, which
        makes the answer reproducible on any machine); ``callback`` hears every round,
        and ``progress`` (default: in a terminal or notebook) shows a bar. Adopt the
        answer with :meth:`adopt`. See :mod:`feasibility.replan`.

        Example:
            >>> from datetime import date
            >>> from feasibility import Calendar, Commitment, Person, Planner, Task, TimeOff
            >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
            ...                   start=date(2026, 11, 30), commitments=[Commitment(
            ...                       id="J1", due=date(2026, 12, 4),
            ...                       tasks=[Task(id="a", skill="fit", effort_hours=16)])])
            >>> plan = planner.replan(
            ...     [TimeOff(person="ann", first=date(2026, 11, 30), last=date(2026, 12, 4))],
            ...     rounds=2, progress=False)
            >>> plan.commitments[["commitment", "planned_finish", "days_late"]].values.tolist()
            [['J1', datetime.date(2026, 12, 8), 4]]
        """
        changes = as_disruptions(disruptions)
        scoring = self._rubric if rubric is None else as_rubric(rubric)
        budget = as_seconds(time_limit, "time_limit")
        limit = None if rounds is None else as_whole(rounds, "rounds", 1, MAX_REPLAN_ROUNDS)
        if callback is not None and not callable(callback):
            raise InputError(f"callback must be callable, got {callback!r}")
        bar = None if progress is None else as_flag(progress, "progress")
        current = self._fresh()  # a hold that has ended takes no hours
        with _in_business_words(current, list(current.booked.values())):
            return replan(
                current,
                lookahead=self._lookahead,
                disruptions=changes,
                rubric=scoring,
                time_limit=budget,
                rounds=limit,
                seed=as_whole(seed, "seed", 0, 2**31 - 1),
                workers=self._workers,
                callback=callback,
                progress=bar,
            )

    def adopt(self, plan: Plan) -> None:
        """Accept a re-plan: its staff, commitments and schedule become the booked state.

        Only a plan made from the current booked state can be adopted (a booking since
        makes it stale: re-plan again); each commitment's promise is then its due date,
        or its planned finish when that is later.
        """
        if not isinstance(plan, Plan):
            raise InputError(f"adopt takes a Plan from replan, got {type(plan).__name__}")
        with self._lock:
            if plan.basis is not self._book:
                raise InputError(
                    "the plan was made from an older booked state (something was booked or "
                    "adopted since): re-plan again before adopting"
                )
            book = plan.book
            limits = {
                c.id: self._limit(book, book.planned_end(c.id), self._due_end(c))
                for c in book.booked.values()
            }
            self._book = book.with_changes({}, limits=limits).prepared()

    # -- internals ---------------------------------------------------------------------

    def _fresh(self) -> Book:
        """The current booked state, with every hold that has ended dropped first."""
        if not self._holds:
            return self._book
        with self._lock:
            self._drop_ended()
            return self._book

    def _drop_ended(self) -> None:
        """Drop the holds that ended by now (the lock is held)."""
        now = self._clock()
        for key in [k for k, h in self._holds.items() if h.expired(now)]:
            del self._holds[key]
            self._book = self._book.without(key)

    def _book_hold(self, hold: Hold) -> Verdict:
        with self._lock:
            self._drop_ended()
            if self._holds.get(hold.commitment) is not hold:
                raise InputError(
                    f"the hold on {hold.commitment!r} is no longer in force (it expired at "
                    f"{hold.until:%Y-%m-%d %H:%M %Z} or was released or booked); check and book "
                    "the commitment again"
                )
            del self._holds[hold.commitment]
            return hold.verdict

    def _take(
        self, job: Commitment, verdict: Verdict | None, late: bool, deadline: Deadline
    ) -> Verdict:
        """Book ``job`` (the lock is held): its verdict's plan, checked again when the
        book changed since."""
        self._drop_ended()
        current = self._book
        if verdict is None or verdict.basis is not current:
            verdict = self._check(current, job, deadline)
        base = verdict.basis
        assert base is not None
        if verdict.earliest is None:
            raise InputError(
                f"commitment {job.id!r} cannot be booked: no date within the planning "
                f"horizon works ({'; '.join(verdict.sentences)})"
            )
        if not verdict.feasible and not late:
            raise InputError(
                f"commitment {job.id!r} cannot be delivered by {verdict.due}; the "
                f"earliest date is {verdict.earliest}. Pass allow_infeasible=True to book "
                "it late anyway."
            )
        try:
            after = base.with_changes(verdict.plan, added=job)
        except PlanConflictError as error:  # a bug: a verdict's plan always fits
            raise RuntimeError(f"booking {job.id!r} would double-book: {error}") from error
        planned = after.planned_end(job.id)
        limit = self._limit(after, planned, self._due_end(job))
        self._book = after.with_changes({}, limits={job.id: limit})
        return verdict

    def _budget(self, time_limit: float | None) -> float:
        if time_limit is None:
            return self._time_limit
        return as_seconds(time_limit, "time_limit")

    def _day(self, period: int) -> date:
        return self._book.staffing.start + timedelta(days=period)

    def _check(
        self, book: Book, commitment: Commitment, deadline: Deadline, method: str = "layered"
    ) -> Verdict:
        """Validate ``commitment`` against ``book``, grow the horizon if it asks for later
        dates, and check it; the verdict's basis is the (possibly grown) book."""
        staffing = book.staffing
        held = self._holds.get(commitment.id)
        if held is not None:
            raise InputError(
                f"commitment {commitment.id!r} is held until {held.until:%Y-%m-%d %H:%M %Z}; "
                "book the hold (book(hold)) or release it first"
            )
        validate_commitment(
            commitment,
            staff=staffing.staff,
            start=staffing.start,
            horizon_end=furthest_day(staffing.start),
            booked_ids=book.booked.keys(),
        )
        if not any(is_open(t) for t in commitment.tasks):
            raise InputError(f"commitment {commitment.id!r} has no open work left to check")
        horizon = needed_horizon(
            staffing.start, [commitment], current=staffing.horizon, lookahead=self._lookahead
        )
        book = grown(book, horizon)
        validate_pins(book.staffing, commitment)
        began = time.perf_counter()
        with _in_business_words(book, [commitment]):
            if method == "whole-book" or any(t.contiguous for t in commitment.tasks):
                outcome = whole_book_check(book, commitment, deadline, self._workers)
            else:
                outcome = run_check(book, commitment, deadline, self._workers)
            return self._verdict(book, commitment, outcome, time.perf_counter() - began)

    def _verdict(
        self, book: Book, commitment: Commitment, outcome: Outcome, seconds: float
    ) -> Verdict:
        staffing = book.staffing
        finish = outcome.finish
        earliest = None if finish is None else self._day(finish - 1)
        bound_day = None
        if not outcome.proven and outcome.bound <= staffing.horizon:
            bound_day = self._day(max(outcome.bound, 1) - 1)
        due = commitment.due
        feasible = earliest is not None and (due is None or earliest <= due)
        own = {k: s for k, s in outcome.changes.items() if k[0] == commitment.id}
        why_not, horizon_binds = None, True
        if earliest is None and outcome.infeasible_reason is not None:
            why_not, horizon_binds = _why_unschedulable(book, commitment, outcome.infeasible_reason)
        reasons = explain(
            staffing=staffing,
            commitment=commitment,
            book=book,
            changes=outcome.changes,
            job_schedules=own,
            earliest=earliest,
            proven=outcome.proven,
            bound=bound_day,
            moved=outcome.moved,
            infeasible_reason=why_not,
            horizon_binds=horizon_binds,
            compiled=outcome.job,
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
            untouched=None if outcome.untouched is None else self._day(outcome.untouched - 1),
        )
        return approved(verdict, self._policy)

    def _plan_initial(self, commitments: list[Commitment], deadline: Deadline) -> Book:
        """Plan the booked commitments given at construction, as punctual as possible.

        The serial heuristic gives a plan fast (in the order of a backward pass from the
        due dates when that is less late); on small books CP-SAT then improves it while
        time is left.
        """
        staffing = self._book.staffing
        roles = [Role(c, due=self._due_end(c), weight=c.priority) for c in commitments]
        compiled = compile_problem(staffing, roles)
        reason = infeasibility_reason(compiled.problem)
        if reason is not None:
            stuck = blocked(staffing, compiled, compiled.problem, {c.id: c for c in commitments})
            why = _translated(self._book, commitments, reason) if stuck is None else stuck.sentence
            raise InputError(
                "the booked commitments cannot all be scheduled within the planning horizon "
                f"(until {self.horizon_end}): {why}"
            )
        found = solve(compiled.problem, "greedy", time_limit=deadline.share(0.5))
        solution: Solution | None = found.solution
        value, bound = found.objective, found.bound
        open_gap = value is not None and bound is not None and value - bound > BACKWARD_GAP * value
        if open_gap and value is not None and not deadline.expired():
            # a book that runs late: the order of a backward pass from the due dates
            # is often far better than any forward rule (solvers.backward)
            passed = backward_passes(compiled.problem, deadline=Deadline(deadline.share(0.5)))
            if passed is not None and passed.objective < value:
                solution = passed.solution
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
        book = Book.empty(staffing).with_changes(schedules, added=commitments)
        limits = {}
        for c in commitments:
            planned = book.planned_end(c.id)
            limits[c.id] = self._limit(book, planned, self._due_end(c))
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
        counts = open_counts(self._book.staffing.working)
        targets = {c.id: self._backward_target(c, ends.get(c.id, 0), counts) for c in commitments}
        moved = right_justify(problem, solution, [targets[c] for c, _ in keys])
        assert_valid(problem, moved)
        return moved

    def _backward_target(
        self, commitment: Commitment, planned: int, counts: np.ndarray
    ) -> int | None:
        """The end a backward-scheduled commitment aims at: ``safety_days`` working days
        (``counts``: working days of the shared calendar before each period) up to its
        due date left free; ``None`` when that is no later than ``planned``."""
        due_end = self._due_end(commitment)
        if due_end is None:
            return None
        target = latest_origin(counts, due_end, self._safety_days)
        return target if target > planned else None

    @staticmethod
    def _limit(book: Book, planned: int, due_end: int | None) -> int:
        """The latest end a promise allows: its due date, or its planned finish if later;
        never past the horizon, within which every plan lies anyway (a horizon that
        grows later relaxes it towards the due date again)."""
        limit = planned if due_end is None else max(planned, due_end)
        return min(limit, book.staffing.horizon)

    def _due_end(self, commitment: Commitment) -> int | None:
        if commitment.due is None:
            return None
        return (commitment.due - self.start).days + 1


def _why_unschedulable(book: Book, job: Commitment, kernel_reason: str) -> tuple[str, bool]:
    """Why ``job`` has no schedule in the capacity booked work that stays put leaves, and
    whether the horizon's end is what binds."""
    alone = compile_problem(book.staffing, [Role(job)], objective_commitment=job.id)
    fixed = np.asarray(book.fixed_capacity)
    free, _ = restrict(alone.problem, fixed)
    held = bool((fixed != book.plan.capacity).any())
    found = blocked(book.staffing, alone, free, {job.id: job}, held_by_booked=held)
    if found is None:
        return _translated(book, [job], kernel_reason), True
    return found.sentence, found.cause == Cause.PAST_THE_HORIZON


def _translated(book: Book, commitments: Sequence[Commitment], message: str) -> str:
    return in_words_of(book.staffing, [*book.booked.values(), *commitments], message)


@contextmanager
def _in_business_words(book: Book, commitments: Sequence[Commitment]) -> Iterator[None]:
    """A malformed kernel problem is a gap in validation: say it in the domain's words."""
    try:
        yield
    except ProblemError as error:
        raise InputError(_translated(book, commitments, str(error))) from error


def _commitment_of(verdict: Verdict) -> Commitment:
    job = verdict.job
    if job is None:
        raise InputError(f"the verdict for {verdict.commitment!r} carries no commitment to book")
    return job
