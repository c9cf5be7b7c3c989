"""Large-neighbourhood search: improve a valid schedule by re-solving small parts of it.

A whole-book CP-SAT model of thousands of elastic tasks is too large to search well in
a minute, while a schedule-generation heuristic is fast but leaves lateness on the
table. The search here keeps a valid schedule and, round after round, frees a small
set of tasks (a *neighbourhood*), freezes everything else where it is, and solves the
freed tasks exactly (CP-SAT, warmed by the current schedule and the serial heuristic)
in the capacity the frozen tasks leave and inside the windows their frozen
predecessors and successors allow. A round's answer is adopted only when it is
strictly better, so the result is never worse than the start, and every adopted part
is valid for the whole problem by construction (the caller still checks the end
result with the independent checker).

Neighbourhoods (each at most :attr:`LnsSettings.neighbourhood` tasks):

* ``late``: a late job (the tasks connected by precedences, such as one commitment),
  chosen with a chance that grows with its weighted tardiness, and the work of other
  jobs that holds the same resources in the same periods;
* ``window``: every movable task on one task's resources in a window of periods
  before that task ends.

Tasks that never move: those with a fixed start or usage, contiguous work, and tasks in
a start-to-start relation or one with a negative lag (a frozen neighbour could not
bound them by a release and a deadline alone).

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task
    >>> from solvers.greedy import greedy_schedule
    >>> problem = Problem(
    ...     horizon=20,
    ...     resources=(Resource(capacity=np.full(20, 1)),),
    ...     tasks=(Task(work=4, eligible=(0,), due=8, weight=1),
    ...            Task(work=2, eligible=(0,), due=2, weight=5)),
    ...     objective=Objective(kind="weighted_tardiness"),
    ... )
    >>> start = greedy_schedule(problem, rule="index")
    >>> improved = improve(problem, start, LnsSettings(rounds=3))
    >>> improved.start_objective, improved.objective
    (20, 0)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from solvers.bounds import merged_demands
from solvers.checker import assert_valid, objective_value, resource_usage, usage_map
from solvers.cpsat import solve_cpsat
from solvers.deadline import Deadline
from solvers.greedy import solve_greedy
from solvers.problem import (
    IntArray,
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    TaskSchedule,
    earliest_successor_start,
    latest_origin,
    open_counts,
    stacked_capacity,
)
from solvers.repair import fits_task, use_capacity
from solvers.result import Solution
from solvers.subproblem import lift, lower_schedule, restrict

KINDS = ("late", "window")
_LEAST_APPEAL = 1 / 1024
"""Below this appeal (halved each time a job anchors a neighbourhood) all are reset."""


@dataclass(frozen=True)
class LnsSettings:
    """How the search runs.

    ``rounds`` caps the number of neighbourhoods (``None``: until the deadline). Each
    subproblem gets at most ``seconds`` of wall-clock time and ``work`` of CP-SAT's
    deterministic time, so that a run of a given number of rounds gives the same answer
    on any machine fast enough not to hit ``seconds`` (the seed fixes the choices).
    """

    neighbourhood: int = 60
    window: int = 42
    seconds: float = 2.0
    work: float = 1.0
    rounds: int | None = None
    seed: int = 0
    workers: int = 1


@dataclass(frozen=True)
class Round:
    """What one round did, for progress reports."""

    number: int
    kind: str
    tasks: int
    objective: int
    improved: bool
    seconds: float


@dataclass(frozen=True)
class LnsResult:
    """The improved schedule and how the search went."""

    solution: Solution
    objective: int
    start_objective: int
    rounds: int
    improvements: int
    seconds: float


def improve(
    problem: Problem,
    start: Solution,
    settings: LnsSettings | None = None,
    *,
    deadline: Deadline | None = None,
    bound: int | None = None,
    on_round: Callable[[Round], None] | None = None,
) -> LnsResult:
    """Improve the valid schedule ``start`` of a weighted-tardiness (or makespan-free)
    problem by large-neighbourhood search until ``deadline``, ``settings.rounds`` or the
    proven ``bound`` is reached; ``on_round`` hears about every round."""
    if problem.objective.kind != "weighted_tardiness":
        raise ValueError("the neighbourhood search improves weighted tardiness only")
    settings = settings or LnsSettings()
    deadline = deadline or Deadline(24 * 3600.0 if settings.rounds else 10.0)
    search = _Search(problem, start, settings)
    began = time.perf_counter()
    first = search.objective
    number = improvements = 0
    while not deadline.expired() and (settings.rounds is None or number < settings.rounds):
        if bound is not None and search.objective <= bound:
            break
        kind = KINDS[number % len(KINDS)]
        free = search.neighbourhood(kind)
        if free is None:
            break  # nothing is late: nothing left to gain
        improved = search.resolve(free, deadline)
        number += 1
        improvements += improved
        if on_round is not None:
            on_round(Round(number, kind, len(free), search.objective, improved, deadline.elapsed()))
    solution = Solution(tuple(search.schedules))
    return LnsResult(
        solution, search.objective, first, number, improvements, time.perf_counter() - began
    )


def restore(
    problem: Problem,
    solution: Solution,
    reference: Sequence[TaskSchedule | None],
    *,
    deadline: Deadline | None = None,
    passes: int = 3,
) -> tuple[Solution, int]:
    """``solution`` with as many tasks as possible put back to their ``reference``
    schedule without making the objective worse; returns it and how many went back.

    A task goes back when its reference schedule fits the capacity the others leave,
    its predecessors and successors as they are now allow it, and its own weighted
    tardiness does not grow. Tasks are tried from the latest reference end to the
    earliest (successors first, so chains go back together), ``passes`` times. Tasks
    that never move (see the module) are not touched.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
        >>> p = Problem(10, (Resource(np.full(10, 4)),), (Task(work=4, eligible=(0,), due=9),),
        ...             objective=Objective(kind="weighted_tardiness"))
        >>> early = Solution((TaskSchedule(0, 1, (Usage(0, 0, 4),)),))
        >>> late = TaskSchedule(6, 7, (Usage(0, 6, 4),))
        >>> back, count = restore(p, early, [late])
        >>> back.tasks[0] == late, count
        (True, 1)
    """
    search = _Search(problem, solution, LnsSettings())
    return search.restore(reference, deadline, passes)


class _Search:
    """The current schedule with the indexes a neighbourhood is chosen from."""

    def __init__(self, problem: Problem, solution: Solution, settings: LnsSettings) -> None:
        self.problem = problem
        self.settings = settings
        self.rng = np.random.default_rng(settings.seed)
        n = problem.num_tasks
        self.schedules = list(solution.tasks)
        self.residual = _capacity(problem) - resource_usage(problem, solution)
        self.into: list[list[Precedence]] = [[] for _ in range(n)]
        self.out_of: list[list[Precedence]] = [[] for _ in range(n)]
        held = np.zeros(n, dtype=bool)
        for prec in problem.precedences:
            self.into[prec.succ].append(prec)
            self.out_of[prec.pred].append(prec)
            if prec.kind != PrecedenceKind.FINISH_TO_START or prec.lag < 0:
                held[prec.pred] = held[prec.succ] = True
        for i, task in enumerate(problem.tasks):
            if task.fixed_start is not None or task.fixed_usage is not None or task.contiguous:
                held[i] = True
        self.free_to_move = ~held
        self.counts = [open_counts(c) for c in problem.calendars]
        self.job = job_codes(problem)
        order = np.argsort(self.job, kind="stable")
        cuts = np.flatnonzero(np.diff(self.job[order])) + 1
        self.job_tasks = np.split(order, cuts)
        self.due = np.array([-1 if t.due is None else t.due for t in problem.tasks], np.int64)
        self.weight = np.array([t.weight for t in problem.tasks], dtype=np.int64)
        self.start = np.array([s.start for s in self.schedules], dtype=np.int64)
        self.end = np.array([s.end for s in self.schedules], dtype=np.int64)
        self.resources_of = [_resources(t) for t in problem.tasks]
        self.users: list[set[int]] = [set() for _ in range(problem.num_resources)]
        for i, schedule in enumerate(self.schedules):
            for r in self._used(i, schedule):
                self.users[r].add(i)
        self.appeal = np.ones(len(self.job_tasks), dtype=np.float64)
        self.objective = objective_value(problem, solution)

    # -- choosing --------------------------------------------------------------------

    def tardiness(self) -> IntArray:
        late = np.where(self.due >= 0, np.maximum(self.end - self.due, 0), 0)
        return np.asarray(self.weight * late, dtype=np.int64)

    def neighbourhood(self, kind: str) -> list[int] | None:
        tardy = self.tardiness()
        late = np.flatnonzero(tardy > 0)
        if len(late) == 0:
            return None
        jobs = self.job[late]
        if self.appeal[jobs].max() < _LEAST_APPEAL:
            self.appeal[:] = 1.0  # every late job was tried lately: start the round again
        chance = tardy[late].astype(np.float64) * self.appeal[jobs]
        anchor = int(late[self.rng.choice(len(late), p=chance / chance.sum())])
        self.appeal[self.job[anchor]] *= 0.5  # try other late jobs before this one again
        if kind == "late":
            return self._late(anchor)
        return self._window(anchor)

    def _late(self, anchor: int) -> list[int]:
        """The anchor's job and whole rival jobs holding its resources in its span: the
        cheapest to delay first (low weight, then the most room before their due date)."""
        limit = self.settings.neighbourhood
        mine = [int(i) for i in self.job_tasks[self.job[anchor]] if self.free_to_move[i]][:limit]
        resources = sorted({r for i in mine for r in self.resources_of[i]})
        # whoever holds those resources before the anchor ends may give way to it
        rivals = self._overlapping(resources, 0, int(self.end[anchor]), exclude=set(mine))
        if len(rivals) == 0:
            return sorted(mine)
        jobs = np.unique(self.job[rivals])
        weight = np.array([self.weight[self.job_tasks[j]].max() for j in jobs])
        room = np.array([self._room(j) for j in jobs])
        chosen = list(mine)
        for j in jobs[np.lexsort((jobs, -room, weight))]:
            movable = [int(i) for i in self.job_tasks[j] if self.free_to_move[i]]
            if len(chosen) + len(movable) > limit:
                continue
            chosen.extend(movable)
        return sorted(chosen)

    def _room(self, job: int) -> int:
        """Periods the job can still slip before its due dates bind (large without one)."""
        tasks = self.job_tasks[job]
        due = self.due[tasks]
        if (due < 0).all():
            return 10**9
        return int((due[due >= 0] - self.end[tasks][due >= 0]).min())

    def _window(self, anchor: int) -> list[int]:
        """The anchor's job and every movable task on the resources of its last work in
        a window of periods before it ends (a random sample when they are too many)."""
        limit = self.settings.neighbourhood
        mine = [int(i) for i in self.job_tasks[self.job[anchor]] if self.free_to_move[i]][:limit]
        staffed = [i for i in mine if self.resources_of[i]] or [anchor]
        last = max(staffed, key=lambda i: (int(self.end[i]), i))
        high = int(self.end[last])
        low = max(0, high - self.settings.window)
        found = self._overlapping(sorted(self.resources_of[last]), low, high, exclude=set(mine))
        room = limit - len(mine)
        if len(found) > room:
            found = np.sort(found[self.rng.choice(len(found), size=max(room, 0), replace=False)])
        return sorted([*mine, *(int(i) for i in found)])

    def _overlapping(
        self, resources: Sequence[int], low: int, high: int, exclude: set[int]
    ) -> IntArray:
        users: set[int] = set()
        for r in resources:
            users |= self.users[r]
        users -= exclude
        found = np.array(sorted(users), dtype=np.int64)
        if len(found) == 0:
            return found
        keep = (self.start[found] < high) & (self.end[found] > low) & self.free_to_move[found]
        return found[keep]

    # -- putting back ----------------------------------------------------------------

    def restore(
        self, reference: Sequence[TaskSchedule | None], deadline: Deadline | None, passes: int
    ) -> tuple[Solution, int]:
        order = sorted(
            (i for i, ref in enumerate(reference) if ref is not None and self.free_to_move[i]),
            key=lambda i: (-reference[i].end, -reference[i].start, -i),  # type: ignore[union-attr]
        )
        back = 0
        for _ in range(passes):
            changed = 0
            for k, i in enumerate(order):
                if deadline is not None and k % 256 == 0 and deadline.expired():
                    break
                ref = reference[i]
                assert ref is not None
                if self.schedules[i] != ref and self._can_take(i, ref):
                    self._adopt([i], [ref])
                    changed += 1
            back += changed
            if changed == 0:
                break
        value = objective_value(self.problem, Solution(tuple(self.schedules)))
        self.objective = value
        return Solution(tuple(self.schedules)), back

    def _can_take(self, i: int, schedule: TaskSchedule) -> bool:
        """Whether task ``i`` may take ``schedule`` with every other task where it is."""
        problem, task = self.problem, self.problem.tasks[i]
        if not fits_task(problem, task, schedule):
            return False
        if task.due is not None and schedule.end > max(task.due, int(self.end[i])):
            return False
        for prec in self.into[i]:
            if schedule.start < earliest_successor_start(problem, prec, self.schedules[prec.pred]):
                return False
        for prec in self.out_of[i]:
            if self.start[prec.succ] < earliest_successor_start(problem, prec, schedule):
                return False
        was = self.schedules[i]
        if task.duration is not None:
            for r, amount in merged_demands(task):
                rows = self.residual[r, schedule.start : schedule.end].copy()
                low, high = max(was.start, schedule.start), min(was.end, schedule.end)
                if low < high:
                    rows[low - schedule.start : high - schedule.start] += amount
                if (rows < amount).any():
                    return False
            return True
        freed = usage_map(was.usage)
        return all(
            self.residual[r, t] + freed.get((r, t), 0) >= amount
            for (r, t), amount in usage_map(schedule.usage).items()
        )

    # -- solving ---------------------------------------------------------------------

    def resolve(self, free: list[int], deadline: Deadline) -> bool:
        """Re-solve ``free`` with the rest frozen; adopt a strictly better answer."""
        if not free:
            return False
        sub, kept = self._subproblem(free)
        hint = Solution(tuple(lower_schedule(self.schedules[i], kept) for i in free))
        current = objective_value(sub, hint)
        if current == 0:
            return False
        best, best_value = hint, current
        greedy = solve_greedy(sub, time_limit=min(0.5, deadline.remaining()))
        found, value = greedy.solution, greedy.objective
        if found is not None and value is not None and value < best_value:
            best, best_value = found, value
        seconds = min(self.settings.seconds, deadline.remaining())
        if seconds > 0.05 and best_value > 0:
            exact = solve_cpsat(
                sub,
                time_limit=seconds,
                workers=self.settings.workers,
                seed=self.settings.seed,
                hint=best,
                parameters={"max_deterministic_time": self.settings.work},
            )
            found, value = exact.solution, exact.objective
            if found is not None and value is not None and value < best_value:
                best, best_value = found, value
        if best_value >= current:
            return False
        assert_valid(sub, best)
        self._adopt(free, lift(best, kept).tasks)
        self.objective -= current - best_value
        return True

    def _subproblem(self, free: list[int]) -> tuple[Problem, IntArray]:
        problem = self.problem
        position = {i: k for k, i in enumerate(free)}
        horizon = problem.horizon
        tasks: list[Task] = []
        precedences: list[Precedence] = []
        for i in free:
            task = problem.tasks[i]
            release, latest = task.release, horizon if task.deadline is None else task.deadline
            for prec in self.into[i]:
                if prec.pred not in position:
                    before = self.schedules[prec.pred]
                    release = max(release, earliest_successor_start(problem, prec, before))
            for prec in self.out_of[i]:
                if prec.succ in position:
                    precedences.append(replace(prec, pred=position[i], succ=position[prec.succ]))
                else:
                    counts = None if prec.calendar is None else self.counts[prec.calendar]
                    latest = min(
                        latest, latest_origin(counts, int(self.start[prec.succ]), prec.lag)
                    )
            tasks.append(replace(task, release=release, deadline=latest))
        capacity = self.residual.copy()
        for i in free:
            self._use(capacity, i, self.schedules[i], 1)
        wide = Problem(
            horizon=horizon,
            resources=problem.resources,
            tasks=tuple(tasks),
            precedences=tuple(precedences),
            calendars=problem.calendars,
            objective=Objective(kind="weighted_tardiness"),
        )
        return restrict(wide, capacity)

    def _adopt(self, free: list[int], schedules: Sequence[TaskSchedule]) -> None:
        for i, schedule in zip(free, schedules, strict=True):
            old = self.schedules[i]
            self._use(self.residual, i, old, 1)
            for r in self._used(i, old):
                self.users[r].discard(i)
            self._use(self.residual, i, schedule, -1)
            for r in self._used(i, schedule):
                self.users[r].add(i)
            self.schedules[i] = schedule
            self.start[i], self.end[i] = schedule.start, schedule.end

    def _used(self, i: int, schedule: TaskSchedule) -> set[int]:
        task = self.problem.tasks[i]
        if task.duration is not None:
            return {r for r, _ in task.demands}
        return {u.resource for u in schedule.usage}

    def _use(self, capacity: IntArray, i: int, schedule: TaskSchedule, sign: int) -> None:
        """Give back (``sign=1``) or take (``-1``) the capacity task ``i`` uses."""
        use_capacity(capacity, self.problem.tasks[i], schedule, sign)


def _capacity(problem: Problem) -> IntArray:
    return stacked_capacity(problem.resources, problem.horizon).copy()


def _resources(task: Task) -> frozenset[int]:
    return frozenset(task.eligible) | frozenset(r for r, _ in task.demands)


def job_codes(problem: Problem) -> IntArray:
    """Per task, the code (0, 1, ...) of its job: the tasks connected by precedences.

    Example:
        >>> import numpy as np
        >>> from solvers.problem import Problem, Resource, Task, Precedence
        >>> p = Problem(5, (Resource(np.ones(5)),), (Task(duration=1),) * 3, (Precedence(2, 0),))
        >>> job_codes(p).tolist()
        [0, 1, 0]
    """
    n = problem.num_tasks
    _, codes = np.unique(_components(n, problem.precedences), return_inverse=True)
    return np.asarray(codes, dtype=np.int64).reshape(n)


def _components(n: int, precedences: Sequence[Precedence]) -> IntArray:
    """Per task, the smallest task index connected to it by precedences (its job)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for prec in precedences:
        a, b = root(prec.pred), root(prec.succ)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return np.array([root(i) for i in range(n)], dtype=np.int64)
