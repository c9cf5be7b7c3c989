"""Booked commitments compiled once per booked state, for the neighbourhoods of checks.

A neighbourhood re-plans some booked commitments beside a new job. What a booked
commitment brings to it (its kernel tasks with the work that stays in a neighbourhood
frozen, its precedences, its current schedules and the hours it holds) depends only on
the booked state, never on the question, so it is compiled the first time a check asks
for it and kept with that state: a :class:`~feasibility.book.Book` never changes, and a
booking makes a new one with its own parts. A neighbourhood is then its parts side by
side (:func:`solvers.problem.side_by_side`), the same problem
:func:`~feasibility.compile.compile_problem` would build from the same roles.

Safe under threads: a part is computed from the immutable state alone, so two threads
that compute the same one at once get equal values and either may be kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from feasibility.compile import Compiled, TaskKey, compile_problem
from feasibility.models import Task
from solvers import Problem, TaskSchedule
from solvers.problem import IntArray, Objective, side_by_side

if TYPE_CHECKING:
    from feasibility.book import Book


@dataclass(frozen=True)
class BookedPart:
    """One booked commitment as a neighbourhood takes it in."""

    problem: Problem
    """Its tasks over every person, inside its promise, the work that stays frozen."""
    keys: tuple[TaskKey, ...]
    current: Mapping[TaskKey, TaskSchedule]
    """The planned schedule of each of its booked tasks."""
    resources: IntArray
    periods: IntArray
    amounts: IntArray
    """The hours its plan holds, as parallel columns (person, period, units)."""


class BookedParts:
    """The :class:`BookedPart` of each booked commitment of one state, built on demand."""

    def __init__(self, book: Book, keeps: Callable[[Task], bool]) -> None:
        """``keeps``: which booked tasks stay frozen where they are planned."""
        self._book = book
        self._keeps = keeps
        self._parts: dict[str, BookedPart] = {}

    def carried(self, book: Book, touched: set[str]) -> BookedParts:
        """The parts of ``book``, a later state in which only the ``touched`` commitments
        changed (their tasks, plan or promise): the others' parts are kept."""
        following = BookedParts(book, self._keeps)
        following._parts = {c: p for c, p in self._parts.items() if c not in touched}
        return following

    def part(self, commitment_id: str) -> BookedPart:
        """The part of a booked commitment (compiled the first time it is asked for)."""
        found = self._parts.get(commitment_id)
        if found is None:
            built = _build(self._book, commitment_id, self._keeps)
            found = self._parts.setdefault(commitment_id, built)
        return found

    def neighbourhood(
        self, chosen: Sequence[str], job: Compiled, objective_commitment: str
    ) -> tuple[Compiled, IntArray, dict[TaskKey, TaskSchedule]]:
        """The booked commitments ``chosen`` and then the job (compiled alone, over every
        person) as one problem whose objective is ``objective_commitment``'s end; the
        capacity the rest of the book leaves them; and the chosen work's schedules."""
        parts = [self.part(c) for c in chosen]
        keys = tuple(k for part in parts for k in part.keys) + job.keys
        objective = Objective(
            kind="makespan",
            tasks=tuple(i for i, (c, _) in enumerate(keys) if c == objective_commitment),
        )
        problem = side_by_side([*(part.problem for part in parts), job.problem], objective)
        compiled = Compiled(problem=problem, keys=keys, index={k: i for i, k in enumerate(keys)})
        freed = np.array(self._book.plan.residual, dtype=np.int64)
        if parts:
            np.add.at(
                freed,
                (
                    np.concatenate([p.resources for p in parts]),
                    np.concatenate([p.periods for p in parts]),
                ),
                np.concatenate([p.amounts for p in parts]),
            )
        current = {k: s for part in parts for k, s in part.current.items()}
        return compiled, freed, current


def _build(book: Book, commitment_id: str, keeps: Callable[[Task], bool]) -> BookedPart:
    compiled = compile_problem(book.staffing, [book.role(commitment_id, keeps)])
    current: dict[TaskKey, TaskSchedule] = {}
    resources, periods, amounts = [], [], []
    for slot in book.commitment_slots.get(commitment_id, ()):
        s = book.plan.slot(slot)
        resources.append(s.resources)
        periods.append(s.periods)
        amounts.append(s.amounts)
        current[book.keys[slot]] = s.schedule()  # type: ignore[index]
    return BookedPart(
        problem=compiled.problem,
        keys=compiled.keys,
        current=current,
        resources=_joined(resources),
        periods=_joined(periods),
        amounts=_joined(amounts),
    )


def _joined(arrays: list[np.ndarray]) -> IntArray:
    if not arrays:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(arrays).astype(np.int64)
