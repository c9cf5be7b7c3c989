"""The exact solver: CP-SAT on the kernel problem, in rounds.

A greedy schedule (or the caller's hint) is the first incumbent. For a makespan
objective every round then asks only for a strictly better schedule, which caps every
objective task's end and shrinks all time windows; a capped model without a schedule
proves the incumbent optimal. Elastic work is modelled pooled (per task and period,
see :mod:`solvers.pools`) where that is exact up to crew limits; a pooled solution
whose amounts no staffing can serve yields cuts that exclude them, and the next round
solves again with the cuts. Every round keeps the best staffable schedule it saw.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from solvers.bounds import infeasibility_reason, lower_bound
from solvers.checker import objective_value, violations
from solvers.cpsat_model import (
    STRONG_PROPAGATION,
    BuiltModel,
    ModelOptions,
    add_cuts,
    add_hint,
    bound_objective,
    build_model,
    read_snapshot,
    solution_from,
)
from solvers.dispatch import CrewCut
from solvers.pools import pooling_applies
from solvers.problem import Problem
from solvers.result import Result, Solution, Status

__all__ = ["ModelOptions", "solve_cpsat"]

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass(frozen=True)
class _Settings:
    deadline: float
    workers: int
    seed: int
    log: bool
    deterministic: bool
    parameters: Mapping[str, bool | int | float] | None


@dataclass(frozen=True)
class _Round:
    status: Status
    """CP-SAT's status on the round's model."""
    solution: Solution | None
    """The best staffable schedule the round saw."""
    complete: bool
    """The round ran to its end (was not stopped by an unstaffable solution)."""
    cuts: list[CrewCut]
    bound: int
    """CP-SAT's proven bound on the round's model."""


def solve_cpsat(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    hint: Solution | None = None,
    log: bool = False,
    deterministic: bool = True,
    options: ModelOptions | None = None,
    parameters: Mapping[str, bool | int | float] | None = None,
) -> Result:
    """Solve ``problem`` exactly with CP-SAT within ``time_limit`` seconds.

    ``options`` switches the model's strengthenings (see :class:`ModelOptions`);
    ``parameters`` overrides CP-SAT parameters by name. Without a ``hint`` the greedy
    heuristic's schedule warms the search up, and when it already meets the lower
    bound no model is built at all. With ``deterministic`` the search gives the same
    answer for the same input whatever the number of workers (when it finishes within
    the limit).

    Example:
        >>> import numpy as np
        >>> from solvers import Problem, Resource, Task
        >>> p = Problem(horizon=9, resources=(Resource(np.full(9, 2)),),
        ...             tasks=(Task(work=6, eligible=(0,)),))
        >>> solve_cpsat(p, time_limit=5).objective
        3
    """
    began = time.perf_counter()
    options = options or ModelOptions()

    def finish(status: Status, solution: Solution | None, proven: int | None) -> Result:
        value = None if solution is None else objective_value(problem, solution)
        return Result(status, solution, value, proven, time.perf_counter() - began, "cpsat")

    if infeasibility_reason(problem) is not None:
        return finish(Status.INFEASIBLE, None, None)
    proven = lower_bound(problem)
    if hint is None and options.warm_start:
        from solvers.greedy import greedy_schedule

        hint = greedy_schedule(problem)
    incumbent = hint if hint is not None and _is_valid(problem, hint) else None
    best = None if incumbent is None else objective_value(problem, incumbent)
    settings = _Settings(began + time_limit, workers, seed, log, deterministic, parameters)
    capping = options.incumbent_cap and problem.objective.kind == "makespan"
    cuts: list[CrewCut] = []
    while best is None or best > proven:
        modelled = problem
        if capping and best is not None:
            modelled = _capped(problem, best - 1)
            if infeasibility_reason(modelled) is not None:
                return finish(Status.OPTIMAL, incumbent, best)
        remaining = settings.deadline - time.perf_counter()
        if remaining <= 0:
            break
        pooled = options.pooled and pooling_applies(modelled)
        best_before = best
        rnd = _solve_round(modelled, options, pooled, incumbent, proven, best, settings, cuts)
        if rnd.solution is not None:
            value = objective_value(problem, rnd.solution)
            if best is None or value < best:
                incumbent, best = rnd.solution, value
        if rnd.status == Status.INFEASIBLE:
            if modelled is not problem:
                return finish(Status.OPTIMAL, incumbent, best)
            return finish(Status.INFEASIBLE, None, None)
        if rnd.status in (Status.OPTIMAL, Status.FEASIBLE):
            round_bound = rnd.bound if best_before is None else min(best_before, rnd.bound)
            proven = max(proven, round_bound)
        if rnd.status == Status.OPTIMAL and rnd.complete:
            return finish(Status.OPTIMAL, incumbent, best)
        if not rnd.cuts:
            break  # out of time with nothing new to learn
        cuts.extend(rnd.cuts)
    if incumbent is None:
        return finish(Status.UNKNOWN, None, None)
    if best is not None and proven >= best:
        return finish(Status.OPTIMAL, incumbent, best)
    return finish(Status.FEASIBLE, incumbent, proven)


class _Staffer(cp_model.CpSolverSolutionCallback):
    """Staffs every pooled solution as CP-SAT reports it.

    A staffable one becomes the round's best; one that cannot be staffed stops the
    search with the cuts that exclude it (a lazy constraint, in effect).
    """

    def __init__(self, problem: Problem, built: BuiltModel) -> None:
        super().__init__()
        self.problem = problem
        self.built = built
        self.solution: Solution | None = None
        self.cuts: list[CrewCut] = []

    def on_solution_callback(self) -> None:
        outcome = solution_from(self.problem, self.built, read_snapshot(self.built, self.value))
        if isinstance(outcome, Solution):
            self.solution = outcome
        else:
            self.cuts = outcome
            self.stop_search()


def _solve_round(
    problem: Problem,
    options: ModelOptions,
    pooled: bool,
    hint: Solution | None,
    bound: int,
    best: int | None,
    settings: _Settings,
    cuts: list[CrewCut],
) -> _Round:
    built = build_model(problem, options, pooled)
    add_cuts(built, cuts)
    if best is None or best > bound:
        bound_objective(built, bound)
    if hint is not None:
        add_hint(built, problem, hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, settings.deadline - time.perf_counter())
    params.num_workers = max(1, settings.workers)
    params.random_seed = settings.seed
    params.log_search_progress = settings.log
    if settings.deterministic and settings.workers > 1:
        params.interleave_search = True
    if options.strong_propagation and any(t.duration is not None for t in problem.tasks):
        for name, setting in STRONG_PROPAGATION.items():
            setattr(params, name, setting)
    for name, override in (settings.parameters or {}).items():
        setattr(params, name, override)
    staffer = _Staffer(problem, built) if pooled else None
    code = solver.solve(built.model, staffer)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT rejected the model: {built.model.validate()}")
    status = _STATUS[code]
    solver_bound = math.ceil(solver.best_objective_bound - 1e-6)
    if staffer is not None:
        if staffer.cuts:  # stopped early: the bound is not proven for the cut model
            return _Round(Status.FEASIBLE, staffer.solution, False, staffer.cuts, bound)
        return _Round(status, staffer.solution, True, [], solver_bound)
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        return _Round(status, None, False, [], bound)
    outcome = solution_from(problem, built, read_snapshot(built, solver.value))
    assert isinstance(outcome, Solution)
    return _Round(status, outcome, True, [], solver_bound)


def _capped(problem: Problem, last_end: int) -> Problem:
    """The problem with every objective task ending by ``last_end`` at the latest."""
    objective_tasks = problem.objective.tasks
    chosen = set(range(problem.num_tasks) if objective_tasks is None else objective_tasks)
    tasks = tuple(
        replace(t, deadline=min(last_end, problem.horizon if t.deadline is None else t.deadline))
        if i in chosen
        else t
        for i, t in enumerate(problem.tasks)
    )
    return problem.with_tasks(tasks)


def _is_valid(problem: Problem, hint: Solution) -> bool:
    return len(hint.tasks) == problem.num_tasks and not violations(problem, hint)
