"""The solvers a benchmark can run, by name.

* ``kernel``: the kernel's exact solver, ``solvers.solve(problem, "cpsat", ...)``;
* ``greedy``: the kernel's serial schedule-generation heuristic;
* ``plain-cpsat``: the plain CP-SAT model of :mod:`benchmarks.baselines`;
* ``pyjobshop``: PyJobShop with its OR-Tools backend (the ``bench`` extra);
* ``all``: each of the above in turn;
* ``kernel:<variant>``: the kernel with one modelling choice changed, for the ablation
  (:mod:`benchmarks.variants`); not part of ``all``.

Example:
    >>> from benchmarks.registry import resolve_solvers
    >>> resolve_solvers("all")
    ('kernel', 'greedy', 'plain-cpsat', 'pyjobshop')
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from benchmarks.baselines import PLAIN_CPSAT, solve_plain_cpsat
from benchmarks.pyjobshop_adapter import PYJOBSHOP, pyjobshop_available, solve_pyjobshop
from benchmarks.variants import KERNEL_VARIANTS
from solvers.cpsat import solve_cpsat
from solvers.problem import Problem
from solvers.result import Result
from solvers.solve import solve

KERNEL = "kernel"
GREEDY = "greedy"
SOLVER_NAMES = (KERNEL, GREEDY, PLAIN_CPSAT, PYJOBSHOP)
ALL = "all"


@dataclass(frozen=True)
class RunSettings:
    """The budget every solver gets on every instance."""

    time_limit: float
    workers: int = 1
    seed: int = 0


def resolve_solvers(name: str) -> tuple[str, ...]:
    """The solver names ``name`` stands for (``all``: every one)."""
    if name == ALL:
        return SOLVER_NAMES
    if name not in SOLVER_NAMES and name not in KERNEL_VARIANTS:
        choices = ", ".join((*SOLVER_NAMES, ALL, *KERNEL_VARIANTS))
        raise ValueError(f"unknown solver {name!r}; choose one of {choices}")
    return (name,)


def missing_requirement(name: str) -> str | None:
    """Why solver ``name`` cannot run here, or ``None`` when it can."""
    if (name == KERNEL or name in KERNEL_VARIANTS) and importlib.util.find_spec(
        "solvers.cpsat"
    ) is None:
        return "the kernel's CP-SAT solver (solvers.cpsat) is not installed"
    if name == GREEDY and importlib.util.find_spec("solvers.greedy") is None:
        return "the kernel's greedy solver (solvers.greedy) is not installed"
    if name == PYJOBSHOP and not pyjobshop_available():
        return "PyJobShop is not installed (pip install -e '.[bench]')"
    return None


def run_solver(name: str, problem: Problem, settings: RunSettings) -> Result:
    """Run solver ``name`` on ``problem`` within ``settings``."""
    if name == KERNEL:
        return solve(
            problem,
            "cpsat",
            time_limit=settings.time_limit,
            workers=settings.workers,
            seed=settings.seed,
            deterministic=False,  # race the workers, as the baselines do
        )
    if name in KERNEL_VARIANTS:
        variant = KERNEL_VARIANTS[name]
        return solve_cpsat(
            problem,
            time_limit=settings.time_limit,
            workers=settings.workers,
            seed=settings.seed,
            deterministic=False,
            options=variant.options,
            parameters=variant.parameters,
        )
    if name == GREEDY:
        return solve(problem, "greedy", time_limit=settings.time_limit, seed=settings.seed)
    if name == PLAIN_CPSAT:
        return solve_plain_cpsat(
            problem, time_limit=settings.time_limit, workers=settings.workers, seed=settings.seed
        )
    if name == PYJOBSHOP:
        return solve_pyjobshop(
            problem, time_limit=settings.time_limit, workers=settings.workers, seed=settings.seed
        )
    raise ValueError(f"unknown solver {name!r}")
