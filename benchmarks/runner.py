"""Run solvers over instance files, check every schedule, write one CSV row per run.

For each instance (in order) and each solver (in turn): read the file, build the kernel
problem, solve it under the same time limit and worker count, pass any schedule
through the kernel's independent checker (a failure aborts the run: it is a bug, never
a result), measure its makespan with the checker, compare with the literature's
reference value, append the row to the CSV and flush it.

Example:
    >>> from benchmarks.registry import RunSettings
    >>> from benchmarks.runner import run_benchmark
    >>> report = run_benchmark(["j30"], ("greedy",), RunSettings(1.0), "out.csv")  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from benchmarks.instance import Instance, to_problem
from benchmarks.readers import read_instance
from benchmarks.references import ReferenceValue, reference_for
from benchmarks.registry import RunSettings, missing_requirement, run_solver
from benchmarks.results import ResultsWriter, Row, best_known_field, gap_base, gap_pct
from benchmarks.summary import format_summary, summarise
from solvers.checker import assert_valid, objective_value
from solvers.problem import Problem
from solvers.result import Result


class SolverMismatchError(RuntimeError):
    """A solver reported an objective its own (checker-valid) schedule does not have."""


@dataclass
class BenchmarkReport:
    """The rows of a run and the disagreements with the literature it found."""

    rows: list[Row] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = format_summary(summarise(self.rows))
        if self.conflicts:
            text += "\n\nDisagreements with the reference values:\n" + "\n".join(
                f"  {c}" for c in self.conflicts
            )
        return text


def instance_label(path: Path) -> str:
    """``<directory>/<file>``: names the instance and, by its directory, its set."""
    folder = path.resolve().parent.name
    return f"{folder}/{path.name}" if folder else path.name


def evaluate(
    label: str,
    solver: str,
    instance: Instance,
    problem: Problem,
    result: Result,
    seconds: float,
    settings: RunSettings,
    reference: ReferenceValue | None,
) -> Row:
    """Check ``result``'s schedule and turn it into the CSV row of ``solver`` (its name).

    Raises the checker's error for an invalid schedule and :class:`SolverMismatchError`
    when the reported objective is not the schedule's.
    """
    makespan = None
    if result.solution is not None:
        assert_valid(problem, result.solution)
        makespan = objective_value(problem, result.solution)
        if result.objective is not None and result.objective != makespan:
            raise SolverMismatchError(
                f"{solver} on {label}: reported {result.objective}, "
                f"its schedule has makespan {makespan}"
            )
    return Row(
        instance=label,
        tasks=instance.num_real_tasks,
        solver=solver,
        makespan=makespan,
        status=result.status.value,
        lower_bound=result.bound,
        best_known=best_known_field(reference),
        gap_pct=gap_pct(makespan, gap_base(reference, result.bound)),
        seconds=seconds,
        time_limit=settings.time_limit,
    )


def reference_conflict(row: Row, reference: ReferenceValue | None) -> str | None:
    """What in ``row`` contradicts the literature (a reader or solver bug), if anything."""
    if reference is None:
        return None
    who = f"{row.solver} on {row.instance}"
    if reference.unsat:
        if row.makespan is not None:
            return (
                f"{who}: a valid schedule of makespan {row.makespan}, but the reference says unsat"
            )
        return None
    if row.status == "infeasible" and (reference.lower is not None or reference.upper is not None):
        return f"{who}: proved infeasible, but the reference is {reference}"
    if row.makespan is not None and reference.lower is not None and row.makespan < reference.lower:
        return f"{who}: makespan {row.makespan} below the proven lower bound {reference.lower}"
    if row.status == "optimal" and reference.optimal and row.makespan != reference.upper:
        return f"{who}: proved {row.makespan} optimal, but the optimum is {reference.upper}"
    bound, best = row.lower_bound, reference.upper
    if bound is not None and best is not None and bound > best:
        return f"{who}: lower bound {bound} above the best known {best}"
    return None


def run_benchmark(
    paths: Sequence[str | Path],
    solver_names: Sequence[str],
    settings: RunSettings,
    out: str | Path,
    *,
    progress: bool = True,
) -> BenchmarkReport:
    """Run every solver on every instance file in ``paths``, appending rows to ``out``."""
    for name in solver_names:
        reason = missing_requirement(name)
        if reason is not None:
            raise RuntimeError(f"cannot run {name}: {reason}")
    files = [Path(p) for p in paths]
    report = BenchmarkReport()
    total = len(files) * len(solver_names)
    with ResultsWriter(out) as writer, _progress_bar(total, progress) as bar:
        for path in files:
            label = instance_label(path)
            instance = read_instance(path)
            problem = to_problem(instance)
            reference = reference_for(path)
            for name in solver_names:
                bar.set_postfix_str(f"{label} {name}")
                began = time.perf_counter()
                result = run_solver(name, problem, settings)
                seconds = time.perf_counter() - began
                row = evaluate(label, name, instance, problem, result, seconds, settings, reference)
                writer.write(row)
                report.rows.append(row)
                conflict = reference_conflict(row, reference)
                if conflict is not None:
                    report.conflicts.append(conflict)
                bar.update(1)
    return report


class _Progress(Protocol):
    def update(self, n: int = 1) -> object: ...

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> object: ...


class _Silent:
    """Stands in for a progress bar when none is wanted or tqdm is not installed."""

    def update(self, n: int = 1) -> None:
        del n

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        del s, refresh


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[_Progress]:
    if not enabled:
        yield _Silent()
        return
    try:
        from tqdm import tqdm
    except ImportError:
        print(f"running {total} solver runs (install tqdm for a progress bar)", file=sys.stderr)
        yield _Silent()
        return
    bar = tqdm(total=total, unit="run", file=sys.stderr, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()
