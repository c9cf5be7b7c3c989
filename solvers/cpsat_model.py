"""The CP-SAT model of a kernel problem.

Rigid tasks are interval variables; a resource that only rigid tasks use gets a
cumulative constraint (its time-varying capacity carved out by fixed blocker
intervals). Elastic tasks are time-indexed in the step formulation: per period, a
literal for "started by now" and one for "not finished yet", and the work amounts.
In a *pooled* model the amounts are per task and period and the resources' capacity
enters through Hall's condition (:mod:`solvers.pools`); in a *detailed* model they are
per task, resource and period. Time windows come from :mod:`solvers.bounds`, so only
periods a task can occupy get variables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solvers.bounds import earliest_starts, latest_ends
from solvers.dispatch import dispatch
from solvers.pools import connected_unions, frozen_usage
from solvers.problem import (
    IntArray,
    Precedence,
    PrecedenceKind,
    Problem,
    Task,
    TaskSchedule,
    Usage,
    shift_open,
    stacked_capacity,
)
from solvers.result import Solution

PROOF_NEIGHBOURHOODS = (
    "scheduling_intervals_lns",
    "scheduling_precedences_lns",
    "scheduling_resource_windows_lns",
    "scheduling_time_window_lns",
    "graph_arc_lns",
    "graph_var_lns",
    "rnd_var_lns",
    "rins/rens",
)
"""CP-SAT's large-neighbourhood searches for the workers the proof phase's complete
searches leave free."""


@dataclass(frozen=True)
class ModelOptions:
    """Which of the model's strengthenings are on.

    The defaults are what measured best (see BENCHMARKS.md, the ablation table): on
    PSPLIB instances CP-SAT's own cumulative reasoning did better without the
    redundant constraints below, so they are off unless asked for.

    * ``warm_start``: the best greedy schedule is the first incumbent (and the search's
      hint on time-indexed models);
    * ``incumbent_cap``: with an incumbent of value V, a model with time-indexed (elastic)
      tasks searches only below V, which shrinks every time window, and a capped model
      without a schedule proves V optimal (interval-only models leave this to CP-SAT's
      objective bound, which measured better);
    * ``no_overlap_cliques``: rigid tasks that can never run together (their demands
      exceed a capacity) get redundant no-overlap constraints, clique by clique;
    * ``transitive_precedences``: longest-path distances between rigid tasks become
      explicit precedences, so the linear relaxation sees whole chains;
    * ``strong_propagation``: CP-SAT's stronger (costlier) cumulative propagators;
    * ``start_branching``: a search strategy for CP-SAT's fixed-search workers that
      schedules the task with the lowest possible start first, at that start;
    * ``pooled``: elastic work whose crew limit cannot bind is modelled per task and
      period under Hall's condition (see :mod:`solvers.pools`) instead of per resource,
      then dispatched to resources;
    * ``proof_share``: on interval-only models, split the limit into a first search
      and a proof. The first search takes at most this share of the limit and ends
      earlier when its incumbent stalls (no better schedule for as long as finding it
      took, and at least ``stall_share`` of the limit); an unproven search then
      restarts on the model capped below the incumbent, solved by the
      ``proof_subsolvers`` while the remaining workers run the
      ``proof_neighbourhoods``. ``0`` goes straight to the proof below the greedy
      schedule. Off (``None``) by default: it proves more of PSPLIB's hardest j30
      instances but the restart costs mean gap on j60 (BENCHMARKS.md, the ablation);
    * ``proof_subsolvers``: CP-SAT's complete workers for the proof phase, first ones
      first (one worker: a search without the linear relaxation). On PSPLIB's hardest
      j30 instances the relaxation's bound stays far below the optimum, and a
      clause-learning search without it proved capped models in about half the time;
    * ``proof_neighbourhoods``: CP-SAT's large-neighbourhood searches for the proof
      phase's remaining workers, which keep improving the incumbent;
    * ``stall_share``: the least time, as a share of the limit, the first search may
      go without a better schedule before the proof phase takes over.
    """

    warm_start: bool = True
    incumbent_cap: bool = True
    no_overlap_cliques: bool = False
    transitive_precedences: bool = False
    strong_propagation: bool = False
    pooled: bool = True
    start_branching: bool = False
    proof_share: float | None = None
    proof_subsolvers: tuple[str, ...] = ("no_lp",)
    proof_neighbourhoods: tuple[str, ...] = PROOF_NEIGHBOURHOODS
    stall_share: float = 0.05


STRONG_PROPAGATION = {
    "use_timetable_edge_finding_in_cumulative": True,
    "use_overload_checker_in_cumulative": True,
    "use_hard_precedences_in_cumulative": True,
    "exploit_all_precedences": True,
}
"""CP-SAT parameters that pay off on cumulative scheduling models."""


POOL = -1
"""The resource index under which a pooled model keeps a task's work per period."""


@dataclass
class ElasticVars:
    """The time-indexed variables of one elastic task."""

    amount: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """(resource, period) -> units of work; the resource is :data:`POOL` in a pooled model."""
    active: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """period -> the task may receive work in that period (may be loose upwards)."""
    uses: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """(resource, period) -> the resource serves the task then (only with a crew limit)."""
    started: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """period -> the task has started by then (``start <= period``)."""
    unfinished: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """period -> the task still runs then or later (``end > period``)."""


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    ends: list[cp_model.IntVar]
    elastic: dict[int, ElasticVars]
    objective: cp_model.LinearExprT | None
    pooled: frozenset[int]
    """The elastic tasks modelled pooled (their amounts are keyed by :data:`POOL`)."""
    rigid: list[int]
    frozen: dict[int, bool]


def bound_objective(built: BuiltModel, bound: int) -> None:
    """State the kernel's lower bound in the model, where the relaxation can use it."""
    if built.objective is not None:
        built.model.add(built.objective >= bound)


def build_model(problem: Problem, options: ModelOptions, pooled: bool) -> BuiltModel:
    model = cp_model.CpModel()
    est = earliest_starts(problem)
    lft = latest_ends(problem)
    free = free_capacity(problem) if pooled else None
    pooled_tasks = frozenset(
        i
        for i, task in enumerate(problem.tasks)
        if pooled and task.is_elastic and task.fixed_usage is None and not _crew_binds(task)
    )
    starts: list[cp_model.IntVar] = []
    ends: list[cp_model.IntVar] = []
    intervals: dict[int, cp_model.IntervalVar] = {}
    elastic: dict[int, ElasticVars] = {}
    for i, task in enumerate(problem.tasks):
        lo, hi = est[i], lft[i]
        if task.duration is not None:
            s = model.new_int_var(lo, max(lo, hi - task.duration), f"s{i}")
            e = model.new_int_var(
                lo + task.duration, max(lo, hi - task.duration) + task.duration, f"e{i}"
            )
            intervals[i] = model.new_interval_var(s, task.duration, e, f"iv{i}")
            if task.fixed_start is not None:
                model.add(s == task.fixed_start)
        else:
            s = model.new_int_var(lo, max(lo, hi - 1), f"s{i}")
            e = model.new_int_var(min(lo + 1, hi), hi, f"e{i}")
            model.add(e >= s + 1)
            elastic[i] = _elastic_vars(
                model, problem, i, task, s, e, lo, hi, free, i in pooled_tasks
            )
        starts.append(s)
        ends.append(e)
    for prec in problem.precedences:
        _add_precedence(model, problem, prec, starts, ends)
        _add_step_precedence(model, problem, prec, elastic)
    if free is not None:
        _add_pooled_capacity(model, problem, elastic, free, pooled_tasks)
        _add_capacity(model, problem, intervals, {}, starts, est, lft)  # rigid resources
    else:
        _add_capacity(model, problem, intervals, elastic, starts, est, lft)
    if options.no_overlap_cliques:
        _add_no_overlap_cliques(model, problem, intervals)
    if options.transitive_precedences:
        _add_transitive_precedences(model, problem, starts)
    if options.start_branching:
        model.add_decision_strategy(starts, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)
    objective = _objective(model, problem, starts, ends, elastic, pooled_tasks)
    rigid = [i for i, task in enumerate(problem.tasks) if task.duration is not None]
    frozen = {i: task.fixed_usage is not None for i, task in enumerate(problem.tasks)}
    return BuiltModel(model, starts, ends, elastic, objective, pooled_tasks, rigid, frozen)


def _crew_binds(task: Task) -> bool:
    """Whether the task may be served by fewer resources at once than it is eligible for."""
    return task.parallel_limit < len(task.eligible)


def free_capacity(problem: Problem) -> IntArray:
    """Capacity per resource and period once frozen elastic work is taken out."""
    return stacked_capacity(problem.resources, problem.horizon) - frozen_usage(problem)


def _add_pooled_capacity(
    model: cp_model.CpModel,
    problem: Problem,
    elastic: dict[int, ElasticVars],
    free: IntArray,
    pooled: frozenset[int],
) -> None:
    """Capacity rows of a pooled model, exact by Hall's theorem.

    Tasks modelled per resource (their crew limit may bind) use each resource's free
    capacity directly; what they leave is the supply of the pooled tasks, which can
    be served exactly when every connected union of pooled eligible sets has enough.
    """
    per_resource: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    for i, ev in elastic.items():
        if i not in pooled:
            for key, x in ev.amount.items():
                per_resource[key].append(x)
    for (r, t), xs in per_resource.items():
        model.add(sum(xs) <= int(free[r, t]))
    eligible = {i: frozenset(problem.tasks[i].eligible) for i in pooled}
    for union in connected_unions(list(eligible.values())) or []:
        members = [i for i in pooled if eligible[i] <= union]
        available = free[sorted(union)].sum(axis=0)
        per_period: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for i in members:
            for (_, t), w in elastic[i].amount.items():
                per_period[t].append(w)
        for (r, t), xs in per_resource.items():
            if r in union and t in per_period:
                per_period[t].extend(xs)
        for t, terms in per_period.items():
            model.add(sum(terms) <= int(available[t]))


def _elastic_vars(
    model: cp_model.CpModel,
    problem: Problem,
    i: int,
    task: Task,
    s: cp_model.IntVar,
    e: cp_model.IntVar,
    lo: int,
    hi: int,
    free: IntArray | None,
    pooled: bool,
) -> ElasticVars:
    """Time-indexed variables in the step formulation.

    A ``pooled`` task gets one amount per period, capped by the free capacity it may
    draw on; otherwise it gets one per eligible resource (capped by ``free`` capacity
    when given).

    ``started[t]`` is ``s <= t`` and ``unfinished[t]`` is ``e > t``; both are monotone in
    ``t`` and define ``s`` and ``e`` exactly, which gives the linear relaxation far
    stronger start, end and precedence reasoning than big-M links would.
    """
    assert task.work is not None
    if task.fixed_usage is not None:
        return _frozen_elastic(model, task, s, e, pooled=free is not None)
    ev = ElasticVars()
    span = range(lo, hi)
    for t in span:
        ev.started[t] = model.new_bool_var(f"z{i}_{t}")
        ev.unfinished[t] = model.new_bool_var(f"y{i}_{t}")
        if t > lo:
            model.add_implication(ev.started[t - 1], ev.started[t])
            model.add_implication(ev.unfinished[t], ev.unfinished[t - 1])
    model.add(s == hi - sum(ev.started.values()))
    model.add(e == lo + sum(ev.unfinished.values()))
    limited = task.parallel_limit < len(task.eligible)
    for t in span:
        caps = {r: int(problem.resources[r].capacity[t]) for r in task.eligible}
        servers = [r for r, c in caps.items() if c > 0]
        if not servers:
            continue
        active = model.new_bool_var(f"a{i}_{t}")
        ev.active[t] = active
        model.add_implication(active, ev.started[t])
        model.add_implication(active, ev.unfinished[t])
        amounts = []
        if pooled:
            assert free is not None
            top = min(sum(int(free[r, t]) for r in servers), task.work)
            w = model.new_int_var(0, top, f"w{i}_{t}")
            ev.amount[(POOL, t)] = w
            amounts.append(w)
            model.add(w <= top * active)
        for r in () if pooled else servers:
            top = min(caps[r] if free is None else int(free[r, t]), task.work)
            x = model.new_int_var(0, top, f"x{i}_{r}_{t}")
            ev.amount[(r, t)] = x
            amounts.append(x)
            if limited:
                uses = model.new_bool_var(f"u{i}_{r}_{t}")
                ev.uses[(r, t)] = uses
                model.add(x <= top * uses)
                model.add_implication(uses, active)
            else:
                model.add(x <= top * active)
        if limited and not pooled:
            model.add(sum(ev.uses[(r, t)] for r in servers) <= task.parallel_limit)
        if task.contiguous or task.fixed_start == t:
            model.add(sum(amounts) >= active)
        if task.contiguous:
            model.add(active >= ev.started[t] + ev.unfinished[t] - 1)
    model.add(sum(ev.amount.values()) == task.work)
    if task.fixed_start is not None:
        model.add(s == task.fixed_start)
        if task.fixed_start in ev.active:
            model.add(ev.active[task.fixed_start] == 1)
        else:
            model.add_bool_or([])  # nobody can work on it on its fixed start
    return ev


def _frozen_elastic(
    model: cp_model.CpModel, task: Task, s: cp_model.IntVar, e: cp_model.IntVar, pooled: bool
) -> ElasticVars:
    """A profile frozen in place: constants only (none at all in a pooled model, whose
    free capacities already leave it out)."""
    assert task.fixed_usage is not None
    ev = ElasticVars()
    fixed: dict[tuple[int, int], int] = defaultdict(int)
    for u in task.fixed_usage:
        fixed[(u.resource, u.period)] += u.amount
    periods = [p for (_, p), a in fixed.items() if a > 0]
    model.add(s == min(periods))
    model.add(e == max(periods) + 1)
    if pooled:
        return ev
    for key, amount in fixed.items():
        if amount > 0:
            ev.amount[key] = model.new_constant(amount)
    return ev


def _add_precedence(
    model: cp_model.CpModel,
    problem: Problem,
    prec: Precedence,
    starts: list[cp_model.IntVar],
    ends: list[cp_model.IntVar],
) -> None:
    origin = ends[prec.pred] if prec.kind == PrecedenceKind.FINISH_TO_START else starts[prec.pred]
    succ = starts[prec.succ]
    if prec.calendar is None or prec.lag <= 0:
        model.add(succ >= origin + prec.lag)
        return
    calendar = problem.calendars[prec.calendar]
    table = [shift_open(calendar, v, prec.lag) for v in range(problem.horizon + 1)]
    shifted = model.new_int_var(min(table), max(table), f"sh{prec.pred}_{prec.succ}")
    model.add_element(origin, table, shifted)
    model.add(succ >= shifted)


def _add_step_precedence(
    model: cp_model.CpModel, problem: Problem, prec: Precedence, elastic: dict[int, ElasticVars]
) -> None:
    """Between two elastic tasks: the successor started by ``t`` means the predecessor
    ended early enough, as a clause on their step literals (strong in the relaxation)."""
    pred, succ = elastic.get(prec.pred), elastic.get(prec.succ)
    if pred is None or succ is None or prec.kind != PrecedenceKind.FINISH_TO_START:
        return
    if not pred.unfinished or not succ.started:
        return
    calendar = None if prec.calendar is None else problem.calendars[prec.calendar]
    pred_lo = min(pred.unfinished)
    latest_end = pred_lo - 1
    for t, started in sorted(succ.started.items()):
        # the latest predecessor end that still lets the successor start at t
        while shift_open(calendar, latest_end + 1, prec.lag) <= t:
            latest_end += 1
        if latest_end < pred_lo + 1:
            model.add(started == 0)
        elif latest_end in pred.unfinished:
            model.add_bool_or([started.negated(), pred.unfinished[latest_end].negated()])


def _add_capacity(
    model: cp_model.CpModel,
    problem: Problem,
    intervals: dict[int, cp_model.IntervalVar],
    elastic: dict[int, ElasticVars],
    starts: list[cp_model.IntVar],
    est: list[int],
    lft: list[int],
) -> None:
    rigid_on: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, task in enumerate(problem.tasks):
        for r, amount in task.demands:
            if amount > 0:
                rigid_on[r].append((i, amount))
    elastic_on: dict[int, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    for ev in elastic.values():
        for (r, t), x in ev.amount.items():
            elastic_on[r][t].append(x)
    for r, resource in enumerate(problem.resources):
        cap = resource.capacity
        if r not in elastic_on:
            if rigid_on.get(r):
                _cumulative(model, problem, r, rigid_on[r], intervals)
            continue
        per_period: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
        for t, xs in elastic_on[r].items():
            per_period[t].extend(xs)
        for i, amount in rigid_on.get(r, []):
            duration = problem.tasks[i].duration
            assert duration is not None
            running = []
            for t in range(est[i], lft[i]):
                b = model.new_bool_var(f"run{i}_{t}")
                model.add(starts[i] <= t).only_enforce_if(b)
                model.add(starts[i] >= t - duration + 1).only_enforce_if(b)
                running.append(b)
                per_period[t].append(amount * b)
            model.add(sum(running) == duration)
        for t, terms in per_period.items():
            model.add(sum(terms) <= int(cap[t]))


def _add_no_overlap_cliques(
    model: cp_model.CpModel, problem: Problem, intervals: dict[int, cp_model.IntervalVar]
) -> None:
    """Redundant no-overlap constraints over cliques of rigid tasks that exclude each other.

    Two rigid tasks exclude each other when, on some resource, their demands together
    exceed the resource's largest capacity. Cliques are grown greedily, each from an
    edge not yet covered, preferring tasks with many exclusions.
    """
    rigid = [i for i in intervals if problem.tasks[i].duration]
    peak = [int(r.capacity.max()) for r in problem.resources]
    demand = {i: dict(problem.tasks[i].demands) for i in rigid}
    neighbours: dict[int, set[int]] = {i: set() for i in rigid}
    for a_pos, i in enumerate(rigid):
        for j in rigid[a_pos + 1 :]:
            if any(amount + demand[j].get(r, 0) > peak[r] for r, amount in demand[i].items()):
                neighbours[i].add(j)
                neighbours[j].add(i)
    order = sorted(rigid, key=lambda i: (-len(neighbours[i]), i))
    covered: set[tuple[int, int]] = set()
    for i in order:
        for j in sorted(neighbours[i], key=lambda k: (-len(neighbours[k]), k)):
            if (min(i, j), max(i, j)) in covered:
                continue
            clique = [i, j]
            candidates = neighbours[i] & neighbours[j]
            for k in sorted(candidates, key=lambda k: (-len(neighbours[k]), k)):
                if all(k in neighbours[m] for m in clique):
                    clique.append(k)
            for a_pos, m in enumerate(clique):
                for n in clique[a_pos + 1 :]:
                    covered.add((min(m, n), max(m, n)))
            if len(clique) >= 3:
                model.add_no_overlap([intervals[m] for m in clique])


def _add_transitive_precedences(
    model: cp_model.CpModel, problem: Problem, starts: list[cp_model.IntVar]
) -> None:
    """Longest-path start-to-start distances between rigid tasks linked by a chain.

    Only over plain finish-to-start precedences between rigid tasks of an acyclic
    graph; each implied distance longer than any single arc is stated explicitly.
    """
    n = problem.num_tasks
    arcs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    indegree = [0] * n
    for prec in problem.precedences:
        pred = problem.tasks[prec.pred]
        if pred.duration is None or problem.tasks[prec.succ].duration is None:
            continue
        if prec.calendar is not None and prec.lag > 0:
            continue
        gap = prec.lag + (pred.duration if prec.kind == PrecedenceKind.FINISH_TO_START else 0)
        arcs[prec.pred].append((prec.succ, gap))
        indegree[prec.succ] += 1
    order = [i for i in range(n) if indegree[i] == 0]
    for i in order:
        for j, _ in arcs[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                order.append(j)
    if len(order) < n or n > 400:
        return  # cyclic (maximum lags) or too large to be worth the constraints
    direct = {(i, j): gap for i in arcs for j, gap in arcs[i]}
    for source in order:
        if not arcs[source]:
            continue
        dist: dict[int, int] = {source: 0}
        for i in order:
            if i not in dist:
                continue
            for j, gap in arcs[i]:
                if dist[i] + gap > dist.get(j, -1):
                    dist[j] = dist[i] + gap
        for j, d in dist.items():
            if j != source and d > direct.get((source, j), -1) and d > 0:
                model.add(starts[j] >= starts[source] + d)


def _cumulative(
    model: cp_model.CpModel,
    problem: Problem,
    r: int,
    users: list[tuple[int, int]],
    intervals: dict[int, cp_model.IntervalVar],
) -> None:
    cap = problem.resources[r].capacity
    peak = int(cap.max())
    ivs = [intervals[i] for i, _ in users]
    demands = [amount for _, amount in users]
    t = 0
    while t < problem.horizon:
        gap = peak - int(cap[t])
        stop = t + 1
        while stop < problem.horizon and int(cap[stop]) == int(cap[t]):
            stop += 1
        if gap > 0:
            ivs.append(model.new_fixed_size_interval_var(t, stop - t, f"block{r}_{t}"))
            demands.append(gap)
        t = stop
    model.add_cumulative(ivs, demands, peak)


def _objective(
    model: cp_model.CpModel,
    problem: Problem,
    starts: list[cp_model.IntVar],
    ends: list[cp_model.IntVar],
    elastic: dict[int, ElasticVars],
    pooled: frozenset[int],
) -> cp_model.LinearExprT | None:
    objective = problem.objective
    if objective.kind == "makespan":
        chosen = range(problem.num_tasks) if objective.tasks is None else objective.tasks
        chosen_ends = [ends[i] for i in chosen]
        if not chosen_ends:
            return None
        makespan = model.new_int_var(0, problem.horizon, "makespan")
        model.add_max_equality(makespan, chosen_ends)
        model.minimize(makespan)
        return makespan
    if objective.kind == "weighted_tardiness":
        terms = []
        for i, task in enumerate(problem.tasks):
            if task.due is None or task.weight == 0:
                continue
            late = model.new_int_var(0, problem.horizon, f"late{i}")
            model.add(late >= ends[i] - task.due)
            terms.append(task.weight * late)
        if not terms:
            return None
        model.minimize(sum(terms))
        return sum(terms)
    assert objective.reference is not None
    changed = []
    for i, ref in enumerate(objective.reference):
        if ref is None:
            continue
        flag = model.new_bool_var(f"changed{i}")
        changed.append(flag)
        _keep_if_unchanged(model, i, ref, flag, starts, ends, elastic, i in pooled)
    model.minimize(sum(changed))
    return sum(changed)


def _keep_if_unchanged(
    model: cp_model.CpModel,
    i: int,
    ref: TaskSchedule,
    changed: cp_model.IntVar,
    starts: list[cp_model.IntVar],
    ends: list[cp_model.IntVar],
    elastic: dict[int, ElasticVars],
    pooled: bool,
) -> None:
    keep = changed.negated()
    model.add(starts[i] == ref.start).only_enforce_if(keep)
    model.add(ends[i] == ref.end).only_enforce_if(keep)
    if i not in elastic:
        return
    wanted = _amounts(ref, pooled)
    ev = elastic[i]
    if any(key not in ev.amount for key, a in wanted.items() if a > 0):
        model.add(changed == 1)
        return
    for key, x in ev.amount.items():
        model.add(x == wanted.get(key, 0)).only_enforce_if(keep)


def add_hint(built: BuiltModel, problem: Problem, hint: Solution) -> None:
    model = built.model
    for i, sched in enumerate(hint.tasks):
        model.add_hint(built.starts[i], sched.start)
        model.add_hint(built.ends[i], sched.end)
        ev = built.elastic.get(i)
        if ev is None or problem.tasks[i].fixed_usage is not None:
            continue  # a frozen profile is made of constants
        amounts = _amounts(sched, i in built.pooled)
        for key, x in ev.amount.items():
            model.add_hint(x, amounts.get(key, 0))
        for key, flag in ev.uses.items():
            model.add_hint(flag, int(amounts.get(key, 0) > 0))
        busy = {t for (_, t), a in amounts.items() if a > 0}
        for t, flag in ev.active.items():
            model.add_hint(flag, int(t in busy))


def _amounts(schedule: TaskSchedule, pooled: bool) -> dict[tuple[int, int], int]:
    """A schedule's usage keyed as the model keys it: by resource, or pooled."""
    amounts: dict[tuple[int, int], int] = defaultdict(int)
    for u in schedule.usage:
        amounts[(POOL if pooled else u.resource, u.period)] += u.amount
    return amounts


@dataclass(frozen=True)
class Snapshot:
    """The values of one CP-SAT solution that a schedule is read from."""

    starts: dict[int, int]
    """rigid task -> start."""
    work: dict[int, dict[tuple[int, int], int]]
    """elastic task -> (resource or :data:`POOL`, period) -> amount (positive only)."""


def read_snapshot(built: BuiltModel, value: Callable[[cp_model.IntVar], int]) -> Snapshot:
    """Read the values a schedule needs, through ``value`` (a solver's or a callback's)."""
    starts = {i: int(value(built.starts[i])) for i in built.rigid}
    work = {}
    for i, ev in built.elastic.items():
        if not built.frozen.get(i, False):
            amounts = {key: int(value(x)) for key, x in ev.amount.items()}
            work[i] = {key: a for key, a in amounts.items() if a > 0}
    return Snapshot(starts, work)


def solution_from(problem: Problem, built: BuiltModel, snapshot: Snapshot) -> Solution:
    """The schedule of a snapshot; pooled work is dispatched to resources."""
    schedules: dict[int, TaskSchedule] = {}
    for i, start in snapshot.starts.items():
        duration = problem.tasks[i].duration
        assert duration is not None
        schedules[i] = TaskSchedule(start, start + duration)
    for i, task in enumerate(problem.tasks):
        if task.fixed_usage is not None:
            usage = tuple(u for u in task.fixed_usage if u.amount > 0)
            periods = [u.period for u in usage]
            schedules[i] = TaskSchedule(min(periods), max(periods) + 1, usage)
    for i, amounts in snapshot.work.items():
        if i in built.pooled:
            continue
        usage = tuple(
            Usage(r, t, a) for (r, t), a in sorted(amounts.items(), key=lambda kv: kv[0][::-1])
        )
        periods = [u.period for u in usage]
        schedules[i] = TaskSchedule(min(periods), max(periods) + 1, usage)
    pooled_work = {
        i: {t: a for (_, t), a in amounts.items()}
        for i, amounts in snapshot.work.items()
        if i in built.pooled
    }
    if pooled_work:
        free = free_capacity(problem)
        for i, schedule in schedules.items():
            if problem.tasks[i].fixed_usage is None:
                for u in schedule.usage:
                    free[u.resource, u.period] -= u.amount
        reference = problem.objective.reference
        previous = (
            None
            if reference is None
            else {i: ref for i, ref in enumerate(reference) if ref is not None and i in pooled_work}
        )
        dispatched = dispatch(problem, pooled_work, free, previous)
        if dispatched is None:
            raise RuntimeError("pooled work that meets Hall's condition could not be dispatched")
        schedules.update(dispatched)
    return Solution(tuple(schedules[i] for i in range(problem.num_tasks)))
