"""Why a verdict is what it is, in sentences a sales person can read.

Three things can set a commitment's earliest date: its dependency chain (work that
must happen one after another, lead times included), the hours of a skill that are
used up by other work, or the planning horizon. The chain is measured with the job
alone and every skilled person free; if the plan finishes later than that, the
difference comes from capacity, and the skill whose people are most loaded before
the finish is named with its weeks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

from feasibility.book import Book
from feasibility.capacity import units_to_hours
from feasibility.compile import Role, Staffing, TaskKey, compile_problem
from feasibility.limits import MAX_HORIZON_DAYS
from feasibility.models import Commitment
from solvers import PrecedenceKind, Problem, TaskSchedule
from solvers.bounds import earliest_starts, min_end
from solvers.problem import shift_open

BUSY_SHARE = 0.9
"""A week counts as fully booked for a skill from this share of its hours on."""


def dependency_chain(staffing: Staffing, commitment: Commitment) -> tuple[list[str], int]:
    """The longest chain of the job alone (every person free) and its end period."""
    compiled = compile_problem(staffing, [Role(commitment)], objective_commitment=commitment.id)
    problem = compiled.problem
    if problem.num_tasks == 0:
        return [], 0
    starts = earliest_starts(problem)
    ends = [min_end(problem, i, s) for i, s in enumerate(starts)]
    finite = [(e if e is not None else problem.horizon + 1) for e in ends]
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
) -> tuple[str, ...]:
    """The reasons behind a verdict, most important first.

    ``infeasible_reason``: when no schedule exists at all, why, in the domain's words
    (see :mod:`feasibility.diagnose`); ``horizon_binds``: whether a longer horizon could
    help (not when a pin cannot be served, say).
    """
    reasons: list[str] = []
    chain, chain_end = dependency_chain(staffing, commitment)
    horizon_end = staffing.start + timedelta(days=staffing.horizon - 1)
    if earliest is None:
        reasons.append(
            f"No date up to the end of the planning horizon ({horizon_end:%d %b %Y}) works."
        )
        if infeasible_reason is not None:
            reasons.append(f"{infeasible_reason[:1].upper()}{infeasible_reason[1:]}.")
        reasons.extend(_shortfalls(staffing, commitment))
        if chain and chain_end > staffing.horizon:
            reasons.append(
                f"The dependency chain {' -> '.join(chain)} alone runs past the horizon."
            )
        if horizon_binds and staffing.horizon < MAX_HORIZON_DAYS:
            reasons.append(
                f"The planner looks {staffing.horizon} days ahead; a Planner with a longer "
                f"horizon_days (at most {MAX_HORIZON_DAYS}) looks further."
            )
        return tuple(reasons)
    due = commitment.due
    if due is not None and earliest > due:
        gap = _working_days_between(staffing, due, earliest)
        reasons.append(
            f"The requested date {due:%d %b %Y} is {gap} working day{'s' if gap != 1 else ''} "
            f"before the earliest achievable date {earliest:%d %b %Y}."
        )
    elif due is not None:
        spare = _working_days_between(staffing, earliest, due)
        reasons.append(
            f"It fits: ready on {earliest:%d %b %Y}, {spare} working day"
            f"{'s' if spare != 1 else ''} before the requested {due:%d %b %Y}."
        )
    if chain:
        chain_finish = staffing.start + timedelta(days=chain_end - 1)
        days = int(staffing.working[: min(chain_end, staffing.horizon)].sum())
        what = (
            f"The task '{chain[0]}' alone"
            if len(chain) == 1
            else f"The dependency chain {' -> '.join(chain)}"
        )
        sentence = (
            f"{what} needs {days} working day{'s' if days != 1 else ''} even with every "
            f"skilled person it may use on it, so nothing finishes before "
            f"{chain_finish:%d %b %Y}."
        )
        reasons.append(sentence)
        leads = [t for t in commitment.tasks if t.id in chain and t.lead_time_days is not None]
        for lead in leads:
            reasons.append(
                f"The lead time '{lead.id}' ({lead.lead_time_days} calendar days) is on that "
                "chain and cannot be shortened by staff."
            )
        if chain_finish >= earliest:
            reasons.append("That is what sets the earliest date.")
        elif job_schedules:
            reasons.extend(_bottleneck(staffing, commitment, book, changes, earliest))
    if moved:
        reasons.append(
            f"To fit it, booked work of {', '.join(moved)} moves; every booked promise still holds."
        )
    if proven:
        reasons.append(
            f"Proven: no schedule finishes before {earliest:%d %b %Y} without breaking a promise."
        )
    elif bound is not None and bound < earliest:
        reasons.append(
            f"Not before {bound:%d %b %Y} (proven); found {earliest:%d %b %Y}. A date in "
            "between was not ruled out within the time limit."
        )
    else:
        reasons.append(
            "This is the best date found within the time limit; an earlier one was not ruled out."
        )
    return tuple(reasons)


def _working_days_between(staffing: Staffing, first: date, last: date) -> int:
    """Working days of the shared calendar in (first, last]."""
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
) -> list[str]:
    """The skill whose people are the most loaded up to the earliest date, with its weeks."""
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
    best: tuple[float, str, list[str], int, int] | None = None
    skills = sorted({t.skill for t in commitment.tasks if t.skill is not None})
    for skill in skills:
        people = list(staffing.people_with(skill))
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
        busy = [m for m, (cap, ld, _) in weeks.items() if cap > 0 and ld >= BUSY_SHARE * cap]
        total_cap = int(capacity.sum())
        share = float(load.sum()) / total_cap if total_cap else 0.0
        if busy and (best is None or share > best[0]):
            cap_h = sum(weeks[m][0] for m in busy)
            other_h = sum(weeks[m][1] - weeks[m][2] for m in busy)
            labels = [f"{m:%d %b}" for m in sorted(busy)]
            best = (share, skill, labels, cap_h, other_h)
    if best is None:
        return [
            "Capacity, not the dependency chain, sets the date: the hours of the people it "
            "needs are taken on the days it could use them."
        ]
    _, skill, labels, cap_units, other_units = best
    who = len(staffing.people_with(skill))
    return [
        f"'{skill}' hours run out: its {who} {'people are' if who != 1 else 'person is'} fully "
        f"booked in the week{'s' if len(labels) != 1 else ''} of {', '.join(labels)} "
        f"({units_to_hours(cap_units):g} h available, {units_to_hours(other_units):g} h of it "
        "on other commitments)."
    ]


def _shortfalls(staffing: Staffing, commitment: Commitment) -> list[str]:
    """Skills whose people have fewer hours in the whole horizon than the job needs."""
    needed: dict[str, float] = defaultdict(float)
    for task in commitment.tasks:
        if task.skill is not None:
            needed[task.skill] += task.remaining_hours
    lines = []
    for skill, hours in sorted(needed.items()):
        people = staffing.people_with(skill)
        available = sum(units_to_hours(int(staffing.resources[r].capacity.sum())) for r in people)
        if available < hours:
            lines.append(
                f"'{skill}' needs {hours:g} h but its people have only {available:g} h in the "
                "whole horizon, before any other work."
            )
    return lines
