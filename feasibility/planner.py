"""The planner: holds the booked work and answers quote checks.

The rule of a check: the new job may use any capacity, and booked work may move, but
no booked commitment may end after its due date (or, if it is already planned late,
later than it is planned now); work that has started, or is pinned, stays.

A check first schedules the new job into the capacity the booked plan leaves free (a
small exact model). If that already meets the job's lower bound it is the answer and
nothing booked moves. Otherwise the full model, with booked work free to move within
its promises, is solved from that start; when it finds an earlier date, a second
pass keeps that date and moves as few booked tasks as possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from feasibility.compile import Compiled, Role, Staffing, TaskKey, compile_problem
from feasibility.decode import assignment_frame, schedules_by_key, task_frame
from feasibility.errors import InputError
from feasibility.explain import explain
from feasibility.models import Calendar, Commitment, Person, Task
from feasibility.validation import validate_commitment, validate_commitments, validate_staff
from feasibility.verdict import Verdict
from solvers import Objective, Problem, Result, Solution, Status, TaskSchedule, solve
from solvers.bounds import infeasibility_reason, lower_bound

DEFAULT_HORIZON_DAYS = 365
MOVES_SHARE = 0.25
"""The share of the time limit spent on moving as few booked tasks as possible."""


class Planner:
    """Booked work, staff and calendar; answers ``check`` and ``book``.

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
        time_limit: float = 10.0,
        workers: int = 1,
    ) -> None:
        if horizon_days < 1:
            raise InputError(f"the planning horizon must be at least one day, got {horizon_days}")
        if time_limit <= 0:
            raise InputError(f"the time limit must be positive, got {time_limit}")
        validate_staff(staff)
        self._staffing = Staffing.build(calendar, staff, start, horizon_days)
        self._time_limit = time_limit
        self._workers = workers
        validate_commitments(commitments, staff=staff, start=start, horizon_end=self.horizon_end)
        self._booked: dict[str, Commitment] = {}
        self._plan: dict[TaskKey, TaskSchedule] = {}
        self._limit: dict[str, int] = {}
        if commitments:
            self._plan_initial(list(commitments))

    @property
    def start(self) -> date:
        return self._staffing.start

    @property
    def horizon_end(self) -> date:
        """The last day of the planning horizon."""
        return self._staffing.start + timedelta(days=self._staffing.horizon - 1)

    @property
    def commitments(self) -> tuple[Commitment, ...]:
        """The booked commitments, in booking order."""
        return tuple(self._booked.values())

    @property
    def assignments(self) -> pd.DataFrame:
        """The booked plan: columns ``commitment, task, person, day, hours``."""
        return assignment_frame(self._staffing, self._plan)

    @property
    def tasks(self) -> pd.DataFrame:
        """The booked plan's tasks: columns ``commitment, task, start, finish``."""
        return task_frame(self._staffing, self._plan)

    def planned_finish(self, commitment_id: str) -> date:
        """The day the booked commitment's last task is planned to finish."""
        if commitment_id not in self._booked:
            raise InputError(f"no booked commitment is called {commitment_id!r}")
        return self._day(self._planned_end(commitment_id) - 1)

    def check(self, commitment: Commitment) -> Verdict:
        """Can ``commitment`` finish by its due date without breaking a booked promise?

        Changes nothing; the verdict carries the plan it found.
        """
        validate_commitment(
            commitment,
            staff=self._staffing.staff,
            start=self.start,
            horizon_end=self.horizon_end,
            booked_ids=self._booked.keys(),
        )
        if all(t.finished or (t.is_work and t.remaining_hours <= 0) for t in commitment.tasks):
            raise InputError(f"commitment {commitment.id!r} has no open work left to check")
        residual = self._compile(commitment, movable=False)
        full = self._compile(commitment, movable=True)
        first = self._solve(residual.problem)
        solution, finish = first.solution, first.objective
        proven = first.status in (Status.OPTIMAL, Status.INFEASIBLE)
        at_bound = first.status == Status.OPTIMAL and first.objective == lower_bound(full.problem)
        if not at_bound and self._anything_movable():
            solution, finish, proven = self._widen(full, first)
        earliest = None if solution is None or finish is None else self._day(finish - 1)
        plan = None if solution is None else schedules_by_key(full, solution)
        moved = () if plan is None else self._moved(plan)
        due = commitment.due
        feasible = earliest is not None and (due is None or earliest <= due)
        reasons = explain(
            staffing=self._staffing,
            commitment=commitment,
            compiled=full,
            plan=plan,
            earliest=earliest,
            proven=proven,
            moved=moved,
            infeasible_reason=infeasibility_reason(full.problem),
        )
        shown = plan if plan is not None else dict(self._plan)
        return Verdict(
            commitment=commitment.id,
            feasible=feasible,
            due=due,
            earliest=earliest,
            proven=proven,
            reasons=reasons,
            moved=moved,
            assignments=assignment_frame(self._staffing, shown),
            tasks=task_frame(self._staffing, shown),
            plan=dict(plan) if plan is not None else {},
        )

    def book(self, commitment: Commitment, *, allow_infeasible: bool = False) -> Verdict:
        """Add ``commitment`` to the booked work and return the verdict it was booked with.

        A job that cannot meet its due date is booked (at its earliest date) only with
        ``allow_infeasible=True``; a booking that fails changes nothing.
        """
        verdict = self.check(commitment)
        if verdict.earliest is None:
            raise InputError(
                f"commitment {commitment.id!r} cannot be booked: no date within the planning "
                f"horizon works ({'; '.join(verdict.reasons)})"
            )
        if not verdict.feasible and not allow_infeasible:
            raise InputError(
                f"commitment {commitment.id!r} cannot be delivered by {verdict.due}; the "
                f"earliest date is {verdict.earliest}. Pass allow_infeasible=True to book it "
                "late anyway."
            )
        self._booked[commitment.id] = commitment
        self._plan = dict(verdict.plan)
        self._limit[commitment.id] = self._promise_limit(commitment)
        return verdict

    # -- internals ---------------------------------------------------------------------

    def _day(self, period: int) -> date:
        return self._staffing.start + timedelta(days=period)

    def _due_end(self, commitment: Commitment) -> int | None:
        if commitment.due is None:
            return None
        return (commitment.due - self._staffing.start).days + 1

    def _planned_end(self, commitment_id: str) -> int:
        ends = [s.end for (c, _), s in self._plan.items() if c == commitment_id]
        return max(ends, default=0)

    def _promise_limit(self, commitment: Commitment) -> int:
        """The latest end its promise allows: its due date, or its planned finish if later."""
        planned = self._planned_end(commitment.id)
        due_end = self._due_end(commitment)
        return planned if due_end is None else max(planned, due_end)

    def _fixed_tasks(self, commitment: Commitment, movable: bool) -> dict[str, TaskSchedule]:
        """The booked tasks that must stay as planned."""
        frozen = {}
        for task in commitment.tasks:
            schedule = self._plan.get((commitment.id, task.id))
            if schedule is None:
                continue
            if not movable or _stays_put(task):
                frozen[task.id] = schedule
        return frozen

    def _compile(self, commitment: Commitment, *, movable: bool) -> Compiled:
        roles = [
            Role(b, deadline=self._limit[b.id], frozen=self._fixed_tasks(b, movable))
            for b in self._booked.values()
        ]
        roles.append(Role(commitment))
        return compile_problem(self._staffing, roles, objective_commitment=commitment.id)

    def _anything_movable(self) -> bool:
        return any(
            not _stays_put(t)
            for b in self._booked.values()
            for t in b.tasks
            if (b.id, t.id) in self._plan
        )

    def _solve(self, problem: Problem, hint: Solution | None = None, share: float = 1.0) -> Result:
        """Solve within ``share`` of the planner's time limit."""
        return solve(
            problem,
            "cpsat",
            time_limit=self._time_limit * share,
            workers=self._workers,
            hint=hint,
        )

    def _widen(self, full: Compiled, first: Result) -> tuple[Solution | None, int | None, bool]:
        """Let booked work move; keep the earlier date only if moving finds one.

        Returns the chosen solution, the job's finish period and whether it is proven.
        """
        second = self._solve(full.problem, hint=first.solution)
        proven = second.status in (Status.OPTIMAL, Status.INFEASIBLE)
        if second.solution is None or second.objective is None:
            return first.solution, first.objective, proven and first.solution is None
        if first.objective is not None and second.objective >= first.objective:
            return first.solution, first.objective, proven
        finish = second.objective
        reference = tuple(self._plan.get(key) for key in full.keys)
        chosen = set(full.problem.objective.tasks or ())
        tasks = tuple(
            replace(t, deadline=min(finish, t.deadline or finish)) if i in chosen else t
            for i, t in enumerate(full.problem.tasks)
        )
        fewest_moves = full.problem.with_tasks(tasks).with_objective(
            Objective(kind="changes", reference=reference)
        )
        # Fewer moves is a courtesy, not the answer: it gets a quarter of the time.
        third = self._solve(fewest_moves, hint=second.solution, share=MOVES_SHARE)
        return third.solution or second.solution, finish, proven

    def _moved(self, plan: dict[TaskKey, TaskSchedule]) -> tuple[str, ...]:
        moved = []
        for cid in self._booked:
            for key, schedule in self._plan.items():
                if key[0] == cid and plan.get(key) != schedule:
                    moved.append(cid)
                    break
        return tuple(moved)

    def _plan_initial(self, commitments: list[Commitment]) -> None:
        """Plan the booked commitments given at construction, as punctual as possible."""
        roles = [Role(c, due=self._due_end(c), weight=c.priority) for c in commitments]
        compiled = compile_problem(self._staffing, roles)
        answer = self._solve(compiled.problem)
        if answer.solution is None:
            raise InputError(
                "the booked commitments cannot all be scheduled within the planning horizon "
                f"(until {self.horizon_end}); "
                + (infeasibility_reason(compiled.problem) or "capacity runs out")
            )
        self._plan = schedules_by_key(compiled, answer.solution)
        for c in commitments:
            self._booked[c.id] = c
            self._limit[c.id] = self._promise_limit(c)


def _stays_put(task: Task) -> bool:
    """Booked work that has started, or is pinned, keeps its planned schedule."""
    return task.done_hours > 0 or task.pinned_start is not None
