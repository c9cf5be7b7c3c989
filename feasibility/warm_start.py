"""A re-plan's fresh starts: the serial heuristic under several priority rules, rated
by their objective and the booked tasks they move.

The previous plan, repaired in its own order, is the other start; the repair track
of the search makes it (:mod:`feasibility.replan_tracks`), since on the largest books
it takes longer than the rules.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
    >>> p = Problem(10, (Resource(np.full(10, 4)),),
    ...             (Task(work=8, eligible=(0,), due=5),),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> old = TaskSchedule(2, 4, (Usage(0, 2, 4), Usage(0, 3, 4)))
    >>> best = warm_start(p, [old])[0]
    >>> best.objective, best.moved, best.kept_plan
    (0, 1, False)
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from solvers import Problem, Solution, TaskSchedule
from solvers.backward import backward_passes
from solvers.checker import objective_value, same_schedule
from solvers.deadline import Deadline
from solvers.greedy import greedy_by_priority, priority_values

BACKWARD = "backward"
FRESH_RULES = ("wdue:4", BACKWARD, "due", "wdue:2", "wdue:8", "wdue:16", "lst")
"""The serial heuristic's priority rules tried for a fresh start, in order, while time
lasts (``wdue``: the due-date rule with heavier commitments brought forward;
``backward``: the order of a backward pass from the due dates, :mod:`solvers.backward`)."""
BACKWARD_COST = 3.0
"""A backward pass costs about this many runs of the first rule (the mirrored
problem's windows, the backward and the forward heuristic): it starts only when that
much time is left."""


@dataclass(frozen=True)
class Start:
    """A candidate first schedule: its objective and the tasks it moves."""

    solution: Solution
    objective: int
    moved: int
    kept_plan: bool
    priority: list[int] | None = None
    """The heuristic's priority per task that gives it (for a fresh schedule)."""


def warm_start(
    problem: Problem,
    previous: Sequence[TaskSchedule | None],
    deadline: Deadline | None = None,
    *,
    known: Sequence[Start] = (),
    bound: int | None = None,
) -> list[Start]:
    """The candidate start schedules, best objective first (fewer moves on a tie).

    ``previous`` has one entry per task (``None``: no previous schedule). The heuristic
    under the first of :data:`FRESH_RULES` always runs; then, while ``deadline``
    allows, the other rules. Raises ``RuntimeError`` when none finds a schedule. ``known`` starts
    compete too; with any, the first rule also waits for the deadline. Once a start
    meets ``bound`` (a lower bound on the objective) no further rule is tried.
    """
    candidates: list[Start] = list(known)

    def fresh(rule: str, until: Deadline | None) -> None:
        if rule == BACKWARD:
            passed = backward_passes(problem, deadline=until)
            if passed is None:
                return
            found, priority = passed.solution, passed.priority
        else:
            priority = priority_values(problem, rule)
            ordered = greedy_by_priority(problem, priority, deadline=until)
            if ordered is None:
                return
            found = ordered
        start = rated(problem, found, previous, kept_plan=False)
        candidates.append(replace(start, priority=priority))

    # without a known start the first rule runs to its end whatever the time
    began = time.perf_counter()
    fresh(FRESH_RULES[0], deadline if candidates else None)
    one_run = time.perf_counter() - began
    for rule in FRESH_RULES[1:]:
        if deadline is not None and deadline.expired():
            break
        if bound is not None and min(c.objective for c in candidates) <= bound:
            break  # no rule does better than a proven lower bound
        short = deadline is not None and deadline.remaining() < BACKWARD_COST * one_run
        if rule == BACKWARD and short:
            continue
        fresh(rule, deadline)
    if not candidates:
        raise RuntimeError("the serial heuristic found no schedule for the re-plan")
    return sorted(candidates, key=lambda c: (c.objective, c.moved))


def rated(
    problem: Problem, solution: Solution, previous: Sequence[TaskSchedule | None], kept_plan: bool
) -> Start:
    """``solution`` as a start: its objective and the tasks it moves from ``previous``."""
    moved = sum(
        1
        for now, old in zip(solution.tasks, previous, strict=True)
        if old is not None and not same_schedule(now, old)
    )
    return Start(solution, objective_value(problem, solution), moved, kept_plan)
