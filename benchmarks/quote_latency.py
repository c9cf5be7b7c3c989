"""Quote-check latency on a synthetic workload: ``python -m benchmarks quote-latency``.

Builds a planner on the named workload (timing the construction), then checks a seeded
stream of new jobs against it one by one (the quoting tool's pattern: the book does
not change between checks) and reports latency percentiles, checks per second, the
share settled by each layer, the share proven, the worst call against its budget and
the peak memory. With ``compare_full`` every check is repeated by the whole-book
model (the reference), and the speed ratio and every disagreement are reported. With
``levers`` every check is repeated with ``levers=True`` (the same budget), and the cost
of the levers is reported beside the plain check's, with the levers found and the tiers.
With ``book_every=N`` every N-th verdict that meets its date is booked (the quoting
tool's other pattern: the customer says yes), and the bookings' latency and that of the
checks right after one are reported apart.

Example:
    >>> from benchmarks.workloads import WorkloadSpec
    >>> spec = WorkloadSpec(name="tiny", people=4, skills=2, commitments=3, horizon_days=60)
    >>> report = measure(spec, checks=3, time_limit=1.0)
    >>> report.checks, len(report.rows)
    (3, 3)
"""

from __future__ import annotations

import csv
import gc
import resource
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from benchmarks.workloads import WorkloadSpec, generate, quote_stream
from feasibility import Planner, Verdict
from feasibility.planner import Scheduling

ROW_FIELDS = (
    "workload",
    "quote",
    "tasks",
    "due",
    "feasible",
    "earliest",
    "proven",
    "bound",
    "layer",
    "seconds",
    "full_feasible",
    "full_earliest",
    "full_proven",
    "full_seconds",
    "levers_seconds",
    "levers_found",
    "levers_complete",
    "tier",
    "after_booking",
    "book_seconds",
)


@dataclass
class LatencyReport:
    workload: str
    booked_tasks: int
    checks: int
    budget: float
    construction_seconds: float
    rows: list[dict[str, object]] = field(default_factory=list)
    peak_mb: float = 0.0
    scheduling: str = "backward"

    def seconds(self, key: str = "seconds") -> list[float]:
        return [float(r[key]) for r in self.rows if r.get(key) not in (None, "")]  # type: ignore[arg-type]

    def disagreements(self) -> list[str]:
        """Checks where the layered answer differs from a proven whole-book answer, or is later."""
        found = []
        for r in self.rows:
            if r.get("full_earliest") in (None, ""):
                continue
            ours, theirs = r["earliest"], r["full_earliest"]
            later = ours is None or (theirs is not None and ours > theirs)  # type: ignore[operator]
            differs = r["full_proven"] and ours != theirs
            if later or differs or (r["feasible"] != r["full_feasible"] and r["full_proven"]):
                found.append(
                    f"{r['quote']}: layered {ours} ({'proven' if r['proven'] else 'unproven'}), "
                    f"whole-book {theirs} ({'proven' if r['full_proven'] else 'unproven'})"
                )
        return found

    def summary(self) -> str:
        times = np.array(self.seconds()) * 1000
        layers = Counter(str(r["layer"]) for r in self.rows)
        proven = sum(bool(r["proven"]) for r in self.rows)
        worst = max(times, default=0.0) / 1000 / self.budget
        lines = [
            f"workload {self.workload}: {self.booked_tasks} booked tasks, construction "
            f"({self.scheduling}) {self.construction_seconds:.1f} s, "
            f"peak memory {self.peak_mb:.0f} MB",
            f"{self.checks} checks, budget {self.budget:g} s: "
            f"p50 {np.percentile(times, 50):.1f} ms, "
            f"p90 {np.percentile(times, 90):.1f} ms, p99 {np.percentile(times, 99):.1f} ms, "
            f"max {times.max():.1f} ms; {1000 * len(times) / max(times.sum(), 1e-9):.1f} checks/s",
            f"proven {proven}/{self.checks} ({100 * proven / max(1, self.checks):.1f} %); "
            f"worst call {100 * worst:.0f} % of its budget",
            "layers: "
            + ", ".join(f"{k} {100 * v / self.checks:.1f} %" for k, v in sorted(layers.items())),
        ]
        full = np.array(self.seconds("full_seconds")) * 1000
        if len(full):
            ratio = np.median(full) / max(np.median(times), 1e-9)
            pairs = [
                float(r["full_seconds"]) / max(float(r["seconds"]), 1e-9)  # type: ignore[arg-type]
                for r in self.rows
                if r.get("full_seconds") not in (None, "")
            ]
            full_proven = sum(bool(r["full_proven"]) for r in self.rows)
            lines.append(
                f"whole-book: p50 {np.percentile(full, 50):.1f} ms, max {full.max():.1f} ms, "
                f"proven {full_proven}/{len(full)}; median speed ratio {ratio:.0f}x "
                f"(median per-check ratio {statistics.median(pairs):.0f}x)"
            )
            wrong = self.disagreements()
            lines.append(f"disagreements: {len(wrong)}")
            lines.extend(f"  {w}" for w in wrong)
        lines.extend(self._levers_summary())
        lines.extend(self._booking_summary())
        return "\n".join(lines)

    def _booking_summary(self) -> list[str]:
        booked = np.array(self.seconds("book_seconds")) * 1000
        if not len(booked):
            return []
        timed = [(bool(r.get("after_booking")), float(r["seconds"])) for r in self.rows]  # type: ignore[arg-type]
        after = np.array([s for right_after, s in timed if right_after]) * 1000
        others = np.array([s for right_after, s in timed if not right_after]) * 1000
        line = (
            f"bookings: {len(booked)}, p50 {np.percentile(booked, 50):.1f} ms, "
            f"p99 {np.percentile(booked, 99):.1f} ms, max {booked.max():.1f} ms"
        )
        if len(after) and len(others):
            line += (
                f"; checks right after a booking p50 {np.percentile(after, 50):.1f} ms, "
                f"p99 {np.percentile(after, 99):.1f} ms (the others p50 "
                f"{np.percentile(others, 50):.1f} ms)"
            )
        return [line]

    def _levers_summary(self) -> list[str]:
        rows = [r for r in self.rows if r.get("levers_seconds") not in (None, "")]
        if not rows:
            return []
        plain = np.array([float(r["seconds"]) for r in rows]) * 1000  # type: ignore[arg-type]
        levers = np.array([float(r["levers_seconds"]) for r in rows]) * 1000  # type: ignore[arg-type]
        missed = [k for k, r in enumerate(rows) if not r["feasible"]]
        found = Counter(kind for r in rows for kind in str(r["levers_found"]).split("+") if kind)
        tiers = Counter(str(r["tier"]) for r in rows)
        complete = sum(bool(r["levers_complete"]) for k, r in enumerate(rows) if k in missed)
        ratio = np.median(levers) / max(np.median(plain), 1e-9)
        worst = 100 * levers.max() / 1000 / self.budget
        lines = [
            f"levers: p50 {np.percentile(levers, 50):.1f} ms against the plain check's "
            f"{np.percentile(plain, 50):.1f} ms ({ratio:.1f}x), "
            f"max {levers.max():.1f} ms = {worst:.0f} % of the budget"
        ]
        if missed:
            lp, pp = levers[missed], plain[missed]
            lines.append(
                f"on the {len(missed)} checks that miss their date (levers searched): levers p50 "
                f"{np.percentile(lp, 50):.1f} ms, plain p50 {np.percentile(pp, 50):.1f} ms "
                f"({np.median(lp) / max(np.median(pp), 1e-9):.1f}x), p90 "
                f"{np.percentile(lp, 90):.1f} ms; searched to the end {complete}/{len(missed)}"
            )
        lines.append(
            "levers found: "
            + (", ".join(f"{k} {v}" for k, v in sorted(found.items())) or "none")
            + "; tiers: "
            + ", ".join(f"{k} {v}" for k, v in sorted(tiers.items()))
        )
        return lines

    def write_csv(self, path: str | Path) -> None:
        with Path(path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=ROW_FIELDS)
            writer.writeheader()
            writer.writerows(self.rows)


def measure(
    spec: WorkloadSpec,
    *,
    checks: int,
    time_limit: float = 1.0,
    compare_full: bool = False,
    full_time_limit: float | None = None,
    construction_time_limit: float | None = None,
    scheduling: Scheduling = "backward",
    freeze_gc: bool = False,
    seed: int = 1,
    progress: bool = False,
    levers: bool = False,
    due_days: tuple[int, int] = (7, 92),
    effort_scale: float = 1.0,
    book_every: int = 0,
) -> LatencyReport:
    """Build the workload's planner and time ``checks`` quote checks against it (and,
    with ``book_every``, book every such verdict that meets its date)."""
    workload = generate(spec)
    began = time.perf_counter()
    planner = Planner(
        calendar=workload.calendar,
        staff=workload.staff,
        start=spec.start,
        commitments=workload.commitments,
        horizon_days=spec.horizon_days,
        time_limit=time_limit,
        construction_time_limit=construction_time_limit,
        scheduling=scheduling,
    )
    built = time.perf_counter() - began
    report = LatencyReport(
        spec.name, workload.num_tasks, checks, time_limit, built, scheduling=scheduling
    )
    quotes = quote_stream(workload, checks, seed=seed, due_days=due_days, effort_scale=effort_scale)
    if freeze_gc:
        # What a long-running service does once its data is loaded: the collector stops
        # scanning the book on every full collection.
        gc.freeze()
    iterator = _progress(quotes, progress)
    just_booked = False
    for number, quote in enumerate(iterator, start=1):
        began = time.perf_counter()
        verdict = planner.check(quote)
        seconds = time.perf_counter() - began
        row = _row(spec.name, quote.id, len(quote.tasks), quote.due, verdict, seconds)
        row["after_booking"] = just_booked
        just_booked = False
        if book_every and number % book_every == 0 and verdict.feasible:
            began = time.perf_counter()
            planner.book(verdict)
            row["book_seconds"] = round(time.perf_counter() - began, 6)
            just_booked = True
        if compare_full:
            began = time.perf_counter()
            full = planner.check(
                quote, method="whole-book", time_limit=full_time_limit or 10 * time_limit
            )
            row.update(
                full_feasible=full.feasible,
                full_earliest=full.earliest,
                full_proven=full.proven,
                full_seconds=round(time.perf_counter() - began, 6),
            )
        if levers:
            began = time.perf_counter()
            asked = planner.check(quote, levers=True)
            found = asked.levers
            row.update(
                levers_seconds=round(time.perf_counter() - began, 6),
                levers_found="+".join(
                    lever.kind for lever in (found.levers if found else ()) if lever.meets_request
                ),
                levers_complete=found.complete if found is not None else True,
                tier=asked.approval.tier if asked.approval is not None else "",
            )
        report.rows.append(row)
    report.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def _row(
    workload: str, quote: str, tasks: int, due: date | None, verdict: Verdict, seconds: float
) -> dict[str, object]:
    return {
        "workload": workload,
        "quote": quote,
        "tasks": tasks,
        "due": due,
        "feasible": verdict.feasible,
        "earliest": verdict.earliest,
        "proven": verdict.proven,
        "bound": verdict.bound,
        "layer": verdict.layer,
        "seconds": round(seconds, 6),
    }


def _progress(items: list, enabled: bool) -> list:  # type: ignore[type-arg]
    if not enabled:
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, unit="check")  # type: ignore[no-any-return]
