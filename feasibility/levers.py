"""Levers: what would make a requested date possible, each computed and verified.

When a check says no, sales needs to know what would make the date hold. Each lever is
found by changing the question and checking again with the same layered check
(:func:`feasibility.check.run_check`; the whole-book check for contiguous work, as the
planner does), so its resulting date comes from a schedule that passed the kernel's
checker, never from an estimate:

- ``extra_hours``: hours of a skill (overtime or a contractor) in named weeks, added to
  the capacity of the people with that skill on their working days up to the requested
  date; the smallest set found: from the shortage the energy bound proves per skill (or
  a day's hours of the skills the reasons name, one at a time, then of every skill the
  job needs), doubled until the date holds, then bisected back down;
- ``booked_slip``: booked commitments whose promises would have to move for the date to
  hold, the least important first (:func:`slip_order`), as few as the search finds,
  each with the days it would end late;
- ``partial_delivery``: when the job has independent parts (tasks not linked by any
  dependency), the parts that can be delivered by the requested date and when the rest
  follows;
- ``later_date``: the earliest date without any change.

All of it runs inside the call's one time budget, each kind with its share of what is
left (:data:`LEVER_SHARES`); ``Levers.complete`` says whether every search ran to its
end. A lever is reported only once verified, so a search cut short misses levers but
never reports a wrong one.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    >>> job = Commitment(id="J1", due=date(2026, 12, 9),
    ...                  tasks=[Task(id="fit", skill="install", effort_hours=270)])
    >>> found = planner.check(job, levers=True, time_limit=5).levers
    >>> [lever.kind for lever in found.levers]
    ['extra_hours', 'later_date']
    >>> found.levers[0].resulting_date <= job.due
    True
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

import numpy as np

from feasibility.book import Book
from feasibility.capacity import effort_units
from feasibility.check import Outcome, first_starts, run_check
from feasibility.explain import short_hours, working_days_between
from feasibility.models import Commitment, Task
from feasibility.rubric import Rubric
from feasibility.whole_book import whole_book_check
from solvers import Resource
from solvers.deadline import Deadline

LeverKind = Literal["extra_hours", "booked_slip", "partial_delivery", "later_date"]

PROBE_SHARE = 0.25
"""The share of the time left that one probe (a check with a lever applied) may use."""
MIN_PROBE_SHARE = 0.5
"""A probe starts only with at least this share of the slowest probe's time left."""
BISECTIONS = 5
"""Halvings of the range of extra hours when shrinking a lever."""
FIRST_HOURS = 8.0
"""Extra hours per skill tried first where the energy bound proves no shortage."""
LEVER_SHARES = (0.8, 0.5, 1.0)
"""The share of the time left that the search for extra hours, then for booked work to
slip, then for a partial delivery may use."""
MOST_SLIP_CANDIDATES = 96
"""Booked commitments considered for slipping (those holding most of the job's people's
hours before the requested date)."""
MOST_SHRINK_PROBES = 12
"""Commitments asked, one by one, whether the date holds without them slipping."""


@dataclass(frozen=True)
class WeekHours:
    """Extra hours of a skill in the week that starts on ``week`` (a Monday), on the
    working days of that week up to the requested date."""

    skill: str
    week: date
    hours: float


@dataclass(frozen=True)
class Slip:
    """A booked commitment that would end past its own promise."""

    commitment: str
    customer: str
    priority: int
    due: date | None
    promised: date
    """The latest day its promise allows: its due date, or its planned finish if that is
    later (or it has none)."""
    finish: date
    """The day it would end with the lever applied."""
    days_late: int
    """Calendar days past ``promised``."""


@dataclass(frozen=True)
class Part:
    """Tasks of the job delivered together, and the day the last of them ends."""

    tasks: tuple[str, ...]
    finish: date


@dataclass(frozen=True)
class Lever:
    """One way to make the requested date possible (or the best date without change).

    ``resulting_date`` is the earliest date with the lever applied (for a partial
    delivery: when the rest follows); ``meets_request`` whether it is on or before the
    requested date (for a partial delivery: whether the first part is).
    """

    kind: LeverKind
    sentence: str
    resulting_date: date | None
    meets_request: bool
    hours: tuple[WeekHours, ...] = ()
    slips: tuple[Slip, ...] = ()
    parts: tuple[Part, ...] = ()

    @property
    def total_hours(self) -> float:
        return sum(h.hours for h in self.hours)

    def __str__(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class Levers:
    """The levers for one verdict, ranked: those that meet the request first (extra
    hours, then slipping booked work, then a partial delivery), the later date last."""

    commitment: str
    requested: date
    earliest: date | None
    """The earliest date without any change."""
    levers: tuple[Lever, ...]
    complete: bool
    """Whether every lever was searched within the time budget."""

    def of_kind(self, kind: LeverKind) -> Lever | None:
        return next((lever for lever in self.levers if lever.kind == kind), None)


SlipOrder = Callable[[Book, Sequence[str]], list[str]]
"""Orders booked commitments, the first the one to slip first."""


def slip_order(book: Book, commitments: Sequence[str], rubric: Rubric | None = None) -> list[str]:
    """The order in which booked commitments are asked to slip: the lowest score under
    the priority ``rubric`` first (the default rubric scores by priority), then the
    latest due date, then booking order.

    Example:
        >>> from feasibility import Calendar, Person, Planner
        >>> booked = [Commitment(id=c, priority=p, due=date(2026, 12, 31),
        ...                      attributes={"contract_value": v},
        ...                      tasks=[Task(id="x", skill="fit", effort_hours=8)])
        ...           for c, p, v in (("A", 5, 10.0), ("B", 1, 90.0))]
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30), commitments=booked)
        >>> slip_order(planner.book_state, ["A", "B"])
        ['B', 'A']
        >>> slip_order(planner.book_state, ["A", "B"], Rubric(weights={"contract_value": 1}))
        ['A', 'B']
    """
    scoring = rubric or Rubric()
    position = {c: k for k, c in enumerate(book.booked)}

    def key(c: str) -> tuple[float, int, int]:
        commitment = book.booked[c]
        due = commitment.due.toordinal() if commitment.due is not None else 10**9
        return (scoring.score(commitment), -due, position[c])

    return sorted(commitments, key=key)


def find_levers(
    book: Book,
    job: Commitment,
    *,
    earliest: date | None,
    deadline: Deadline,
    workers: int = 1,
    order: SlipOrder = slip_order,
    focus: Sequence[str] = (),
) -> Levers | None:
    """The levers for ``job`` against ``book``; ``None`` when it has no requested date
    or the date already holds. ``focus``: skills the reasons name as binding, whose
    extra hours are tried alone first.

    Example:
        >>> from feasibility import Calendar, Person, Planner
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30))
        >>> job = Commitment(id="J", due=date(2026, 11, 30),
        ...                  tasks=[Task(id="x", skill="fit", effort_hours=12)])
        >>> found = find_levers(planner.book_state, job, earliest=date(2026, 12, 1),
        ...                     deadline=Deadline(5))
        >>> [(h.skill, h.week, h.hours) for h in found.levers[0].hours]
        [('fit', datetime.date(2026, 11, 30), 4.0)]
    """
    due = job.due
    if due is None or (earliest is not None and earliest <= due):
        return None
    search = _Search(book, job, deadline, workers, tuple(focus))
    found: list[Lever] = []
    complete = True
    searches: tuple[Callable[[], Lever | None], ...] = (
        search.extra_hours,
        lambda: search.booked_slip(order),
        search.partial,
    )
    for share, make in zip(LEVER_SHARES, searches, strict=True):
        # each kind gets its share of the time left, so one slow search cannot starve
        # the others; what a quick one leaves goes to those after it
        search.deadline = Deadline(deadline.remaining() * share)
        lever = make()
        complete &= not search.deadline.expired() and not search.cut
        if lever is not None:
            found.append(lever)
    found.sort(key=lambda lever: not lever.meets_request)
    found.append(_later_date(book, job, due, earliest))
    return Levers(job.id, due, earliest, tuple(found), complete)


def _later_date(book: Book, job: Commitment, due: date, earliest: date | None) -> Lever:
    if earliest is None:
        sentence = f"Without any change no date within the planning horizon works for {job.id}."
    else:
        gap = working_days_between(book.staffing, due, earliest)
        sentence = (
            f"Without any change the earliest date for {job.id} is {earliest:%a %d %b %Y}, "
            f"{gap} working day{'s' if gap != 1 else ''} after the requested {due:%d %b %Y}."
        )
    return Lever("later_date", sentence, earliest, False)


class _Search:
    """Probes: the job checked against a changed book, within the call's deadline."""

    def __init__(
        self,
        book: Book,
        job: Commitment,
        deadline: Deadline,
        workers: int,
        focus: tuple[str, ...] = (),
    ) -> None:
        self.book = book
        self.focus = focus
        self.slowest = 0.0
        """The least time a probe is started with: a share of the slowest so far."""
        self.cut = False
        """Whether a probe was left out for want of time."""
        self.job = job
        self.deadline = deadline
        self.workers = workers
        assert job.due is not None
        self.due = job.due
        self.due_end = (job.due - book.staffing.start).days + 1
        self.shortage = short_hours(book, job)
        self.first_start = first_starts(book, job)

    def _day(self, period: int) -> date:
        return self.book.staffing.start + timedelta(days=period)

    def probe(self, book: Book, job: Commitment | None = None, exact: bool = False) -> Outcome:
        """The check of ``job`` (the whole job) against ``book``; with ``exact`` it
        looks for the earliest date, else only whether the requested one holds."""
        if self.deadline.remaining() < self.slowest:
            # a probe is not interruptible while it builds: one that would not end in
            # the time left is not started (the search counts it as failed)
            self.cut = True
            return Outcome(None, self.due_end + 1, False, {}, "none")
        began = time.perf_counter()
        asked = job or self.job
        budget = Deadline(self.deadline.share(1.0 if exact else PROBE_SHARE))
        if any(t.contiguous for t in asked.tasks):  # as the planner checks such a job
            found = whole_book_check(book, asked, budget, self.workers)
        else:
            enough = None if exact else self.due_end
            found = run_check(book, asked, budget, self.workers, enough=enough)
        self.slowest = max(self.slowest, MIN_PROBE_SHARE * (time.perf_counter() - began))
        return found

    def meets(self, outcome: Outcome) -> bool:
        return outcome.finish is not None and outcome.finish <= self.due_end

    # -- extra hours ---------------------------------------------------------------------

    def extra_hours(self) -> Lever | None:
        """The smallest extra hours found that make the date hold: from the hours the
        energy bound proves short per skill (or a day's hours of every skill the job
        needs), doubled until the date holds, then bisected back down."""
        needs: dict[str, float] = {}
        for task in self.job.tasks:
            if task.skill is not None and task.remaining_hours > 0:
                needs[task.skill] = needs.get(task.skill, 0.0) + task.remaining_hours
        if not needs:
            return None
        weeks = len(self._weeks())
        everything = {skill: hours * weeks for skill, hours in needs.items()}
        gate = self._holds_with(everything)
        if gate is None:
            return None  # no hours help: the chain or its lead times bind
        short = {s: h for s, h in self.shortage.items() if s in needs}
        trials = [short] if short else []
        trials.extend({s: FIRST_HOURS} for s in self.focus if s in needs and s not in short)
        trials.append({s: max(short.get(s, 0.0), FIRST_HOURS) for s in needs})
        best: tuple[dict[str, float], Outcome] = (everything, gate)
        for base in trials:
            if self.deadline.expired():
                break
            grown = self._grown(base, {s: everything[s] for s in base})
            if grown is not None:
                best = grown
                break
        hours = self._spread(best[0])
        final = self.probe(self._raised(hours), exact=True)
        if not self.meets(final):  # no time left to look for the earliest date with it
            final = best[1]
        assert final.finish is not None
        finish = self._day(final.finish - 1)
        sentence = (
            f"Adding {_by_skill(hours)} (overtime or a contractor) makes it: {self.job.id} "
            f"can be ready on {finish:%a %d %b %Y}, meeting {self.due:%d %b %Y}."
        )
        return Lever("extra_hours", sentence, finish, True, hours=tuple(hours))

    def _holds_with(self, amounts: Mapping[str, float]) -> Outcome | None:
        """The probe with ``amounts`` of extra hours per skill, if the date holds."""
        found = self.probe(self._raised(self._spread(amounts)))
        return found if self.meets(found) else None

    def _grown(
        self, base: dict[str, float], cap: dict[str, float]
    ) -> tuple[dict[str, float], Outcome] | None:
        """Hours per skill from ``base`` doubled (up to ``cap``) until the date holds,
        then bisected between the last that failed and the first that held, while
        there is time for one more probe after it."""
        low: dict[str, float] = dict.fromkeys(base, 0.0)
        high = dict(base)
        held = self._holds_with(high)
        while held is None:
            if self.deadline.expired() or self.cut or high == cap:
                return None
            low, high = high, {s: min(2 * h, cap[s]) for s, h in high.items()}
            held = self._holds_with(high)
        for _ in range(BISECTIONS):
            if (
                self.deadline.remaining() < 2 * self.slowest
                or sum(high.values()) - sum(low.values()) < 1
            ):
                break
            middle = {s: float(math.ceil((low[s] + high[s]) / 2)) for s in high}
            if middle == high:
                break
            found = self._holds_with(middle)
            if found is not None:
                high, held = middle, found
            else:
                low = middle
        return high, held

    def _weeks(self) -> list[date]:
        start = self.book.staffing.start
        monday = start - timedelta(days=start.weekday())
        found = []
        while monday <= self.due:
            found.append(monday)
            monday += timedelta(days=7)
        return found

    def _spread(self, amounts: Mapping[str, float]) -> list[WeekHours]:
        """Hours per skill spread over the weeks from the earliest day the job's work of
        that skill can start to the requested date, in proportion to the working hours
        its people have in each week (whole hours, rounded up)."""
        staffing = self.book.staffing
        capacity = np.asarray(self.book.plan.capacity)
        found = []
        for skill, hours in sorted(amounts.items()):
            if hours <= 0:
                continue
            people = list(staffing.people_on(self.job, skill))
            first = self.first_start.get(skill, 0)
            per_week: dict[date, int] = {}
            for monday in self._weeks():
                lo = max((monday - staffing.start).days, first)
                hi = min((monday - staffing.start).days + 7, self.due_end, staffing.horizon)
                if hi > lo:
                    per_week[monday] = int(capacity[people, lo:hi].sum())
            total = sum(per_week.values())
            if total == 0:
                continue
            for monday, units in per_week.items():
                share = float(math.ceil(hours * units / total))
                if share > 0:
                    found.append(WeekHours(skill, monday, share))
        return found

    def _raised(self, hours: Sequence[WeekHours]) -> Book:
        """The book with ``hours`` added to the capacity of the skill's people on the
        working days they have in each week, spread evenly (in the model's units)."""
        return raised(self.book, hours, until=self.due_end, job=self.job, first=self.first_start)

    # -- booked work that would slip -------------------------------------------------------

    def booked_slip(self, order: SlipOrder) -> Lever | None:
        """As few booked commitments as the search finds whose promises, relaxed, let the
        date hold; asked in ``order``, then each dropped again if the date still holds."""
        candidates = order(self.book, self._holders())
        if not candidates:
            return None
        every = self._holds_relaxed(candidates)
        if every is None:
            return None  # slipping them all does not help: the job's own chain binds
        chosen, held = candidates, every
        size = 1
        while size < len(candidates) and not self.deadline.expired():
            found = self._holds_relaxed(candidates[:size])
            if found is not None:
                chosen, held = candidates[:size], found
                break
            size = min(2 * size, len(candidates))
        for c in list(reversed(chosen))[:MOST_SHRINK_PROBES]:
            if len(chosen) == 1 or self.deadline.remaining() < 2 * self.slowest:
                break
            fewer = [x for x in chosen if x != c]
            found = self._holds_relaxed(fewer)
            if found is not None:
                chosen, held = fewer, found
        final = self.probe(self._relaxed(chosen), exact=True)
        if not self.meets(final):  # no time left to look for the earliest date with it
            final = held
        assert final.finish is not None
        slips = self._slips(final, chosen)
        if not slips:  # relaxing was not what made room: nothing ends late
            return None
        finish = self._day(final.finish - 1)
        named = "; ".join(
            f"{s.commitment} ({s.customer + ', ' if s.customer else ''}priority {s.priority}) "
            f"would end {s.finish:%d %b} instead of by {s.promised:%d %b}, {s.days_late} day"
            f"{'s' if s.days_late != 1 else ''} late"
            for s in slips
        )
        sentence = (
            f"If booked work slips past its promise ({named}), {self.job.id} can be ready on "
            f"{finish:%a %d %b %Y}, meeting {self.due:%d %b %Y}."
        )
        return Lever("booked_slip", sentence, finish, True, slips=slips)

    def _holds_relaxed(self, commitments: Sequence[str]) -> Outcome | None:
        """The probe with these commitments' promises relaxed, if the date holds."""
        found = self.probe(self._relaxed(commitments))
        return found if self.meets(found) else None

    def _holders(self) -> list[str]:
        """Booked commitments with movable work of the job's people before the requested
        date, the most hours first."""
        book = self.book
        cols = book.plan.columns
        if not len(cols.slots):
            return []
        people = sorted(
            {
                r
                for t in self.job.tasks
                if t.skill
                for r in book.staffing.people_for(t.skill, t.people)
            }
        )
        mask = np.isin(cols.resources, people) & (cols.periods < self.due_end)
        mask &= book.slot_movable[cols.slots]
        owners = book.slot_commitment[cols.slots[mask]]
        hours: dict[str, int] = {}
        for owner, amount in zip(owners.tolist(), cols.amounts[mask].tolist(), strict=True):
            if owner is not None:
                hours[owner] = hours.get(owner, 0) + int(amount)
        ranked = sorted(hours, key=lambda c: (-hours[c], c))
        return ranked[:MOST_SLIP_CANDIDATES]

    def _relaxed(self, commitments: Sequence[str]) -> Book:
        horizon = self.book.staffing.horizon
        return self.book.with_changes({}, limits={c: horizon for c in commitments})

    def _slips(self, outcome: Outcome, chosen: Sequence[str]) -> tuple[Slip, ...]:
        book = self.book
        after = book.with_changes({k: s for k, s in outcome.changes.items() if k[0] != self.job.id})
        found = []
        for c in chosen:
            end = after.planned_end(c)
            if end <= book.limits[c]:
                continue
            commitment = book.booked[c]
            promised, finish = self._day(book.limits[c] - 1), self._day(end - 1)
            found.append(
                Slip(
                    commitment=c,
                    customer=commitment.customer,
                    priority=commitment.priority,
                    due=commitment.due,
                    promised=promised,
                    finish=finish,
                    days_late=(finish - promised).days,
                )
            )
        return tuple(found)

    # -- partial delivery ------------------------------------------------------------------

    def partial(self) -> Lever | None:
        """The independent parts that fit by the requested date together, and when the
        rest follows once they are planned."""
        parts = independent_parts(self.job)
        if len(parts) < 2:
            return None
        alone = []
        for part in parts:
            if self.deadline.expired():
                return None
            outcome = self.probe(self.book, self._part(part))
            if self.meets(outcome):
                alone.append(part)
        if not alone:
            return None
        first: list[Task] = []
        first_outcome: Outcome | None = None
        for part in alone:
            trial = self.probe(self.book, self._part([*first, *part]))
            if self.meets(trial):
                first = [*first, *part]
                first_outcome = trial
        if first_outcome is None or len(first) == len(self.job.tasks):
            return None
        head = self._part(first)
        done = self.probe(self.book, head, exact=True)
        if not self.meets(done):
            done = first_outcome
        assert done.finish is not None
        planned = self.book.with_changes(dict(done.changes), added=head)
        planned = planned.with_changes({}, limits={head.id: self.due_end})
        rest_tasks = [t for t in self.job.tasks if t.id not in {x.id for x in first}]
        rest = Commitment(
            id=f"{self.job.id} (rest)",
            customer=self.job.customer,
            tasks=rest_tasks,
            priority=self.job.priority,
        )
        later = run_check(planned, rest, Deadline(self.deadline.share(0.9)), self.workers)
        first_day = self._day(done.finish - 1)
        first_ids = tuple(t.id for t in first)
        rest_ids = tuple(t.id for t in rest_tasks)
        if later.finish is None:
            follow = "the rest does not fit within the planning horizon"
            rest_day = None
        else:
            rest_day = self._day(later.finish - 1)
            follow = f"the rest ({', '.join(rest_ids)}) follows on {rest_day:%a %d %b %Y}"
        sentence = (
            f"Partial delivery: {', '.join(first_ids)} can be delivered by "
            f"{self.due:%d %b %Y} (ready {first_day:%d %b}); {follow}."
        )
        shown = [Part(first_ids, first_day)]
        if rest_day is not None:
            shown.append(Part(rest_ids, rest_day))
        return Lever("partial_delivery", sentence, rest_day, True, parts=tuple(shown))

    def _part(self, tasks: Sequence[Task]) -> Commitment:
        return Commitment(
            id=self.job.id,
            customer=self.job.customer,
            due=self.job.due,
            tasks=list(tasks),
            priority=self.job.priority,
        )


def independent_parts(job: Commitment) -> list[list[Task]]:
    """The job's tasks split into parts no dependency links (connected components of
    its task graph), each in the job's task order, the parts by their first task.

    Example:
        >>> from feasibility.models import Commitment, Task
        >>> job = Commitment(id="J", tasks=[
        ...     Task(id="a", skill="s", effort_hours=1), Task(id="b", skill="s", effort_hours=1),
        ...     Task(id="c", skill="s", effort_hours=1, after=["a"])])
        >>> [[t.id for t in part] for part in independent_parts(job)]
        [['a', 'c'], ['b']]
    """
    parent = {t.id: t.id for t in job.tasks}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for task in job.tasks:
        for dep in task.after:
            if dep.task in parent:
                parent[root(dep.task)] = root(task.id)
    groups: dict[str, list[Task]] = {}
    for task in job.tasks:
        groups.setdefault(root(task.id), []).append(task)
    return list(groups.values())


def raised(
    book: Book,
    hours: Sequence[WeekHours],
    until: int | None = None,
    job: Commitment | None = None,
    first: Mapping[str, int] | None = None,
) -> Book:
    """``book`` with extra hours of a skill in named weeks added to the capacity of the
    people with that skill (those ``job``'s tasks of it may use, when given), spread
    evenly over the days each of them works that week (before period ``until``, and
    from period ``first[skill]`` on, when given: the days the job's work can use).

    The added hours never go to a day a person does not work (holidays, time off), so
    they are overtime or a contractor working beside the team.

    Example:
        >>> from feasibility import Calendar, Person, Planner
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30), horizon_days=7)
        >>> more = raised(planner.book_state, [WeekHours("fit", date(2026, 11, 30), 10)])
        >>> (more.plan.capacity[0] / 4).tolist()  # hours a day, Mon .. Sun
        [10.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0]
    """
    staffing = book.staffing
    capacity = np.asarray(book.plan.capacity)
    extra = np.zeros_like(capacity)
    for h in hours:
        people = list(
            staffing.people_with(h.skill) if job is None else staffing.people_on(job, h.skill)
        )
        lo = max((h.week - staffing.start).days, 0, (first or {}).get(h.skill, 0))
        hi = min((h.week - staffing.start).days + 7, staffing.horizon, until or staffing.horizon)
        if not people or hi <= lo:
            continue
        cells = [(r, t) for r in people for t in range(lo, hi) if capacity[r, t] > 0]
        if not cells:
            continue
        units = effort_units(h.hours)
        share, left = divmod(units, len(cells))
        for k, (r, t) in enumerate(cells):
            extra[r, t] += share + (1 if k < left else 0)
    plan = book.plan.raised(extra)
    resources = tuple(
        Resource(capacity=plan.capacity[r], name=res.name)
        for r, res in enumerate(staffing.resources)
    )
    more = replace(staffing, resources=resources)
    return replace(book, staffing=more, plan=plan)


def _total(hours: Sequence[WeekHours]) -> float:
    return sum(h.hours for h in hours)


def _by_skill(hours: Sequence[WeekHours]) -> str:
    """'40 h of 'fit' in the weeks of 30 Nov to 07 Dec (at most 24 h a week)', per skill."""
    parts = []
    for skill in sorted({h.skill for h in hours}):
        mine = sorted((h for h in hours if h.skill == skill), key=lambda h: h.week)
        when = f"in the week of {mine[0].week:%d %b}"
        if len(mine) > 1:
            most = max(h.hours for h in mine)
            when = (
                f"in the weeks of {mine[0].week:%d %b} to {mine[-1].week:%d %b} "
                f"(at most {most:g} h a week)"
            )
        parts.append(f"{_total(mine):g} h of '{skill}' {when}")
    return "; ".join(parts)
