"""Dispatch: turn pooled work per task and period into work per resource.

Each period is its own small transportation problem: tasks need given amounts, each
from its eligible resources, each resource has its free capacity; a maximum flow
solves it (pooled tasks are those whose crew limit cannot bind). Where a reference
schedule exists (re-planning), a task whose amount in a period is unchanged keeps the
resources it had, when they are free, so that unchanged work does not appear to move.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.graph.python import max_flow

from solvers.problem import IntArray, Problem, TaskSchedule, Usage

Allocation = dict[tuple[int, int], int]
"""(task, resource) -> amount, within one period."""


def dispatch_period(
    problem: Problem,
    period: int,
    needs: Mapping[int, int],
    free: IntArray,
    reference: Mapping[int, Allocation] | None = None,
) -> Allocation | None:
    """Serve ``needs`` (task -> amount) in ``period`` from the ``free`` capacities.

    ``reference`` maps a task to the allocation it had in this period; it is kept when
    the amount is the same and the resources are free. Returns ``None`` when the needs
    cannot be served.
    """
    kept: Allocation = {}
    rest = dict(needs)
    spare = free.copy()
    for i, previous in (reference or {}).items():
        if i not in rest or sum(previous.values()) != rest[i]:
            continue
        if all(spare[r] >= amount for (_, r), amount in previous.items()):
            for (_, r), amount in previous.items():
                spare[r] -= amount
                kept[(i, r)] = amount
            del rest[i]
    served = _serve(problem, rest, spare)
    if served is None and kept:
        served, kept = _serve(problem, dict(needs), free.copy()), {}
    if served is None:
        return None
    served.update(kept)
    return served


def _serve(problem: Problem, needs: Mapping[int, int], free: IntArray) -> Allocation | None:
    if not needs:
        return {}
    return _serve_by_flow(problem, needs, free)


def _serve_by_flow(problem: Problem, needs: Mapping[int, int], free: IntArray) -> Allocation | None:
    tasks = sorted(needs)
    resources = sorted({r for i in tasks for r in problem.tasks[i].eligible if free[r] > 0})
    source, sink = 0, 1
    task_node = {i: 2 + k for k, i in enumerate(tasks)}
    resource_node = {r: 2 + len(tasks) + k for k, r in enumerate(resources)}
    flow = max_flow.SimpleMaxFlow()
    arcs: list[tuple[int, int, int]] = []
    for i in tasks:
        flow.add_arc_with_capacity(source, task_node[i], needs[i])
        for r in problem.tasks[i].eligible:
            if r in resource_node:
                arc = flow.add_arc_with_capacity(task_node[i], resource_node[r], needs[i])
                arcs.append((arc, i, r))
    for r in resources:
        flow.add_arc_with_capacity(resource_node[r], sink, int(free[r]))
    if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() != sum(needs.values()):
        return None
    allocation: Allocation = {}
    for arc, i, r in arcs:
        amount = int(flow.flow(arc))
        if amount > 0:
            allocation[(i, r)] = amount
    return allocation


def dispatch(
    problem: Problem,
    work: Mapping[int, Mapping[int, int]],
    free: IntArray,
    reference: Mapping[int, TaskSchedule] | None = None,
) -> dict[int, TaskSchedule] | None:
    """Schedules for the tasks in ``work`` (task -> period -> amount), or ``None``.

    ``free`` is the capacity per resource and period left by everything else.
    """
    by_period: dict[int, dict[int, int]] = {}
    for i, profile in work.items():
        for t, amount in profile.items():
            if amount > 0:
                by_period.setdefault(t, {})[i] = amount
    previous: dict[int, dict[int, Allocation]] = {}
    for i, schedule in (reference or {}).items():
        for u in schedule.usage:
            previous.setdefault(u.period, {}).setdefault(i, {})[(i, u.resource)] = u.amount
    usage: dict[int, list[Usage]] = {i: [] for i in work}
    for t in sorted(by_period):
        allocation = dispatch_period(problem, t, by_period[t], free[:, t], previous.get(t))
        if allocation is None:
            return None
        for (i, r), amount in sorted(allocation.items(), key=lambda kv: kv[0][1]):
            usage[i].append(Usage(r, t, amount))
    schedules = {}
    for i, uses in usage.items():
        periods = [u.period for u in uses]
        schedules[i] = TaskSchedule(min(periods), max(periods) + 1, tuple(uses))
    return schedules
