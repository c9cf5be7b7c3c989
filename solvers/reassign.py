"""Hand work back to the resources a reference schedule gave it, period by period.

A re-plan often keeps a task's days and its hours per day but gives them to other
people: the search placed tasks one after another, and whoever was free first took the
work. :func:`reassign` undoes as much of that as capacity allows. Every elastic task
keeps the periods it works in and the amount it receives in each, so its span, every
precedence, every due date and the objective are exactly as before; only which
resource serves which amount changes. Within one period that is a transportation
problem (the tasks' amounts to the resources' free capacity, each task to its
eligible resources), solved exactly as a minimum-cost flow (OR-Tools
``SimpleMinCostFlow``), one period at a time since the periods are independent. A unit
given to the resource the reference gave it costs nothing when the task's amounts per
period match the reference's (so it can become its reference schedule again), one when
they do not; a unit left with the resource that serves it now costs two, and any other
three (work that cannot go back stays where it is rather than spreading).

Only the periods where some task's reference differs from its current assignment take
part. A task that the flow would serve with more resources than its limit
(``max_parallel``) in a period keeps its current assignment there, and the flow is
solved again without it (up to :data:`ROUNDS` times; a period still crowded then keeps
its assignment whole). The result is kept only when more tasks match their reference
than before, so it is never worse by that count. Rigid tasks and tasks with a fixed
usage stay as they are.

Example:
    >>> import numpy as np
    >>> from solvers.problem import Problem, Resource, Task, TaskSchedule, Usage
    >>> from solvers.result import Solution
    >>> two = (Resource(np.full(2, 8)), Resource(np.full(2, 8)))
    >>> p = Problem(2, two, (Task(work=8, eligible=(0, 1)), Task(work=8, eligible=(0, 1))))
    >>> now = Solution((TaskSchedule(0, 1, (Usage(1, 0, 8),)),
    ...                 TaskSchedule(0, 1, (Usage(0, 0, 8),))))
    >>> before = [TaskSchedule(0, 1, (Usage(0, 0, 8),)), TaskSchedule(0, 1, (Usage(1, 0, 8),))]
    >>> back, matching = reassign(p, now, before)
    >>> back.tasks == tuple(before), matching
    (True, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from solvers.checker import same_schedule
from solvers.deadline import Deadline
from solvers.problem import IntArray, Problem, TaskSchedule, Usage, stacked_capacity
from solvers.repair import use_capacity
from solvers.result import Solution

MATCH_COST = 0
"""A unit served by its reference resource, in a task whose amounts per period match."""
PARTIAL_COST = 1
"""A unit served by its reference resource, in a task whose amounts per period differ."""
CURRENT_COST = 2
"""A unit served by the resource that serves it now (so that work that cannot go back
stays with whoever has it rather than spreading)."""
OTHER_COST = 3
"""A unit served by any other resource."""
ROUNDS = 6
"""How many times the flow is solved again with its crowded task-periods held."""

Cells = dict[int, int]
"""Units per resource, in one period."""


def reassign(
    problem: Problem,
    solution: Solution,
    reference: Sequence[TaskSchedule | None],
    *,
    deadline: Deadline | None = None,
) -> tuple[Solution, int]:
    """``solution`` with the work of each period handed back to the resources that
    ``reference`` gave it, where capacity allows (see the module); returns it and how
    many tasks match their reference schedule.

    The periods and amounts per period of every task are kept, so the result is as
    valid as ``solution`` and has the same objective. ``deadline`` is looked at before
    each solve of the flow (a solve itself is not interruptible).
    """
    matching = _matching(solution.tasks, reference)
    flow = _Flow.of(problem, solution, reference)
    if flow is None:
        return solution, matching
    found = flow.solve(deadline)
    if not found:
        return solution, matching
    tasks = list(solution.tasks)
    for i, schedule in found.items():
        tasks[i] = schedule
    candidate = Solution(tuple(tasks))
    better = _matching(candidate.tasks, reference)
    if better <= matching:
        return solution, matching
    return candidate, better


def _matching(tasks: Sequence[TaskSchedule], reference: Sequence[TaskSchedule | None]) -> int:
    return sum(
        1
        for now, old in zip(tasks, reference, strict=True)
        if old is not None and same_schedule(now, old)
    )


def _by_period(usage: Sequence[Usage]) -> dict[int, Cells]:
    """Units per period, and within it per resource."""
    found: dict[int, Cells] = {}
    for u in usage:
        cells = found.setdefault(u.period, {})
        cells[u.resource] = cells.get(u.resource, 0) + u.amount
    return found


class _Flow:
    """The transportation problems of the periods that take part, as the arcs of one
    network that is solved period by period.

    Nodes: one per (movable task, period it works in), supplying its amount there; one
    per (resource, period) such a task may use, each draining into one sink with the
    capacity the resource has left once the work that takes no part is served.
    """

    @classmethod
    def of(
        cls, problem: Problem, solution: Solution, reference: Sequence[TaskSchedule | None]
    ) -> _Flow | None:
        """The flow, or ``None`` when no period has work to hand back."""
        current: dict[int, dict[int, Cells]] = {}
        wanted: dict[int, dict[int, Cells]] = {}
        periods: set[int] = set()
        for i, task in enumerate(problem.tasks):
            ref = reference[i]
            schedule = solution.tasks[i]
            if ref is None or not task.is_elastic or task.fixed_usage is not None:
                continue
            if schedule.usage == ref.usage:  # the common case, in the same order
                current[i] = wanted[i] = _by_period(schedule.usage)
                continue
            now, was = _by_period(schedule.usage), _by_period(ref.usage)
            differ = [t for t, cells in was.items() if t in now and now[t] != cells]
            if differ:
                periods.update(differ)
            current[i], wanted[i] = now, was
        if not periods:
            return None
        return cls(problem, solution, current, wanted, periods)

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        current: dict[int, dict[int, Cells]],
        wanted: dict[int, dict[int, Cells]],
        periods: set[int],
    ) -> None:
        self.problem = problem
        self.solution = solution
        self.limits = [task.parallel_limit if task.is_elastic else 0 for task in problem.tasks]
        horizon, nres = problem.horizon, problem.num_resources
        free = stacked_capacity(problem.resources, horizon).copy()
        # task-period nodes: every elastic task that may change hands, in the periods
        # that take part; everything else is served first
        owners: list[int] = []
        node_periods: list[int] = []
        amounts: list[int] = []
        self.node_cells: list[Cells] = []
        ref_rows: list[tuple[int, int, int, int]] = []  # node, resource, amount, cost
        current_rows: list[tuple[int, int, int, int]] = []
        for i, (task, schedule) in enumerate(zip(problem.tasks, solution.tasks, strict=True)):
            movable = task.is_elastic and task.fixed_usage is None
            if not movable:
                use_capacity(free, task, schedule, -1)
                continue
            now = current.get(i) or _by_period(schedule.usage)
            was = wanted.get(i, {})
            same = bool(was) and {t: sum(c.values()) for t, c in was.items()} == {
                t: sum(c.values()) for t, c in now.items()
            }
            for t, cells in now.items():
                if t not in periods:
                    for r, amount in cells.items():
                        free[r, t] -= amount
                    continue
                node = len(owners)
                owners.append(i)
                node_periods.append(t)
                amounts.append(sum(cells.values()))
                self.node_cells.append(cells)
                for r, amount in was.get(t, {}).items():
                    ref_rows.append((node, r, amount, MATCH_COST if same else PARTIAL_COST))
                for r, amount in cells.items():
                    current_rows.append((node, r, amount, CURRENT_COST))
        self.owners = np.asarray(owners, dtype=np.int64)
        self.periods = np.asarray(node_periods, dtype=np.int64)
        self.amounts = np.asarray(amounts, dtype=np.int64)
        nodes = self.nodes = len(owners)
        # one arc from a task-period node to each eligible resource in that period
        eligible = [np.asarray(problem.tasks[i].eligible, dtype=np.int64) for i in owners]
        sizes = np.fromiter((len(e) for e in eligible), dtype=np.int64, count=nodes)
        node_of_arc = np.repeat(np.arange(nodes, dtype=np.int64), sizes)
        resource_of_arc = np.concatenate(eligible) if nodes else np.zeros(0, dtype=np.int64)
        cell = resource_of_arc * horizon + self.periods[node_of_arc]
        cells, cell_index = np.unique(cell, return_inverse=True)
        self.cell_resource, self.cell_period = np.divmod(cells, horizon)
        self.sink = nodes + len(cells)
        tails, heads, caps, costs = [node_of_arc], [nodes + cell_index], [], []
        caps.append(self.amounts[node_of_arc])
        costs.append(np.full(len(node_of_arc), OTHER_COST, dtype=np.int64))
        # the reference's units at no or little cost, and the current ones at a little
        # more, on extra arcs beside those
        key_of_arc = node_of_arc * nres + resource_of_arc
        order = np.argsort(key_of_arc, kind="stable")
        for found_rows in (ref_rows, current_rows):
            rows = np.asarray(found_rows, dtype=np.int64).reshape(-1, 4)
            wanted_keys = rows[:, 0] * nres + rows[:, 1]
            found = np.minimum(np.searchsorted(key_of_arc[order], wanted_keys), len(order) - 1)
            hit = key_of_arc[order][found] == wanted_keys
            arcs = order[found[hit]]
            tails.append(node_of_arc[arcs])
            heads.append(nodes + cell_index[arcs])
            caps.append(rows[hit, 2])
            costs.append(rows[hit, 3])
        tails.append(nodes + np.arange(len(cells), dtype=np.int64))
        heads.append(np.full(len(cells), self.sink, dtype=np.int64))
        caps.append(np.maximum(free[self.cell_resource, self.cell_period], 0))
        costs.append(np.zeros(len(cells), dtype=np.int64))
        self.tails = np.concatenate(tails)
        self.heads = np.concatenate(heads)
        self.caps = np.concatenate(caps)
        self.costs = np.concatenate(costs)
        self.cell_of = {
            (int(r), int(t)): k
            for k, (r, t) in enumerate(
                zip(self.cell_resource.tolist(), self.cell_period.tolist(), strict=True)
            )
        }

    def solve(self, deadline: Deadline | None) -> dict[int, TaskSchedule]:
        """Each movable task's schedule with its resources chosen by the flow; the
        periods not reached by ``deadline`` keep their assignment."""
        to_sink = self.heads == self.sink
        arc_period = np.empty(len(self.tails), dtype=np.int64)
        arc_period[to_sink] = self.cell_period[self.tails[to_sink] - self.nodes]
        arc_period[~to_sink] = self.periods[self.tails[~to_sink]]
        order = np.argsort(arc_period, kind="stable")
        periods = np.unique(self.periods)
        edges = np.concatenate([periods, periods[-1:] + 1])
        bounds = np.asarray(np.searchsorted(arc_period[order], edges), dtype=np.int64)
        served: dict[int, dict[int, int]] = {}
        held = np.zeros(self.nodes, dtype=bool)
        for k in range(len(periods)):
            if deadline is not None and deadline.expired():
                held[self.periods >= periods[k]] = True
                break
            found = self._solve_period(order[bounds[k] : bounds[k + 1]], held)
            if found is None:
                held[self.periods == periods[k]] = True
            else:
                served.update(found)
        usage: dict[int, list[Usage]] = {}
        for n in range(self.nodes):
            i, t = int(self.owners[n]), int(self.periods[n])
            entries = usage.setdefault(i, [])
            if held[n]:
                entries.extend(Usage(r, t, a) for r, a in self.node_cells[n].items())
            else:
                entries.extend(Usage(r, t, a) for r, a in served.get(n, {}).items())
        return {i: self._rebuilt(i, entries) for i, entries in usage.items()}

    def _solve_period(self, arcs: IntArray, held: np.ndarray) -> dict[int, dict[int, int]] | None:
        """The flow of one period's ``arcs``: per task-period node, units per resource.

        A task-period the flow serves with more resources than its limit is held as it
        is (marked in ``held``) and the rest solved again, :data:`ROUNDS` times at most;
        ``None`` when the period stays crowded (it then keeps its assignment).
        """
        tails, heads = self.tails[arcs], self.heads[arcs]
        caps, costs = self.caps[arcs].copy(), self.costs[arcs]
        ids = np.unique(np.concatenate([tails, heads]))
        local_tails = np.searchsorted(ids, tails)
        local_heads = np.searchsorted(ids, heads)
        task_nodes = ids[ids < self.nodes]
        sink = len(ids) - 1  # the sink has the highest number
        to_sink = heads == self.sink
        for _ in range(ROUNDS):
            flow = min_cost_flow.SimpleMinCostFlow()
            flow.add_arcs_with_capacity_and_unit_cost(local_tails, local_heads, caps, costs)
            supplies = np.zeros(len(ids), dtype=np.int64)
            open_nodes = task_nodes[~held[task_nodes]]
            supplies[np.searchsorted(ids, open_nodes)] = self.amounts[open_nodes]
            supplies[sink] = -int(supplies.sum())
            flow.set_nodes_supplies(np.arange(len(ids), dtype=np.int64), supplies)
            if flow.solve() != flow.OPTIMAL:
                return None
            carried = np.asarray(flow.flows(np.arange(len(arcs), dtype=np.int64)))
            served = self._served(tails, heads, carried)
            crowded = [n for n, by in served.items() if len(by) > self._limit(n)]
            if not crowded:
                return served
            # hold each crowded task-period as it is and solve the rest again
            held[crowded] = True
            caps[~to_sink & held[np.minimum(tails, self.nodes - 1)]] = 0
            for n in crowded:
                t = int(self.periods[n])
                for r, amount in self.node_cells[n].items():
                    cell = self.nodes + self.cell_of[(r, t)]
                    caps[to_sink & (tails == cell)] -= amount
        return None

    def _limit(self, node: int) -> int:
        return self.limits[int(self.owners[node])]

    def _served(
        self, tails: IntArray, heads: IntArray, carried: IntArray
    ) -> dict[int, dict[int, int]]:
        """Per task-period node that the flow serves: units per resource."""
        used = (carried > 0) & (heads != self.sink)
        served: dict[int, dict[int, int]] = {}
        for n, c, a in zip(
            tails[used].tolist(),
            (heads[used] - self.nodes).tolist(),
            carried[used].tolist(),
            strict=True,
        ):
            by_resource = served.setdefault(n, {})
            r = int(self.cell_resource[c])
            by_resource[r] = by_resource.get(r, 0) + a
        return served

    def _rebuilt(self, i: int, entries: list[Usage]) -> TaskSchedule:
        """Task ``i``'s schedule: the flow's entries, and its periods that took no part."""
        current = self.solution.tasks[i]
        taken = {u.period for u in entries}
        kept = [u for u in current.usage if u.period not in taken]
        usage = sorted([*entries, *kept], key=lambda u: (u.period, u.resource))
        return TaskSchedule(current.start, current.end, tuple(usage))
