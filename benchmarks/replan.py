"""Batch re-planning against its baselines: ``python -m benchmarks replan``.

Each standard workload is generated under load 0.9 with due dates drawn tighter than
the standard ones (slack 0.8 to 1.2 of the time a fully used staff needs to reach each
commitment), so that some promises must slip; the planner is built on it, then a
disruption hits (one person in twenty off for two weeks, from the second week). On the
same re-plan problem, with the same time budget, three methods run, each in a fresh
process (so that its peak memory is its own, capped at :data:`MEMORY_CAP_GB`):

* ``greedy``: the serial heuristic with each of its priority rules, best kept;
* ``cpsat``: CP-SAT on the whole model, without the heuristic's warm start;
* ``replan``: :meth:`feasibility.Planner.replan`.

Reported per method: the objective (days late weighted by score, in the kernel's
weights), the lower bound and the gap, the wall time, the booked tasks moved from the
previous plan, and the peak memory. Every schedule is checked by the kernel's checker.
``moved`` counts booked tasks whose hours changed in time or person, as
:attr:`feasibility.plan.Plan.moved_tasks` does (the commitments' zero-length finish
markers are not tasks); ``retimed`` those of them whose first or last period changed
(a task that only changes hands is moved but not retimed).

Example (from a shell)::

    python -m benchmarks replan --workload W1 --workload W2 --time-limit 60
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from benchmarks.workloads import STANDARD, generate
from feasibility import Planner, TimeOff
from feasibility.compile import TaskKey
from feasibility.disruptions import Disruption
from feasibility.replan import ReplanFacts, replan_facts
from feasibility.rubric import Rubric
from solvers.bounds import lower_bound
from solvers.checker import assert_valid, objective_value, same_schedule
from solvers.cpsat import ModelOptions, solve_cpsat
from solvers.greedy import solve_greedy
from solvers.problem import Problem, TaskSchedule
from solvers.result import Solution

METHODS = ("greedy", "cpsat", "replan")
MEMORY_CAP_GB = 8
"""The address-space cap of each child process, so that a method cannot take the host down."""
CHILD_SECONDS = 120.0
"""Seconds a child may take beyond three times the budget (building the workload and
the planner) before it is stopped and reported as timed out."""
DUE_SLACK = (0.8, 1.2)
LOAD = 0.9

_CHILD = """
import json, resource, sys, time
cap = int(sys.argv[4]) * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from benchmarks.replan import run_method
rounds = None if sys.argv[5] == "-" else int(sys.argv[5])
print(json.dumps(run_method(sys.argv[1], sys.argv[2], float(sys.argv[3]), rounds)))
"""


@dataclass(frozen=True)
class Outcome:
    """One method on one workload."""

    workload: str
    method: str
    tasks: int
    objective: int | None
    bound: int
    seconds: float
    moved: int | None
    retimed: int | None
    peak_mb: float
    note: str = ""

    @property
    def gap(self) -> float | None:
        if self.objective is None:
            return None
        return 0.0 if self.objective == 0 else (self.objective - self.bound) / self.objective

    def row(self) -> str:
        value = "-" if self.objective is None else f"{self.objective:,}"
        gap = "-" if self.gap is None else f"{self.gap:.1%}"
        moved = "-" if self.moved is None else f"{self.moved:,}"
        retimed = "-" if self.retimed is None else f"{self.retimed:,}"
        note = f" ({self.note})" if self.note else ""
        return (
            f"| {self.workload} | {self.method} | {self.tasks:,} | {value} | {self.bound:,} | "
            f"{gap} | {self.seconds:.1f} | {moved} | {retimed} | {self.peak_mb:,.0f}{note} |"
        )


HEADER = (
    "| workload | method | tasks | objective | bound | gap | seconds | moved | retimed "
    "| peak MB |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def scenario(workload: str) -> tuple[Planner, list[Disruption], ReplanFacts]:
    """The planner, the disruption and the re-plan facts of one workload's benchmark."""
    spec = replace(STANDARD[workload], load=LOAD, due_slack=DUE_SLACK)
    book = generate(spec)
    planner = Planner(
        calendar=book.calendar,
        staff=book.staff,
        start=spec.start,
        commitments=book.commitments,
        horizon_days=spec.horizon_days,
        construction_time_limit=120.0,
    )
    away: list[Disruption] = [
        TimeOff(
            person=p.id,
            first=spec.start + timedelta(days=7),
            last=spec.start + timedelta(days=20),
        )
        for p in book.staff[::20]
    ]
    facts = replan_facts(
        planner.book_state, disruptions=away, rubric=Rubric(), lookahead=spec.horizon_days
    )
    return planner, away, facts


def run_method(
    workload: str, method: str, time_limit: float, rounds: int | None = None
) -> dict[str, object]:
    """Run one method on one workload (in this process) and report it as a dict;
    ``rounds`` caps the re-plan's search rounds (the other methods ignore it)."""
    planner, away, facts = scenario(workload)
    problem = facts.model.problem
    began = time.perf_counter()
    note = ""
    reported: int | None = None  # the plan's own count of moved booked tasks
    solution: Solution | None
    if method == "greedy":
        solution = solve_greedy(problem, time_limit=time_limit).solution
    elif method == "cpsat":
        result = solve_cpsat(problem, time_limit=time_limit, options=ModelOptions(warm_start=False))
        solution, note = result.solution, result.status.value
    elif method == "replan":
        plan = planner.replan(away, time_limit=time_limit, rounds=rounds, progress=False)
        schedules = plan.book.schedules()
        reported = plan.moved_tasks
        solution = Solution(
            tuple(schedules[key] for key in facts.model.keys)
            + tuple(TaskSchedule(0, 0) for _ in range(problem.num_tasks - len(facts.model.keys)))
        )
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    seconds = time.perf_counter() - began
    value = moved = retimed = None
    if solution is not None:
        solution = _finishes_tightened(problem, solution, facts.model.keys)
        assert_valid(problem, solution)
        value = objective_value(problem, solution)
        moved, retimed = moved_tasks(solution, facts.previous, len(facts.model.keys))
        if reported is not None and moved != reported:
            raise AssertionError(f"{moved} booked tasks moved, the plan says {reported}")
    return {
        "workload": workload,
        "method": method,
        "tasks": len(facts.model.keys),
        "objective": value,
        "bound": lower_bound(problem),
        "seconds": seconds,
        "moved": moved,
        "retimed": retimed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "note": note,
    }


def moved_tasks(
    solution: Solution, previous: Sequence[TaskSchedule | None], booked: int
) -> tuple[int, int]:
    """Of the first ``booked`` kernel tasks (the commitments' tasks; the finish markers
    come after them), those whose hours differ from ``previous`` in time or person, and
    those whose first or last period differs.

    Example:
        >>> from solvers.problem import Usage
        >>> was = [TaskSchedule(0, 1, (Usage(0, 0, 4),)), TaskSchedule(2, 3, (Usage(0, 2, 4),))]
        >>> now = Solution((TaskSchedule(0, 1, (Usage(1, 0, 4),)),
        ...                 TaskSchedule(3, 4, (Usage(0, 3, 4),))))
        >>> moved_tasks(now, was, 2)
        (2, 1)
    """
    moved = retimed = 0
    for now, old in zip(solution.tasks[:booked], previous[:booked], strict=True):
        if old is None or same_schedule(now, old):
            continue
        moved += 1
        retimed += (now.start, now.end) != (old.start, old.end)
    return moved, retimed


def _finishes_tightened(
    problem: Problem, solution: Solution, keys: tuple[TaskKey, ...]
) -> Solution:
    """Each commitment's zero-length finish task at the end of its last task, so that
    every method is scored on its commitments' real lateness."""
    tasks = list(solution.tasks)
    for i in range(len(keys), problem.num_tasks):
        end = max((tasks[p.pred].end for p in problem.precedences if p.succ == i), default=0)
        tasks[i] = TaskSchedule(end, end)
    return Solution(tuple(tasks))


def measure(workload: str, method: str, time_limit: float, rounds: int | None = None) -> Outcome:
    """Run one method on one workload in a child process."""
    began = time.perf_counter()
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                workload,
                method,
                str(time_limit),
                str(MEMORY_CAP_GB),
                "-" if rounds is None else str(rounds),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=CHILD_SECONDS + 3 * time_limit,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - began
        return Outcome(workload, method, 0, None, 0, seconds, None, None, 0.0, "timed out")
    if run.returncode != 0:
        tail = run.stderr.strip().splitlines()[-1:] or ["no output"]
        memory = "MemoryError" in run.stderr or "bad_alloc" in run.stderr
        reason = f"out of memory at the {MEMORY_CAP_GB} GB cap" if memory else tail[0][:120]
        seconds = time.perf_counter() - began
        return Outcome(
            workload, method, 0, None, 0, seconds, None, None, MEMORY_CAP_GB * 1024, reason
        )
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return Outcome(**data)
