"""The scheduling kernel: integer problems, exact and heuristic solvers, a checker.

The kernel knows periods, resources and tasks, never dates or people.
"""

from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    ProblemError,
    Resource,
    Task,
    TaskSchedule,
    Usage,
)
from solvers.result import Result, Solution, Status
from solvers.solve import SOLVERS, solve

__all__ = [
    "SOLVERS",
    "Objective",
    "Precedence",
    "PrecedenceKind",
    "Problem",
    "ProblemError",
    "Resource",
    "Result",
    "Solution",
    "Status",
    "Task",
    "TaskSchedule",
    "Usage",
    "solve",
]
