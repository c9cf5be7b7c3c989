"""What a solver returns: a status, the best schedule found, and the proven bound."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from solvers.problem import TaskSchedule


class Status(StrEnum):
    OPTIMAL = "optimal"
    """The solution is proven optimal for the objective."""
    FEASIBLE = "feasible"
    """A valid solution, not proven optimal."""
    INFEASIBLE = "infeasible"
    """Proven: no schedule satisfies the constraints within the horizon."""
    UNKNOWN = "unknown"
    """No solution found and no proof of infeasibility within the limits."""


@dataclass(frozen=True)
class Solution:
    """One schedule per task, in the problem's task order."""

    tasks: tuple[TaskSchedule, ...]

    def makespan(self, tasks: tuple[int, ...] | None = None) -> int:
        chosen = range(len(self.tasks)) if tasks is None else tasks
        return max((self.tasks[i].end for i in chosen), default=0)


@dataclass(frozen=True)
class Result:
    """A solver's answer.

    ``objective`` is the value of ``solution`` (``None`` without one); ``bound`` is a
    proven lower bound on the optimum (``None`` when nothing was proven).
    """

    status: Status
    solution: Solution | None
    objective: int | None
    bound: int | None
    seconds: float
    solver: str

    @property
    def has_solution(self) -> bool:
        return self.solution is not None
