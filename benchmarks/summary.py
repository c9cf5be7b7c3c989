"""The summary table of a benchmark: one line per instance set, solver and time limit.

Columns: runs; ``solved`` (runs that returned a schedule); ``mean gap %`` (over the
solved runs with a reference or bound); ``optimal %`` (proven optimal); ``at best %``
(makespan at or below the best known, or proven infeasible where the literature says
unsat; over the runs with a reference); ``infeasible`` (RCPSP/max only: proven
infeasible / known unsat); mean and max seconds.

Example:
    >>> from benchmarks.results import Row
    >>> from benchmarks.summary import summarise
    >>> row = Row("j30/j301_1.sm", 30, "greedy", 44, "feasible", None, 43, 2.3256, 0.01, 1.0)
    >>> summarise([row])[0].mean_gap
    2.3256
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from benchmarks.results import Row


@dataclass(frozen=True)
class SummaryLine:
    instance_set: str
    solver: str
    time_limit: float
    runs: int
    solved: int
    mean_gap: float | None
    optimal_pct: float
    at_best_pct: float | None
    infeasible: int | None
    known_unsat: int | None
    mean_seconds: float
    max_seconds: float


def summarise(rows: Iterable[Row]) -> list[SummaryLine]:
    """Group ``rows`` by instance set, solver and time limit, in order of appearance."""
    groups: dict[tuple[str, str, float], list[Row]] = {}
    for row in rows:
        groups.setdefault((row.instance_set, row.solver, row.time_limit), []).append(row)
    lines = []
    for (instance_set, solver, time_limit), members in groups.items():
        gaps = [r.gap_pct for r in members if r.gap_pct is not None]
        matches = [m for m in (r.at_best_known for r in members) if m is not None]
        rcpsp_max = any(r.is_rcpsp_max for r in members)
        seconds = [r.seconds for r in members]
        lines.append(
            SummaryLine(
                instance_set=instance_set,
                solver=solver,
                time_limit=time_limit,
                runs=len(members),
                solved=sum(r.makespan is not None for r in members),
                mean_gap=fmean(gaps) if gaps else None,
                optimal_pct=100.0 * sum(r.status == "optimal" for r in members) / len(members),
                at_best_pct=100.0 * sum(matches) / len(matches) if matches else None,
                infeasible=sum(r.status == "infeasible" for r in members) if rcpsp_max else None,
                known_unsat=sum(r.known_unsat for r in members) if rcpsp_max else None,
                mean_seconds=fmean(seconds),
                max_seconds=max(seconds),
            )
        )
    return lines


HEADERS = (
    "set",
    "solver",
    "limit s",
    "runs",
    "solved",
    "mean gap %",
    "optimal %",
    "at best %",
    "infeasible",
    "mean s",
    "max s",
)


def format_summary(lines: list[SummaryLine]) -> str:
    """The summary as a fixed-width text table."""
    table = [HEADERS]
    for line in lines:
        infeasible = (
            "" if line.infeasible is None else f"{line.infeasible}/{line.known_unsat} unsat"
        )
        table.append(
            (
                line.instance_set,
                line.solver,
                f"{line.time_limit:g}",
                str(line.runs),
                str(line.solved),
                _fmt(line.mean_gap, 2),
                _fmt(line.optimal_pct, 1),
                _fmt(line.at_best_pct, 1),
                infeasible,
                f"{line.mean_seconds:.3f}",
                f"{line.max_seconds:.3f}",
            )
        )
    widths = [max(len(r[c]) for r in table) for c in range(len(HEADERS))]
    rendered = [
        "  ".join(
            cell.ljust(width) if c < 2 else cell.rjust(width)
            for c, (cell, width) in enumerate(zip(r, widths, strict=True))
        )
        for r in table
    ]
    rendered.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(rendered)


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
