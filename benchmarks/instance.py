"""A public project-scheduling instance as read from its file, and its kernel problem.

Every reader in this package returns an :class:`Instance`: plain integers in the
file's own task order, the dummy source and sink included (as zero-duration tasks).
:func:`to_problem` turns it into a :class:`solvers.Problem` with rigid tasks and
constant capacities, so that the makespan of a kernel solution (the latest end over all
tasks) is the makespan the literature reports:

* PSPLIB RCPSP: the finish of the dummy sink, which every task precedes;
* RCPSP/max: the start of the dummy sink. In the ProGen/max sets every activity reaches
  the sink by a chain of time lags at least as long as its own duration, so the sink
  starts no earlier than any activity ends and the two definitions agree.

Example:
    >>> from benchmarks.instance import Arc, Family, Instance, to_problem
    >>> instance = Instance(
    ...     name="tiny",
    ...     family=Family.RCPSP,
    ...     tasks=("1", "2", "3", "4"),
    ...     durations=(0, 3, 2, 0),
    ...     demands=((0,), (1,), (1,), (0,)),
    ...     capacities=(1,),
    ...     precedences=(Arc(0, 1), Arc(0, 2), Arc(1, 3), Arc(2, 3)),
    ...     num_real_tasks=2,
    ... )
    >>> problem = to_problem(instance)
    >>> problem.num_tasks, problem.horizon
    (4, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from solvers.problem import Precedence, PrecedenceKind, Problem, Resource, Task


class InstanceFormatError(ValueError):
    """An instance file does not follow its format; the message names file and line."""

    @classmethod
    def at(cls, path: Path, message: str, line: int | None = None) -> InstanceFormatError:
        """The error for ``path`` (and ``line``, counted from 1, when known)."""
        where = f"{path}:{line}" if line is not None else str(path)
        return cls(f"{where}: {message}")


class Family(StrEnum):
    RCPSP = "rcpsp"
    """Single-mode RCPSP: finish-to-start precedences without lags."""
    RCPSP_MAX = "rcpsp-max"
    """RCPSP/max: start-to-start time lags, negative ones being maximum lags in reverse."""


@dataclass(frozen=True)
class Arc:
    """A temporal relation ``pred -> succ`` between two task indices of an instance.

    ``FINISH_TO_START``: ``start[succ] >= end[pred] + lag``;
    ``START_TO_START``: ``start[succ] >= start[pred] + lag``.
    """

    pred: int
    succ: int
    lag: int = 0
    kind: PrecedenceKind = PrecedenceKind.FINISH_TO_START


@dataclass(frozen=True)
class Instance:
    """One instance: tasks in file order, per-task durations and demands, capacities.

    ``tasks`` holds each task's label as numbered in the file; ``demands[i][k]`` is task
    ``i``'s demand on resource ``k``; ``num_real_tasks`` excludes the dummy source and
    sink, which are kept as zero-duration tasks.
    """

    name: str
    family: Family
    tasks: tuple[str, ...]
    durations: tuple[int, ...]
    demands: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    precedences: tuple[Arc, ...]
    num_real_tasks: int

    def __post_init__(self) -> None:
        n = len(self.tasks)
        if len(self.durations) != n or len(self.demands) != n:
            raise InstanceFormatError(
                f"{self.name}: {n} tasks but {len(self.durations)} durations "
                f"and {len(self.demands)} demand rows"
            )
        for label, row in zip(self.tasks, self.demands, strict=True):
            if len(row) != len(self.capacities):
                raise InstanceFormatError(
                    f"{self.name}: task {label} has {len(row)} demands "
                    f"for {len(self.capacities)} resources"
                )
        for arc in self.precedences:
            if not (0 <= arc.pred < n and 0 <= arc.succ < n):
                raise InstanceFormatError(
                    f"{self.name}: precedence {arc.pred}->{arc.succ} refers to an unknown task"
                )

    @property
    def num_tasks(self) -> int:
        """All tasks, the dummy source and sink included."""
        return len(self.tasks)

    @property
    def num_resources(self) -> int:
        return len(self.capacities)

    @property
    def horizon(self) -> int:
        """An upper bound on any optimal makespan: durations plus positive lags."""
        total = sum(self.durations) + sum(max(0, arc.lag) for arc in self.precedences)
        return max(1, total)


def to_problem(instance: Instance) -> Problem:
    """The instance as a kernel problem: rigid tasks, constant capacities, makespan.

    Task ``i`` of the problem is task ``i`` of the instance (dummies included), so a
    solution maps back by index.
    """
    horizon = instance.horizon
    resources = tuple(
        Resource(capacity=np.full(horizon, capacity, dtype=np.int64), name=f"R{k + 1}")
        for k, capacity in enumerate(instance.capacities)
    )
    tasks = tuple(
        Task(
            duration=duration,
            demands=tuple((k, amount) for k, amount in enumerate(row) if amount > 0),
            name=label,
        )
        for label, duration, row in zip(
            instance.tasks, instance.durations, instance.demands, strict=True
        )
    )
    precedences = tuple(
        Precedence(arc.pred, arc.succ, lag=arc.lag, kind=arc.kind) for arc in instance.precedences
    )
    return Problem(horizon=horizon, resources=resources, tasks=tasks, precedences=precedences)
