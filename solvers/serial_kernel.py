"""The serial heuristic's placement loop for the common problem shape, compiled.

:class:`solvers.greedy.SerialScheduler` places tasks one at a time, in a given order,
each as early as its predecessors, its release and the capacity left allow. For the
shape most problems have (elastic work that is neither contiguous nor pinned, lead
times that use no resource, pinned or not, finish-to-start precedences with lags and
calendars, no fixed usage) this module runs the same loop compiled by numba, calling the same
compiled placement (:mod:`solvers.fill`), and gives exactly the schedules the Python
loop gives. Any other shape, or an order that places a successor before its
predecessor, is left to the Python loop (``None``).

Example:
    >>> import numpy as np
    >>> from solvers.bounds import time_windows
    >>> from solvers.problem import Precedence, Problem, Resource, Task
    >>> p = Problem(6, (Resource(np.full(6, 2)),),
    ...             (Task(duration=1), Task(work=3, eligible=(0,))), (Precedence(0, 1),))
    >>> placed, solution = serial_schedules(p, time_windows(p), [0, 1])
    >>> placed, [(s.start, s.end) for s in solution.tasks]
    (True, [(0, 1), (1, 3)])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import numpy as np

from solvers.bounds import TimeWindows
from solvers.compiled import compiled, warm_problem
from solvers.fill import PLACED, WIDER, fill_columns
from solvers.problem import (
    IntArray,
    Problem,
    TaskSchedule,
    Usage,
    stacked_capacity,
)
from solvers.result import Solution
from solvers.windows_kernel import (
    ELASTIC,
    RIGID,
    shift_open_counts,
    task_columns,
)

FIRST_WINDOW = 64
"""Periods an elastic task first looks ahead; the window grows fourfold until the work
fits (as in the Python loop)."""

_STUCK = -1
"""The loop stopped: a task could not be placed (the heuristic is stuck)."""
_OTHER = -2
"""The loop stopped: the order places a successor before its predecessor."""


def serial_schedules(
    problem: Problem,
    windows: TimeWindows,
    order: Sequence[int],
    capacity: IntArray | None = None,
) -> tuple[bool, Solution | None]:
    """Place every task of ``problem`` in ``order`` with the compiled loop
    (``capacity``: the problem's resources x periods, when the caller has it).

    Returns ``(False, None)`` when the problem or the order is not of the shape the
    loop serves (the caller runs the Python loop), else ``(True, solution)`` with
    ``solution`` ``None`` when the heuristic gets stuck.
    """
    tasks = task_columns(problem)
    if tasks is None or len(order) != problem.num_tasks:
        return False, None
    if (tasks.fixed[tasks.kind == ELASTIC] >= 0).any():  # pinned work: the Python loop
        return False, None
    starts, eligible, widths = tasks.shape_arrays
    kind = tasks.kind
    # the precedences grouped by successor: offsets and indices
    in_list = np.argsort(tasks.succ, kind="stable").astype(np.int64)
    in_start = np.zeros(problem.num_tasks + 1, dtype=np.int64)
    in_start[1:] = np.cumsum(np.bincount(tasks.succ, minlength=problem.num_tasks))
    status, start, end, first, last, out_r, out_t, out_a = _loop(
        np.ascontiguousarray(
            stacked_capacity(problem.resources, problem.horizon) if capacity is None else capacity,
            dtype=np.int64,
        ),
        np.asarray(order, dtype=np.int64),
        kind,
        tasks.size,
        tasks.release,
        tasks.limit,
        np.asarray(windows.earliest_start, dtype=np.int64),
        tasks.shape,
        tasks.fixed,
        starts,
        eligible,
        widths,
        in_start,
        in_list,
        tasks.pred,
        tasks.lag,
        tasks.calendar,
        tasks.prefix,
        FIRST_WINDOW,
    )
    if status == _OTHER:
        return False, None
    if status == _STUCK:
        return True, None
    rs, ts, amounts = out_r.tolist(), out_t.tolist(), out_a.tolist()
    schedules = []
    for i in range(problem.num_tasks):
        if kind[i] == RIGID:
            schedules.append(TaskSchedule(int(start[i]), int(end[i])))
            continue
        b, e = int(first[i]), int(last[i])
        usage = tuple(map(Usage, rs[b:e], ts[b:e], amounts[b:e]))
        schedules.append(TaskSchedule(int(start[i]), int(end[i]), usage))
    return True, Solution(tuple(schedules))


def _serial_loop(
    capacity: IntArray,
    order: IntArray,
    kind: IntArray,
    size: IntArray,
    release: IntArray,
    limit_end: IntArray,
    earliest_start: IntArray,
    shape: IntArray,
    fixed: IntArray,
    starts: IntArray,
    eligible: IntArray,
    widths: IntArray,
    in_start: IntArray,
    in_list: IntArray,
    pred: IntArray,
    lag: IntArray,
    calendar: IntArray,
    prefix: IntArray,
    first_window: int,
) -> tuple[int, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray]:
    n = kind.shape[0]
    horizon = capacity.shape[1]
    residual = capacity.copy()
    start = np.full(n, -1, dtype=np.int64)
    end = np.full(n, -1, dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    room = 1024
    out_r = np.zeros(room, dtype=np.int64)
    out_t = np.zeros(room, dtype=np.int64)
    out_a = np.zeros(room, dtype=np.int64)
    used = 0
    no_periods = np.zeros(0, dtype=np.bool_)
    for position in range(n):
        i = order[position]
        earliest = max(earliest_start[i], release[i])
        for x in range(in_start[i], in_start[i + 1]):
            k = in_list[x]
            p = pred[k]
            if start[p] < 0:
                return _OTHER, start, end, first, last, out_r, out_t, out_a
            earliest = max(
                earliest, shift_open_counts(prefix, calendar[k], end[p], lag[k], horizon)
            )
        if kind[i] == RIGID:
            begin = earliest if fixed[i] < 0 else fixed[i]
            if earliest > begin or begin + size[i] > horizon:
                return _STUCK, start, end, first, last, out_r, out_t, out_a
            finish = begin + size[i]
        else:
            s = shape[i]
            resources = eligible[starts[s] : starts[s + 1]]
            width = first_window
            placed = False
            begin = 0
            finish = 0
            while earliest < horizon:
                stop = min(horizon, earliest + width)
                status, lo, hi, rs, ts, amounts = fill_columns(
                    residual,
                    resources,
                    widths[s],
                    earliest,
                    stop,
                    size[i],
                    False,
                    no_periods,
                    False,
                    stop < horizon,
                )
                if status == PLACED:
                    placed = True
                    begin = earliest + lo
                    finish = earliest + hi + 1
                    count = rs.shape[0]
                    if used + count > room:
                        while used + count > room:
                            room *= 2
                        out_r = _grown(out_r, room)
                        out_t = _grown(out_t, room)
                        out_a = _grown(out_a, room)
                    for j in range(count):
                        residual[rs[j], ts[j]] -= amounts[j]
                        out_r[used + j] = rs[j]
                        out_t[used + j] = ts[j]
                        out_a[used + j] = amounts[j]
                    first[i] = used
                    used += count
                    last[i] = used
                    break
                if status != WIDER:
                    break
                width *= 4
            if not placed:
                return _STUCK, start, end, first, last, out_r, out_t, out_a
        if finish > limit_end[i]:
            return _STUCK, start, end, first, last, out_r, out_t, out_a
        start[i] = begin
        end[i] = finish
    return 0, start, end, first, last, out_r[:used], out_t[:used], out_a[:used]


def _grown_loop(values: IntArray, room: int) -> IntArray:
    bigger = np.zeros(room, dtype=np.int64)
    bigger[: values.shape[0]] = values
    return bigger


_grown = cast(Callable[[IntArray, int], IntArray], compiled(_grown_loop))
_loop = cast(
    Callable[..., tuple[int, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray]],
    compiled(_serial_loop),
)


def _warm() -> None:
    """Load (or compile) the loop now, on import, so that no timed call pays for it."""
    from solvers.bounds import time_windows

    warm = warm_problem()
    serial_schedules(warm, time_windows(warm), [0, 1])


_warm()
