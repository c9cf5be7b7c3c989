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


PREPARED = (
    "slot_commitment",
    "slot_task",
    "fixed_capacity",
    "slot_reshapable",
    "movable",
    "commitment_index",
)
"""What :meth:`Book.prepared` derives (with what these read: the movable slots, the
commitment codes, the plan's columns)."""


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
        for slot in self.slots.values():
            self._serve_put(capacity, slot, -1)
        capacity.setflags(write=False)
        return capacity

    def _serve_put(self, capacity: IntArray, slot: int, sign: int) -> None:
        """Give back (``sign=1``) or take (``-1``) the hours of ``slot`` in ``capacity``
        when it holds work that stays put (the work :attr:`fixed_capacity` serves)."""
        key = self.keys[slot] if slot < len(self.keys) else None
        if key is not None and self.plan.has(slot) and not self.is_movable(key):
            s = self.plan.slot(slot)
            np.add.at(capacity, (s.resources, s.periods), sign * s.amounts)

    @cached_property
    def movable(self) -> MovableWork:
        entries = self._movable_entries
        limit = _ints([self.limits.get(c, -1) for c in self.commitment_slots])
        deadline = limit[self.slot_code[entries.slots]] if len(entries.slots) else _ints([])
        if (deadline < 0).any():  # a commitment with movable work has no promise yet
            slot = int(entries.slots[np.argmax(deadline < 0)])
            raise KeyError(f"no limit for commitment {self.keys[slot]}")
        return MovableWork(
            entries.slots, entries.work, entries.group, deadline, tuple(entries.groups)
        )

    @cached_property
    def _movable_entries(self) -> _MovableEntries:
        """The movable booked work by slot, without its deadlines (which change with the
        promises, while this changes only with the tasks)."""
        return _MovableEntries.of(self, sorted(self.slots.values()), _MovableEntries.empty())

    @cached_property
    def slot_code(self) -> IntArray:
        """Per slot, its commitment's code (its position in ``commitment_slots``; -1 for
        an empty slot)."""
        code = {c: k for k, c in enumerate(self.commitment_slots)}
        return _ints([code[k[0]] if k else -1 for k in self.keys])

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
        slot_code = self.slot_code
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
        by_commitment = dict(self.commitment_slots)  # only the commitments that grow change
        updates: dict[int, TaskSchedule | None] = {}
        for key, schedule in changes.items():
            slot = slots.get(key)
            if slot is None:
                slot = len(keys)
                keys.append(key)
                slots[key] = slot
                by_commitment[key[0]] = (*by_commitment.get(key[0], ()), slot)
            updates[slot] = schedule
        plan = self.plan.updated(updates)
        booked = dict(self.booked)
        replaced = False
        for commitment in [added] if isinstance(added, Commitment) else added or ():
            replaced |= commitment.id in booked
            booked[commitment.id] = commitment
        following = Book(
            staffing=self.staffing,
            version=self.version + 1,
            booked=booked,
            slots=slots,
            keys=tuple(keys),
            plan=plan,
            limits={**self.limits, **(limits or {})},
            commitment_slots=by_commitment,
        )
        if not replaced:  # the tasks already booked are the same: what is known carries
            self._carry(following, updates)
        return following

    def _carry(self, following: Book, updates: Mapping[int, TaskSchedule | None]) -> None:
        """Give ``following`` (this state with new slots appended and the schedules of
        ``updates`` changed, its booked tasks otherwise the same) what this state has
        derived from its tasks, updated for the slots that changed: so the first check
        after a booking costs what the booking changed, not what the book holds."""
        known = self.__dict__
        fresh = range(len(self.keys), len(following.keys))
        new_keys = [k for k in following.keys[len(self.keys) :] if k is not None]
        assert len(new_keys) == len(fresh)  # a new slot always holds a task
        if any(key[0] not in following.booked for key in new_keys):
            return  # work of a commitment not booked: left to be derived (and to fail) on use
        derived = following.__dict__
        if "slot_movable" in known:
            added = [following.is_movable(key) for key in new_keys]
            derived["slot_movable"] = np.concatenate([known["slot_movable"], np.array(added, bool)])
            if "slot_reshapable" in known:
                shaped = [
                    moves and not following._task(s).contiguous
                    for s, moves in zip(fresh, added, strict=True)
                ]
                derived["slot_reshapable"] = np.concatenate(
                    [known["slot_reshapable"], np.array(shaped, bool)]
                )
        for name, part in (("slot_commitment", 0), ("slot_task", 1)):
            if name in known:
                tail = np.empty(len(new_keys), dtype=object)
                tail[:] = [key[part] for key in new_keys]
                derived[name] = np.concatenate([known[name], tail])
        if "slot_code" in known:
            code = {c: k for k, c in enumerate(following.commitment_slots)}
            codes = _ints([code[key[0]] for key in new_keys])
            derived["slot_code"] = np.concatenate([known["slot_code"], codes])
        if "_movable_entries" in known:
            derived["_movable_entries"] = _MovableEntries.of(
                following, list(fresh), known["_movable_entries"]
            )
        if "parts" in known:
            touched = {following._key(slot)[0] for slot in updates}
            touched |= {c for c, end in following.limits.items() if self.limits.get(c) != end}
            derived["parts"] = known["parts"].carried(following, touched)
        if "fixed_capacity" in known:
            capacity = np.array(known["fixed_capacity"])
            for slot in updates:  # the work that stays put and changed: old out, new in
                self._serve_put(capacity, slot, 1)
                following._serve_put(capacity, slot, -1)
            capacity.setflags(write=False)
            derived["fixed_capacity"] = capacity

    def _key(self, slot: int) -> TaskKey:
        key = self.keys[slot]
        assert key is not None  # a slot the plan holds has its task's key
        return key

    def _task(self, slot: int) -> Task:
        key = self._key(slot)
        return self.booked[key[0]].task(key[1])

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
        following = Book(
            staffing=self.staffing,
            version=self.version + 1,
            booked={c: v for c, v in self.booked.items() if c != commitment_id},
            slots={k: s for k, s in self.slots.items() if k[0] != commitment_id},
            keys=tuple(keys),
            plan=self.plan.updated(dict.fromkeys(gone)),
            limits={c: v for c, v in self.limits.items() if c != commitment_id},
            commitment_slots={c: s for c, s in self.commitment_slots.items() if c != commitment_id},
        )
        if commitment_id in self.commitment_slots:
            self._carry_without(following, commitment_id)
        return following

    def prepared(self) -> Book:
        """This state with everything a check reads derived now (an O(book) pass), so
        that no check pays for it; states booked from it carry it forward at the cost of
        what each booking changes. Returns the state itself."""
        for name in PREPARED:
            getattr(self, name)
        return self

    def _carry_without(self, following: Book, commitment_id: str) -> None:
        """Give ``following`` (this state without ``commitment_id``) what this state has
        derived, with that commitment's slots emptied."""
        known = self.__dict__
        derived = following.__dict__
        gone = np.asarray(self.commitment_slots[commitment_id], dtype=np.int64)
        for name, empty in (
            ("slot_movable", False),
            ("slot_reshapable", False),
            ("slot_commitment", None),
            ("slot_task", None),
        ):
            if name in known:
                values = known[name].copy()
                values[gone] = empty
                derived[name] = values
        if "slot_code" in known:
            removed = list(self.commitment_slots).index(commitment_id)
            codes = known["slot_code"] - (known["slot_code"] > removed)
            codes[gone] = -1
            derived["slot_code"] = codes
        if "_movable_entries" in known:
            entries = known["_movable_entries"]
            kept = ~np.isin(entries.slots, gone)
            codes, first = np.unique(entries.group[kept], return_index=True)
            if len(codes) == len(entries.groups) and (np.diff(first) > 0).all():
                # every set of people still has work, first met in the same order: the
                # codes a fresh pass gives
                derived["_movable_entries"] = _MovableEntries(
                    entries.slots[kept], entries.work[kept], entries.group[kept], entries.groups
                )
        if "parts" in known:
            derived["parts"] = known["parts"].carried(following, {commitment_id})
        if "fixed_capacity" in known:
            capacity = np.array(known["fixed_capacity"])
            for slot in gone.tolist():
                self._serve_put(capacity, slot, 1)
            capacity.setflags(write=False)
            derived["fixed_capacity"] = capacity


@dataclass(frozen=True)
class _MovableEntries:
    """The booked tasks that may move and hold work, by slot: their work in units and
    the set of people who may do it (a code into ``groups``)."""

    slots: IntArray
    work: IntArray
    group: IntArray
    groups: dict[tuple[int, ...], int]

    @classmethod
    def empty(cls) -> _MovableEntries:
        return cls(_ints([]), _ints([]), _ints([]), {})

    @classmethod
    def of(cls, book: Book, slots: Sequence[int], before: _MovableEntries) -> _MovableEntries:
        """``before`` and then the entries of ``slots`` (in increasing order)."""
        groups = dict(before.groups)
        found, work, group = [], [], []
        for slot in slots:
            if book.keys[slot] is None:
                continue
            task = book._task(slot)
            if stays_put(task) or not task.is_work or task.skill is None:
                continue
            eligible = book.staffing.people_for(task.skill, task.people)
            found.append(slot)
            work.append(effort_units(task.remaining_hours))
            group.append(groups.setdefault(eligible, len(groups)))
        return cls(
            np.concatenate([before.slots, _ints(found)]),
            np.concatenate([before.work, _ints(work)]),
            np.concatenate([before.group, _ints(group)]),
            groups,
        )


def _ints(values: Sequence[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)
