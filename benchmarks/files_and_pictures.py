"""Files, saved planners and pictures on a synthetic workload: ``python -m benchmarks
files``.

Times, on one workload: writing the book as CSV files and reading it back (every row
validated), saving the planned planner and loading it back (no planning), and the
pictures' data and drawing (Gantt chart of the default 12-week window, the load heat
map of the whole plan, the verdict picture of one check, the HTML report). Each step
runs once: these are costs a person waits for, not a latency distribution.

Example (from a shell)::

    python -m benchmarks files --workload W1
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from benchmarks.workloads import STANDARD, generate, quote_stream

T = TypeVar("T")


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    note: str = ""

    def line(self) -> str:
        return f"| {self.name} | {self.seconds:.2f} | {self.note} |"


def measure(workload_name: str) -> list[Step]:
    """The steps measured on ``workload_name`` (see the module)."""
    from feasibility.files import BookInputs, BookSettings, load_book, write_book
    from feasibility.planner import Planner
    from feasibility.reports import (
        gantt_data,
        load_data,
        plan_report,
        verdict_data,
        verdict_pictures,
    )
    from feasibility.reports.drawing import draw_gantt, draw_load

    spec = STANDARD[workload_name]
    workload = generate(spec)
    steps: list[Step] = []

    def timed(name: str, run: Callable[[], T], note: Callable[[T], str] = lambda _: "") -> T:
        began = time.perf_counter()
        result = run()
        steps.append(Step(name, time.perf_counter() - began, note(result)))
        return result

    inputs = BookInputs(
        settings=BookSettings(start=spec.start, horizon_days=spec.horizon_days),
        calendar=workload.calendar,
        staff=workload.staff,
        commitments=workload.commitments,
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = timed(
            "write the book as CSV files", lambda: write_book(inputs, Path(scratch) / "b")
        )
        loaded = timed(
            "read the CSV book (every row validated)",
            lambda: load_book(folder),
            lambda b: f"{sum(len(c.tasks) for c in b.commitments):,} task rows",
        )
        assert loaded == inputs
        planner = timed("plan the book (construction)", loaded.planner)
        path = timed(
            "save the planner",
            lambda: planner.save(Path(scratch) / "w.plan"),
            lambda p: f"{p.stat().st_size / 1e6:.1f} MB",
        )
        again = timed("load the saved planner (no planning)", lambda: Planner.load(path))
        assert again.assignments.equals(planner.assignments)
    book = planner.book_state
    gantt = timed(
        "Gantt data, 12 weeks", lambda: gantt_data(book), lambda g: f"{len(g.bars):,} bars"
    )
    timed("draw the Gantt chart", lambda: draw_gantt(gantt), lambda p: f"{len(p) / 1e3:.0f} kB")
    load = timed(
        "load heat map data",
        lambda: load_data(book),
        lambda d: f"{len(d.skills)} skills x {len(d.weeks)} weeks",
    )
    timed("draw the heat map", lambda: draw_load(load), lambda p: f"{len(p) / 1e3:.0f} kB")
    job = quote_stream(workload, 1)[0]
    verdict = planner.check(job)
    timed("verdict picture data", lambda: verdict_data(verdict))
    timed("verdict pictures (verdict, Gantt, load)", lambda: verdict_pictures(verdict))
    timed(
        "HTML report of the plan",
        lambda: plan_report(planner),
        lambda page: f"{len(page) / 1e6:.1f} MB",
    )
    return steps
