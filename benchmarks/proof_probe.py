"""How long one CP-SAT search takes to prove that nothing beats a reference makespan.

On PSPLIB's hardest j30 instances the kernel finds the optimum within a second or two
and spends the rest of its limit on the proof. This measures the proof alone: the
kernel's model of the instance capped one unit below its reference value (no schedule
may end later than ``value - 1``), solved by one CP-SAT search under each named
setting. ``infeasible`` means the reference value is proven optimal; a schedule found
below it would beat the literature, and passes the kernel's checker before it counts.

Example:
    >>> from benchmarks.proof_probe import PROOF_SETTINGS
    >>> PROOF_SETTINGS["no_lp"].parameters["linearization_level"]
    0
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

from benchmarks.instance import to_problem
from benchmarks.readers import read_instance
from benchmarks.references import reference_for
from benchmarks.runner import instance_label
from benchmarks.variants import SHIPPED, TWO_NO_LP, KernelVariant
from solvers.checker import assert_valid
from solvers.cpsat import Parameter, set_parameters, strictly_below
from solvers.cpsat_model import (
    STRONG_PROPAGATION,
    ModelOptions,
    build_model,
    read_snapshot,
    solution_from,
)
from solvers.problem import Problem

NO_LP: dict[str, Parameter] = {"linearization_level": 0}


def _no_lp(summary: str, options: ModelOptions = SHIPPED, **parameters: Parameter) -> KernelVariant:
    """A setting that searches without the linear relaxation, with ``parameters`` on top."""
    return KernelVariant(summary, options, {**NO_LP, **parameters})


PROOF_SETTINGS: dict[str, KernelVariant] = {
    "no_lp": _no_lp("clause learning without the linear relaxation"),
    "default_lp": KernelVariant("CP-SAT's default search, with its linear relaxation"),
    "max_lp": KernelVariant(
        "the full linear relaxation with cuts", parameters={"linearization_level": 2}
    ),
    "no_lp+strong": KernelVariant(
        "no_lp with CP-SAT's costlier cumulative propagators",
        parameters={**NO_LP, **STRONG_PROPAGATION},
    ),
    "no_lp+edge-finding": _no_lp(
        "no_lp with timetable edge finding", use_timetable_edge_finding_in_cumulative=True
    ),
    "no_lp+dynamic-precedences": _no_lp(
        "no_lp with dynamic precedences in the cumulative",
        use_dynamic_precedence_in_cumulative=True,
    ),
    "no_lp+strong-disjunctive": _no_lp(
        "no_lp with the stronger disjunctive propagation",
        use_strong_propagation_in_disjunctive=True,
    ),
    "no_lp+disjunctive-precedences": _no_lp(
        "no_lp with dynamic precedences in the disjunctive",
        use_dynamic_precedence_in_disjunctive=True,
    ),
    "no_lp+shaving": _no_lp("no_lp with variable shaving", variables_shaving_level=2),
    "no_lp+probing-search": _no_lp("no_lp as CP-SAT's probing search", use_probing_search=True),
    "fixed-start": _no_lp(
        "fixed search: lowest possible start first, at that start",
        ModelOptions(start_branching=True),
        search_branching="FIXED_SEARCH",
    ),
    "partial-fixed-start": _no_lp(
        "the start-time strategy first, then clause learning",
        ModelOptions(start_branching=True),
        search_branching="PARTIAL_FIXED_SEARCH",
    ),
    "pseudo-costs": _no_lp("pseudo-cost branching", search_branching="PSEUDO_COST_SEARCH"),
    # With two workers CP-SAT runs one complete search beside feasibility jump and LNS,
    # which cannot prove anything here: this gives both workers to complete searches.
    "two-no-lp": KernelVariant(
        "two complete searches without the linear relaxation (run with --workers 2)",
        parameters={"num_full_subsolvers": 2, "subsolvers": list(TWO_NO_LP)},
    ),
}
"""Every setting the probe knows, by name: model options and CP-SAT parameters."""


@dataclass(frozen=True)
class ProofRun:
    """One capped search: what it proved and how long it took."""

    instance: str
    setting: str
    cap: int
    """The latest end the capped model allows (the reference value - 1)."""
    status: str
    """``infeasible`` (the reference is optimal), ``feasible`` (beaten) or ``unknown``."""
    seconds: float

    def csv_line(self) -> str:
        return f"{self.instance},{self.setting},{self.cap},{self.status},{self.seconds:.2f}"


CSV_HEADER = "instance,setting,cap,status,seconds"


def prove_below(
    problem: Problem, value: int, setting: KernelVariant, time_limit: float, workers: int = 1
) -> tuple[str, float]:
    """Search the kernel's model of ``problem`` capped below ``value``; status and seconds.

    A schedule the search finds must pass the checker (it beats ``value``).
    """
    capped = strictly_below(problem, value)
    if capped is None:
        return "infeasible", 0.0
    began = time.perf_counter()
    built = build_model(capped, setting.options, False)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.max_time_in_seconds = time_limit
    set_parameters(params, setting.parameters)
    code = solver.solve(built.model)
    seconds = time.perf_counter() - began
    if code == cp_model.INFEASIBLE:
        return "infeasible", seconds
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        schedule = solution_from(capped, built, read_snapshot(built, solver.value))
        assert_valid(capped, schedule)
        return "feasible", seconds
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT rejected the model: {built.model.validate()}")
    return "unknown", seconds


def probe(
    paths: Sequence[Path], settings: Sequence[str], time_limit: float, workers: int = 1
) -> Iterator[ProofRun]:
    """One :class:`ProofRun` per instance with a best-known value and setting, in order."""
    chosen: Mapping[str, KernelVariant] = {name: PROOF_SETTINGS[name] for name in settings}
    for path in paths:
        reference = reference_for(path)
        if reference is None or reference.upper is None:
            continue
        problem = to_problem(read_instance(path))
        for name, setting in chosen.items():
            status, seconds = prove_below(problem, reference.upper, setting, time_limit, workers)
            yield ProofRun(instance_label(path), name, reference.upper - 1, status, seconds)
