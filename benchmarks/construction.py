"""Planner construction on a synthetic workload: ``python -m benchmarks construction``.

Times ``Planner(..., commitments=...)`` on the named workloads, each in a fresh
process so that its peak memory is its own, and reports the booked tasks, the seconds,
the plan's weighted lateness and how many commitments are planned late. Every plan the
planner keeps has passed the kernel's checker (the solve entry point checks it).

Example (from a shell)::

    python -m benchmarks construction --workload W1 --workload W3
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass

_CHILD = """
import json, resource, sys, time
from benchmarks.workloads import STANDARD, generate
from feasibility import Planner
spec = STANDARD[sys.argv[1]]
workload = generate(spec)
began = time.perf_counter()
planner = Planner(calendar=workload.calendar, staff=workload.staff, start=spec.start,
                  commitments=workload.commitments, horizon_days=spec.horizon_days,
                  construction_time_limit=float(sys.argv[2]), scheduling=sys.argv[3])
seconds = time.perf_counter() - began
book = planner.book_state
late = [c for c in workload.commitments if c.due is not None
        and book.planned_end(c.id) > (c.due - spec.start).days + 1]
lateness = sum(c.priority * max(0, book.planned_end(c.id) - (c.due - spec.start).days - 1)
               for c in workload.commitments if c.due is not None)
print(json.dumps({"workload": spec.name, "tasks": workload.num_tasks, "seconds": seconds,
                  "late": len(late), "weighted_days_late": lateness,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@dataclass(frozen=True)
class Construction:
    workload: str
    tasks: int
    seconds: float
    late: int
    weighted_days_late: int
    peak_mb: float

    def line(self) -> str:
        return (
            f"{self.workload}: {self.tasks} tasks planned in {self.seconds:.1f} s, "
            f"{self.late} commitments late (weighted days late {self.weighted_days_late}), "
            f"peak memory {self.peak_mb:.0f} MB"
        )


def construct(workload: str, time_limit: float, scheduling: str = "backward") -> Construction:
    """Build the planner for ``workload`` in a child process and report it."""
    began = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, workload, str(time_limit), scheduling],
        capture_output=True,
        text=True,
        check=False,
        timeout=max(600.0, 5 * time_limit),
    )
    if run.returncode != 0:
        raise RuntimeError(f"constructing {workload} failed: {run.stderr[-2000:]}")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    del began
    return Construction(**data)
