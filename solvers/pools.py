"""Pooled capacity: elastic work per task and period, without naming the resources.

Elastic tasks draw on sets of resources. Whether amounts of work per task in one
period can be served by the resources is a transportation problem, and by Hall's
theorem it can be exactly when, for every set of tasks, their work is at most the
capacity of all the resources any of them may use. Only the unions of eligible sets
that are connected through shared resources need a constraint (a disconnected union
is the sum of its parts), so a handful of skills gives a handful of rows per period.
This holds as long as no task limits how many resources serve it at once; with such
a limit the pooled model is a relaxation, and the dispatch step confirms or refutes
each period.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from solvers.problem import IntArray, Problem

MAX_UNIONS = 4096
"""Beyond this many connected unions the pooled model is not worth building."""


def connected_unions(sets: Sequence[frozenset[int]]) -> list[frozenset[int]] | None:
    """Every union of the given sets that is connected through shared members.

    Returns ``None`` when there are more than :data:`MAX_UNIONS` of them.

    Example:
        >>> sorted(sorted(u) for u in connected_unions([frozenset({0, 1}), frozenset({1, 2}),
        ...                                             frozenset({3})]))
        [[0, 1], [0, 1, 2], [1, 2], [3]]
    """
    distinct = sorted(set(sets), key=lambda s: sorted(s))
    found: set[frozenset[int]] = set(distinct)
    frontier = list(distinct)
    while frontier:
        union = frontier.pop()
        for members in distinct:
            if members & union and not members <= union:
                grown = union | members
                if grown not in found:
                    found.add(grown)
                    frontier.append(grown)
                    if len(found) > MAX_UNIONS:
                        return None
    return sorted(found, key=lambda u: (len(u), sorted(u)))


def frozen_usage(problem: Problem) -> IntArray:
    """Capacity taken by elastic tasks whose usage is fixed, per resource and period."""
    taken = np.zeros((problem.num_resources, problem.horizon), dtype=np.int64)
    for task in problem.tasks:
        for u in task.fixed_usage or ():
            taken[u.resource, u.period] += u.amount
    return taken


def pooling_applies(problem: Problem) -> bool:
    """Whether the pooled model can stand in for the detailed one.

    Not when a rigid task demands a resource that an elastic task draws on (the
    pooled rows know only elastic work), nor when the unions are too many.
    """
    elastic_resources: set[int] = set()
    sets = []
    for task in problem.tasks:
        if task.is_elastic and task.fixed_usage is None:
            elastic_resources.update(task.eligible)
            sets.append(frozenset(task.eligible))
    for task in problem.tasks:
        if any(amount > 0 and r in elastic_resources for r, amount in task.demands):
            return False
    return connected_unions(sets) is not None
