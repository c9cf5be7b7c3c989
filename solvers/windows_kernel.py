"""Time windows of the common problem shape, as compiled loops.

Most problems the planner builds have one shape: elastic tasks and rigid tasks without
demands (lead times), finish-to-start precedences (lags counted on a calendar or not)
and no cycles, no fixed usage, no contiguous work. For that shape the forward and
backward passes of :mod:`solvers.bounds` are a plain walk in precedence order, and this
module does it in loops compiled by numba. It gives exactly the numbers the general
propagation gives; wherever it would have a reason to state (a task that cannot be
placed), or the problem has another shape, it gives ``None`` and the general
propagation (which words the reason) runs instead.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Precedence, Problem, Resource, Task
    >>> p = Problem(10, (Resource(np.full(10, 2)),),
    ...             (Task(duration=3), Task(work=4, eligible=(0,), deadline=9)),
    ...             (Precedence(0, 1),))
    >>> simple_windows(p, np.full((1, 10), 2))
    ((0, 3), (3, 5), (4, 7), (7, 9))
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import cast

import numpy as np

from solvers.compiled import compiled, warm_problem
from solvers.problem import IntArray, PrecedenceKind, Problem

Windows = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]
"""Earliest starts, earliest ends, latest starts, latest ends."""


PLACED = 1
"""The loop's answer: every task has a window."""
UNPLACEABLE = 0
"""The loop's answer: a task cannot be placed (the general propagation says why)."""
OTHER_SHAPE = -1
"""The loop's answer: the problem is not of the common shape (a cycle, say)."""


def simple_windows(problem: Problem, capacity: IntArray) -> Windows | None:
    """The time windows of ``problem`` (``capacity``: its resources x periods) when it has
    the common shape and every task can be placed; ``None`` otherwise."""
    return kernel_windows(problem, capacity)[1]


def kernel_windows(problem: Problem, capacity: IntArray) -> tuple[int, Windows | None]:
    """The loop's answer (:data:`PLACED`, :data:`UNPLACEABLE` or :data:`OTHER_SHAPE`)
    and, when every task is placed, the time windows."""
    tasks = task_columns(problem)
    if tasks is None:
        return OTHER_SHAPE, None
    starts, eligible, widths = tasks.shape_arrays
    status, est, eend, lst, lft = _kernel(
        np.ascontiguousarray(capacity, dtype=np.int64),
        starts,
        eligible,
        widths,
        tasks.kind,
        tasks.size,
        tasks.fixed,
        tasks.limit,
        tasks.release,
        tasks.shape,
        tasks.pred,
        tasks.succ,
        tasks.lag,
        tasks.calendar,
        tasks.prefix,
    )
    if status != PLACED:
        return status, None
    return PLACED, (
        tuple(est.tolist()),
        tuple(eend.tolist()),
        tuple(lst.tolist()),
        tuple(lft.tolist()),
    )


Shapes = dict[tuple[tuple[int, ...], int | None], int]
"""The (eligible resources, crew limit or ``None``) of elastic tasks, numbered."""


def shape_columns(shapes: Shapes) -> tuple[IntArray, IntArray, IntArray]:
    """Per shape, its eligible resources in increasing order (flattened, with start
    offsets) and how many of them may serve a task at once."""
    members = [sorted(key[0]) for key in shapes]
    starts = np.zeros(len(shapes) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(e) for e in members])
    eligible = np.array([r for e in members for r in e], dtype=np.int64)
    widths = np.array(
        [
            len(e) if crew is None else min(crew, len(e))
            for e, (_, crew) in zip(members, shapes, strict=True)
        ],
        dtype=np.int64,
    )
    return starts, eligible, widths


ELASTIC = 0
RIGID = 1


@dataclass(frozen=True)
class TaskColumns:
    """A problem's tasks (one entry per task) and precedences (one per precedence) as the
    compiled loops take them."""

    kind: IntArray
    """:data:`ELASTIC` or :data:`RIGID`."""
    size: IntArray
    """Work (elastic) or duration (rigid)."""
    fixed: IntArray
    """Fixed start, ``-1`` for none."""
    limit: IntArray
    """Deadline (exclusive), the horizon for none."""
    release: IntArray
    shape: IntArray
    """An elastic task's shape (its number in ``shapes``), ``-1`` for a rigid one."""
    shapes: Shapes
    pred: IntArray
    """Per precedence (all finish-to-start): its predecessor, successor, lag and
    calendar (``-1``: none)."""
    succ: IntArray
    lag: IntArray
    calendar: IntArray
    prefix: IntArray
    """The running count of open periods of each calendar (:func:`calendar_counts`)."""

    @cached_property
    def shape_arrays(self) -> tuple[IntArray, IntArray, IntArray]:
        """:func:`shape_columns` of ``shapes``, read once (read-only: shared)."""
        found = shape_columns(self.shapes)
        for column in found:
            column.setflags(write=False)
        return found


_remembered: dict[int, TaskColumns | None] = {}


def task_columns(problem: Problem) -> TaskColumns | None:
    """The tasks and precedences of ``problem`` as columns; ``None`` when a task has a
    fixed usage, is contiguous or is rigid with a demand on a resource, or when a
    precedence is not finish-to-start. Remembered for as long as the
    problem lives (the time windows and the serial heuristic both read them)."""
    # Keyed by identity: problems are immutable, and the entry leaves with the problem.
    key = id(problem)
    if key in _remembered:
        return _remembered[key]
    found = _task_columns(problem)
    _remember(problem, found)
    return found


def remember_cut(
    problem: Problem, cut: Problem, renumbered: dict[tuple[int, ...], tuple[int, ...]] | None
) -> None:
    """Remember the columns of ``cut``: ``problem`` with its horizon cut to
    ``cut.horizon`` (deadlines past it end at it) and, with ``renumbered``, its
    resources renumbered (each eligible set of ``problem`` to its new one). They are
    read off ``problem``'s columns instead of its tasks."""
    columns = task_columns(problem)
    if columns is None:
        _remember(cut, None)
        return
    shapes = columns.shapes
    if renumbered is not None:
        shapes = {(renumbered[eligible], crew): k for (eligible, crew), k in shapes.items()}
    limit = np.minimum(columns.limit, cut.horizon)
    prefix = np.ascontiguousarray(columns.prefix[:, : cut.horizon + 1])
    for column in (limit, prefix):
        column.setflags(write=False)
    derived = dataclasses.replace(columns, limit=limit, shapes=shapes, prefix=prefix)
    if renumbered is None:  # the same shapes
        derived.__dict__["shape_arrays"] = columns.shape_arrays
    _remember(cut, derived)


def remember_deadlines(problem: Problem, held: Problem, tasks: list[int], end: int) -> None:
    """Remember the columns of ``held``: ``problem`` with ``tasks`` due to end by ``end``
    (not past its horizon)."""
    columns = task_columns(problem)
    if columns is None:
        _remember(held, None)
        return
    limit = columns.limit.copy()
    limit[tasks] = np.minimum(limit[tasks], end)
    limit.setflags(write=False)
    derived = dataclasses.replace(columns, limit=limit)
    derived.__dict__["shape_arrays"] = columns.shape_arrays
    _remember(held, derived)


def _remember(problem: Problem, columns: TaskColumns | None) -> None:
    key = id(problem)
    if key not in _remembered:
        weakref.finalize(problem, _remembered.pop, key, None)
    _remembered[key] = columns


def _task_columns(problem: Problem) -> TaskColumns | None:
    n = problem.num_tasks
    kind = np.zeros(n, dtype=np.int64)
    size = np.zeros(n, dtype=np.int64)
    fixed = np.full(n, -1, dtype=np.int64)
    limit = np.full(n, problem.horizon, dtype=np.int64)
    release = np.zeros(n, dtype=np.int64)
    shape = np.full(n, -1, dtype=np.int64)
    # tasks share a handful of (eligible, crew) shapes: each is looked at once
    shapes: Shapes = {}
    for i, task in enumerate(problem.tasks):
        if task.fixed_usage is not None or task.contiguous:
            return None
        if task.work is not None:
            shape[i] = shapes.setdefault((task.eligible, task.max_parallel), len(shapes))
            size[i] = task.work
        else:
            assert task.duration is not None
            if any(amount > 0 for _, amount in task.demands):
                return None
            kind[i] = RIGID
            size[i] = task.duration
        if task.fixed_start is not None:
            fixed[i] = task.fixed_start
        if task.deadline is not None:
            limit[i] = task.deadline
        release[i] = max(task.release, 0)
    precedences = _finish_to_start_columns(problem)
    if precedences is None:
        return None
    pred, succ, lag, calendar = precedences
    prefix = calendar_counts(problem)
    for column in (kind, size, fixed, limit, release, shape, pred, succ, lag, calendar, prefix):
        column.setflags(write=False)  # shared by every reader of the problem
    return TaskColumns(
        kind, size, fixed, limit, release, shape, shapes, pred, succ, lag, calendar, prefix
    )


def _finish_to_start_columns(
    problem: Problem,
) -> tuple[IntArray, IntArray, IntArray, IntArray] | None:
    """The precedences as columns: predecessor, successor, lag and calendar (``-1``:
    none); ``None`` when one is not finish-to-start."""
    m = len(problem.precedences)
    pred = np.zeros(m, dtype=np.int64)
    succ = np.zeros(m, dtype=np.int64)
    lag = np.zeros(m, dtype=np.int64)
    calendar = np.full(m, -1, dtype=np.int64)
    for k, prec in enumerate(problem.precedences):
        if prec.kind != PrecedenceKind.FINISH_TO_START:
            return None
        pred[k], succ[k], lag[k] = prec.pred, prec.succ, prec.lag
        if prec.calendar is not None:
            calendar[k] = prec.calendar
    return pred, succ, lag, calendar


def calendar_counts(problem: Problem) -> IntArray:
    """Per calendar of ``problem``, the running count of its open periods (one row each,
    ``horizon + 1`` columns; one empty row when it has none)."""
    horizon = problem.horizon
    prefix = np.zeros((max(1, len(problem.calendars)), horizon + 1), dtype=np.int64)
    for c, cal in enumerate(problem.calendars):
        prefix[c, 1:] = np.cumsum(np.asarray(cal) != 0)
    return prefix


def _windows_loop(
    capacity: IntArray,
    starts: IntArray,
    eligible: IntArray,
    widths: IntArray,
    kind: IntArray,
    size: IntArray,
    fixed: IntArray,
    limit: IntArray,
    release: IntArray,
    shape: IntArray,
    pred: IntArray,
    succ: IntArray,
    lag: IntArray,
    calendar: IntArray,
    prefix: IntArray,
) -> tuple[int, IntArray, IntArray, IntArray, IntArray]:
    n = kind.shape[0]
    m = pred.shape[0]
    horizon = capacity.shape[1]
    never = horizon + 1
    empty = np.zeros(0, dtype=np.int64)
    # per task shape: its best rate per period and the running sum of it
    count = widths.shape[0]
    rate = np.zeros((count, horizon), dtype=np.int64)
    cumulative = np.zeros((count, horizon + 1), dtype=np.int64)
    for s in range(count):
        k = starts[s + 1] - starts[s]
        take = min(widths[s], k)
        best = np.zeros(max(take, 1), dtype=np.int64)
        for t in range(horizon):
            total = 0
            if take >= k:  # every eligible resource at once: no need to rank them
                for j in range(k):
                    total += capacity[eligible[starts[s] + j], t]
            else:
                # the ``take`` largest capacities, kept in decreasing order (a crew is
                # small, so this beats sorting all ``k``)
                kept = 0
                for j in range(k):
                    value = capacity[eligible[starts[s] + j], t]
                    if kept == take and value <= best[take - 1]:
                        continue
                    at = kept if kept < take else take - 1
                    while at > 0 and best[at - 1] < value:
                        best[at] = best[at - 1]
                        at -= 1
                    best[at] = value
                    if kept < take:
                        kept += 1
                for j in range(kept):
                    total += best[j]
            rate[s, t] = total
            cumulative[s, t + 1] = cumulative[s, t] + total
    # precedence order (Kahn); a cycle is another shape
    indegree = np.zeros(n, dtype=np.int64)
    out_start = np.zeros(n + 1, dtype=np.int64)
    in_start = np.zeros(n + 1, dtype=np.int64)
    for k in range(m):
        indegree[succ[k]] += 1
        out_start[pred[k] + 1] += 1
        in_start[succ[k] + 1] += 1
    for i in range(n):
        out_start[i + 1] += out_start[i]
        in_start[i + 1] += in_start[i]
    out_list = np.zeros(m, dtype=np.int64)
    in_list = np.zeros(m, dtype=np.int64)
    out_fill = out_start[:-1].copy()
    in_fill = in_start[:-1].copy()
    for k in range(m):
        out_list[out_fill[pred[k]]] = k
        out_fill[pred[k]] += 1
        in_list[in_fill[succ[k]]] = k
        in_fill[succ[k]] += 1
    order = np.zeros(n, dtype=np.int64)
    head = 0
    tail = 0
    for i in range(n):
        if indegree[i] == 0:
            order[tail] = i
            tail += 1
    while head < tail:
        v = order[head]
        head += 1
        for x in range(out_start[v], out_start[v + 1]):
            w = succ[out_list[x]]
            indegree[w] -= 1
            if indegree[w] == 0:
                order[tail] = w
                tail += 1
    if tail < n:
        return -1, empty, empty, empty, empty  # a cycle: another shape
    est = np.zeros(n, dtype=np.int64)
    eend = np.zeros(n, dtype=np.int64)
    lst = np.zeros(n, dtype=np.int64)
    lft = np.zeros(n, dtype=np.int64)
    for position in range(n):
        i = order[position]
        start = _first_start(i, release[i], kind, size, fixed, shape, rate, horizon, never)
        if start >= never:
            return 0, empty, empty, empty, empty
        wanted = start
        for x in range(in_start[i], in_start[i + 1]):
            k = in_list[x]
            origin = eend[pred[k]]
            later = shift_open_counts(prefix, calendar[k], origin, lag[k], horizon)
            wanted = max(wanted, min(later, never))
        if wanted > start:
            start = _first_start(i, wanted, kind, size, fixed, shape, rate, horizon, never)
            if start >= never:
                return 0, empty, empty, empty, empty
        est[i] = start
        if kind[i] == 1:
            eend[i] = start + size[i]
        else:
            end = _end_from(cumulative[shape[i]], start, size[i], horizon)
            if end < 0:
                return 0, empty, empty, empty, empty
            eend[i] = end
    for position in range(n - 1, -1, -1):
        p = order[position]
        lst[p], lft[p] = _latest(
            p, horizon, limit[p], kind, size, fixed, shape, rate, cumulative, horizon
        )
        start = lst[p]
        end = lft[p]
        for x in range(out_start[p], out_start[p + 1]):
            k = out_list[x]
            end = min(end, _latest_origin(prefix, calendar[k], lst[succ[k]], lag[k], horizon))
        if start < lst[p] or end < lft[p]:
            lst[p], lft[p] = _latest(
                p, start, end, kind, size, fixed, shape, rate, cumulative, horizon
            )
        if lst[p] < est[p] or lft[p] < eend[p]:
            return 0, empty, empty, empty, empty
    return 1, est, eend, lst, lft


def _first_start_loop(
    i: int,
    wanted: int,
    kind: IntArray,
    size: IntArray,
    fixed: IntArray,
    shape: IntArray,
    rate: IntArray,
    horizon: int,
    never: int,
) -> int:
    if wanted > horizon:
        return never
    at = wanted if fixed[i] < 0 else max(wanted, fixed[i])
    start = -1
    if kind[i] == 1:
        if at <= horizon - size[i]:
            start = at
    else:
        s = shape[i]
        for t in range(at, horizon):
            if rate[s, t] > 0:
                start = t
                break
    if start < 0 or (fixed[i] >= 0 and start != fixed[i]):
        return never
    return start


def _end_from_loop(cumulative: IntArray, start: int, work: int, horizon: int) -> int:
    """The earliest end from ``start`` (``-1``: not within the horizon)."""
    if start >= horizon:
        return -1
    needed = cumulative[start] + work
    end = np.searchsorted(cumulative, needed)  # bisect_left
    return end if end <= horizon else -1


def _open_until(rate: IntArray, s: int, t: int) -> int:
    for u in range(min(t, rate.shape[1] - 1), -1, -1):
        if rate[s, u] > 0:
            return u
    return -1


def _latest_loop(
    i: int,
    start: int,
    end: int,
    kind: IntArray,
    size: IntArray,
    fixed: IntArray,
    shape: IntArray,
    rate: IntArray,
    cumulative: IntArray,
    horizon: int,
) -> tuple[int, int]:
    if kind[i] == 1:
        latest = min(start, end - size[i])
        if fixed[i] >= 0:
            latest = fixed[i] if latest >= fixed[i] else -1
        found = -1
        if latest >= 0 and horizon - size[i] >= 0:
            found = min(latest, horizon - size[i])
        if found < 0 or (fixed[i] >= 0 and found != fixed[i]):
            return -1, -1
        return found, found + size[i]
    s = shape[i]
    last = _open_until_jit(rate, s, min(end, horizon) - 1) if end > 0 else -1
    if last < 0:
        return -1, -1
    end = last + 1
    target = cumulative[s, min(end, horizon)] - size[i]
    latest = -1
    if target >= 0:
        room = np.searchsorted(cumulative[s], target, side="right") - 1
        latest = min(start, room)
    if fixed[i] >= 0:
        latest = fixed[i] if latest >= fixed[i] else -1
    found = _open_until_jit(rate, s, latest) if latest >= 0 else -1
    if found < 0 or (fixed[i] >= 0 and found != fixed[i]):
        return -1, -1
    return found, end


def _shift_open_loop(prefix: IntArray, c: int, origin: int, lag: int, horizon: int) -> int:
    """:func:`solvers.problem.shift_open` on calendar ``c`` (``-1``: none)."""
    if c < 0 or lag <= 0:
        return origin + lag
    if origin >= horizon:
        return origin + lag
    counts = prefix[c]
    available = counts[horizon] - counts[origin]
    if available < lag:
        return int(horizon + lag - available)
    return int(np.searchsorted(counts, counts[origin] + lag))  # bisect_left


def _latest_origin_loop(prefix: IntArray, c: int, target: int, lag: int, horizon: int) -> int:
    """The latest predecessor end that lets a successor start by ``target``."""
    if target < 0:
        return -1
    if c < 0 or lag <= 0:
        return target - lag
    counts = prefix[c]
    opened = counts[min(target, horizon)] + max(0, target - horizon)
    needed = opened - lag
    if needed < 0:
        return -1
    return int(np.searchsorted(counts, needed, side="right")) - 1


_open_until_jit = cast(Callable[[IntArray, int, int], int], compiled(_open_until))
_end_from = cast(Callable[[IntArray, int, int, int], int], compiled(_end_from_loop))
_first_start = cast(Callable[..., int], compiled(_first_start_loop))
_latest = cast(Callable[..., tuple[int, int]], compiled(_latest_loop))
shift_open_counts = cast(Callable[[IntArray, int, int, int, int], int], compiled(_shift_open_loop))
""":func:`solvers.problem.shift_open` compiled, on a calendar given by its running count of
open periods (a row of :func:`calendar_counts`; ``-1``: no calendar)."""
_latest_origin = cast(Callable[[IntArray, int, int, int, int], int], compiled(_latest_origin_loop))
_kernel = cast(
    Callable[..., tuple[int, IntArray, IntArray, IntArray, IntArray]], compiled(_windows_loop)
)


def _warm() -> None:
    """Load (or compile) the loops now, on import, so that no timed call pays for them."""
    simple_windows(warm_problem(), np.ones((1, 4), dtype=np.int64))


_warm()
