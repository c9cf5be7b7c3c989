"""A verdict's picture: the job's hours day by day against the capacity left for it.

:func:`verdict_data` gives, for each skill the job needs and each day from the start to
a week past the later of the requested and the earliest date, the job's hours and the
hours free for it: what the people with that skill have left once the rest of the plan
under the verdict (booked work, moved as the verdict moves it) is served. A person with
several skills counts in each of them. The requested and the earliest date are marked.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    >>> planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    >>> verdict = planner.check(Commitment(id="J1", due=date(2026, 12, 9),
    ...                         tasks=[Task(id="fit", skill="install", effort_hours=270)]))
    >>> data = verdict_data(verdict)
    >>> data.skills, data.due, data.earliest, sum(data.job_hours["install"])
    (('install',), datetime.date(2026, 12, 9), datetime.date(2026, 12, 18), 270.0)
    >>> data.free_hours["install"][0]  # Monday: three people with 6 hours each
    18.0
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from feasibility.capacity import RESOLUTION
from feasibility.errors import InputError
from feasibility.verdict import Verdict


@dataclass(frozen=True)
class VerdictData:
    commitment: str
    days: tuple[date, ...]
    skills: tuple[str, ...]
    job_hours: dict[str, list[float]]
    """Per skill, the job's hours on each of ``days``."""
    free_hours: dict[str, list[float]]
    """Per skill, the hours free for the job on each of ``days``."""
    due: date | None
    earliest: date | None
    feasible: bool


def verdict_data(verdict: Verdict, *, margin_days: int = 7) -> VerdictData:
    """The series the verdict's picture draws (see the module)."""
    book, job = verdict.basis, verdict.job
    if book is None or job is None:
        raise InputError(f"the verdict for {verdict.commitment!r} carries no plan to draw")
    staffing = book.staffing
    after = book.with_changes(verdict.plan).plan if verdict.plan else book.plan
    own = {k: s for k, s in verdict.plan.items() if k[0] == verdict.commitment}
    used = np.zeros_like(after.residual)
    skill_of = {t.id: t.skill for t in job.tasks}
    per_skill: dict[str, np.ndarray] = {}
    for (_, task), schedule in own.items():
        skill = skill_of[task]
        if skill is None:
            continue
        series = per_skill.setdefault(skill, np.zeros(staffing.horizon))
        for usage in schedule.usage:
            used[usage.resource, usage.period] += usage.amount
            series[usage.period] += usage.amount / RESOLUTION
    free = after.residual + used
    marks = [d for d in (verdict.due, verdict.earliest) if d is not None]
    last = max([staffing.start, *marks]) + timedelta(days=margin_days)
    count = min((last - staffing.start).days + 1, staffing.horizon)
    days = tuple(staffing.start + timedelta(days=k) for k in range(count))
    skills = tuple(sorted({t.skill for t in job.tasks if t.skill is not None}))
    job_hours, free_hours = {}, {}
    for skill in skills:
        people = list(staffing.people_with(skill))
        free_hours[skill] = [float(v) / RESOLUTION for v in free[people, :count].sum(axis=0)]
        series = per_skill.get(skill, np.zeros(staffing.horizon))
        job_hours[skill] = [float(v) for v in series[:count]]
    return VerdictData(
        commitment=verdict.commitment,
        days=days,
        skills=skills,
        job_hours=job_hours,
        free_hours=free_hours,
        due=verdict.due,
        earliest=verdict.earliest,
        feasible=verdict.feasible,
    )
