"""The exact solver: CP-SAT on the kernel problem.

A greedy schedule (or the caller's hint) is the first incumbent, and the search's hint
on time-indexed models (on interval-only models CP-SAT's own first solutions measured
better, so the greedy one is only kept as a fallback). The model then asks
only for a strictly better schedule: for a makespan objective every objective task
must end before the incumbent's value, for weighted tardiness no task may be later
than the incumbent's whole tardiness allows. That shrinks every time window, and a
restricted model without a schedule proves the incumbent optimal. Elastic work whose
crew limit cannot bind is modelled pooled (per task and period, see
:mod:`solvers.pools`) and dispatched to resources afterwards.

On interval-only models an optional proof phase (``ModelOptions.proof_share``) ends
the first search when its incumbent stalls and spends the rest of the limit on the
model capped below it, with workers chosen for proofs rather than for finding
schedules.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model, cp_model_helper

from solvers.bounds import infeasibility_reason, lower_bound
from solvers.checker import objective_value, violations
from solvers.cpsat_model import (
    STRONG_PROPAGATION,
    ModelOptions,
    add_hint,
    bound_objective,
    build_model,
    read_snapshot,
    solution_from,
)
from solvers.pools import pooling_applies
from solvers.problem import Problem, Task
from solvers.result import Result, Solution, Status

__all__ = ["ModelOptions", "set_parameters", "solve_cpsat", "strictly_below"]

Parameter = bool | int | float | str | list[str]
"""A CP-SAT parameter value (lists extend repeated fields such as ``subsolvers``)."""

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
    parameters: Mapping[str, Parameter] | None


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
    parameters: Mapping[str, Parameter] | None = None,
) -> Result:
    """Solve ``problem`` exactly with CP-SAT within ``time_limit`` seconds.

    ``options`` switches the model's strengthenings (see :class:`ModelOptions`);
    ``parameters`` overrides CP-SAT parameters by name. Without a ``hint`` the greedy
    heuristic's schedule warms the search up, and when it already meets the lower
    bound no model is built at all. With ``deterministic`` the search gives the same
    answer for the same input whatever the number of workers (when it finishes within
    the limit; a proof phase that takes over after a stall depends on timing too).

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
    given = hint is not None
    if hint is None and options.warm_start:
        from solvers.greedy import solve_greedy

        hint = solve_greedy(problem, time_limit=time_limit / 10).solution
    incumbent = hint if hint is not None and _is_valid(problem, hint) else None
    best = None if incumbent is None else objective_value(problem, incumbent)
    settings = _Settings(began + time_limit, workers, seed, log, deterministic, parameters)
    if best is not None and best <= proven:
        return finish(Status.OPTIMAL, incumbent, best)
    modelled = problem
    time_indexed = any(task.is_elastic for task in problem.tasks)
    cap = options.incumbent_cap and time_indexed and problem.objective.kind != "changes"
    if cap and best is not None:
        below = strictly_below(problem, best)
        if below is None:
            return finish(Status.OPTIMAL, incumbent, best)
        modelled = below
    pooled = options.pooled and pooling_applies(modelled)
    # The greedy schedule steers a time-indexed search well; on interval-only models it
    # measured worse than CP-SAT's own first solutions, so there it is only a fallback.
    steer = incumbent if time_indexed or given else None
    share = None if time_indexed or problem.objective.kind == "changes" else options.proof_share
    prove_later = share is not None
    first, stall = settings, None
    if share is not None:
        first = replace(settings, deadline=began + share * time_limit)
        stall = _StallWatch(began, options.stall_share * time_limit)
    if share == 0:
        status, solution, solver_bound = Status.UNKNOWN, None, proven
    else:
        status, solution, solver_bound = _solve_model(
            modelled, options, pooled, steer, proven, best, first, stall=stall
        )
    if status == Status.INFEASIBLE:
        if modelled is not problem:
            return finish(Status.OPTIMAL, incumbent, best)
        return finish(Status.INFEASIBLE, None, None)
    proven, incumbent, best = _adopt(
        problem, status, solution, solver_bound, proven, incumbent, best
    )
    unproven = best is None or proven < best
    if prove_later and unproven and time.perf_counter() < settings.deadline:
        outcome = _prove(problem, options, proven, incumbent, best, settings)
        if outcome is None:
            return finish(Status.INFEASIBLE, None, None)
        proven, incumbent, best = outcome
    if incumbent is None or best is None:
        return finish(Status.UNKNOWN, None, None)
    if proven >= best:
        return finish(Status.OPTIMAL, incumbent, best)
    return finish(Status.FEASIBLE, incumbent, proven)


def _prove(
    problem: Problem,
    options: ModelOptions,
    proven: int,
    incumbent: Solution | None,
    best: int | None,
    settings: _Settings,
) -> tuple[int, Solution | None, int | None] | None:
    """The proof phase: search below the incumbent with workers built for proofs.

    Returns the proven bound, the incumbent and its value, improved where the search
    found a better schedule; ``None`` when it proves the problem has no schedule at
    all (without an incumbent it searches the whole problem).
    """
    modelled = problem
    if best is not None:
        below = strictly_below(problem, best)
        if below is None:
            return best, incumbent, best
        modelled = below
    status, solution, solver_bound = _solve_model(
        modelled, options, False, None, proven, best, settings, proof=True
    )
    if status == Status.INFEASIBLE:
        return None if best is None else (best, incumbent, best)
    return _adopt(problem, status, solution, solver_bound, proven, incumbent, best)


def _adopt(
    problem: Problem,
    status: Status,
    solution: Solution | None,
    solver_bound: int,
    proven: int,
    incumbent: Solution | None,
    best: int | None,
) -> tuple[int, Solution | None, int | None]:
    """Take a model's answer in: the proven bound, the incumbent and its value."""
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        # a restricted model's bound holds for the problem below the incumbent's value
        proven = max(proven, solver_bound if best is None else min(best, solver_bound))
    if solution is not None:
        value = objective_value(problem, solution)
        if best is None or value < best:
            incumbent, best = solution, value
    return proven, incumbent, best


def _solve_model(
    problem: Problem,
    options: ModelOptions,
    pooled: bool,
    hint: Solution | None,
    bound: int,
    best: int | None,
    settings: _Settings,
    *,
    proof: bool = False,
    stall: _StallWatch | None = None,
) -> tuple[Status, Solution | None, int]:
    """Build and solve one model: its status, its schedule and its proven bound.

    ``proof`` runs the workers of the proof phase (``options.proof_subsolvers``); ``stall``
    stops the search once its incumbent stops improving.
    """
    built = build_model(problem, options, pooled)
    if best is None or best > bound:
        bound_objective(built, bound)
    interleave = settings.deterministic and settings.workers > 1
    # CP-SAT 9.15 aborts the whole process (CHECK failed: heuristics.fixed_search !=
    # nullptr) when an interleaved search is given a solution hint; a deterministic
    # multi-worker search therefore starts without one (the incumbent still caps it).
    if hint is not None and not interleave:
        add_hint(built, problem, hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, settings.deadline - time.perf_counter())
    params.num_workers = max(1, settings.workers)
    params.random_seed = settings.seed
    params.log_search_progress = settings.log
    if interleave:
        params.interleave_search = True
    if proof and settings.workers > 1:
        complete = options.proof_subsolvers[: settings.workers]
        params.filter_subsolvers.extend(complete)
        params.filter_subsolvers.extend(options.proof_neighbourhoods)
        params.num_full_subsolvers = len(complete)
    elif proof:
        params.linearization_level = 0
    if options.strong_propagation and any(t.duration is not None for t in problem.tasks):
        for name, setting in STRONG_PROPAGATION.items():
            setattr(params, name, setting)
    set_parameters(params, settings.parameters or {})
    code = solver.solve(built.model) if stall is None else stall.solve(solver, built.model)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT rejected the model: {built.model.validate()}")
    status = _STATUS[code]
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        return status, None, bound
    solver_bound = math.ceil(solver.best_objective_bound - 1e-6)
    solution = solution_from(problem, built, read_snapshot(built, solver.value))
    return status, solution, solver_bound


class _StallWatch(cp_model.CpSolverSolutionCallback):
    """Stops a search whose incumbent has not improved for as long as finding it took.

    Measured from ``began``; the wait is at least ``least`` seconds. The first phase
    of an interval model finds PSPLIB optima early and then spends its time on a proof
    the linear relaxation barely helps, so a stall hands the rest to the proof phase.
    """

    def __init__(self, began: float, least: float) -> None:
        super().__init__()
        self._began = began
        self._least = least
        self._last: float | None = None

    def on_solution_callback(self) -> None:
        self._last = time.perf_counter()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
        """Solve ``model`` with ``solver``, stopping it at a stall."""
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.02):
                last = self._last
                if last is not None and time.perf_counter() - last >= max(
                    self._least, last - self._began
                ):
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            return solver.solve(model, self)
        finally:
            done.set()
            watcher.join()


def set_parameters(
    params: cp_model_helper.SatParameters, overrides: Mapping[str, Parameter]
) -> None:
    """Set CP-SAT parameters by name on ``params`` (a solver's ``parameters``).

    Lists extend repeated fields; a string that names one of the parameters' enum
    values (``"FIXED_SEARCH"``) sets that value.

    Example:
        >>> solver = cp_model.CpSolver()
        >>> set_parameters(solver.parameters, {"linearization_level": 0,
        ...     "search_branching": "FIXED_SEARCH", "filter_subsolvers": ["no_lp"]})
        >>> solver.parameters.search_branching == solver.parameters.FIXED_SEARCH
        True
    """
    for name, override in overrides.items():
        if isinstance(override, (list, tuple)):
            getattr(params, name).extend(override)
        elif isinstance(override, str) and override.isupper() and hasattr(params, override):
            setattr(params, name, getattr(params, override))
        else:
            setattr(params, name, override)


def strictly_below(problem: Problem, value: int) -> Problem | None:
    """The problem restricted to schedules whose objective is below ``value``.

    ``None`` when the cap alone already leaves no schedule (so ``value`` is optimal
    whenever a schedule of that value exists). A search of the capped problem that
    finds no schedule proves ``value`` a lower bound.

    Example:
        >>> import numpy as np
        >>> from solvers import Problem, Resource, Task
        >>> p = Problem(horizon=9, resources=(Resource(np.full(9, 1)),),
        ...             tasks=(Task(duration=3, demands=((0, 1),)),))
        >>> strictly_below(p, 4).tasks[0].deadline, strictly_below(p, 3)
        (3, None)
    """
    capped = _capped(problem, value - 1)
    return None if infeasibility_reason(capped) is not None else capped


def _capped(problem: Problem, most: int) -> Problem:
    """The problem restricted to schedules whose objective is at most ``most``.

    Makespan: every objective task ends by ``most``. Weighted tardiness: no single
    task may be later than the whole budget allows, ``due + most // weight``.
    """
    objective = problem.objective
    chosen = set(range(problem.num_tasks) if objective.tasks is None else objective.tasks)

    def latest(i: int, task: Task) -> int | None:
        if objective.kind == "makespan":
            return most if i in chosen else None
        if task.due is None or task.weight <= 0:
            return None
        return task.due + most // task.weight

    tasks = []
    for i, task in enumerate(problem.tasks):
        limit = latest(i, task)
        if limit is not None:
            deadline = problem.horizon if task.deadline is None else task.deadline
            task = replace(task, deadline=max(0, min(limit, deadline, problem.horizon)))
        tasks.append(task)
    return problem.with_tasks(tuple(tasks))


def _is_valid(problem: Problem, hint: Solution) -> bool:
    return len(hint.tasks) == problem.num_tasks and not violations(problem, hint)
