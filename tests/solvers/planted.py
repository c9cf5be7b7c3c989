"""Random small kernel problems for property tests.

``planted_problems`` first draws a schedule, then builds a problem around it that the
schedule satisfies (capacities at least its usage, releases before its starts,
deadlines after its ends, precedence lags it meets...). Every such problem is
feasible, and the planted schedule is a witness any relaxation must admit.

``random_problems`` draws problems with no such guarantee: many are infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from solvers.problem import (
    Objective,
    Precedence,
    PrecedenceKind,
    Problem,
    Resource,
    Task,
    TaskSchedule,
    Usage,
    earliest_successor_start,
)
from solvers.result import Solution


def make(
    *tasks: Task,
    capacities: tuple[list[int], ...] = ([1] * 12,),
    precedences: tuple[Precedence, ...] = (),
    calendars: tuple[list[int], ...] = (),
    objective: Objective | None = None,
) -> Problem:
    """A small hand-written problem: one resource row per capacity list."""
    return Problem(
        horizon=len(capacities[0]),
        resources=tuple(Resource(capacity=np.array(c)) for c in capacities),
        tasks=tasks,
        precedences=precedences,
        calendars=tuple(np.array(c) for c in calendars),
        objective=objective or Objective(),
    )


@dataclass
class _Shape:
    """What a planted task looks like before its time attributes are drawn."""

    duration: int | None = None
    demands: tuple[tuple[int, int], ...] = ()
    work: int | None = None
    eligible: tuple[int, ...] = ()
    max_parallel: int | None = None
    contiguous: bool = False
    usage: tuple[Usage, ...] = ()


@st.composite
def planted_problems(
    draw: st.DrawFn,
    *,
    max_tasks: int = 6,
    fixed: bool = True,
    deadlines: bool = True,
    negative_lags: bool = True,
) -> tuple[Problem, Solution]:
    """A feasible problem and a schedule that satisfies it."""
    horizon = draw(st.integers(3, 14))
    nres = draw(st.integers(1, 3))
    capacity = np.array(
        [
            draw(st.lists(st.integers(0, 3), min_size=horizon, max_size=horizon))
            for _ in range(nres)
        ],
        dtype=np.int64,
    )
    usage = np.zeros((nres, horizon), dtype=np.int64)
    n = draw(st.integers(1, max_tasks))
    shapes: list[_Shape] = []
    schedules: list[TaskSchedule] = []
    for _ in range(n):
        if draw(st.booleans()):
            duration = draw(st.integers(0, min(4, horizon)))
            start = draw(st.integers(0, horizon - duration))
            demands = tuple(
                draw(st.lists(st.tuples(st.integers(0, nres - 1), st.integers(0, 2)), max_size=2))
            )
            for r, amount in demands:
                usage[r, start : start + duration] += amount
            shapes.append(_Shape(duration=duration, demands=demands))
            schedules.append(TaskSchedule(start, start + duration))
            continue
        eligible = tuple(
            draw(st.lists(st.integers(0, nres - 1), min_size=1, max_size=nres, unique=True))
        )
        start = draw(st.integers(0, horizon - 1))
        end = draw(st.integers(start + 1, min(horizon, start + 4)))
        periods = [start, end - 1, *draw(st.lists(st.integers(start, end - 1), max_size=3))]
        amounts: dict[tuple[int, int], int] = {}
        for t in periods:
            r = draw(st.sampled_from(eligible))
            amounts[(r, t)] = amounts.get((r, t), 0) + draw(st.integers(1, 3))
        for (r, t), amount in amounts.items():
            usage[r, t] += amount
        busiest = max(sum(1 for (_, t) in amounts if t == period) for period in periods)
        max_parallel = draw(st.one_of(st.none(), st.integers(busiest, busiest + 1)))
        if max_parallel is None and busiest < len(eligible) and draw(st.booleans()):
            max_parallel = busiest
        entries = tuple(Usage(r, t, a) for (r, t), a in sorted(amounts.items()))
        shapes.append(
            _Shape(
                work=sum(amounts.values()),
                eligible=eligible,
                max_parallel=max_parallel,
                contiguous=draw(st.booleans()),
                usage=entries,
            )
        )
        schedules.append(TaskSchedule(start, end, entries))
    capacity = np.maximum(capacity, usage)
    # A contiguous task may pause only where none of its resources has capacity: close
    # its idle periods where nobody else works on them, or drop the contiguity.
    for shape, sched in zip(shapes, schedules, strict=True):
        if not shape.contiguous:
            continue
        eligible = list(shape.eligible)
        worked = {u.period for u in sched.usage}
        for t in range(sched.start, sched.end):
            if t in worked:
                continue
            if usage[eligible, t].any():
                shape.contiguous = False
                break
            capacity[eligible, t] = 0
    calendars = tuple(
        np.array(draw(st.lists(st.integers(0, 1), min_size=horizon, max_size=horizon)))
        for _ in range(draw(st.integers(0, 1)))
    )
    tasks = []
    for i, (shape, sched) in enumerate(zip(shapes, schedules, strict=True)):
        release = draw(st.integers(0, sched.start))
        deadline = None
        if deadlines and draw(st.booleans()):
            deadline = draw(st.integers(sched.end, horizon))
        due = draw(st.one_of(st.none(), st.integers(0, horizon)))
        fixed_start = None
        if fixed and sched.start < horizon and draw(st.integers(0, 3)) == 0:
            fixed_start = sched.start
        name = draw(st.sampled_from(["", f"t{i}"]))
        weight = draw(st.integers(0, 3))
        if shape.duration is not None:
            tasks.append(
                Task(
                    duration=shape.duration,
                    demands=shape.demands,
                    release=release,
                    deadline=deadline,
                    due=due,
                    weight=weight,
                    fixed_start=fixed_start,
                    name=name,
                )
            )
            continue
        fixed_usage = None
        if fixed and draw(st.integers(0, 3)) == 0:
            fixed_usage = shape.usage
        tasks.append(
            Task(
                work=shape.work,
                eligible=shape.eligible,
                max_parallel=shape.max_parallel,
                contiguous=shape.contiguous,
                release=release,
                deadline=deadline,
                due=due,
                weight=weight,
                fixed_start=fixed_start,
                fixed_usage=fixed_usage,
                name=name,
            )
        )
    shell = Problem(horizon, (), (), calendars=calendars) if calendars else None
    precedences = []
    if n > 1:
        for _ in range(draw(st.integers(0, 3 * n))):
            pred, succ = draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
            if pred == succ:
                continue
            kind = draw(st.sampled_from(list(PrecedenceKind)))
            calendar = draw(st.one_of(st.none(), st.just(0))) if calendars else None
            origin = (
                schedules[pred].end
                if kind == PrecedenceKind.FINISH_TO_START
                else schedules[pred].start
            )
            room = schedules[succ].start - origin
            slack = draw(st.integers(0, 2))
            lag = room - slack if calendar is None else draw(st.integers(-2, 4))
            if lag < 0 and not negative_lags:
                continue
            prec = Precedence(pred, succ, lag=lag, kind=kind, calendar=calendar)
            if calendar is not None:
                assert shell is not None
                if earliest_successor_start(shell, prec, schedules[pred]) > schedules[succ].start:
                    continue
            precedences.append(prec)
    resources = tuple(
        Resource(capacity=capacity[r], name=draw(st.sampled_from(["", f"r{r}"])))
        for r in range(nres)
    )
    objective = draw(_objectives(n, schedules))
    problem = Problem(
        horizon=horizon,
        resources=resources,
        tasks=tuple(tasks),
        precedences=tuple(precedences),
        calendars=calendars,
        objective=objective,
    )
    return problem, Solution(tuple(schedules))


@st.composite
def _objectives(draw: st.DrawFn, n: int, schedules: list[TaskSchedule]) -> Objective:
    kind = draw(st.sampled_from(["makespan", "weighted_tardiness", "changes"]))
    if kind == "makespan":
        chosen = draw(st.one_of(st.none(), st.lists(st.integers(0, n - 1), unique=True).map(tuple)))
        return Objective(kind="makespan", tasks=chosen)
    if kind == "weighted_tardiness":
        return Objective(kind="weighted_tardiness")
    reference = []
    for sched in schedules:
        choice = draw(st.integers(0, 2))
        if choice == 0:
            reference.append(None)
        elif choice == 1:
            reference.append(sched)
        else:
            shift = draw(st.integers(-3, 3))
            moved = tuple(Usage(u.resource, u.period + shift, u.amount) for u in sched.usage)
            reference.append(TaskSchedule(sched.start + shift, sched.end + shift, moved))
    return Objective(kind="changes", reference=tuple(reference))


@st.composite
def random_problems(draw: st.DrawFn, *, max_tasks: int = 6) -> Problem:
    """A small problem with random everything; it may well be infeasible."""
    horizon = draw(st.integers(2, 16))
    nres = draw(st.integers(1, 3))
    resources = tuple(
        Resource(
            capacity=np.array(draw(st.lists(st.integers(0, 3), min_size=horizon, max_size=horizon)))
        )
        for _ in range(nres)
    )
    calendars = tuple(
        np.array(draw(st.lists(st.integers(0, 1), min_size=horizon, max_size=horizon)))
        for _ in range(draw(st.integers(0, 1)))
    )
    n = draw(st.integers(1, max_tasks))
    tasks = []
    for _ in range(n):
        release = draw(st.integers(0, horizon // 3))
        deadline = draw(st.one_of(st.none(), st.none(), st.integers(horizon // 2, horizon)))
        fixed_start = draw(st.one_of(st.none(), st.none(), st.none(), st.integers(0, horizon - 1)))
        due = draw(st.one_of(st.none(), st.integers(0, horizon)))
        if draw(st.booleans()):
            tasks.append(
                Task(
                    duration=draw(st.integers(0, 4)),
                    demands=tuple(
                        draw(
                            st.lists(
                                st.tuples(st.integers(0, nres - 1), st.integers(0, 3)), max_size=2
                            )
                        )
                    ),
                    release=release,
                    deadline=deadline,
                    fixed_start=fixed_start,
                    due=due,
                )
            )
        else:
            tasks.append(
                Task(
                    work=draw(st.integers(1, 8)),
                    eligible=tuple(
                        draw(st.lists(st.integers(0, nres - 1), min_size=1, unique=True))
                    ),
                    max_parallel=draw(st.one_of(st.none(), st.integers(1, 2))),
                    contiguous=draw(st.booleans()),
                    release=release,
                    deadline=deadline,
                    fixed_start=fixed_start,
                    due=due,
                )
            )
    precedences = []
    if n > 1:
        for _ in range(draw(st.integers(0, 2 * n))):
            pred, succ = draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
            if pred != succ:
                precedences.append(
                    Precedence(
                        pred,
                        succ,
                        lag=draw(st.integers(-3, 3)),
                        kind=draw(st.sampled_from(list(PrecedenceKind))),
                        calendar=draw(st.one_of(st.none(), st.just(0))) if calendars else None,
                    )
                )
    objective = draw(
        st.sampled_from([Objective(), Objective(kind="weighted_tardiness"), Objective(tasks=(0,))])
    )
    return Problem(
        horizon=horizon,
        resources=resources,
        tasks=tuple(tasks),
        precedences=tuple(precedences),
        calendars=calendars,
        objective=objective,
    )
