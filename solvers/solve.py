"""The one entry point to every kernel solver.

Example:
    >>> import numpy as np
    >>> from solvers import Problem, Resource, Task, solve
    >>> problem = Problem(
    ...     horizon=20,
    ...     resources=(Resource(capacity=np.full(20, 1)),),
    ...     tasks=(Task(duration=3, demands=((0, 1),)), Task(duration=2, demands=((0, 1),))),
    ... )
    >>> solve(problem, "cpsat", time_limit=5).objective
    5
"""

from __future__ import annotations

from solvers.checker import assert_valid
from solvers.problem import Problem
from solvers.result import Result, Solution

SOLVERS = ("cpsat", "greedy")


def solve(
    problem: Problem,
    solver: str = "cpsat",
    *,
    time_limit: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    hint: Solution | None = None,
    log: bool = False,
    deterministic: bool = True,
) -> Result:
    """Solve ``problem`` with the named solver within ``time_limit`` seconds.

    ``cpsat`` is exact (it proves optimality or infeasibility when it has the time);
    ``greedy`` is a serial schedule-generation heuristic. Results are deterministic for
    a given input and settings (``deterministic=False`` lets CP-SAT's parallel workers
    race, which is faster on benchmarks but may differ from run to run). Every
    returned solution has passed the independent checker; a failure raises
    :class:`solvers.checker.InvalidSolutionError` (a bug).
    """
    if solver == "cpsat":
        from solvers.cpsat import solve_cpsat

        result = solve_cpsat(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            hint=hint,
            log=log,
            deterministic=deterministic,
        )
    elif solver == "greedy":
        from solvers.greedy import solve_greedy

        result = solve_greedy(problem, time_limit=time_limit)
    else:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    if result.solution is not None:
        assert_valid(problem, result.solution)
    return result
