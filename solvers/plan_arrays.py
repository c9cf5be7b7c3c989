"""A plan held as arrays: usage per task, resource and period, and the capacity left.

Every booked task has a slot (a small integer). A slot holds the task's span and its
usage as three integer arrays (resource, period, amount); the residual capacity per
resource and period is kept current on every change instead of being derived again
for each question. A :class:`PlanArrays` never changes: :meth:`PlanArrays.updated`
returns a new one (its residual a fresh array), so a reader holding the old one keeps
a consistent view while a writer builds the next.

Example:
    >>> import numpy as np
    >>> from solvers.problem import TaskSchedule, Usage
    >>> plan = PlanArrays.empty(np.full((2, 5), 4))
    >>> plan = plan.updated({0: TaskSchedule(1, 3, (Usage(0, 1, 4), Usage(1, 2, 2)))})
    >>> plan.residual.tolist()
    [[4, 0, 4, 4, 4], [4, 4, 2, 4, 4]]
    >>> plan.schedule(0).end, plan.num_slots
    (3, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from solvers.problem import IntArray, TaskSchedule, Usage

_EMPTY = np.zeros(0, dtype=np.int32)


class PlanConflictError(ValueError):
    """A change would use more capacity than is left (two bookings of the same hours)."""


@dataclass(frozen=True)
class SlotUsage:
    """One task's place in the plan: ``[start, end)`` and its usage arrays."""

    start: int
    end: int
    resources: NDArray[np.int32]
    periods: NDArray[np.int32]
    amounts: NDArray[np.int32]

    @classmethod
    def of(cls, schedule: TaskSchedule) -> SlotUsage:
        usage = schedule.usage
        return cls(
            start=schedule.start,
            end=schedule.end,
            resources=np.fromiter((u.resource for u in usage), np.int32, len(usage)),
            periods=np.fromiter((u.period for u in usage), np.int32, len(usage)),
            amounts=np.fromiter((u.amount for u in usage), np.int32, len(usage)),
        )

    def schedule(self) -> TaskSchedule:
        columns = (self.resources.tolist(), self.periods.tolist(), self.amounts.tolist())
        usage = tuple(Usage(r, t, a) for r, t, a in zip(*columns, strict=True))
        return TaskSchedule(self.start, self.end, usage)


@dataclass(frozen=True)
class UsageColumns:
    """All usage of a plan as parallel columns (one row per slot, resource and period)."""

    slots: NDArray[np.int32]
    resources: NDArray[np.int32]
    periods: NDArray[np.int32]
    amounts: NDArray[np.int32]

    def updated(self, changed: Iterable[int], plan: PlanArrays) -> UsageColumns:
        """These columns with the rows of the ``changed`` slots taken from ``plan``
        instead: the columns ``plan`` would build, in the same order (by slot), at the
        cost of what changed."""
        changed = sorted(set(changed))
        keep = ~np.isin(self.slots, np.asarray(changed, dtype=np.int32))
        now = [(i, plan.slot(i)) for i in changed if plan.has(i)]
        slots = np.concatenate(
            [self.slots[keep], *(np.full(len(u.amounts), i, dtype=np.int32) for i, u in now)]
        )
        order = np.argsort(slots, kind="stable")  # each slot's rows stay in their order
        return UsageColumns(
            slots=slots[order],
            resources=np.concatenate([self.resources[keep], *(u.resources for _, u in now)])[order],
            periods=np.concatenate([self.periods[keep], *(u.periods for _, u in now)])[order],
            amounts=np.concatenate([self.amounts[keep], *(u.amounts for _, u in now)])[order],
        )


class PlanArrays:
    """Slots of task usage over a capacity matrix (resources x periods)."""

    __slots__ = ("__dict__", "_capacity", "_residual", "_slots")

    def __init__(
        self, capacity: IntArray, residual: IntArray, slots: tuple[SlotUsage | None, ...]
    ) -> None:
        self._capacity = capacity
        self._residual = residual
        self._slots = slots

    @classmethod
    def empty(cls, capacity: IntArray) -> PlanArrays:
        cap = np.array(capacity, dtype=np.int64)
        cap.setflags(write=False)
        residual = cap.copy()
        residual.setflags(write=False)
        return cls(cap, residual, ())

    @property
    def capacity(self) -> IntArray:
        """Capacity per resource and period (read-only)."""
        return self._capacity

    @property
    def residual(self) -> IntArray:
        """Capacity left per resource and period once every slot is served (read-only)."""
        return self._residual

    @property
    def num_slots(self) -> int:
        return len(self._slots)

    def has(self, slot: int) -> bool:
        return 0 <= slot < len(self._slots) and self._slots[slot] is not None

    def slot(self, slot: int) -> SlotUsage:
        entry = self._slots[slot] if 0 <= slot < len(self._slots) else None
        if entry is None:
            raise KeyError(f"slot {slot} holds no task")
        return entry

    def schedule(self, slot: int) -> TaskSchedule:
        return self.slot(slot).schedule()

    def end(self, slot: int) -> int:
        return self.slot(slot).end

    def extended(self, capacity: IntArray) -> PlanArrays:
        """The same slots over a longer time axis: ``capacity`` has at least as many
        periods and equals the current capacity on the current ones.

        Example:
            >>> plan = PlanArrays.empty(np.full((1, 2), 4)).updated(
            ...     {0: TaskSchedule(0, 1, (Usage(0, 0, 3),))})
            >>> plan.extended(np.full((1, 4), 4)).residual.tolist()
            [[1, 4, 4, 4]]
        """
        cap = np.array(capacity, dtype=np.int64)
        periods = self._capacity.shape[1]
        if cap.shape[0] != self._capacity.shape[0] or cap.shape[1] < periods:
            raise ValueError(f"cannot extend a {self._capacity.shape} plan to {cap.shape}")
        if not np.array_equal(cap[:, :periods], self._capacity):
            raise ValueError("the extended capacity differs on the periods already planned")
        residual = cap.copy()
        residual[:, :periods] = self._residual
        cap.setflags(write=False)
        residual.setflags(write=False)
        return PlanArrays(cap, residual, self._slots)

    def raised(self, extra: IntArray) -> PlanArrays:
        """The same slots with ``extra`` (resources x periods, at least 0) added to the
        capacity and so to the residual.

        Example:
            >>> plan = PlanArrays.empty(np.full((1, 2), 4))
            >>> plan.raised(np.array([[0, 2]])).residual.tolist()
            [[4, 6]]
        """
        more = np.asarray(extra, dtype=np.int64)
        if more.shape != self._capacity.shape or (more < 0).any():
            raise ValueError(f"extra capacity must be {self._capacity.shape} and at least 0")
        cap = self._capacity + more
        residual = self._residual + more
        cap.setflags(write=False)
        residual.setflags(write=False)
        return PlanArrays(cap, residual, self._slots)

    def updated(self, changes: Mapping[int, TaskSchedule | None]) -> PlanArrays:
        """A new plan with each slot in ``changes`` set to its schedule (``None``: emptied).

        A slot past the end extends the plan. Raises :class:`PlanConflictError` when the
        result would use more than the capacity anywhere, and changes nothing.
        """
        slots = list(self._slots)
        top = max(changes, default=-1)
        if top >= len(slots):
            slots.extend([None] * (top + 1 - len(slots)))
        residual = self._residual.copy()
        for slot, schedule in changes.items():
            old = slots[slot]
            if old is not None:
                np.add.at(residual, (old.resources, old.periods), old.amounts)
            new = None if schedule is None else SlotUsage.of(schedule)
            if new is not None:
                np.subtract.at(residual, (new.resources, new.periods), new.amounts)
            slots[slot] = new
        if changes and residual.min(initial=0) < 0:
            r, t = np.unravel_index(int(residual.argmin()), residual.shape)
            raise PlanConflictError(
                f"resource {int(r)} would be used beyond its capacity in period {int(t)}"
            )
        residual.setflags(write=False)
        following = PlanArrays(self._capacity, residual, tuple(slots))
        if "columns" in self.__dict__:  # known here: the next plan's come from these
            following.__dict__["columns"] = self.columns.updated(changes.keys(), following)
        return following

    def occupied(self) -> Iterable[int]:
        """The slots that hold a task."""
        return (i for i, s in enumerate(self._slots) if s is not None)

    @cached_property
    def columns(self) -> UsageColumns:
        """Every usage row of the plan (built once per plan, on first use)."""
        parts = [(i, s) for i, s in enumerate(self._slots) if s is not None and len(s.amounts)]
        if not parts:
            return UsageColumns(_EMPTY, _EMPTY, _EMPTY, _EMPTY)
        return UsageColumns(
            slots=np.concatenate([np.full(len(s.amounts), i, dtype=np.int32) for i, s in parts]),
            resources=np.concatenate([s.resources for _, s in parts]),
            periods=np.concatenate([s.periods for _, s in parts]),
            amounts=np.concatenate([s.amounts for _, s in parts]),
        )

    def ends(self, slots: Iterable[int]) -> IntArray:
        return np.fromiter((self.slot(i).end for i in slots), dtype=np.int64)
