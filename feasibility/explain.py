"""Why a verdict is what it is: reasons by kind (see :mod:`feasibility.reasons`).

Three things can set a commitment's earliest date: its dependency chain (work that
must happen one after another, lead times included), the hours of a skill that are
used up by other work or cut by the calendar, or the planning horizon. The chain is
measured with the job alone and every skilled person free; if the plan finishes later
than that, the difference comes from capacity, and the skill whose people are most
loaded before the finish is named with its weeks, the booked commitments that hold
those hours, the hours the calendar takes from them, and (for a date that cannot be
met) the hours short that the energy bound proves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from feasibility.book import Book
from feasibility.capacity import units_to_hours
from feasibility.check import proven_shortage
from feasibility.compile import Compiled, Role, Staffing, TaskKey, compile_problem
from feasibility.limits import MAX_HORIZON_DAYS
from feasibility.models import DEFAULT_HOURS_PER_DAY, Commitment
from feasibility.reasons import (
    BookedWork,
    CalendarHours,
    DependencyChain,
    HeldHours,
    Horizon,
    LeadTime,
    NoSchedule,
    PersonAbsence,
    Proof,
    Reason,
    RequestedDate,
    SkillCapacity,
)
from solvers import PrecedenceKind, Problem, TaskSchedule
from solvers.bounds import time_windows
from solvers.problem import shift_open

BUSY_SHARE = 0.9
"""A week counts as fully booked for a skill from this share of its hours on."""
MOST_HOLDERS = 5


def busy_weeks(start: date, capacity: np.ndarray, used: np.ndarray) -> list[date]:
    """The Mondays of the weeks in which ``used`` reaches :data:`BUSY_SHARE` of
    ``capacity`` (both per period from period 0, the day ``start``).

    Example:
        >>> hours = np.array(([8] * 5 + [0] * 2) * 2)  # two Mon-Fri weeks
        >>> busy_weeks(date(2026, 11, 30), hours, np.array([8] * 5 + [0] * 9))
        [datetime.date(2026, 11, 30)]
    """
    week = (start.weekday() + np.arange(len(capacity))) // 7
    cap = np.bincount(week, weights=capacity)
    load = np.bincount(week, weights=used)
    first_monday = start - timedelta(days=start.weekday())
    return [
        first_monday + timedelta(weeks=int(k))
        for k in np.flatnonzero((cap > 0) & (load >= BUSY_SHARE * cap))
    ]


def named_few(ids: Sequence[str]) -> str:
    """The first :data:`MOST_HOLDERS` ids, and how many more there are.

    Example:
        >>> named_few(["A", "B", "C", "D", "E", "F", "G"])
        'A, B, C, D, E and 2 more'
    """
    named = ", ".join(ids[:MOST_HOLDERS])
    if len(ids) > MOST_HOLDERS:
        named += f" and {len(ids) - MOST_HOLDERS} more"
    return named


"""Booked commitments named as holding a skill's hours (the largest first)."""


def dependency_chain(
    staffing: Staffing, commitment: Commitment, compiled: Compiled | None = None
) -> tuple[list[str], int]:
    """The longest chain of the job alone (every person free) and its end period;
    ``compiled``: the job alone, when the caller has compiled it already (the check has:
    its time windows are then remembered too)."""
    if compiled is None:
        compiled = compile_problem(staffing, [Role(commitment)], objective_commitment=commitment.id)
    problem = compiled.problem
    if problem.num_tasks == 0:
        return [], 0
    windows = time_windows(problem)
    starts = list(windows.earliest_start)
    # each task's earliest end from its earliest start, with every person free
    finite = [min(e, problem.horizon + 1) for e in windows.earliest_end]
    last = max(range(problem.num_tasks), key=lambda i: (finite[i], -i))
    chain = [last]
    current = last
    while True:
        binding = _binding_predecessor(problem, current, starts, finite)
        if binding is None:
            break
        chain.append(binding)
        current = binding
    chain.reverse()
    return [compiled.keys[i][1] for i in chain], finite[last]


def _binding_predecessor(
    problem: Problem, task: int, starts: list[int], ends: list[int]
) -> int | None:
    """The predecessor that releases ``task`` last (``None`` without one)."""
    best: tuple[int, int] | None = None
    for prec in problem.precedences:
        if prec.succ != task or prec.kind != PrecedenceKind.FINISH_TO_START:
            continue
        calendar = None if prec.calendar is None else problem.calendars[prec.calendar]
        released = shift_open(calendar, ends[prec.pred], prec.lag)
        if best is None or released > best[0]:
            best = (released, prec.pred)
    return None if best is None else best[1]


def explain(
    *,
    staffing: Staffing,
    commitment: Commitment,
    book: Book,
    changes: Mapping[TaskKey, TaskSchedule],
    job_schedules: Mapping[TaskKey, TaskSchedule],
    earliest: date | None,
    proven: bool,
    bound: date | None,
    moved: tuple[str, ...],
    infeasible_reason: str | None,
    horizon_binds: bool = True,
    compiled: Compiled | None = None,
) -> tuple[Reason, ...]:
    """The reasons behind a verdict, most important first.

    ``infeasible_reason``: when no schedule exists at all, why, in the domain's words
    (see :mod:`feasibility.diagnose`); ``horizon_binds``: whether a longer horizon could
    help (not when a pin cannot be served, say); ``compiled``: the job alone, as the
    check compiled it.
    """
    reasons: list[Reason] = []
    chain, chain_end = dependency_chain(staffing, commitment, compiled)
    horizon_end = staffing.start + timedelta(days=staffing.horizon - 1)
    chain_days = int(staffing.working[: min(chain_end, staffing.horizon)].sum())
    chain_finish = staffing.start + timedelta(days=chain_end - 1)
    if earliest is None:
        reasons.append(
            Horizon(
                sentence=f"No date up to the end of the planning horizon ({horizon_end:%d %b %Y}) "
                "works.",
                horizon_end=horizon_end,
                days=staffing.horizon,
                can_grow=horizon_binds and staffing.horizon < MAX_HORIZON_DAYS,
            )
        )
        if infeasible_reason is not None:
            reasons.append(
                NoSchedule(sentence=f"{infeasible_reason[:1].upper()}{infeasible_reason[1:]}.")
            )
        reasons.extend(_shortfalls(staffing, commitment))
        if chain and chain_end > staffing.horizon:
            reasons.append(
                DependencyChain(
                    sentence=f"The dependency chain {' -> '.join(chain)} alone runs past the "
                    "horizon.",
                    tasks=tuple(chain),
                    working_days=chain_days,
                    finish=chain_finish,
                    binding=True,
                    past_horizon=True,
                )
            )
        if horizon_binds and staffing.horizon < MAX_HORIZON_DAYS:
            reasons.append(
                Horizon(
                    sentence=f"The planner looks {staffing.horizon} days ahead; a Planner with a "
                    f"longer horizon_days (at most {MAX_HORIZON_DAYS}) looks further.",
                    horizon_end=horizon_end,
                    days=staffing.horizon,
                    can_grow=True,
                )
            )
        return tuple(reasons)
    due = commitment.due
    if due is not None:
        reasons.append(_requested(staffing, due, earliest))
    if chain:
        what = (
            f"The task '{chain[0]}' alone"
            if len(chain) == 1
            else f"The dependency chain {' -> '.join(chain)}"
        )
        binding = chain_finish >= earliest
        sentence = (
            f"{what} needs {chain_days} working day{'s' if chain_days != 1 else ''} even with "
            f"every skilled person it may use on it, so nothing finishes before "
            f"{chain_finish:%d %b %Y}."
        )
        if binding:
            sentence += " That is what sets the earliest date."
        reasons.append(
            DependencyChain(
                sentence=sentence,
                tasks=tuple(chain),
                working_days=chain_days,
                finish=chain_finish,
                binding=binding,
            )
        )
        leads = [t for t in commitment.tasks if t.id in chain and t.lead_time_days is not None]
        for lead in leads:
            assert lead.lead_time_days is not None
            reasons.append(
                LeadTime(
                    sentence=f"The lead time '{lead.id}' ({lead.lead_time_days} calendar days) "
                    "is on that chain and cannot be shortened by staff.",
                    task=lead.id,
                    days=lead.lead_time_days,
                )
            )
        if not binding and job_schedules:
            reasons.extend(_bottleneck(staffing, commitment, book, changes, earliest))
    if due is not None and earliest > due:
        named = {r.skill for r in reasons if isinstance(r, SkillCapacity)}
        reasons.extend(_short_skills(book, commitment, due, exclude=named))
        cut = {r.skill for r in reasons if isinstance(r, CalendarHours)}
        # the skills that bind: short ones, or those of the work on a binding chain
        binds = {r.skill for r in reasons if isinstance(r, SkillCapacity) and r.skill}
        if chain and chain_finish >= earliest:
            binds |= {t.skill for t in commitment.tasks if t.id in chain and t.skill is not None}
        for skill in sorted(binds - cut):
            lost = calendar_hours(staffing, skill, staffing.start, due)
            if lost is not None:
                reasons.append(lost)
    if moved:
        reasons.append(_moves(staffing, book, changes, moved))
    reasons.append(_proof(earliest, proven, bound))
    return tuple(reasons)


def _requested(staffing: Staffing, due: date, earliest: date) -> RequestedDate:
    if earliest > due:
        gap = working_days_between(staffing, due, earliest)
        sentence = (
            f"The requested date {due:%d %b %Y} is {gap} working day{'s' if gap != 1 else ''} "
            f"before the earliest achievable date {earliest:%d %b %Y}."
        )
        return RequestedDate(sentence, due, earliest, gap, feasible=False)
    spare = working_days_between(staffing, earliest, due)
    sentence = (
        f"It fits: ready on {earliest:%d %b %Y}, {spare} working day"
        f"{'s' if spare != 1 else ''} before the requested {due:%d %b %Y}."
    )
    return RequestedDate(sentence, due, earliest, spare, feasible=True)


def _proof(earliest: date, proven: bool, bound: date | None) -> Proof:
    if proven:
        sentence = (
            f"Proven: no schedule finishes before {earliest:%d %b %Y} without breaking a promise."
        )
        return Proof(sentence, proven=True, earliest=earliest)
    if bound is not None and bound < earliest:
        sentence = (
            f"Not before {bound:%d %b %Y} (proven); found {earliest:%d %b %Y}. A date in "
            "between was not ruled out within the time limit."
        )
        return Proof(sentence, proven=False, earliest=earliest, bound=bound)
    sentence = (
        "This is the best date found within the time limit; an earlier one was not ruled out."
    )
    return Proof(sentence, proven=False, earliest=earliest, bound=bound)


def _moves(
    staffing: Staffing, book: Book, changes: Mapping[TaskKey, TaskSchedule], moved: tuple[str, ...]
) -> BookedWork:
    hours: dict[str, int] = defaultdict(int)
    for (c, _), schedule in changes.items():
        if c in moved:
            hours[c] += sum(u.amount for u in schedule.usage)
    held = tuple(
        HeldHours(c, units_to_hours(hours[c]), book.booked[c].due)
        for c in moved
        if c in book.booked
    )
    return BookedWork(
        sentence=f"To fit it, booked work of {named_few(moved)} moves; every booked promise "
        "still holds.",
        commitments=held,
        moves=True,
    )


def working_days_between(staffing: Staffing, first: date, last: date) -> int:
    """Working days of the shared calendar in (first, last].

    Example:
        >>> from feasibility.models import Calendar
        >>> staffing = Staffing.build(Calendar(), [], date(2026, 11, 30), 14)
        >>> working_days_between(staffing, date(2026, 12, 4), date(2026, 12, 8))  # Fri..Tue
        2
    """
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        count += int(staffing.calendar.is_working(day))
        day += timedelta(days=1)
    return count


def _bottleneck(
    staffing: Staffing,
    commitment: Commitment,
    book: Book,
    changes: Mapping[TaskKey, TaskSchedule],
    earliest: date,
) -> list[Reason]:
    """The skill whose people are the most loaded up to the earliest date, with its weeks,
    the booked work that holds those hours, what the calendar takes from them, and the
    hours short that the energy bound proves for the requested date."""
    until = (earliest - staffing.start).days + 1
    used = np.asarray(book.plan.capacity - book.plan.residual, dtype=np.int64).copy()
    own = np.zeros_like(used)
    for key, schedule in changes.items():
        previous = book.schedule(key) if key in book.slots else None
        for u in previous.usage if previous is not None else ():
            used[u.resource, u.period] -= u.amount
        for u in schedule.usage:
            used[u.resource, u.period] += u.amount
            if key[0] == commitment.id:
                own[u.resource, u.period] += u.amount
    best: tuple[float, str, list[date], int, int] | None = None
    loaded: tuple[float, str, int, int] | None = None
    skills = sorted({t.skill for t in commitment.tasks if t.skill is not None})
    for skill in skills:
        people = list(staffing.people_on(commitment, skill))
        if not people:
            continue
        capacity = np.stack([staffing.resources[r].capacity for r in people])[:, :until]
        load = used[people, :until]
        weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
        for t in range(until):
            day = staffing.start + timedelta(days=t)
            monday = day - timedelta(days=day.weekday())
            weeks[monday][0] += int(capacity[:, t].sum())
            weeks[monday][1] += int(load[:, t].sum())
            weeks[monday][2] += int(own[people, t].sum())
        busy = busy_weeks(staffing.start, capacity.sum(axis=0), load.sum(axis=0))
        total_cap = int(capacity.sum())
        share = float(load.sum()) / total_cap if total_cap else 0.0
        if loaded is None or share > loaded[0]:
            other = int(load.sum()) - int(own[people, :until].sum())
            loaded = (share, skill, total_cap, other)
        if busy and (best is None or share > best[0]):
            cap_h = sum(weeks[m][0] for m in busy)
            other_h = sum(weeks[m][1] - weeks[m][2] for m in busy)
            best = (share, skill, sorted(busy), cap_h, other_h)
    if best is None:
        if loaded is None:
            return []
        _, skill, cap_units, other_units = loaded
        return [
            SkillCapacity(
                sentence="Capacity, not the dependency chain, sets the date: the hours of the "
                f"'{skill}' people are taken on the days it could use them.",
                skill=skill,
                people=tuple(staffing.staff[r].id for r in staffing.people_on(commitment, skill)),
                weeks=(),
                hours_available=units_to_hours(cap_units),
                hours_booked=units_to_hours(other_units),
            )
        ]
    _, skill, mondays, cap_units, other_units = best
    people_ids = tuple(staffing.staff[r].id for r in staffing.people_on(commitment, skill))
    who = len(people_ids)
    labels = [f"{m:%d %b}" for m in mondays]
    short = short_hours(book, commitment).get(skill)
    sentence = (
        f"'{skill}' hours run out: its {who} {'people are' if who != 1 else 'person is'} fully "
        f"booked in the week{'s' if len(labels) != 1 else ''} of {', '.join(labels)} "
        f"({units_to_hours(cap_units):g} h available, {units_to_hours(other_units):g} h of it "
        "on other commitments)."
    )
    if short is not None and commitment.due is not None:
        sentence += f" By {commitment.due:%d %b %Y} at least {short:g} h of '{skill}' are missing."
    reasons: list[Reason] = [
        SkillCapacity(
            sentence=sentence,
            skill=skill,
            people=people_ids,
            weeks=tuple(mondays),
            hours_available=units_to_hours(cap_units),
            hours_booked=units_to_hours(other_units),
            hours_short=short,
        )
    ]
    holders = _holders(staffing, book, commitment, skill, mondays, until)
    if holders is not None:
        reasons.append(holders)
    lost = calendar_hours(staffing, skill, staffing.start, earliest)
    if lost is not None:
        reasons.append(lost)
    return reasons


def short_hours(book: Book, commitment: Commitment) -> dict[str, float]:
    """Per skill of the job, the hours that cannot fit by its due date even with booked
    work moved as its promises allow (the energy bound: a proven shortage); skills
    without one are left out.

    Example:
        >>> from feasibility import Calendar, Person, Planner, Task
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30))
        >>> job = Commitment(id="J", due=date(2026, 12, 1),  # two 8-hour days
        ...                  tasks=[Task(id="x", skill="fit", effort_hours=20)])
        >>> short_hours(planner.book_state, job)
        {'fit': 4.0}
    """
    staffing = book.staffing
    if commitment.due is None:
        return {}
    end = (commitment.due - staffing.start).days + 1
    if end <= 0:
        return {}
    shortages = proven_shortage(book, commitment, min(end, staffing.horizon))
    found: dict[str, float] = {}
    for skill in sorted({t.skill for t in commitment.tasks if t.skill is not None}):
        people = frozenset(staffing.people_on(commitment, skill))
        units = [u for test, u in shortages if frozenset(test) == people and u > 0]
        if units:
            found[skill] = units_to_hours(max(units))
    return found


def _short_skills(book: Book, commitment: Commitment, due: date, exclude: set[str]) -> list[Reason]:
    """A skill capacity reason for every skill proven short by ``due`` not named yet."""
    staffing = book.staffing
    end = min((due - staffing.start).days + 1, staffing.horizon)
    free = np.asarray(book.fixed_capacity)
    held = np.asarray(book.fixed_capacity) - np.asarray(book.plan.residual)
    found: list[Reason] = []
    for skill, short in short_hours(book, commitment).items():
        if skill in exclude:
            continue
        people = list(staffing.people_on(commitment, skill))
        available = units_to_hours(int(free[people, :end].sum()))
        booked = units_to_hours(int(held[people, :end].sum()))
        who = len(people)
        monday = staffing.start - timedelta(days=staffing.start.weekday())
        weeks = []
        while monday <= due:
            weeks.append(monday)
            monday += timedelta(days=7)
        found.append(
            SkillCapacity(
                sentence=_short_sentence(skill, who, available, booked, short, due),
                skill=skill,
                people=tuple(staffing.staff[r].id for r in people),
                weeks=tuple(weeks),
                hours_available=available,
                hours_booked=booked,
                hours_short=short,
            )
        )
    return found


def _short_sentence(
    skill: str, who: int, available: float, booked: float, short: float, due: date
) -> str:
    held = f" ({booked:g} h of it held by booked work with promises of its own)" if booked else ""
    return (
        f"'{skill}' is short: its {who} {'people have' if who != 1 else 'person has'} "
        f"{available:g} h up to {due:%d %b %Y}{held}, at least {short:g} h fewer than needed."
    )


def _holders(
    staffing: Staffing,
    book: Book,
    commitment: Commitment,
    skill: str,
    mondays: list[date],
    until: int,
) -> BookedWork | None:
    """The booked commitments whose work holds the skill's people's hours in ``mondays``'
    weeks (before ``until``), the most hours first."""
    cols = book.plan.columns
    if not len(cols.slots):
        return None
    people = np.asarray(staffing.people_on(commitment, skill), dtype=np.int64)
    first = (mondays[0] - staffing.start).days
    last = min((mondays[-1] - staffing.start).days + 7, until)
    mask = np.isin(cols.resources, people) & (cols.periods >= first) & (cols.periods < last)
    owners = book.slot_commitment[cols.slots[mask]]
    hours: dict[str, int] = defaultdict(int)
    for owner, amount in zip(owners.tolist(), cols.amounts[mask].tolist(), strict=True):
        if owner is not None and owner != commitment.id:
            hours[owner] += int(amount)
    if not hours:
        return None
    ranked = sorted(hours, key=lambda c: (-hours[c], c))
    held = tuple(
        HeldHours(c, units_to_hours(hours[c]), book.booked[c].due) for c in ranked[:MOST_HOLDERS]
    )
    named = ", ".join(f"{h.commitment} ({h.hours:g} h)" for h in held)
    more = len(ranked) - len(held)
    tail = f" and {more} more" if more > 0 else ""
    return BookedWork(
        sentence=f"Those '{skill}' hours are held by booked work: {named}{tail}.",
        commitments=held,
        skill=skill,
        weeks=tuple(mondays),
    )


def calendar_hours(staffing: Staffing, skill: str, first: date, last: date) -> CalendarHours | None:
    """What holidays, time off and part-time hours take from ``skill``'s people between
    ``first`` and ``last`` (inclusive), against a full working week; ``None`` if nothing.

    Example:
        >>> from feasibility.compile import Staffing
        >>> from feasibility.models import Calendar, Person
        >>> off = [(date(2026, 12, 1), date(2026, 12, 2))]
        >>> ann = Person(id="ann", skills={"fit"}, time_off=off)
        >>> staffing = Staffing.build(Calendar(), [ann], date(2026, 11, 30), 14)
        >>> lost = calendar_hours(staffing, "fit", date(2026, 11, 30), date(2026, 12, 4))
        >>> lost.hours_lost, [(a.person, a.first, a.last) for a in lost.time_off]
        (16.0, [('ann', datetime.date(2026, 12, 1), datetime.date(2026, 12, 2))])
    """
    shared = staffing.calendar
    people = [staffing.staff[r] for r in staffing.people_with(skill)]
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    weekdays = [d for d in days if d.weekday() in shared.workdays]
    holidays = tuple(d for d in weekdays if d in shared.holidays)
    absences: list[PersonAbsence] = []
    part_time: list[str] = []
    lost = 0.0
    for person in people:
        lost += sum(DEFAULT_HOURS_PER_DAY - person.hours_on(d, shared) for d in weekdays)
        own = person.working_calendar(shared)
        if person.daily_hours(shared) * len(own.workdays) < DEFAULT_HOURS_PER_DAY * len(
            shared.workdays
        ):
            part_time.append(person.id)
        for start, end in person.time_off_ranges:
            lo, hi = max(start, first), min(end, last)
            if lo > hi:
                continue
            span = [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]
            usual = person.daily_hours(shared)
            hours = sum(usual for d in span if own.is_working(d))
            if hours > 0:
                absences.append(PersonAbsence(person.id, lo, hi, hours))
    if lost <= 0 or not (holidays or absences or part_time):
        return None
    parts = []
    if holidays:
        parts.append(
            f"holiday{'s' if len(holidays) != 1 else ''} on "
            + ", ".join(f"{d:%d %b}" for d in holidays)
        )
    parts.extend(
        f"{a.person} is off {a.first:%d %b}"
        + (f" to {a.last:%d %b}" if a.last != a.first else "")
        + f" ({a.hours:g} h)"
        for a in absences
    )
    if part_time:
        parts.append(f"{', '.join(part_time)} work{'s' if len(part_time) == 1 else ''} part-time")
    sentence = (
        f"The calendar takes {lost:g} h from the '{skill}' people between {first:%d %b} and "
        f"{last:%d %b %Y}: {'; '.join(parts)}."
    )
    return CalendarHours(
        sentence=sentence,
        skill=skill,
        first=first,
        last=last,
        holidays=holidays,
        time_off=tuple(absences),
        part_time=tuple(part_time),
        hours_lost=lost,
    )


def _shortfalls(staffing: Staffing, commitment: Commitment) -> list[Reason]:
    """Skills whose people have fewer hours in the whole horizon than the job needs."""
    needed: dict[str, float] = defaultdict(float)
    for task in commitment.tasks:
        if task.skill is not None:
            needed[task.skill] += task.remaining_hours
    found: list[Reason] = []
    for skill, hours in sorted(needed.items()):
        people = staffing.people_on(commitment, skill)
        available = sum(units_to_hours(int(staffing.resources[r].capacity.sum())) for r in people)
        if available < hours:
            found.append(
                SkillCapacity(
                    sentence=f"'{skill}' needs {hours:g} h but its people have only "
                    f"{available:g} h in the whole horizon, before any other work.",
                    skill=skill,
                    people=tuple(staffing.staff[r].id for r in people),
                    weeks=(),
                    hours_available=available,
                    hours_booked=0.0,
                    hours_short=hours - available,
                )
            )
    return found
