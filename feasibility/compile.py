"""Domain -> kernel: dates, people and skills become periods, resources and tasks.

Period ``k`` is the calendar day ``start + k``. Every person is one resource whose
capacity per period is their hours that day in quarter-hour units, so a person with
several skills has a single pool of hours. A work task becomes an elastic task drawing
on the people who have its skill, at most ``crew`` of them a day; a lead time becomes a
rigid task of ``lead_time_days`` periods using nothing. Dependencies are finish-to-start
with their lag counted on the shared calendar's working days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from feasibility.capacity import effort_units, person_capacity, working_mask
from feasibility.models import Calendar, Commitment, Person
from feasibility.models import Task as DomainTask
from solvers import Objective, Precedence, Problem, Resource, Task, TaskSchedule

SHARED_CALENDAR = 0
"""Index of the shared calendar's working-day mask in every compiled problem."""

TaskKey = tuple[str, str]
"""(commitment id, task id)."""


@dataclass(frozen=True)
class Staffing:
    """The planner's fixed inputs compiled once: the time axis and one resource a person."""

    calendar: Calendar
    staff: tuple[Person, ...]
    start: date
    horizon: int
    resources: tuple[Resource, ...]
    working: np.ndarray

    @classmethod
    def build(
        cls, calendar: Calendar, staff: Sequence[Person], start: date, horizon: int
    ) -> Staffing:
        resources = tuple(
            Resource(capacity=person_capacity(p, calendar, start, horizon), name=p.id)
            for p in staff
        )
        return cls(
            calendar=calendar,
            staff=tuple(staff),
            start=start,
            horizon=horizon,
            resources=resources,
            working=working_mask(calendar, start, horizon),
        )

    def people_with(self, skill: str) -> tuple[int, ...]:
        return self._skilled.get(skill, ())

    def people_for(self, skill: str, named: frozenset[str] = frozenset()) -> tuple[int, ...]:
        """The resources of the people with ``skill``, only those ``named`` when any are."""
        skilled = self.people_with(skill)
        if not named:
            return skilled
        return tuple(r for r in skilled if self.staff[r].id in named)

    def people_on(self, commitment: Commitment, skill: str) -> tuple[int, ...]:
        """The resources who may work on ``commitment``'s tasks of ``skill`` (the people
        those tasks name, when they name some), in staff order."""
        found: set[int] = set()
        for task in commitment.tasks:
            if task.skill == skill:
                found.update(self.people_for(skill, task.people))
        return tuple(sorted(found)) if found else self.people_with(skill)

    @cached_property
    def _skilled(self) -> dict[str, tuple[int, ...]]:
        """Per skill, the resources of the people who have it."""
        found: dict[str, list[int]] = {}
        for r, person in enumerate(self.staff):
            for skill in person.skills:
                found.setdefault(skill, []).append(r)
        return {skill: tuple(rs) for skill, rs in found.items()}


@dataclass(frozen=True)
class Role:
    """How one commitment enters a compiled problem.

    ``deadline``: its tasks must end by this period (exclusive), or ``None``.
    ``frozen``: task schedules that must stay exactly as they are.
    ``due``/``weight``: for the weighted-tardiness objective.
    """

    commitment: Commitment
    deadline: int | None = None
    frozen: Mapping[str, TaskSchedule] | None = None
    due: int | None = None
    weight: int = 1


@dataclass(frozen=True)
class Compiled:
    """A kernel problem and the map from its task indices back to the domain."""

    problem: Problem
    keys: tuple[TaskKey, ...]
    index: Mapping[TaskKey, int]

    def tasks_of(self, commitment_id: str) -> tuple[int, ...]:
        return tuple(i for i, (c, _) in enumerate(self.keys) if c == commitment_id)


def compile_problem(
    staffing: Staffing,
    roles: Sequence[Role],
    objective_commitment: str | None = None,
) -> Compiled:
    """Build the kernel problem for ``roles``.

    With ``objective_commitment`` the objective is the finish of that commitment's
    tasks; otherwise it is the priority-weighted lateness of every commitment.
    """
    tasks: list[Task] = []
    keys: list[TaskKey] = []
    precedences: list[Precedence] = []
    for role in roles:
        _compile_commitment(staffing, role, tasks, keys, precedences)
    index = {key: i for i, key in enumerate(keys)}
    if objective_commitment is not None:
        chosen = tuple(i for i, (c, _) in enumerate(keys) if c == objective_commitment)
        objective = Objective(kind="makespan", tasks=chosen)
    else:
        objective = Objective(kind="weighted_tardiness")
    problem = Problem(
        horizon=staffing.horizon,
        resources=staffing.resources,
        tasks=tuple(tasks),
        precedences=tuple(precedences),
        calendars=(staffing.working,),
        objective=objective,
    )
    return Compiled(problem=problem, keys=tuple(keys), index=index)


def _compile_commitment(
    staffing: Staffing,
    role: Role,
    tasks: list[Task],
    keys: list[TaskKey],
    precedences: list[Precedence],
) -> None:
    commitment = role.commitment
    open_tasks = [t for t in commitment.tasks if not t.finished and not _work_done(t)]
    local = {t.id: len(tasks) + k for k, t in enumerate(open_tasks)}
    successors = {dep.task for t in open_tasks for dep in t.after}
    frozen = role.frozen or {}
    for task in open_tasks:
        key = (commitment.id, task.id)
        fixed = frozen.get(task.id)
        has_open_predecessor = any(dep.task in local for dep in task.after)
        fixed_start = None
        if task.pinned_start is not None:
            fixed_start = (task.pinned_start - staffing.start).days
        due = role.due if task.id not in successors else None
        name = f"{commitment.id}/{task.id}"
        if task.lead_time_days is not None:
            if fixed is not None:
                fixed_start = fixed.start
            elif fixed_start is None and not has_open_predecessor:
                fixed_start = 0
            tasks.append(
                Task(
                    duration=task.lead_time_days,
                    fixed_start=fixed_start,
                    deadline=role.deadline,
                    due=due,
                    weight=role.weight,
                    name=name,
                )
            )
        else:
            assert task.skill is not None and task.effort_hours is not None
            tasks.append(
                Task(
                    work=effort_units(task.remaining_hours),
                    eligible=staffing.people_for(task.skill, task.people),
                    max_parallel=task.crew,
                    contiguous=task.contiguous,
                    fixed_start=None if fixed is not None else fixed_start,
                    fixed_usage=None if fixed is None else fixed.usage,
                    deadline=role.deadline,
                    due=due,
                    weight=role.weight,
                    name=name,
                )
            )
        keys.append(key)
    for task in open_tasks:
        for dep in task.after:
            if dep.task not in local:
                continue  # a finished predecessor constrains nothing any more
            precedences.append(
                Precedence(
                    pred=local[dep.task],
                    succ=local[task.id],
                    lag=dep.lag_days,
                    calendar=SHARED_CALENDAR if dep.lag_days > 0 else None,
                )
            )


def _work_done(task: DomainTask) -> bool:
    """A work task whose hours are all done counts as finished."""
    return task.is_work and effort_units(task.remaining_hours) == 0
