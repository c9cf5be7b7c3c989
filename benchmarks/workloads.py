"""Seeded synthetic books: staff, calendars, booked commitments, and a stream of quotes.

A :class:`WorkloadSpec` names every knob (people, skills, the share of multi-skilled
people, calendars, time off, commitments and their tasks, dependencies and lags, lead
times, crew limits, the load factor, due-date slack, priorities); :func:`generate`
turns it into a :class:`Workload` of domain objects, the same for the same seed. The
standard workloads are :data:`W0` to :data:`W3`. :func:`quote_stream` makes new jobs to
check against a workload, and a workload round-trips through JSON.

The load factor is the booked hours over the hours available within the horizon. Due
dates follow the order in which a fully used staff could finish the commitments one
after another, stretched by the slack, so a load near 1 with little slack leaves no
room and some promises must slip.

Example:
    >>> small = generate(WorkloadSpec(name="tiny", people=4, skills=2, commitments=3))
    >>> len(small.staff), len(small.commitments)
    (4, 3)
    >>> generate(WorkloadSpec(name="tiny", people=4, skills=2, commitments=3)) == small
    True
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from feasibility.models import Calendar, Commitment, Dependency, Person, Task

START = date(2026, 11, 30)
"""A Monday: every standard workload starts planning on it."""


@dataclass(frozen=True)
class WorkloadSpec:
    """Every parameter of a synthetic book."""

    name: str
    people: int
    skills: int
    commitments: int
    tasks_per_commitment: tuple[int, int] = (6, 10)
    multi_skill_share: float = 0.3
    part_time_share: float = 0.15
    four_day_share: float = 0.1
    own_calendar_share: float = 0.05
    holidays_per_year: int = 8
    time_off_days: int = 10
    """Days off per person and year, in one to three blocks."""
    dependency_density: float = 0.6
    """The chance that a task waits for one more earlier task of its commitment."""
    lag_share: float = 0.1
    max_lag_days: int = 3
    lead_time_share: float = 0.1
    lead_time_days: tuple[int, int] = (3, 15)
    crew_limit_share: float = 0.5
    max_crew: int = 3
    load: float = 0.75
    due_slack: tuple[float, float] = (1.1, 1.6)
    """Each due date is the day a fully used staff would reach the commitment, times this."""
    priorities: int = 5
    horizon_days: int = 365
    start: date = START
    seed: int = 0


W0 = WorkloadSpec(name="W0", people=15, skills=4, commitments=25, horizon_days=120, load=0.7)
W1 = WorkloadSpec(name="W1", people=60, skills=8, commitments=500, load=0.75)
W2 = WorkloadSpec(name="W2", people=120, skills=8, commitments=2000, load=0.9)
W3 = WorkloadSpec(
    name="W3", people=300, skills=12, commitments=10000, load=0.9, tasks_per_commitment=(6, 10)
)
STANDARD = {spec.name: spec for spec in (W0, W1, W2, W3)}


@dataclass(frozen=True)
class Workload:
    """A generated book: everything a :class:`~feasibility.Planner` is built from."""

    spec: WorkloadSpec
    calendar: Calendar
    staff: tuple[Person, ...]
    commitments: tuple[Commitment, ...]

    @property
    def num_tasks(self) -> int:
        return sum(len(c.tasks) for c in self.commitments)

    def booked_hours(self) -> float:
        return sum(t.effort_hours or 0.0 for c in self.commitments for t in c.tasks)

    def write_json(self, path: str | Path) -> None:
        """Write the workload (its spec and every model) as one JSON file."""
        spec = asdict(self.spec)
        spec["start"] = self.spec.start.isoformat()
        data = {
            "spec": spec,
            "calendar": self.calendar.model_dump(mode="json"),
            "staff": [p.model_dump(mode="json") for p in self.staff],
            "commitments": [c.model_dump(mode="json") for c in self.commitments],
        }
        Path(path).write_text(json.dumps(data))

    @classmethod
    def read_json(cls, path: str | Path) -> Workload:
        """Read a workload written by :meth:`write_json`."""
        data = json.loads(Path(path).read_text())
        raw = dict(data["spec"])
        raw["start"] = date.fromisoformat(raw["start"])
        for key in ("tasks_per_commitment", "lead_time_days", "due_slack"):
            raw[key] = tuple(raw[key])
        return cls(
            spec=WorkloadSpec(**raw),
            calendar=Calendar.model_validate(data["calendar"]),
            staff=tuple(Person.model_validate(p) for p in data["staff"]),
            commitments=tuple(Commitment.model_validate(c) for c in data["commitments"]),
        )


def skill_names(count: int) -> tuple[str, ...]:
    return tuple(f"skill{k:02d}" for k in range(count))


def generate(spec: WorkloadSpec) -> Workload:
    """The workload ``spec`` describes, the same for the same seed."""
    rng = np.random.default_rng(spec.seed)
    calendar = _calendar(spec, rng)
    staff = _staff(spec, calendar, rng)
    capacity = _capacity_by_skill(spec, calendar, staff)
    commitments = _commitments(spec, capacity, rng)
    return Workload(spec=spec, calendar=calendar, staff=staff, commitments=commitments)


def quote_stream(
    workload: Workload,
    count: int,
    seed: int = 1,
    due_days: tuple[int, int] = (7, 92),
    effort_scale: float = 1.0,
) -> list[Commitment]:
    """``count`` new jobs of 5-15 tasks with due dates from tight to loose.

    The due date is drawn between a week and three months after the start (``due_days``,
    the upper end exclusive), so a stream covers jobs that cannot make it, that just
    make it and that easily do. ``effort_scale`` multiplies every job's work (heavier
    jobs, whose dates capacity rather than their chains decides).
    """
    spec = replace(workload.spec, tasks_per_commitment=(5, 15), seed=seed)
    rng = np.random.default_rng(seed)
    capacity = _capacity_by_skill(spec, workload.calendar, workload.staff)
    per_hour = _hours_per_job(workload) * effort_scale
    jobs = []
    for k in range(count):
        tasks = _tasks(spec, capacity, per_hour, rng)
        due = spec.start + timedelta(days=int(rng.integers(*due_days)))
        priority = int(rng.integers(1, spec.priorities + 1))
        jobs.append(
            Commitment(
                id=f"Q{k:05d}",
                customer=f"prospect{k % 97:02d}",
                due=due,
                tasks=tasks,
                priority=priority,
            )
        )
    return jobs


# -- the parts ---------------------------------------------------------------------------


def _calendar(spec: WorkloadSpec, rng: np.random.Generator) -> Calendar:
    days = spec.horizon_days
    count = max(0, round(spec.holidays_per_year * days / 365))
    offsets = rng.choice(np.arange(days), size=min(count, days), replace=False)
    holidays = {spec.start + timedelta(days=int(d)) for d in offsets}
    return Calendar(holidays=frozenset(holidays))


def _staff(spec: WorkloadSpec, calendar: Calendar, rng: np.random.Generator) -> tuple[Person, ...]:
    skills = skill_names(spec.skills)
    people = []
    for k in range(spec.people):
        own = {skills[k % spec.skills]}
        if rng.random() < spec.multi_skill_share:
            extra = rng.choice(spec.skills, size=int(rng.integers(1, 3)), replace=False)
            own |= {skills[int(e)] for e in extra}
        hours: dict[str, float] = {}
        person_calendar = None
        draw = rng.random()
        if draw < spec.part_time_share:
            hours["hours_per_week"] = float(rng.choice([16.0, 20.0, 24.0, 30.0]))
        elif draw < spec.part_time_share + spec.four_day_share:
            person_calendar = Calendar(workdays=frozenset({0, 1, 2, 3}), holidays=calendar.holidays)
            hours["hours_per_day"] = 9.0
        elif draw < spec.part_time_share + spec.four_day_share + spec.own_calendar_share:
            person_calendar = Calendar(workdays=frozenset({1, 2, 3, 4, 5}))
            hours["hours_per_day"] = 8.0
        people.append(
            Person(
                id=f"P{k:03d}",
                skills=frozenset(own),
                calendar=person_calendar,
                time_off=_time_off(spec, rng),
                **hours,
            )
        )
    return tuple(people)


def _time_off(spec: WorkloadSpec, rng: np.random.Generator) -> tuple[tuple[date, date], ...]:
    total = round(spec.time_off_days * spec.horizon_days / 365)
    if total <= 0:
        return ()
    blocks = int(rng.integers(1, 4))
    lengths = np.maximum(
        1, np.diff(np.sort(rng.integers(0, total + 1, blocks - 1)), prepend=0, append=total)
    )
    ranges = []
    for length in lengths:
        first = int(rng.integers(0, max(1, spec.horizon_days - int(length))))
        begin = spec.start + timedelta(days=first)
        ranges.append((begin, begin + timedelta(days=int(length) - 1)))
    return tuple(sorted(ranges))


def _capacity_by_skill(
    spec: WorkloadSpec, calendar: Calendar, staff: tuple[Person, ...]
) -> dict[str, float]:
    """Hours available per skill over the horizon (a multi-skilled person split evenly)."""
    from feasibility.capacity import person_capacity, units_to_hours

    hours: dict[str, float] = dict.fromkeys(skill_names(spec.skills), 0.0)
    for person in staff:
        total = units_to_hours(
            int(person_capacity(person, calendar, spec.start, spec.horizon_days).sum())
        )
        for skill in person.skills:
            hours[skill] += total / len(person.skills)
    return hours


def _hours_per_job(workload: Workload) -> float:
    commitments = max(1, len(workload.commitments))
    return workload.booked_hours() / commitments if workload.commitments else 80.0


def _tasks(
    spec: WorkloadSpec,
    capacity: dict[str, float],
    job_hours: float,
    rng: np.random.Generator,
) -> list[Task]:
    skills = list(capacity)
    weights = np.array([capacity[s] for s in skills])
    weights = weights / weights.sum()
    low, high = spec.tasks_per_commitment
    count = int(rng.integers(low, high + 1))
    kinds = rng.random(count) < spec.lead_time_share
    kinds[0] = False  # every job has some work
    shares = rng.dirichlet(np.ones(int((~kinds).sum())))
    tasks: list[Task] = []
    work_index = 0
    for k in range(count):
        after: list[Dependency] = []
        for earlier in range(k):
            if rng.random() < spec.dependency_density / max(1, k):
                lag = (
                    int(rng.integers(1, spec.max_lag_days + 1))
                    if (rng.random() < spec.lag_share)
                    else 0
                )
                after.append(Dependency(task=f"t{earlier}", lag_days=lag))
        if kinds[k]:
            days = int(rng.integers(spec.lead_time_days[0], spec.lead_time_days[1] + 1))
            tasks.append(Task(id=f"t{k}", lead_time_days=days, after=after))
            continue
        hours = max(1.0, round(float(job_hours * shares[work_index]) * 4) / 4)
        work_index += 1
        crew = (
            int(rng.integers(1, spec.max_crew + 1))
            if rng.random() < spec.crew_limit_share
            else None
        )
        skill = skills[int(rng.choice(len(skills), p=weights))]
        tasks.append(Task(id=f"t{k}", skill=skill, effort_hours=hours, crew=crew, after=after))
    return tasks


def _commitments(
    spec: WorkloadSpec, capacity: dict[str, float], rng: np.random.Generator
) -> tuple[Commitment, ...]:
    available = sum(capacity.values())
    job_hours = spec.load * available / max(1, spec.commitments)
    daily = available / spec.horizon_days
    reached = 0.0
    commitments = []
    for k in range(spec.commitments):
        tasks = _tasks(spec, capacity, job_hours, rng)
        reached += sum(t.effort_hours or 0.0 for t in tasks)
        lead = sum(t.lead_time_days or 0 for t in tasks)
        slack = float(rng.uniform(*spec.due_slack))
        offset = math.ceil((reached / daily) * slack) + lead + 5
        due = spec.start + timedelta(days=min(offset, spec.horizon_days - 1))
        commitments.append(
            Commitment(
                id=f"C{k:05d}",
                customer=f"customer{k % 211:03d}",
                due=due,
                tasks=tasks,
                priority=int(rng.integers(1, spec.priorities + 1)),
            )
        )
    return tuple(commitments)
