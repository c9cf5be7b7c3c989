"""The remediation plan: for each commitment that slips or changes, what to tell the customer.

For every such commitment: the new date; the causes in plain words (a disruption that
took its people's hours or changed its tasks, a lead time on the chain that sets its
date, a skill whose people are fully booked in named weeks; for a must-keep commitment
why it slips anyway); the owners (the people whose tasks decide the date); the next
milestones with dates; and, when it is late, the alternatives that would save the old
date (extra hours of a skill in named weeks, moving a named commitment of lower score,
delivering in parts). The alternatives are estimates from the plan's own hours, not
re-plans: each says what it would take, and a re-plan with the change confirms it.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[Commitment(
    ...                       id="J1", due=date(2026, 12, 1),
    ...                       tasks=[Task(id="fit", skill="fit", effort_hours=24)])])
    >>> entry = remediations(planner.replan(rounds=1, progress=False))[0]
    >>> entry.planned_finish, entry.days_late, entry.owners
    (datetime.date(2026, 12, 2), 1, ('ann',))
    >>> print(entry.alternatives[0])
    About 8 extra hours of 'fit' (overtime, a contractor or a new hire) in the weeks of
    30 Nov would save Tue 01 Dec.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from feasibility.book import Book
from feasibility.capacity import units_to_hours
from feasibility.disruptions import people_hit, tasks_hit
from feasibility.explain import busy_weeks
from feasibility.models import Commitment
from solvers.problem import TaskSchedule

if TYPE_CHECKING:
    from feasibility.plan import Plan

MILESTONES = 5
"""How many of the next milestones a remediation names."""
RIVALS = 3
"""How many other commitments a remediation considers moving."""
COLUMNS = [
    "commitment",
    "customer",
    "class",
    "due",
    "previous_finish",
    "planned_finish",
    "days_late",
    "causes",
    "owners",
    "milestones",
    "alternatives",
]


@dataclass(frozen=True)
class Remediation:
    """What happens to one commitment, why, who decides it, and what would save its date."""

    commitment: str
    customer: str
    must_keep: bool
    due: date | None
    previous_finish: date | None
    planned_finish: date
    days_late: int
    causes: tuple[str, ...]
    owners: tuple[str, ...]
    milestones: tuple[tuple[str, date], ...]
    alternatives: tuple[str, ...]


def remediations(plan: Plan) -> list[Remediation]:
    """A remediation for every commitment that is late or whose date changes, latest
    score first."""
    frame = plan.commitments
    chosen = frame[(frame["days_late"] > 0) | frame["changed"]]
    chosen = chosen.sort_values(["score", "commitment"], ascending=[False, True])
    helper = _Context(plan)
    return [helper.remediation(str(c)) for c in chosen["commitment"]]


def remediation_frame(entries: list[Remediation]) -> pd.DataFrame:
    """The remediations as a frame (lists joined by ``"; "``)."""
    rows = [
        (
            r.commitment,
            r.customer,
            "must-keep" if r.must_keep else "standard",
            r.due,
            r.previous_finish,
            r.planned_finish,
            r.days_late,
            "; ".join(r.causes),
            ", ".join(r.owners),
            "; ".join(f"{task} {day}" for task, day in r.milestones),
            "; ".join(r.alternatives),
        )
        for r in entries
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


class _Context:
    """The plan's arrays a remediation reads, built once for all of them."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.book: Book = plan.book
        self.staffing = plan.book.staffing
        self.hit_people = people_hit(plan.disruptions)
        self.hit_tasks = tasks_hit(plan.disruptions)
        cols = self.book.plan.columns
        self.owner = self.book.slot_commitment[cols.slots] if len(cols.slots) else np.array([])
        self.cols = cols
        self.used = np.asarray(self.book.plan.capacity - self.book.plan.residual)
        self.rows: dict[str, Any] = {
            str(row.commitment): row for row in plan.commitments.itertuples(index=False)
        }

    def remediation(self, commitment_id: str) -> Remediation:
        c = self.book.booked[commitment_id]
        row = self.rows[commitment_id]
        schedules = self.book.schedules_of(c.id)
        finish: date = row.planned_finish
        previous: date | None = row.previous_finish
        late = int(row.days_late)
        chain = self._chain(c, schedules)
        causes = self._causes(c, schedules, chain, late)
        owners = self._owners(chain, schedules)
        milestones = tuple(
            (task, self.staffing.start + timedelta(days=s.end - 1))
            for task, s in sorted(schedules.items(), key=lambda kv: (kv[1].end, kv[0]))
        )[:MILESTONES]
        alternatives = self._alternatives(c, schedules, late) if late > 0 else ()
        return Remediation(
            commitment=c.id,
            customer=c.customer,
            must_keep=c.must_keep,
            due=c.due,
            previous_finish=previous,
            planned_finish=finish,
            days_late=late,
            causes=tuple(causes),
            owners=owners,
            milestones=milestones,
            alternatives=tuple(alternatives),
        )

    # -- why -----------------------------------------------------------------------------

    def _chain(self, c: Commitment, schedules: dict[str, TaskSchedule]) -> list[str]:
        """The tasks that set the date: from the last one back through the predecessor
        each waited for (the one that finished last before it started)."""
        if not schedules:
            return []
        current = max(schedules, key=lambda t: (schedules[t].end, t))
        chain = [current]
        while True:
            before = [d.task for d in c.task(current).after if d.task in schedules]
            if not before:
                break
            binding = max(before, key=lambda t: (schedules[t].end, t))
            if schedules[binding].end + 7 < schedules[current].start:
                break  # it waited for capacity, not for this predecessor
            chain.append(binding)
            current = binding
        chain.reverse()
        return chain

    def _causes(
        self, c: Commitment, schedules: dict[str, TaskSchedule], chain: list[str], late: int
    ) -> list[str]:
        causes: list[str] = []
        restarted = set(self.plan.restarted)
        for task in c.tasks:
            if (c.id, task.id) in self.hit_tasks:
                causes.append(f"{self.hit_tasks[(c.id, task.id)]}.")
            if (c.id, task.id) in restarted:
                causes.append(
                    f"Task '{task.id}' was under way or pinned, but its planned hours no "
                    "longer fit the new facts: its remaining work is planned again."
                )
        before = self.plan.basis.schedules_of(c.id) if c.id in self.plan.basis.booked else {}
        people = self.staffing.staff
        for name, what in sorted(self.hit_people.items()):
            held = sum(
                u.amount for s in before.values() for u in s.usage if people[u.resource].id == name
            )
            if held:
                causes.append(f"{what}; {units_to_hours(held):g} h of its work were theirs.")
        for task_id in chain:
            task = c.task(task_id)
            if task.is_lead_time and task_id in schedules:
                end = self.staffing.start + timedelta(days=schedules[task_id].end - 1)
                causes.append(
                    f"The lead time '{task_id}' ({task.lead_time_days} days) runs until "
                    f"{end:%a %d %b}, and the work after it waits for it."
                )
        if late > 0:
            causes.extend(self._busy_skills(c, schedules))
            if c.must_keep:
                causes.append(self._must_keep_reason(c))
        if not causes:
            causes.append(
                "Re-planned with the rest of the book: its work moved to hours that the "
                "new facts left free."
            )
        return causes

    def _busy_skills(self, c: Commitment, schedules: dict[str, TaskSchedule]) -> list[str]:
        """Skills of its late work whose people are fully booked in named weeks before
        the work could be done."""
        assert c.due is not None
        due = (c.due - self.staffing.start).days + 1
        found = []
        for task in c.tasks:
            s = schedules.get(task.id)
            if s is None or task.skill is None or s.end <= due:
                continue
            people = list(self.staffing.people_for(task.skill, task.people))
            if not people:
                continue
            # Why it could not be done by its due date: the weeks up to then, whole.
            until = min(
                self.staffing.horizon, due + 6 - (self.staffing.start.weekday() + due - 1) % 7
            )
            weeks = busy_weeks(
                self.staffing.start,
                self.book.plan.capacity[people, :until].sum(axis=0),
                self.used[people, :until].sum(axis=0),
            )
            if weeks:
                shown = ", ".join(f"{m:%d %b}" for m in weeks[:6])
                more = f" and {len(weeks) - 6} more" if len(weeks) > 6 else ""
                who = "person is" if len(people) == 1 else "people are"
                found.append(
                    f"'{task.skill}' hours run out: its {len(people)} {who} fully booked "
                    f"in the weeks of {shown}{more} (task '{task.id}')."
                )
        return sorted(set(found))

    def _must_keep_reason(self, c: Commitment) -> str:
        assert c.due is not None
        alone = self.plan.earliest_alone.get(c.id)
        due = (c.due - self.staffing.start).days + 1
        if alone is not None and alone > due:
            day = self.staffing.start + timedelta(days=alone - 1)
            return (
                "It is must-keep, so every standard commitment could give way, but even alone "
                f"with the whole staff it cannot finish before {day:%a %d %b} (its chain, lead "
                "times and crew limits)."
            )
        return (
            "It is must-keep and every standard commitment was allowed to give way: the "
            "must-keep commitments compete among themselves for the same people."
        )

    # -- who and what --------------------------------------------------------------------

    def _owners(self, chain: list[str], schedules: dict[str, TaskSchedule]) -> tuple[str, ...]:
        hours: dict[str, int] = defaultdict(int)
        for task_id in chain:
            for u in schedules[task_id].usage:
                hours[self.staffing.staff[u.resource].id] += u.amount
        return tuple(sorted(hours, key=lambda p: (-hours[p], p)))

    def _alternatives(
        self, c: Commitment, schedules: dict[str, TaskSchedule], late: int
    ) -> list[str]:
        assert c.due is not None
        due = (c.due - self.staffing.start).days + 1
        out: list[str] = []
        by_skill: dict[str, int] = defaultdict(int)
        people: set[int] = set()
        for task in c.tasks:
            s = schedules.get(task.id)
            if s is None or task.skill is None:
                continue
            after = sum(u.amount for u in s.usage if u.period >= due)
            if after:
                by_skill[task.skill] += after
                people.update(self.staffing.people_for(task.skill, task.people))
        for skill, units in sorted(by_skill.items()):
            first = max(0, due - 21)
            weeks = sorted(
                {_monday(self.staffing.start + timedelta(days=t)) for t in range(first, due)}
            )
            shown = ", ".join(f"{m:%d %b}" for m in weeks)
            out.append(
                f"About {units_to_hours(units):g} extra hours of '{skill}' (overtime, a "
                f"contractor or a new hire) in the weeks of {shown} would save "
                f"{c.due:%a %d %b}."
            )
        out.extend(self._rivals(c, sorted(people), due, sum(by_skill.values())))
        on_time = [t for t, s in schedules.items() if s.end <= due]
        if on_time and len(on_time) < len(schedules):
            shown = ", ".join(f"'{t}'" for t in sorted(on_time)[:6])
            out.append(
                f"Split the delivery: {shown} finish by {c.due:%a %d %b}; the rest follows on "
                f"the new date."
            )
        if not out:
            out.append(
                "No extra hours would help before the due date: its chain of tasks and lead "
                "times sets the date; only a later date or a shorter lead time saves it."
            )
        return out

    def _rivals(self, c: Commitment, people: list[int], due: int, needed: int) -> list[str]:
        """Commitments of lower score holding the same people's hours before the due date."""
        if not people or needed == 0 or len(self.cols.slots) == 0:
            return []
        mask = np.isin(self.cols.resources, people) & (self.cols.periods < due)
        mask &= self.owner != c.id
        if not mask.any():
            return []
        held = pd.Series(self.cols.amounts[mask]).groupby(self.owner[mask]).sum()
        score = self.plan.rubric.score(c)
        out = []
        for other, units in held.sort_values(ascending=False).items():
            rival = self.book.booked[str(other)]
            if rival.must_keep or self.plan.rubric.score(rival) >= score:
                continue
            row = self.rows[str(other)]
            slack = "" if rival.due is None else f", due {rival.due:%a %d %b}"
            out.append(
                f"Moving {rival.id} (score {self.plan.rubric.score(rival):g}{slack}, planned "
                f"{row.planned_finish:%a %d %b}) later would free "
                f"{units_to_hours(int(units)):g} h of these people before the due date "
                f"({units_to_hours(needed):g} h are needed)."
            )
            if len(out) == RIVALS:
                break
        return out


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
