"""PyJobShop as a peer: the kernel problem built in its model API, solved by OR-Tools.

Each kernel resource becomes a renewable resource, each task a task with one mode
(its duration and its demands on the resources it uses), each precedence an
end-before-start or start-before-start constraint with the lag as delay; releases,
deadlines and the horizon bound the tasks' windows. The makespan is minimised with
PyJobShop's OR-Tools backend under the same time limit, worker count and seed as the
other solvers, and its answer is converted to a kernel :class:`Result`.

PyJobShop is an optional dependency (the ``bench`` extra).

Example:
    >>> import numpy as np
    >>> from solvers import Problem, Resource, Task
    >>> from benchmarks.pyjobshop_adapter import solve_pyjobshop
    >>> problem = Problem(
    ...     horizon=10,
    ...     resources=(Resource(capacity=np.full(10, 1)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(duration=2, demands=((0, 1),))),
    ... )
    >>> solve_pyjobshop(problem, time_limit=5).objective  # doctest: +SKIP
    5
"""

from __future__ import annotations

import math
import time
from typing import Any

from benchmarks.baselines import check_plain_support
from solvers.problem import PrecedenceKind, Problem, TaskSchedule
from solvers.result import Result, Solution, Status

PYJOBSHOP = "pyjobshop"

_STATUS = {
    "Optimal": Status.OPTIMAL,
    "Feasible": Status.FEASIBLE,
    "Infeasible": Status.INFEASIBLE,
}


def pyjobshop_available() -> bool:
    """Whether PyJobShop can be imported."""
    try:
        import pyjobshop  # noqa: F401
    except ImportError:
        return False
    return True


def build_model(problem: Problem) -> Any:
    """The problem as a ``pyjobshop.Model`` (rigid tasks, constant capacities)."""
    import pyjobshop

    check_plain_support(problem, PYJOBSHOP)
    if problem.objective.tasks is not None and sorted(problem.objective.tasks) != list(
        range(problem.num_tasks)
    ):
        raise ValueError(f"{PYJOBSHOP} minimises the makespan over all tasks only")
    for r, resource in enumerate(problem.resources):
        if (resource.capacity != resource.capacity[0]).any():
            raise ValueError(f"{PYJOBSHOP} adapter needs constant capacities; resource {r} varies")

    model = pyjobshop.Model()
    renewables = [
        model.add_renewable(capacity=int(resource.capacity[0]), name=resource.name or f"R{r}")
        for r, resource in enumerate(problem.resources)
    ]
    tasks = []
    for i, task in enumerate(problem.tasks):
        assert task.duration is not None
        latest_end = (
            problem.horizon if task.deadline is None else min(task.deadline, problem.horizon)
        )
        window: dict[str, int] = {"earliest_start": task.release, "latest_end": latest_end}
        if task.fixed_start is not None:
            window["earliest_start"] = window["latest_start"] = task.fixed_start
        added = model.add_task(name=task.name or str(i), **window)
        amounts: dict[int, int] = {}
        for r, amount in task.demands:
            amounts[r] = amounts.get(r, 0) + amount
        used = sorted(r for r, amount in amounts.items() if amount > 0)
        model.add_mode(
            added, [renewables[r] for r in used], task.duration, [amounts[r] for r in used]
        )
        tasks.append(added)

    for p in problem.precedences:
        if p.kind == PrecedenceKind.FINISH_TO_START:
            model.add_end_before_start(tasks[p.pred], tasks[p.succ], delay=p.lag)
        else:
            model.add_start_before_start(tasks[p.pred], tasks[p.succ], delay=p.lag)
    model.set_objective(weight_makespan=1)
    return model


def solve_pyjobshop(
    problem: Problem, *, time_limit: float = 10.0, workers: int = 1, seed: int = 0
) -> Result:
    """Minimise the makespan of ``problem`` with PyJobShop's OR-Tools backend.

    PyJobShop refuses to build a model in which a task demands more than a resource's
    capacity ("infeasible demands"); that refusal is its proof of infeasibility, and is
    reported as such.
    """
    began = time.perf_counter()
    model = build_model(problem)
    if _demand_exceeds_capacity(problem):
        return Result(
            status=Status.INFEASIBLE,
            solution=None,
            objective=None,
            bound=None,
            seconds=time.perf_counter() - began,
            solver=PYJOBSHOP,
        )
    answer = model.solve(
        "ortools", time_limit=time_limit, display=False, num_workers=workers, random_seed=seed
    )
    status = _STATUS.get(answer.status.value, Status.UNKNOWN)
    solution = None
    objective = None
    bound = None
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        solution = Solution(
            tuple(TaskSchedule(start=int(t.start), end=int(t.end)) for t in answer.best.tasks)
        )
        objective = round(answer.objective)
        bound = math.ceil(answer.lower_bound - 1e-6)
    return Result(
        status=status,
        solution=solution,
        objective=objective,
        bound=bound,
        seconds=float(answer.runtime),
        solver=PYJOBSHOP,
    )


def _demand_exceeds_capacity(problem: Problem) -> bool:
    for task in problem.tasks:
        totals: dict[int, int] = {}
        for r, amount in task.demands:
            totals[r] = totals.get(r, 0) + amount
        if any(amount > int(problem.resources[r].capacity[0]) for r, amount in totals.items()):
            return True
    return False
