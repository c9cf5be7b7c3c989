"""Plots of results CSVs: mean gap and share proven optimal against the time limit.

One PNG per instance set (``<set>.png``), one line per solver, one point per time limit
found in the files; so run the same instances with several ``--time-limit`` values
(appending to one CSV or writing several) and plot them together. Needs matplotlib
(the ``bench`` extra).

Example:
    >>> from benchmarks.plot import plot_results
    >>> plot_results(["results-1s.csv", "results-5s.csv"], "plots")  # doctest: +SKIP
    [PosixPath('plots/j30.png')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from benchmarks.results import Row, read_results
from benchmarks.summary import summarise


def plot_results(csv_paths: Iterable[str | Path], out_dir: str | Path) -> list[Path]:
    """Write one PNG per instance set found in ``csv_paths``; return their paths."""
    rows = read_results(csv_paths)
    if not rows:
        raise ValueError("the results files hold no rows")
    return plot_rows(rows, Path(out_dir))


def plot_rows(rows: list[Row], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    sets: dict[str, list[Row]] = {}
    for row in rows:
        sets.setdefault(row.instance_set, []).append(row)

    written = []
    for instance_set, members in sorted(sets.items()):
        compared, note = comparable_rows(members)
        lines = summarise(compared)
        figure, (gap_axes, optimal_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
        limits = sorted({line.time_limit for line in lines})
        for solver in sorted({line.solver for line in lines}):
            points = sorted(
                (ln for ln in lines if ln.solver == solver), key=lambda ln: ln.time_limit
            )
            gaps = [(ln.time_limit, ln.mean_gap) for ln in points if ln.mean_gap is not None]
            if gaps:
                gap_axes.plot(*zip(*gaps, strict=True), marker="o", label=solver)
            optimal_axes.plot(
                [ln.time_limit for ln in points],
                [ln.optimal_pct for ln in points],
                marker="o",
                label=solver,
            )
        for axes, ylabel in (
            (gap_axes, "mean gap to best known (%)"),
            (optimal_axes, "proven optimal (%)"),
        ):
            axes.set_xlabel("time limit per instance (s)")
            axes.set_ylabel(ylabel)
            if len(limits) > 1 and limits[0] > 0 and limits[-1] / limits[0] >= 10:
                axes.set_xscale("log")
            axes.grid(True, alpha=0.3)
            axes.legend()
        optimal_axes.set_ylim(0, 105)
        figure.suptitle(f"{instance_set or 'instances'}: {note}")
        figure.tight_layout()
        path = out_dir / f"{_file_stem(instance_set)}.png"
        figure.savefig(path, dpi=120)
        plt.close(figure)
        written.append(path)
    return written


def comparable_rows(rows: list[Row]) -> tuple[list[Row], str]:
    """The rows of the instances every (solver, time limit) point ran, and a caption.

    Points measured on different instances are not comparable (an easier sample looks
    better), so each point is restricted to the instances common to all of them.
    """
    runs: dict[tuple[str, float], set[str]] = {}
    for row in rows:
        runs.setdefault((row.solver, row.time_limit), set()).add(row.instance)
    common = set.intersection(*runs.values())
    if not common:
        return rows, "no instance was run at every point; each point has its own instances"
    everywhere = max(len(instances) for instances in runs.values())
    kept = [row for row in rows if row.instance in common]
    if len(common) < everywhere:
        return kept, f"the {len(common)} instances run by every solver at every time limit"
    return kept, f"{len(common)} instances per point"


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "instances"
