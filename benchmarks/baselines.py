"""Baselines the kernel is measured against.

``plain-cpsat`` is the model every user of OR-Tools could write in an afternoon: one
interval variable per task, one cumulative constraint per resource, the precedences
as linear inequalities, minimise the makespan. Nothing else: no bounds propagation
of its own, no warm start, no decomposition. It takes the kernel's problem (rigid tasks,
constant or time-varying capacities, finish-to-start and start-to-start precedences
with lags, releases, deadlines and fixed starts) and returns a kernel :class:`Result`.

Example:
    >>> import numpy as np
    >>> from solvers import Precedence, Problem, Resource, Task
    >>> from benchmarks.baselines import solve_plain_cpsat
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 1)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(duration=2, demands=((0, 1),))),
    ... )
    >>> solve_plain_cpsat(problem, time_limit=5).objective
    5
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from solvers.problem import IntArray, PrecedenceKind, Problem, TaskSchedule
from solvers.result import Result, Solution, Status

PLAIN_CPSAT = "plain-cpsat"

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
}


def check_plain_support(problem: Problem, solver: str) -> None:
    """Raise ``ValueError`` naming what a plain RCPSP model cannot express."""
    if problem.objective.kind != "makespan":
        raise ValueError(f"{solver} minimises the makespan, not {problem.objective.kind!r}")
    for i, task in enumerate(problem.tasks):
        if task.duration is None:
            raise ValueError(
                f"{solver} handles rigid tasks only; task {i} ({task.name}) is elastic"
            )
    for p in problem.precedences:
        if p.calendar is not None:
            raise ValueError(f"{solver} has no calendars; precedence {p.pred}->{p.succ} uses one")


def solve_plain_cpsat(
    problem: Problem, *, time_limit: float = 10.0, workers: int = 1, seed: int = 0
) -> Result:
    """Minimise the makespan of ``problem`` with the plain CP-SAT model."""
    check_plain_support(problem, PLAIN_CPSAT)
    model = cp_model.CpModel()
    horizon = problem.horizon

    starts: list[cp_model.IntVar] = []
    durations: list[int] = []
    intervals: list[cp_model.IntervalVar] = []
    for i, task in enumerate(problem.tasks):
        assert task.duration is not None
        duration = task.duration
        latest_end = horizon if task.deadline is None else min(task.deadline, horizon)
        low, high = task.release, latest_end - duration
        if task.fixed_start is not None:
            low = max(low, task.fixed_start)
            high = min(high, task.fixed_start)
        start = model.new_int_var(low, max(low, high), f"start_{i}")
        if high < low:
            model.add(start <= high)  # an empty window: the model is infeasible
        starts.append(start)
        durations.append(duration)
        intervals.append(model.new_fixed_size_interval_var(start, duration, f"task_{i}"))

    for r, resource in enumerate(problem.resources):
        members: list[cp_model.IntervalVar] = []
        demands: list[int] = []
        for i, task in enumerate(problem.tasks):
            amount = sum(q for k, q in task.demands if k == r)
            if amount > 0:
                members.append(intervals[i])
                demands.append(amount)
        if not members:
            continue
        capacity = resource.capacity
        top = int(capacity.max())
        for first, last, value in _runs_below(capacity, top):
            block = model.new_fixed_size_interval_var(first, last - first, f"block_{r}_{first}")
            members.append(block)
            demands.append(top - value)
        model.add_cumulative(members, demands, top)

    for p in problem.precedences:
        offset = p.lag + (durations[p.pred] if p.kind == PrecedenceKind.FINISH_TO_START else 0)
        model.add(starts[p.succ] >= starts[p.pred] + offset)

    chosen = (
        range(problem.num_tasks) if problem.objective.tasks is None else problem.objective.tasks
    )
    makespan = model.new_int_var(0, horizon, "makespan")
    for i in chosen:
        model.add(makespan >= starts[i] + durations[i])
    model.minimize(makespan)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"{PLAIN_CPSAT} built an invalid model: {model.validate()}")
    status = _STATUS.get(code, Status.UNKNOWN)

    solution = None
    objective = None
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        solution = Solution(
            tuple(
                TaskSchedule(start=solver.value(s), end=solver.value(s) + d)
                for s, d in zip(starts, durations, strict=True)
            )
        )
        objective = int(solver.objective_value)
    bound = None
    if status != Status.INFEASIBLE:
        bound = math.ceil(solver.best_objective_bound - 1e-6)
    return Result(
        status=status,
        solution=solution,
        objective=objective,
        bound=bound,
        seconds=solver.wall_time,
        solver=PLAIN_CPSAT,
    )


def _runs_below(capacity: IntArray, top: int) -> list[tuple[int, int, int]]:
    """Maximal runs ``[first, last)`` of equal capacity below ``top``, with that value."""
    runs: list[tuple[int, int, int]] = []
    t, n = 0, len(capacity)
    while t < n:
        value = int(capacity[t])
        first = t
        while t < n and capacity[t] == value:
            t += 1
        if value < top:
            runs.append((first, t, value))
    return runs
