"""Reference semantics for plans, written from the design's time semantics alone.

Two tools the end-to-end and property tests judge the planner with:

* :func:`check_plan` — an independent checker: given the planner's inputs and a plan
  (the assignments and task frames), it lists every rule the plan breaks;
* :func:`exhaustive_earliest` — an exact oracle for tiny instances: a dynamic program
  over days that tries every way of splitting each person's hours over the tasks that
  may run that day, and returns the earliest day on which one commitment can be
  finished while every other commitment meets its deadline.

Both share :class:`Instance`, a plain integer view of the inputs (quarter-hours per
person per day, tasks with efforts in quarter-hours, lead times and lags) built by
:func:`build_instance` from the domain objects by reading their attributes only.

Example:
    >>> from types import SimpleNamespace as NS
    >>> from datetime import date
    >>> shared = NS(workdays=frozenset(range(5)), holidays=frozenset())
    >>> ann = NS(id="ann", skills={"x"}, hours_per_day=4, hours_per_week=None,
    ...          calendar=None, time_off=())
    >>> job = NS(id="J1", due=None, tasks=(NS(id="a", skill="x", effort_hours=6,
    ...          lead_time_days=None, crew=None, after=(), contiguous=False),))
    >>> inst = build_instance(shared, [ann], date(2026, 11, 30), [job], horizon_days=14)
    >>> exhaustive_earliest(inst, "J1")
    datetime.date(2026, 12, 1)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

QUARTERS_PER_HOUR = 4
DEFAULT_HOURS_PER_DAY = 8.0
ASSIGNMENT_COLUMNS = ["commitment", "task", "person", "day", "hours"]
TASK_COLUMNS = ["commitment", "task", "start", "finish"]


def quarters_up(hours: float) -> int:
    """Effort in quarter-hours, rounded up (float noise below 1e-9 forgiven)."""
    return math.ceil(round(hours * QUARTERS_PER_HOUR, 9))


def quarters_down(hours: float) -> int:
    """Daily capacity in quarter-hours, rounded down (float noise forgiven)."""
    return math.floor(round(hours * QUARTERS_PER_HOUR, 9))


def as_date(value: object) -> date:
    """A plain ``date`` from a date, datetime, pandas Timestamp or numpy datetime64."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


@dataclass(frozen=True)
class TaskSpec:
    """One task in integer form.

    A work task has a ``skill`` and ``effort`` quarter-hours still to do; a lead-time
    task has ``skill=None`` and ``lead_days`` calendar days. ``preds`` holds
    ``(index of the predecessor in Instance.tasks, lag in shared working days)``.
    """

    commitment: str
    task: str
    skill: str | None
    effort: int
    lead_days: int
    crew: int | None
    contiguous: bool
    preds: tuple[tuple[int, int], ...]

    @property
    def is_lead(self) -> bool:
        return self.skill is None


@dataclass(frozen=True)
class Instance:
    """The planner's inputs as integers; day ``k`` is ``start + k`` days."""

    start: date
    horizon: int
    people: tuple[str, ...]
    skills: tuple[frozenset[str], ...]
    capacity: tuple[tuple[int, ...], ...]
    shared_workdays: frozenset[int]
    shared_holidays: frozenset[date]
    tasks: tuple[TaskSpec, ...]

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def index(self, day: date) -> int:
        return (day - self.start).days

    def shared_open(self, index: int) -> bool:
        day = self.day(index)
        return day.weekday() in self.shared_workdays and day not in self.shared_holidays

    def open_between(self, first: int, last: int) -> int:
        """Shared working days with index in ``first .. last - 1``."""
        return sum(1 for k in range(first, last) if self.shared_open(k))

    def commitment_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.commitment for t in self.tasks))


# Building an instance from the domain objects


def _time_off_days(entries: Iterable[Any]) -> set[date]:
    days: set[date] = set()
    for entry in entries:
        if isinstance(entry, date):
            days.add(entry)
            continue
        first, last = (as_date(x) for x in entry)
        days.update(first + timedelta(days=k) for k in range((last - first).days + 1))
    return days


def person_quarters(person: Any, shared_calendar: Any, day: date) -> int:
    """Quarter-hours ``person`` can work on ``day`` under the time semantics."""
    calendar = person.calendar if person.calendar is not None else shared_calendar
    if day.weekday() not in calendar.workdays or day in calendar.holidays:
        return 0
    if day in _time_off_days(person.time_off or ()):
        return 0
    if person.hours_per_day is not None:
        return quarters_down(person.hours_per_day)
    if person.hours_per_week is not None:
        return quarters_down(person.hours_per_week / len(calendar.workdays))
    return quarters_down(DEFAULT_HOURS_PER_DAY)


def _dependency(entry: Any) -> tuple[str, int]:
    if isinstance(entry, str):
        return entry, 0
    return entry.task, int(entry.lag_days or 0)


def build_instance(
    calendar: Any,
    staff: Sequence[Any],
    start: date,
    commitments: Sequence[Any],
    *,
    horizon_days: int,
) -> Instance:
    """The integer view of a planner's inputs (reads attributes of the domain objects)."""
    days = [start + timedelta(days=k) for k in range(horizon_days)]
    capacity = tuple(
        tuple(person_quarters(person, calendar, day) for day in days) for person in staff
    )
    position = {
        (c.id, t.id): i for i, (c, t) in enumerate((c, t) for c in commitments for t in c.tasks)
    }
    specs: list[TaskSpec] = []
    for commitment in commitments:
        for task in commitment.tasks:
            preds = []
            for entry in task.after or ():
                pred_id, lag = _dependency(entry)
                preds.append((position[(commitment.id, pred_id)], lag))
            is_lead = getattr(task, "lead_time_days", None) is not None
            effort = 0
            if not is_lead and not getattr(task, "finished", False):
                done = float(getattr(task, "done_hours", 0.0) or 0.0)
                effort = quarters_up(task.effort_hours - done)
            specs.append(
                TaskSpec(
                    commitment=commitment.id,
                    task=task.id,
                    skill=None if is_lead else task.skill,
                    effort=effort,
                    lead_days=int(task.lead_time_days) if is_lead else 0,
                    crew=None if is_lead else task.crew,
                    contiguous=bool(getattr(task, "contiguous", False)),
                    preds=tuple(preds),
                )
            )
    return Instance(
        start=start,
        horizon=horizon_days,
        people=tuple(p.id for p in staff),
        skills=tuple(frozenset(p.skills) for p in staff),
        capacity=capacity,
        shared_workdays=frozenset(calendar.workdays),
        shared_holidays=frozenset(calendar.holidays),
        tasks=tuple(specs),
    )


# The checker


def _quarters_of(hours: float) -> int | None:
    scaled = hours * QUARTERS_PER_HOUR
    nearest = round(scaled)
    return nearest if abs(scaled - nearest) < 1e-6 else None


def check_plan_instance(
    instance: Instance,
    assignments: pd.DataFrame,
    tasks: pd.DataFrame,
    deadlines: Mapping[str, date] | None = None,
) -> list[str]:
    """Every rule of the time semantics that the plan breaks, as sentences.

    The plan must cover exactly the tasks of ``instance``; each commitment named in
    ``deadlines`` must finish on or before its date.
    """
    problems: list[str] = []
    if list(assignments.columns) != ASSIGNMENT_COLUMNS:
        return [f"assignments columns are {list(assignments.columns)}, not {ASSIGNMENT_COLUMNS}"]
    if list(tasks.columns) != TASK_COLUMNS:
        return [f"task columns are {list(tasks.columns)}, not {TASK_COLUMNS}"]
    position = {(t.commitment, t.task): i for i, t in enumerate(instance.tasks)}
    person_of = {p: i for i, p in enumerate(instance.people)}

    load: dict[tuple[int, int], int] = defaultdict(int)
    worked: dict[int, int] = defaultdict(int)
    days_of: dict[int, set[int]] = defaultdict(set)
    crew_of: dict[tuple[int, int], set[int]] = defaultdict(set)
    seen: set[tuple[int, int, int]] = set()
    for row in assignments.itertuples(index=False):
        commitment, task, person, raw_day, hours = row
        where = f"{commitment}/{task} by {person} on {raw_day}"
        quarters = _quarters_of(float(hours))
        if quarters is None or quarters <= 0:
            problems.append(f"{where}: {hours} h is not a positive multiple of 0.25 h")
            continue
        key = (str(commitment), str(task))
        if key not in position:
            problems.append(f"{where}: no such task in the plan's commitments")
            continue
        i = position[key]
        spec = instance.tasks[i]
        if spec.is_lead:
            problems.append(f"{where}: a lead-time task has no hours")
            continue
        if person not in person_of:
            problems.append(f"{where}: unknown person")
            continue
        p = person_of[person]
        if spec.skill not in instance.skills[p]:
            problems.append(f"{where}: {person} lacks skill {spec.skill!r}")
        d = instance.index(as_date(raw_day))
        if not 0 <= d < instance.horizon:
            problems.append(f"{where}: outside the planning window")
            continue
        if (i, p, d) in seen:
            problems.append(f"{where}: the same person, task and day appear twice")
        seen.add((i, p, d))
        load[(p, d)] += quarters
        worked[i] += quarters
        days_of[i].add(d)
        crew_of[(i, d)].add(p)

    for (p, d), quarters in sorted(load.items()):
        if quarters > instance.capacity[p][d]:
            problems.append(
                f"{instance.people[p]} works {quarters / 4} h on {instance.day(d)}, "
                f"more than their {instance.capacity[p][d] / 4} h"
            )
    for i, spec in enumerate(instance.tasks):
        if not spec.is_lead and worked[i] != spec.effort:
            problems.append(
                f"{spec.commitment}/{spec.task} gets {worked[i] / 4} h, "
                f"its effort is {spec.effort / 4} h"
            )
    for (i, d), people in sorted(crew_of.items()):
        crew = instance.tasks[i].crew
        if crew is not None and len(people) > crew:
            spec = instance.tasks[i]
            problems.append(
                f"{spec.commitment}/{spec.task} has {len(people)} people on "
                f"{instance.day(d)}, its crew is {crew}"
            )

    spans: dict[int, tuple[int, int]] = {}
    for row in tasks.itertuples(index=False):
        commitment, task, raw_start, raw_finish = row
        key = (str(commitment), str(task))
        if key not in position:
            problems.append(f"task frame lists {commitment}/{task}, which is not in the plan")
            continue
        if position[key] in spans:
            problems.append(f"task frame lists {commitment}/{task} twice")
        spans[position[key]] = (
            instance.index(as_date(raw_start)),
            instance.index(as_date(raw_finish)),
        )
    for i, spec in enumerate(instance.tasks):
        name = f"{spec.commitment}/{spec.task}"
        if i not in spans:
            problems.append(f"task frame misses {name}")
            continue
        start, finish = spans[i]
        if spec.is_lead:
            if finish - start + 1 != spec.lead_days:
                problems.append(
                    f"{name} runs {instance.day(start)}..{instance.day(finish)}, "
                    f"not {spec.lead_days} calendar days"
                )
            if start < 0 or (not spec.preds and start != 0):
                problems.append(
                    f"{name} has no predecessor yet starts {instance.day(start)}, "
                    f"not on the planning start {instance.start}"
                )
        elif days_of[i]:
            first, last = min(days_of[i]), max(days_of[i])
            if (start, finish) != (first, last):
                problems.append(
                    f"{name} is listed {instance.day(start)}..{instance.day(finish)} but "
                    f"has hours {instance.day(first)}..{instance.day(last)}"
                )
            if spec.contiguous:
                problems.extend(_contiguity_gaps(instance, i, first, last, days_of[i]))

    for i, spec in enumerate(instance.tasks):
        if i not in spans or (not spec.is_lead and spec.effort == 0):
            continue
        for pred, lag in spec.preds:
            pred_spec = instance.tasks[pred]
            if pred not in spans or (not pred_spec.is_lead and pred_spec.effort == 0):
                continue
            pred_finish, start = spans[pred][1], spans[i][0]
            gap = instance.open_between(pred_finish + 1, start)
            if start <= pred_finish or gap < lag:
                problems.append(
                    f"{spec.commitment}/{spec.task} starts {instance.day(start)}, too soon "
                    f"after {pred_spec.task} finishes {instance.day(pred_finish)} "
                    f"(lag {lag} working days)"
                )

    for commitment, deadline in (deadlines or {}).items():
        finishes = [
            spans[i][1]
            for i, spec in enumerate(instance.tasks)
            if spec.commitment == commitment and i in spans
        ]
        if finishes and instance.day(max(finishes)) > deadline:
            problems.append(
                f"commitment {commitment} finishes {instance.day(max(finishes))}, "
                f"after its deadline {deadline}"
            )
    return problems


def _contiguity_gaps(
    instance: Instance, i: int, first: int, last: int, worked_days: set[int]
) -> list[str]:
    spec = instance.tasks[i]
    gaps = []
    for d in range(first, last + 1):
        someone_works = any(
            spec.skill in instance.skills[p] and instance.capacity[p][d] > 0
            for p in range(len(instance.people))
        )
        if someone_works and d not in worked_days:
            gaps.append(f"contiguous task {spec.commitment}/{spec.task} pauses {instance.day(d)}")
    return gaps


def check_plan(
    *,
    calendar: Any,
    staff: Sequence[Any],
    start: date,
    commitments: Sequence[Any],
    assignments: pd.DataFrame,
    tasks: pd.DataFrame,
    deadlines: Mapping[str, date] | None = None,
    horizon_days: int = 365,
) -> list[str]:
    """:func:`check_plan_instance` on the planner's domain inputs."""
    instance = build_instance(calendar, staff, start, commitments, horizon_days=horizon_days)
    return check_plan_instance(instance, assignments, tasks, deadlines)


# The exact oracle

Reduction = tuple[int, ...]
People = tuple[tuple[int, tuple[int, ...]], ...]


def _splits(
    cap: int, eligible: tuple[int, ...], room: Sequence[int], open_slot: Sequence[bool]
) -> Iterator[dict[int, int]]:
    """Ways one person spends ``cap`` on a subset of ``eligible`` tasks.

    Only splits that use ``min(cap, room of the chosen tasks)`` are produced: in any
    undominated daily outcome a person with spare hours has no room left on the tasks
    they touch (spare hours can be shifted from a later person on the same task).
    """
    candidates = [t for t in eligible if room[t] > 0 and open_slot[t]]

    def fill(k: int, chosen: list[int]) -> Iterator[dict[int, int]]:
        if k == len(candidates):
            if not chosen:
                yield {}
                return
            total = min(cap, sum(room[t] for t in chosen))
            yield from _positive_parts(total, [room[t] for t in chosen], chosen)
            return
        yield from fill(k + 1, chosen)
        yield from fill(k + 1, [*chosen, candidates[k]])

    yield from fill(0, [])


def _positive_parts(total: int, limits: list[int], tasks: list[int]) -> Iterator[dict[int, int]]:
    if len(tasks) == 1:
        if 1 <= total <= limits[0]:
            yield {tasks[0]: total}
        return
    rest_max = sum(limits[1:])
    for amount in range(max(1, total - rest_max), min(limits[0], total - len(tasks) + 1) + 1):
        for tail in _positive_parts(total - amount, limits[1:], tasks[1:]):
            yield {tasks[0]: amount, **tail}


def _pareto_max(vectors: Iterable[Reduction]) -> list[Reduction]:
    """The vectors no other vector is component-wise at least as large as."""
    ordered = sorted(set(vectors), key=sum, reverse=True)
    if len(ordered) <= 1:
        return ordered
    kept = np.empty((len(ordered), len(ordered[0])), dtype=np.int64)
    count = 0
    result: list[Reduction] = []
    for v in ordered:
        row = np.asarray(v, dtype=np.int64)
        if count and bool((kept[:count] >= row).all(axis=1).any()):
            continue
        kept[count] = row
        count += 1
        result.append(v)
    return result


@lru_cache(maxsize=200_000)
def _day_reductions(people: People, remaining: Reduction, crew: Reduction) -> tuple[Reduction, ...]:
    """Every undominated vector of work done in one day on the runnable tasks.

    People are added one at a time. A partial result that has done at least as much on
    every task with no more people on any crew-limited task is at least as good for
    whoever comes next, so only undominated partial results are kept.
    """
    n = len(remaining)
    limited = [crew[t] < len(people) for t in range(n)]
    entries: list[tuple[int, ...]] = [(0,) * (2 * n)]
    for cap, eligible in people:
        grown: set[tuple[int, ...]] = set()
        for entry in entries:
            done, heads = entry[:n], entry[n:]
            room = [remaining[t] - done[t] for t in range(n)]
            open_slot = [-heads[t] < crew[t] for t in range(n)]
            for split in _splits(cap, eligible, room, open_slot):
                grown.add(
                    (
                        *(done[t] + split.get(t, 0) for t in range(n)),
                        *(heads[t] - (1 if limited[t] and t in split else 0) for t in range(n)),
                    )
                )
        entries = _pareto_max(grown)
    return tuple(_pareto_max(entry[:n] for entry in entries))


def _pareto_min(states: Iterable[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """The states no other state is component-wise at most as large as."""
    return [tuple(-x for x in v) for v in _pareto_max(tuple(-x for x in s) for s in states)]


@dataclass
class _Search:
    """The dynamic program's data for one instance."""

    instance: Instance
    target: str
    unit: int
    caps: list[list[int]]
    eligible: list[tuple[int, ...]]
    crew: list[int]
    last_day: list[int]
    succs: list[list[tuple[int, int]]]
    open_before: list[int]
    reachable: list[list[int]]
    is_target: list[bool]

    def hopeless(self, remaining: Sequence[int], day: int) -> bool:
        """Whether some task cannot finish by its last day even with everyone on it.

        ``reachable[i][d]``: the most that task ``i`` can receive from day ``d`` to its
        last day (its crew's largest capacities each day; one day per day for a lead
        time), ignoring everything else: a sound, cheap cut.
        """
        return any(r > self.reachable[i][day + 1] for i, r in enumerate(remaining))

    def too_late(self, remaining: Sequence[int], day: int, best: int) -> bool:
        """Whether the target's unfinished tasks cannot all finish before day ``best``."""
        if day + 1 >= best:
            return True
        return any(
            r > self.reachable[i][day + 1] - self.reachable[i][best]
            for i, r in enumerate(remaining)
            if self.is_target[i] and self.last_day[i] >= best
        )

    def released(self, lag: int, fin: int, day: int) -> bool:
        """Whether a predecessor finished on ``fin`` lets a successor run on ``day``."""
        return fin == -1 or (day > fin and self.open_before[day] - self.open_before[fin + 1] >= lag)


def _prepare(instance: Instance, target: str, deadlines: Mapping[str, date] | None) -> _Search:
    tasks = instance.tasks
    unit = math.gcd(
        *(t.effort for t in tasks if not t.is_lead),
        *(c for row in instance.capacity for c in row),
    )
    unit = unit or 1
    size = len(instance.people)
    last_day = [instance.horizon - 1] * len(tasks)
    for i, t in enumerate(tasks):
        if deadlines and t.commitment in deadlines:
            last_day[i] = min(last_day[i], instance.index(deadlines[t.commitment]))
    succs: list[list[tuple[int, int]]] = [[] for _ in tasks]
    for i, t in enumerate(tasks):
        for pred, lag in t.preds:
            succs[pred].append((i, lag))
    open_before = [0]
    for d in range(instance.horizon + 1):
        open_before.append(open_before[-1] + (1 if instance.shared_open(d) else 0))
    caps = [[c // unit for c in row] for row in instance.capacity]
    crew = [size if t.crew is None else min(t.crew, size) for t in tasks]
    reachable = []
    for i, t in enumerate(tasks):
        per_day = [0] * (instance.horizon + 1)
        for d in range(min(last_day[i], instance.horizon - 1) + 1):
            if t.is_lead:
                per_day[d] = 1
            else:
                able = sorted(
                    (caps[p][d] for p, skills in enumerate(instance.skills) if t.skill in skills),
                    reverse=True,
                )
                per_day[d] = sum(able[: crew[i]])
        suffix = [0] * (instance.horizon + 2)
        for d in range(instance.horizon, -1, -1):
            suffix[d] = suffix[d + 1] + per_day[d]
        reachable.append(suffix)
    return _Search(
        instance=instance,
        target=target,
        unit=unit,
        caps=caps,
        eligible=[
            tuple(i for i, t in enumerate(tasks) if not t.is_lead and t.skill in skills)
            for skills in instance.skills
        ],
        crew=crew,
        last_day=last_day,
        succs=succs,
        open_before=open_before,
        reachable=reachable,
        is_target=[t.commitment == target for t in tasks],
    )


State = tuple[int, ...]
# How a state was reached: (previous state, amount done per task that day).
Step = tuple[State, tuple[int, ...]]


def _run(search: _Search) -> tuple[int | None, list[dict[State, Step]], State | None]:
    """The day-by-day search; returns the best day, the steps taken and the final state.

    A state holds the remaining amount per task (quarter-hour units of ``search.unit``
    for work, days for lead times), then the finish day per task (``-1`` once it can no
    longer hold a successor back, ``horizon + 1`` while it runs), then the latest
    finish among the target's finished tasks. Smaller is better in every component,
    so a state that is component-wise no better than another is dropped.
    """
    instance = search.instance
    tasks = instance.tasks
    n = len(tasks)
    horizon = instance.horizon
    if min(search.last_day, default=0) < 0:
        return None, [], None
    is_target = [t.commitment == search.target for t in tasks]
    unfinished = horizon + 1
    remaining0 = [t.lead_days if t.is_lead else t.effort // search.unit for t in tasks]
    initial: State = (*remaining0, *(-1 if r == 0 else unfinished for r in remaining0), -1)
    if all(r == 0 for r in remaining0):
        return -1, [], initial
    states = [initial]
    best: int | None = None
    best_state: State | None = None
    steps: list[dict[State, Step]] = []
    for day in range(horizon):
        reached: dict[State, Step] = {}
        following: list[State] = []
        for state in states:
            rem, fin, target_fin = state[:n], state[n : 2 * n], state[2 * n]
            runnable = [
                i
                for i in range(n)
                if rem[i] > 0
                and all(
                    rem[p] == 0 and search.released(lag, fin[p], day) for p, lag in tasks[i].preds
                )
            ]
            work = [i for i in runnable if not tasks[i].is_lead]
            slot = {i: k for k, i in enumerate(work)}
            people: People = tuple(
                (search.caps[p][day], tuple(slot[i] for i in search.eligible[p] if i in slot))
                for p in range(len(search.caps))
                if search.caps[p][day] > 0 and any(i in slot for i in search.eligible[p])
            )
            reductions = _day_reductions(
                people, tuple(rem[i] for i in work), tuple(search.crew[i] for i in work)
            )
            for reduction in reductions:
                new_rem = list(rem)
                for i in runnable:
                    new_rem[i] -= 1 if tasks[i].is_lead else reduction[slot[i]]
                if search.hopeless(new_rem, day):
                    continue
                new_fin = list(fin)
                new_target_fin = target_fin
                for i in runnable:
                    if new_rem[i] == 0:
                        new_fin[i] = day
                        if is_target[i]:
                            new_target_fin = max(new_target_fin, day)
                for i in range(n):
                    f = new_fin[i]
                    if f >= 0 and all(
                        search.released(lag, f, day + 1) for _, lag in search.succs[i]
                    ):
                        new_fin[i] = -1
                new_state: State = (*new_rem, *new_fin, new_target_fin)
                step: Step = (state, tuple(a - b for a, b in zip(rem, new_rem, strict=True)))
                target_done = all(new_rem[i] == 0 for i in range(n) if is_target[i])
                if all(r == 0 for r in new_rem):
                    if best is None or new_target_fin < best:
                        best, best_state = new_target_fin, new_state
                        reached.setdefault(new_state, step)
                    continue
                if best is not None and (
                    (target_done and new_target_fin >= best)
                    or (not target_done and search.too_late(new_rem, day, best))
                ):
                    continue
                reached.setdefault(new_state, step)
                following.append(new_state)
        steps.append(reached)
        states = _pareto_min(following)
        if not states:
            break
    return best, steps, best_state


def exhaustive_earliest_day(
    instance: Instance, target: str, deadlines: Mapping[str, date] | None = None
) -> int | None:
    """The earliest day index on which every task of ``target`` can be finished.

    Every other task must still finish within the horizon, and each commitment in
    ``deadlines`` on or before its date. ``None`` when no plan within the horizon
    exists. Exponential: meant for a handful of tasks, people and hours.
    """
    best, _, _ = _run(_prepare(instance, target, deadlines))
    return best


def exhaustive_earliest(
    instance: Instance, target: str, deadlines: Mapping[str, date] | None = None
) -> date | None:
    """:func:`exhaustive_earliest_day` as a date."""
    day = exhaustive_earliest_day(instance, target, deadlines)
    return None if day is None else instance.day(day)


def _allocate(
    people: list[tuple[int, int, tuple[int, ...]]],
    remaining: list[int],
    crew: list[int],
    goal: list[int],
) -> list[tuple[int, int, int]] | None:
    """Per-person amounts ``(person, task, amount)`` doing exactly ``goal`` in one day."""
    if not people:
        return [] if all(g == 0 for g in goal) else None
    (person, cap, eligible), rest = people[0], people[1:]
    room = [min(r, g) for r, g in zip(remaining, goal, strict=True)]
    for split in [{}, *_all_splits(cap, eligible, room, [c > 0 for c in crew])]:
        left_goal = [g - split.get(t, 0) for t, g in enumerate(goal)]
        left_crew = [c - (1 if t in split else 0) for t, c in enumerate(crew)]
        tail = _allocate(rest, remaining, left_crew, left_goal)
        if tail is not None:
            return [(person, t, a) for t, a in split.items()] + tail
    return None


def _all_splits(
    cap: int, eligible: tuple[int, ...], room: Sequence[int], open_slot: Sequence[bool]
) -> Iterator[dict[int, int]]:
    candidates = [t for t in eligible if room[t] > 0 and open_slot[t]]

    def fill(k: int, left: int) -> Iterator[dict[int, int]]:
        if k == len(candidates):
            yield {}
            return
        t = candidates[k]
        for amount in range(min(left, room[t]), -1, -1):
            for tail in fill(k + 1, left - amount):
                yield {t: amount, **tail} if amount else tail

    for split in fill(0, cap):
        if split:
            yield split


def exhaustive_plan(
    instance: Instance, target: str, deadlines: Mapping[str, date] | None = None
) -> tuple[date, pd.DataFrame, pd.DataFrame] | None:
    """The oracle's earliest date with a plan achieving it: (date, assignments, tasks)."""
    search = _prepare(instance, target, deadlines)
    best, steps, state = _run(search)
    if best is None or state is None:
        return None
    tasks = instance.tasks
    n = len(tasks)
    path: list[tuple[int, State, tuple[int, ...]]] = []
    final_day = max((day for day, reached in enumerate(steps) if state in reached), default=-1)
    for day in range(final_day, -1, -1):
        previous, done = steps[day][state]
        path.append((day, previous, done))
        state = previous
    path.reverse()
    rows: list[tuple[str, str, str, date, float]] = []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for day, previous, done in path:
        for i in range(n):
            if done[i] > 0:
                first.setdefault(i, day)
                last[i] = day
        work = [i for i in range(n) if not tasks[i].is_lead]
        people = [
            (p, search.caps[p][day], tuple(i for i in search.eligible[p]))
            for p in range(len(search.caps))
            if search.caps[p][day] > 0
        ]
        goal = [done[i] if i in work else 0 for i in range(n)]
        allocation = _allocate(people, list(previous[:n]), list(search.crew), goal)
        if allocation is None:
            raise AssertionError(f"the oracle cannot split the work of {instance.day(day)}")
        amounts: dict[tuple[int, int], int] = defaultdict(int)
        for person, i, amount in allocation:
            amounts[(person, i)] += amount
        for (person, i), amount in sorted(amounts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            spec = tasks[i]
            hours = amount * search.unit / QUARTERS_PER_HOUR
            rows.append(
                (spec.commitment, spec.task, instance.people[person], instance.day(day), hours)
            )
    assignments = pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)
    spans = [
        (t.commitment, t.task, instance.day(first[i]), instance.day(last[i]))
        for i, t in enumerate(tasks)
        if i in first
    ]
    return instance.day(best), assignments, pd.DataFrame(spans, columns=TASK_COLUMNS)
