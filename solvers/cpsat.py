"""The exact solver: the kernel problem as a CP-SAT model.

Rigid tasks are interval variables; a resource that only rigid tasks use gets a
cumulative constraint (its time-varying capacity carved out by fixed blocker intervals).
Elastic tasks are time-indexed: an integer amount per eligible resource and period
inside the task's time window, with an activity literal per period tying the amounts to
the task's start and end. A resource that elastic tasks use gets one capacity row per
period. Time windows come from the bounds module, so only periods a task can actually
occupy get variables.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solvers.bounds import earliest_starts, infeasibility_reason, latest_ends, lower_bound
from solvers.checker import objective_value
from solvers.problem import Precedence, PrecedenceKind, Problem, Task, TaskSchedule, Usage, shift_open
from solvers.result import Result, Solution, Status

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass
class _ElasticVars:
    """The time-indexed variables of one elastic task."""

    amount: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """(resource, period) -> units of work."""
    active: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """period -> the task receives work in that period (may be loose upwards)."""
    uses: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """(resource, period) -> the resource serves the task then (only with a crew limit)."""


@dataclass
class _Model:
    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    ends: list[cp_model.IntVar]
    elastic: dict[int, _ElasticVars]
    objective: cp_model.LinearExprT | None


def solve_cpsat(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    hint: Solution | None = None,
    log: bool = False,
    deterministic: bool = True,
) -> Result:
    """Solve ``problem`` exactly with CP-SAT within ``time_limit`` seconds.

    Without a ``hint`` the greedy heuristic's schedule warms the search up, and when it
    already meets the lower bound no model is built at all. With ``deterministic`` the
    search gives the same answer for the same input whatever the number of workers
    (as long as it finishes within the limit).

    Example:
        >>> import numpy as np
        >>> from solvers import Problem, Resource, Task
        >>> p = Problem(horizon=9, resources=(Resource(np.full(9, 2)),),
        ...             tasks=(Task(work=6, eligible=(0,)),))
        >>> solve_cpsat(p, time_limit=5).objective
        3
    """
    began = time.perf_counter()
    reason = infeasibility_reason(problem)
    if reason is not None:
        return Result(Status.INFEASIBLE, None, None, None, time.perf_counter() - began, "cpsat")
    bound = lower_bound(problem)
    if hint is None:
        from solvers.greedy import greedy_schedule

        hint = greedy_schedule(problem)
        if hint is not None and objective_value(problem, hint) <= bound:
            value = objective_value(problem, hint)
            seconds = time.perf_counter() - began
            return Result(Status.OPTIMAL, hint, value, value, seconds, "cpsat")
    built = _build(problem)
    if hint is not None:
        _add_hint(built, problem, hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit - (time.perf_counter() - began))
    params.num_workers = max(1, workers)
    params.random_seed = seed
    params.log_search_progress = log
    if deterministic and workers > 1:
        params.interleave_search = True
    code = solver.solve(built.model)
    status = _STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.status_name(code)}")
    seconds = time.perf_counter() - began
    if status in (Status.INFEASIBLE, Status.UNKNOWN):
        if status == Status.UNKNOWN and hint is not None and _hint_is_valid(problem, hint):
            value = objective_value(problem, hint)
            return Result(Status.FEASIBLE, hint, value, bound, seconds, "cpsat")
        return Result(status, None, None, None, seconds, "cpsat")
    solution = _extract(problem, built, solver)
    value = objective_value(problem, solution)
    proven = max(bound, math.ceil(solver.best_objective_bound - 1e-6))
    if status == Status.OPTIMAL:
        proven = value
    if hint is not None and _hint_is_valid(problem, hint):
        hinted = objective_value(problem, hint)
        if hinted < value:
            solution, value = hint, hinted
    if proven >= value:
        status, proven = Status.OPTIMAL, value
    return Result(status, solution, value, proven, seconds, "cpsat")


def _hint_is_valid(problem: Problem, hint: Solution) -> bool:
    from solvers.checker import violations

    return len(hint.tasks) == problem.num_tasks and not violations(problem, hint)


def _build(problem: Problem) -> _Model:
    model = cp_model.CpModel()
    est = earliest_starts(problem)
    lft = latest_ends(problem)
    starts: list[cp_model.IntVar] = []
    ends: list[cp_model.IntVar] = []
    intervals: dict[int, cp_model.IntervalVar] = {}
    elastic: dict[int, _ElasticVars] = {}
    for i, task in enumerate(problem.tasks):
        lo, hi = est[i], lft[i]
        if task.duration is not None:
            s = model.new_int_var(lo, max(lo, hi - task.duration), f"s{i}")
            e = model.new_int_var(lo + task.duration, max(lo, hi - task.duration) + task.duration, f"e{i}")
            intervals[i] = model.new_interval_var(s, task.duration, e, f"iv{i}")
            if task.fixed_start is not None:
                model.add(s == task.fixed_start)
        else:
            s = model.new_int_var(lo, max(lo, hi - 1), f"s{i}")
            e = model.new_int_var(min(lo + 1, hi), hi, f"e{i}")
            model.add(e >= s + 1)
            elastic[i] = _elastic_vars(model, problem, i, task, s, e, lo, hi)
        starts.append(s)
        ends.append(e)
    for prec in problem.precedences:
        _add_precedence(model, problem, prec, starts, ends)
    _add_capacity(model, problem, intervals, elastic, starts, est, lft)
    objective = _objective(model, problem, starts, ends, elastic)
    return _Model(model, starts, ends, elastic, objective)


def _elastic_vars(
    model: cp_model.CpModel,
    problem: Problem,
    i: int,
    task: Task,
    s: cp_model.IntVar,
    e: cp_model.IntVar,
    lo: int,
    hi: int,
) -> _ElasticVars:
    assert task.work is not None
    ev = _ElasticVars()
    fixed: dict[tuple[int, int], int] | None = None
    if task.fixed_usage is not None:
        fixed = defaultdict(int)
        for u in task.fixed_usage:
            fixed[(u.resource, u.period)] += u.amount
        periods = [p for (_, p), a in fixed.items() if a > 0]
        model.add(s == min(periods))
        model.add(e == max(periods) + 1)
    limited = task.parallel_limit < len(task.eligible)
    for t in range(lo, hi):
        caps = {r: int(problem.resources[r].capacity[t]) for r in task.eligible}
        servers = [r for r, c in caps.items() if c > 0]
        if not servers:
            continue
        active = model.new_bool_var(f"a{i}_{t}")
        ev.active[t] = active
        model.add(s <= t).only_enforce_if(active)
        model.add(e >= t + 1).only_enforce_if(active)
        amounts = []
        for r in servers:
            top = min(caps[r], task.work)
            if fixed is not None:
                want = fixed.get((r, t), 0)
                x = model.new_int_var(want, want, f"x{i}_{r}_{t}")
            else:
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
        if limited:
            model.add(sum(ev.uses[(r, t)] for r in servers) <= task.parallel_limit)
        if task.contiguous or task.fixed_start == t:
            model.add(sum(amounts) >= 1).only_enforce_if(active)
        if task.contiguous:
            started = model.new_bool_var(f"st{i}_{t}")
            model.add(s <= t).only_enforce_if(started)
            model.add(s > t).only_enforce_if(started.negated())
            unfinished = model.new_bool_var(f"un{i}_{t}")
            model.add(e >= t + 1).only_enforce_if(unfinished)
            model.add(e <= t).only_enforce_if(unfinished.negated())
            model.add_bool_or([started.negated(), unfinished.negated(), active])
    if fixed is not None and any(key not in ev.amount for key, a in fixed.items() if a > 0):
        model.add_bool_or([])  # a frozen usage outside the task's window cannot be met
    model.add(sum(ev.amount.values()) == task.work)
    if task.fixed_start is not None:
        model.add(s == task.fixed_start)
        if task.fixed_start in ev.active:
            model.add(ev.active[task.fixed_start] == 1)
        else:
            model.add_bool_or([])
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


def _add_capacity(
    model: cp_model.CpModel,
    problem: Problem,
    intervals: dict[int, cp_model.IntervalVar],
    elastic: dict[int, _ElasticVars],
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
    elastic: dict[int, _ElasticVars],
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
        _keep_if_unchanged(model, problem, i, ref, flag, starts, ends, elastic)
    model.minimize(sum(changed))
    return sum(changed)


def _keep_if_unchanged(
    model: cp_model.CpModel,
    problem: Problem,
    i: int,
    ref: TaskSchedule,
    changed: cp_model.IntVar,
    starts: list[cp_model.IntVar],
    ends: list[cp_model.IntVar],
    elastic: dict[int, _ElasticVars],
) -> None:
    keep = changed.negated()
    model.add(starts[i] == ref.start).only_enforce_if(keep)
    model.add(ends[i] == ref.end).only_enforce_if(keep)
    if i not in elastic:
        return
    wanted: dict[tuple[int, int], int] = defaultdict(int)
    for u in ref.usage:
        wanted[(u.resource, u.period)] += u.amount
    ev = elastic[i]
    if any(key not in ev.amount for key, a in wanted.items() if a > 0):
        model.add(changed == 1)
        return
    for key, x in ev.amount.items():
        model.add(x == wanted.get(key, 0)).only_enforce_if(keep)


def _add_hint(built: _Model, problem: Problem, hint: Solution) -> None:
    model = built.model
    for i, sched in enumerate(hint.tasks):
        model.add_hint(built.starts[i], sched.start)
        model.add_hint(built.ends[i], sched.end)
        ev = built.elastic.get(i)
        if ev is None:
            continue
        amounts: dict[tuple[int, int], int] = defaultdict(int)
        for u in sched.usage:
            amounts[(u.resource, u.period)] += u.amount
        for key, x in ev.amount.items():
            model.add_hint(x, amounts.get(key, 0))
        for key, flag in ev.uses.items():
            model.add_hint(flag, int(amounts.get(key, 0) > 0))
        busy = {t for (_, t), a in amounts.items() if a > 0}
        for t, flag in ev.active.items():
            model.add_hint(flag, int(t in busy))


def _extract(problem: Problem, built: _Model, solver: cp_model.CpSolver) -> Solution:
    schedules = []
    for i, task in enumerate(problem.tasks):
        if task.duration is not None:
            start = int(solver.value(built.starts[i]))
            schedules.append(TaskSchedule(start, start + task.duration))
            continue
        usage = tuple(
            Usage(r, t, int(solver.value(x)))
            for (r, t), x in sorted(built.elastic[i].amount.items(), key=lambda kv: (kv[0][1], kv[0][0]))
            if solver.value(x) > 0
        )
        periods = [u.period for u in usage]
        schedules.append(TaskSchedule(min(periods), max(periods) + 1, usage))
    return Solution(tuple(schedules))

