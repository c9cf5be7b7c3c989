"""Iterated serial heuristic: nudge the priorities of late jobs forward and schedule again.

Where capacity is fully used for months, a neighbourhood that frees a few jobs finds
no room (every hour it could move into is taken by frozen work); what improves the
weighted lateness there is a different *order* over the whole plan. Each round brings
a few late jobs (chosen with a chance that grows with their weighted tardiness) a few
periods forward in the heuristic's priority list, schedules everything again, and
keeps the new order only when the schedule is strictly better.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task
    >>> p = Problem(12, (Resource(np.full(12, 1)),),
    ...             (Task(work=4, eligible=(0,), due=4, weight=1),
    ...              Task(work=4, eligible=(0,), due=4, weight=9)),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> found = nudge(p, [0, 1], rounds=10)
    >>> found.start_objective, found.objective
    (36, 4)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from solvers.checker import objective_value
from solvers.deadline import Deadline
from solvers.greedy import greedy_by_priority
from solvers.lns import Round, job_codes
from solvers.problem import Problem
from solvers.result import Solution

MOST_JOBS = 6
"""The most late jobs brought forward in one round."""
MOST_PERIODS = 10
"""The most periods a job is brought forward in one round."""


@dataclass(frozen=True)
class NudgeResult:
    solution: Solution
    priority: list[int]
    objective: int
    start_objective: int
    rounds: int


def nudge(
    problem: Problem,
    priority: Sequence[int],
    *,
    start: Solution | None = None,
    deadline: Deadline | None = None,
    rounds: int | None = None,
    seed: int = 0,
    on_round: Callable[[Round], None] | None = None,
) -> NudgeResult:
    """Improve the heuristic's schedule under ``priority`` (``start``, when it is
    already known) until ``deadline`` or ``rounds``; raises ``RuntimeError`` when
    ``priority`` itself gives no schedule."""
    best_priority = np.asarray(priority, dtype=np.int64).copy()
    best = start if start is not None else greedy_by_priority(problem, best_priority.tolist())
    if best is None:
        raise RuntimeError("the serial heuristic found no schedule under the given priority")
    rng = np.random.default_rng(seed)
    jobs = job_codes(problem)
    due = np.array([-1 if t.due is None else t.due for t in problem.tasks], dtype=np.int64)
    weight = np.array([t.weight for t in problem.tasks], dtype=np.int64)
    value = first = objective_value(problem, best)
    number = 0
    while (rounds is None or number < rounds) and (deadline is None or not deadline.expired()):
        ends = np.array([s.end for s in best.tasks], dtype=np.int64)
        tardy = np.where(due >= 0, weight * np.maximum(ends - due, 0), 0)
        late = np.flatnonzero(tardy > 0)
        if len(late) == 0:
            break
        count = int(rng.integers(1, min(MOST_JOBS, len(late)) + 1))
        chosen = rng.choice(late, size=count, replace=False, p=tardy[late] / tardy[late].sum())
        trial = best_priority.copy()
        for i in chosen:
            trial[jobs == jobs[i]] -= int(rng.integers(1, MOST_PERIODS + 1))
        found = greedy_by_priority(problem, trial.tolist(), deadline)
        number += 1
        improved = False
        if found is not None:
            found_value = objective_value(problem, found)
            if found_value < value:
                best, best_priority, value, improved = found, trial, found_value, True
        if on_round is not None:
            seconds = 0.0 if deadline is None else deadline.elapsed()
            on_round(Round(number, "nudge", count, value, improved, seconds))
    return NudgeResult(best, best_priority.tolist(), value, first, number)
