"""The kernel problem of a re-plan: every open commitment, weighted by its score.

Each commitment enters with its due date and its rubric score as the weight of its
lateness, and no promise limit (a re-plan may move any date). Work that has started or
is pinned keeps its planned hours where they still fit the (possibly disrupted) staff.
A commitment whose last tasks are several gets a zero-length *finish* task after all
of them, so that its lateness counts once, as the commitment's, not once per last task.

Example:
    >>> from datetime import date
    >>> from feasibility.compile import Staffing
    >>> from feasibility.models import Calendar, Commitment, Person, Task
    >>> staffing = Staffing.build(Calendar(), (Person(id="ann", skills={"fit"}),),
    ...                           date(2026, 11, 30), 60)
    >>> job = Commitment(id="J1", due=date(2026, 12, 4), tasks=[
    ...     Task(id="a", skill="fit", effort_hours=8), Task(id="b", lead_time_days=3)])
    >>> model = build(staffing, [job], weights=[5], frozen={})
    >>> model.problem.num_tasks, model.finish_task["J1"], model.problem.tasks[2].weight
    (3, 2, 5)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from feasibility.compile import Compiled, Role, Staffing, TaskKey, compile_problem
from feasibility.models import Commitment
from solvers import Precedence, Problem, Task, TaskSchedule


@dataclass(frozen=True)
class ReplanModel:
    """The problem, its domain tasks' keys (the first ``len(keys)`` kernel tasks) and,
    per commitment, the kernel task whose end is the commitment's finish."""

    staffing: Staffing
    compiled: Compiled
    problem: Problem
    finish_task: Mapping[str, int]
    commitments: tuple[Commitment, ...]

    @property
    def keys(self) -> tuple[TaskKey, ...]:
        return self.compiled.keys

    def protected_only(self) -> Problem:
        """The problem whose objective counts only the must-keep commitments' lateness."""
        keep = {self.finish_task[c.id] for c in self.commitments if c.must_keep}
        tasks = tuple(
            t if i in keep or t.due is None else replace(t, due=None)
            for i, t in enumerate(self.problem.tasks)
        )
        return self.problem.with_tasks(tasks)

    def with_finish_limits(self, limits: Mapping[str, int]) -> Problem:
        """The problem with each named commitment's finish task due to end by its limit."""
        tasks = list(self.problem.tasks)
        for commitment_id, limit in limits.items():
            i = self.finish_task[commitment_id]
            old = tasks[i].deadline
            tasks[i] = replace(tasks[i], deadline=limit if old is None else min(old, limit))
        return self.problem.with_tasks(tuple(tasks))


def due_end(staffing: Staffing, commitment: Commitment) -> int | None:
    """The end (exclusive period) a commitment must reach to be on time."""
    return None if commitment.due is None else (commitment.due - staffing.start).days + 1


def build(
    staffing: Staffing,
    commitments: Sequence[Commitment],
    *,
    weights: Sequence[int],
    frozen: Mapping[str, Mapping[str, TaskSchedule]],
) -> ReplanModel:
    """The re-plan problem of ``commitments`` (``weights``: one per commitment)."""
    roles = [
        Role(c, frozen=frozen.get(c.id), due=due_end(staffing, c), weight=w)
        for c, w in zip(commitments, weights, strict=True)
    ]
    compiled = compile_problem(staffing, roles)
    base = compiled.problem
    tasks = list(base.tasks)
    precedences = list(base.precedences)
    has_successor = {p.pred for p in precedences}
    by_commitment: dict[str, list[int]] = {}
    for i, (owner, _) in enumerate(compiled.keys):
        by_commitment.setdefault(owner, []).append(i)
    finish: dict[str, int] = {}
    for role in roles:
        c = role.commitment
        last = [i for i in by_commitment.get(c.id, []) if i not in has_successor]
        if len(last) == 1:
            finish[c.id] = last[0]
            continue
        if not last:
            continue  # nothing open: nothing to plan
        for i in last:
            tasks[i] = replace(tasks[i], due=None)
        finish[c.id] = len(tasks)
        tasks.append(Task(duration=0, due=role.due, weight=role.weight, name=f"{c.id}/(finish)"))
        precedences.extend(Precedence(pred=i, succ=finish[c.id]) for i in last)
    problem = Problem(
        horizon=base.horizon,
        resources=base.resources,
        tasks=tuple(tasks),
        precedences=tuple(precedences),
        calendars=base.calendars,
        objective=base.objective,
    )
    return ReplanModel(staffing, compiled, problem, finish, tuple(commitments))
