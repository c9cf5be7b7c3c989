"""The booked state: commitments, their plan held as arrays, and each promise's limit.

A :class:`Book` never changes; booking makes the next one. Readers (checks running on
other threads) keep the one they started with, so every answer is computed against one
consistent state, and a verdict knows which state it was computed against.

Kernel slots are positions in the plan arrays; they never leave this package: the
public API speaks commitment and task ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from feasibility.booked_parts import BookedParts
from feasibility.capacity import effort_units
from feasibility.compile import Role, Staffing, TaskKey
from feasibility.models import Commitment, Task
from solvers import TaskSchedule
from solvers.plan_arrays import PlanArrays
from solvers.problem import IntArray, stacked_capacity


def stays_put(task: Task) -> bool:
    """Booked work that has started, or is pinned, keeps its planned schedule."""
    return task.done_hours > 0 or task.pinned_start is not None


def stays_in_a_neighbourhood(task: Task) -> bool:
    """What a neighbourhood keeps: work that stays put, and contiguous work (its rule is
    stated against the people's full hours, which a neighbourhood does not see)."""
    return stays_put(task) or task.contiguous


def everything(task: Task) -> bool:
    return True


@dataclass(frozen=True)
class MovableWork:
    """The booked tasks that may move, as arrays (one entry per task)."""

    slots: IntArray
    work: IntArray
    group: IntArray
    deadline: IntArray
    groups: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class CommitmentIndex:
    """The booked plan's columns indexed by commitment and person (see
    :attr:`Book.commitment_index`)."""

    names: np.ndarray
    """Commitment ids in booking order; a commitment's code is its position here."""
    sizes: IntArray
    """Booked tasks per commitment."""
    owner: IntArray
    """Per plan column, the code of the commitment it belongs to."""
    reshapable: IntArray
    """The plan columns of reshapable booked work, by period."""
    reshapable_periods: IntArray
    """The period of each of ``reshapable``."""
    by_person: tuple[IntArray, ...]
    """Per person, their columns among ``reshapable``, by period."""
    holding_movable_hours: tuple[str, ...]
    """The commitments with movable work that holds hours, in booking order."""


@dataclass(frozen=True)
class Book:
    """One consistent booked state."""

    staffing: Staffing
    version: int
    booked: Mapping[str, Commitment]
    slots: Mapping[TaskKey, int]
    keys: tuple[TaskKey | None, ...]
    plan: PlanArrays
    limits: Mapping[str, int]
    """Per commitment: the latest end its promise allows (exclusive period)."""
    commitment_slots: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def empty(cls, staffing: Staffing) -> Book:
        capacity = stacked_capacity(staffing.resources, staffing.horizon)
        return cls(staffing, 0, {}, {}, (), PlanArrays.empty(capacity), {})

    # -- reading -------------------------------------------------------------------------

    def schedule(self, key: TaskKey) -> TaskSchedule | None:
        slot = self.slots.get(key)
        return None if slot is None else self.plan.schedule(slot)

    def schedules(self) -> dict[TaskKey, TaskSchedule]:
        """Every booked task's schedule (built on demand; O(book))."""
        return {key: self.plan.schedule(slot) for key, slot in self.slots.items()}

    def schedules_of(self, commitment_id: str) -> dict[str, TaskSchedule]:
        return {
            self.keys[s][1]: self.plan.schedule(s)  # type: ignore[index]
            for s in self.commitment_slots.get(commitment_id, ())
        }

    def role(self, commitment_id: str, keeps: Callable[[Task], bool] = stays_put) -> Role:
        """How a booked commitment enters a model: inside its promise, its tasks for which
        ``keeps`` holds frozen where they are planned."""
        commitment = self.booked[commitment_id]
        frozen = {
            t.id: self.plan.schedule(slot)
            for t in commitment.tasks
            if keeps(t) and (slot := self.slots.get((commitment_id, t.id))) is not None
        }
        return Role(commitment, deadline=self.limits[commitment_id], frozen=frozen)

    def planned_end(self, commitment_id: str) -> int:
        slots = self.commitment_slots.get(commitment_id, ())
        return max((self.plan.end(s) for s in slots), default=0)

    def is_movable(self, key: TaskKey) -> bool:
        return not stays_put(self.booked[key[0]].task(key[1]))

    @cached_property
    def fixed_capacity(self) -> IntArray:
        """Capacity left once the work that stays put is served (booked work may move)."""
        capacity = self.plan.capacity.copy()
        for key, slot in self.slots.items():
            if not self.is_movable(key):
                s = self.plan.slot(slot)
                np.subtract.at(capacity, (s.resources, s.periods), s.amounts)
        capacity.setflags(write=False)
        return capacity

    @cached_property
    def movable(self) -> MovableWork:
        groups: dict[tuple[int, ...], int] = {}
        slots, work, group, deadline = [], [], [], []
        for key, slot in self.slots.items():
            task = self.booked[key[0]].task(key[1])
            if stays_put(task) or not task.is_work or task.skill is None:
                continue
            eligible = self.staffing.people_for(task.skill, task.people)
            slots.append(slot)
            work.append(effort_units(task.remaining_hours))
            group.append(groups.setdefault(eligible, len(groups)))
            deadline.append(self.limits[key[0]])
        return MovableWork(_ints(slots), _ints(work), _ints(group), _ints(deadline), tuple(groups))

    @cached_property
    def slot_commitment(self) -> np.ndarray:
        """Per slot, the commitment id (object array; ``None`` for an empty slot)."""
        return np.array([k[0] if k else None for k in self.keys], dtype=object)

    @cached_property
    def slot_task(self) -> np.ndarray:
        return np.array([k[1] if k else None for k in self.keys], dtype=object)

    @cached_property
    def slot_reshapable(self) -> np.ndarray:
        """Per slot: movable, and free of the contiguity rule (which is stated against the
        people's full hours, so a neighbourhood that sees only part of the book keeps it)."""
        flags = self.slot_movable.copy()
        for key, slot in self.slots.items():
            if self.booked[key[0]].task(key[1]).contiguous:
                flags[slot] = False
        return flags

    @cached_property
    def slot_movable(self) -> np.ndarray:
        flags = np.zeros(len(self.keys), dtype=bool)
        for key, slot in self.slots.items():
            flags[slot] = self.is_movable(key)
        return flags

    @cached_property
    def parts(self) -> BookedParts:
        """Booked commitments as neighbourhoods take them in (the work that stays put and
        contiguous work frozen), compiled once per state."""
        return BookedParts(self, stays_in_a_neighbourhood)

    @cached_property
    def commitment_index(self) -> CommitmentIndex:
        """Commitments as integer codes, for numpy sums over the plan's columns."""
        names = list(self.commitment_slots)
        code = {c: k for k, c in enumerate(names)}
        slot_code = _ints([code[k[0]] if k else -1 for k in self.keys])
        cols = self.plan.columns
        reshapable = self.slot_reshapable[cols.slots] if len(cols.slots) else np.zeros(0, bool)
        # Reshapable columns by period, overall and per person: a check then reads only
        # the columns of its own people and dates, whatever the size of the book.
        anyone = np.flatnonzero(reshapable)
        anyone = anyone[np.argsort(cols.periods[anyone], kind="stable")]
        mine = anyone[np.argsort(cols.resources[anyone], kind="stable")]
        bounds = np.searchsorted(cols.resources[mine], np.arange(len(self.staffing.staff) + 1))
        by_person = [mine[bounds[r] : bounds[r + 1]] for r in range(len(self.staffing.staff))]
        movable = {int(c) for c in np.unique(slot_code[cols.slots[self.slot_movable[cols.slots]]])}
        return CommitmentIndex(
            names=np.array(names, dtype=object),
            sizes=_ints([len(self.commitment_slots[c]) for c in names]),
            owner=slot_code[cols.slots] if len(cols.slots) else _ints([]),
            reshapable=anyone,
            reshapable_periods=np.asarray(cols.periods[anyone], dtype=np.int64),
            by_person=tuple(by_person),
            holding_movable_hours=tuple(c for k, c in enumerate(names) if k in movable),
        )

    # -- writing -------------------------------------------------------------------------

    def with_changes(
        self,
        changes: Mapping[TaskKey, TaskSchedule],
        added: Commitment | Sequence[Commitment] | None = None,
        limits: Mapping[str, int] | None = None,
    ) -> Book:
        """The next state: ``changes`` applied (new keys get new slots), ``added`` booked."""
        slots = dict(self.slots)
        keys = list(self.keys)
        by_commitment = {c: list(s) for c, s in self.commitment_slots.items()}
        updates: dict[int, TaskSchedule | None] = {}
        for key, schedule in changes.items():
            slot = slots.get(key)
            if slot is None:
                slot = len(keys)
                keys.append(key)
                slots[key] = slot
                by_commitment.setdefault(key[0], []).append(slot)
            updates[slot] = schedule
        plan = self.plan.updated(updates)
        booked = dict(self.booked)
        for commitment in [added] if isinstance(added, Commitment) else added or ():
            booked[commitment.id] = commitment
        return Book(
            staffing=self.staffing,
            version=self.version + 1,
            booked=booked,
            slots=slots,
            keys=tuple(keys),
            plan=plan,
            limits={**self.limits, **(limits or {})},
            commitment_slots={c: tuple(s) for c, s in by_commitment.items()},
        )

    def without(self, commitment_id: str) -> Book:
        """The next state with ``commitment_id`` and its plan taken out (its hours free).

        Example:
            >>> from datetime import date
            >>> from feasibility import Calendar, Commitment, Person, Planner, Task
            >>> job = Commitment(id="J", tasks=[Task(id="x", skill="fit", effort_hours=8)])
            >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
            ...                   start=date(2026, 11, 30), commitments=[job])
            >>> freed = planner.book_state.without("J")
            >>> list(freed.booked), bool((freed.plan.residual == freed.plan.capacity).all())
            ([], True)
        """
        gone = self.commitment_slots.get(commitment_id, ())
        keys = list(self.keys)
        for slot in gone:
            keys[slot] = None
        return Book(
            staffing=self.staffing,
            version=self.version + 1,
            booked={c: v for c, v in self.booked.items() if c != commitment_id},
            slots={k: s for k, s in self.slots.items() if k[0] != commitment_id},
            keys=tuple(keys),
            plan=self.plan.updated(dict.fromkeys(gone)),
            limits={c: v for c, v in self.limits.items() if c != commitment_id},
            commitment_slots={c: s for c, s in self.commitment_slots.items() if c != commitment_id},
        )


def _ints(values: Sequence[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)
