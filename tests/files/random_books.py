"""Random small books (hypothesis strategies) for the round-trip tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from feasibility import Calendar, Commitment, Dependency, Person, Task
from feasibility.files import BookInputs, BookSettings

START = date(2026, 11, 30)
NAMES = st.sampled_from(["a", "b", "c", "d"])
SKILLS = st.frozensets(st.sampled_from(["fit", "paint", "wire"]), min_size=1, max_size=2)
DAYS = st.integers(0, 60).map(lambda k: START + timedelta(days=k))


@st.composite
def people(draw: st.DrawFn) -> tuple[Person, ...]:
    ids = draw(st.lists(st.sampled_from(["ann", "bo", "cy", "dee"]), min_size=1, unique=True))
    found = []
    for person in ids:
        off: list[date | tuple[date, date]] = []
        for first in draw(st.lists(DAYS, max_size=2)):
            length = draw(st.integers(0, 3))
            off.append(first if length == 0 else (first, first + timedelta(days=length)))
        own = draw(
            st.none()
            | st.frozensets(st.integers(0, 6), min_size=1).map(lambda days: Calendar(workdays=days))
        )
        hours = draw(st.sampled_from([("hours_per_day", 7.5), ("hours_per_week", 30.0), None]))
        fields = {} if hours is None or own is not None else {hours[0]: hours[1]}
        found.append(
            Person(id=person, skills=draw(SKILLS), calendar=own, time_off=tuple(off), **fields)
        )
    return tuple(found)


@st.composite
def commitment(draw: st.DrawFn, ident: str, skills: tuple[str, ...]) -> Commitment:
    ids = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    tasks = []
    for k, task in enumerate(ids):
        after = (
            [
                Dependency(task=p, lag_days=draw(st.integers(0, 2)))
                for p in draw(st.lists(st.sampled_from(ids[:k]), unique=True))
                if k
            ]
            if k
            else []
        )
        if draw(st.booleans()):
            tasks.append(Task(id=task, lead_time_days=draw(st.integers(1, 9)), after=after))
        else:
            effort = draw(st.sampled_from([4.0, 12.5, 30.0]))
            tasks.append(
                Task(
                    id=task,
                    skill=draw(st.sampled_from(skills)),
                    effort_hours=effort,
                    crew=draw(st.none() | st.integers(1, 3)),
                    done_hours=draw(st.sampled_from([0.0, effort / 2])),
                    after=after,
                )
            )
    return Commitment(
        id=ident,
        customer=draw(st.sampled_from(["", "Miller", "O'Neil, Ltd"])),
        due=draw(st.none() | DAYS),
        priority=draw(st.integers(1, 5)),
        tasks=tuple(tasks),
    )


@st.composite
def books(draw: st.DrawFn) -> BookInputs:
    count = draw(st.integers(0, 3))
    staff = draw(people())
    skills = tuple(sorted({s for p in staff for s in p.skills}))
    return BookInputs(
        settings=BookSettings(
            start=START, safety_days=draw(st.integers(0, 5)), construction_time_limit=2.0
        ),
        calendar=Calendar(holidays=frozenset(draw(st.lists(DAYS, max_size=3)))),
        staff=staff,
        commitments=tuple(draw(commitment(f"K{k}", skills)) for k in range(count)),
        jobs=tuple(draw(commitment(f"N{k}", skills)) for k in range(draw(st.integers(0, 2)))),
    )
