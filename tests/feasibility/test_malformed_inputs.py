"""Random, mostly valid and sometimes malformed input through the whole public API.

Every call either answers or raises ``InputError`` / pydantic's ``ValidationError``
(never an exception from inside), a failed booking leaves the booked state exactly as
it was, and no accepted booking stops a later call from working.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from pydantic import ValidationError

from feasibility import Calendar, Commitment, InputError, Person, Planner, Task, Verdict

START = date(2026, 11, 30)
SKILLS = ("fit", "wire")
CALL_SECONDS = 0.2

Raw = Any
Call = tuple[str, Raw, dict[str, Raw]]


BAD_ODDS = 30
"""One field in this many is drawn malformed: most cases reach check and book."""


def sometimes(valid: st.SearchStrategy[Raw], *bad: Raw) -> st.SearchStrategy[Raw]:
    """Mostly ``valid``, now and then one of the ``bad`` values."""
    # the malformed pick sits mid-range: hypothesis favours the ends of a range
    middle = BAD_ODDS // 2
    return st.integers(0, BAD_ODDS - 1).flatmap(
        lambda k: st.sampled_from(bad) if k == middle else valid
    )


def days(low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(low, high).map(lambda k: START + timedelta(days=k))


FAR = st.one_of(days(-30, 90), days(300, 420), days(3640, 3660))
"""Dates near the start, around the default horizon's end and around ten years out."""


@st.composite
def calendars(draw: st.DrawFn) -> Raw:
    workdays = draw(sometimes(st.just([0, 1, 2, 3, 4]), [], [5], [0, 9], [0]))
    holidays = draw(st.lists(days(0, 60), max_size=2))
    return draw(sometimes(st.just({"workdays": workdays, "holidays": holidays}), None, "Mon-Fri"))


@st.composite
def people(draw: st.DrawFn, index: int) -> Raw:
    person: dict[str, Raw] = {
        "id": draw(sometimes(st.just(f"p{index}"), "", " ", None, 7)),
        "skills": draw(sometimes(st.sampled_from([set(SKILLS), {"fit"}, {"wire"}]), "fit", [""])),
    }
    hours = draw(
        st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["hours_per_day", "hours_per_week"]),
                sometimes(st.sampled_from([4, 6.5, 8, 30, 40]), -1, 0, 100, 1e9, math.nan, True),
            ),
        )
    )
    if hours is not None:
        person[hours[0]] = hours[1]
    if draw(st.booleans()):
        first = draw(days(0, 40))
        person["time_off"] = [[first, first + timedelta(days=draw(st.integers(-2, 5)))]]
    return draw(sometimes(st.just(person), None, "ann", 3))


@st.composite
def tasks(draw: st.DrawFn, ids: list[str], k: int) -> Raw:
    task: dict[str, Raw] = {"id": ids[k]}
    if draw(st.integers(0, 3)) == 0:
        task["lead_time_days"] = draw(sometimes(st.integers(1, 20), 0, 400, 1000, 10**7, 2.5))
    else:
        task["skill"] = draw(sometimes(st.sampled_from(SKILLS), "weld", ""))
        task["effort_hours"] = draw(
            sometimes(st.sampled_from([2, 8, 12.3, 40]), 0, -4, 1e20, math.inf, True)
        )
        if draw(st.integers(0, 3)) == 0:
            task["crew"] = draw(sometimes(st.integers(1, 3), 0, 10**12))
        if draw(st.integers(0, 7)) == 0:
            task["contiguous"] = True
    if k and draw(st.booleans()):
        before = draw(st.sampled_from(ids[:k]))
        lag = draw(sometimes(st.integers(0, 5), -1, 300, 3650, 10**9))
        task["after"] = [{"task": before, "lag_days": lag}]
    if draw(st.integers(0, 5)) == 0:
        task["pinned_start"] = draw(FAR)
    if draw(st.integers(0, 7)) == 0:
        task["finished"] = True
    return task


@st.composite
def commitments(draw: st.DrawFn, name: str) -> Raw:
    count = draw(st.integers(1, 3))
    ids = [f"t{k}" for k in range(count)]
    raw: dict[str, Raw] = {
        "id": draw(sometimes(st.just(name), "", "J0")),
        "tasks": [draw(tasks(ids, k)) for k in range(count)],
        "priority": draw(sometimes(st.integers(1, 5), 0, 10**9, True)),
    }
    if draw(st.integers(0, 2)):
        raw["due"] = draw(FAR)
    return draw(sometimes(st.just(raw), None, "J9", 5))


def call_lists(count: tuple[int, int]) -> st.SearchStrategy[list[Call]]:
    return st.integers(*count).flatmap(
        lambda n: st.tuples(*(calls(f"J{k}") for k in range(n))).map(list)
    )


@st.composite
def calls(draw: st.DrawFn, name: str) -> Call:
    kind = draw(st.sampled_from(["check", "book"]))
    options: dict[str, Raw] = {"time_limit": CALL_SECONDS}
    if kind == "book":
        options["allow_infeasible"] = draw(sometimes(st.booleans(), "yes", 1))
    elif draw(st.integers(0, 9)) == 5:
        options["method"] = "whole-book"
    return kind, draw(commitments(name)), options


@st.composite
def planner_arguments(draw: st.DrawFn) -> dict[str, Raw]:
    staff = [draw(people(i)) for i in range(draw(st.integers(1, 3)))]
    booked = [draw(commitments(f"B{i}")) for i in range(draw(st.integers(0, 2)))]
    return {
        "calendar": draw(calendars()),
        "staff": draw(sometimes(st.just(staff), None, "staff")),
        "start": draw(sometimes(st.just(START), "2026-11-30", "tomorrow", None)),
        "commitments": booked,
        "horizon_days": draw(sometimes(st.sampled_from([14, 30, 60]), 0, 1.5, 10**6, True)),
        "time_limit": draw(sometimes(st.just(CALL_SECONDS), math.nan, 0, -1, "2")),
        "construction_time_limit": 0.5,
        "workers": draw(sometimes(st.just(1), 0, 2.5, 10**6)),
    }


def run_calls(planner: Planner, calls: list[Call]) -> None:
    """Each call answers or is refused cleanly; a refused booking changes nothing."""
    for kind, commitment, options in calls:
        note(f"{kind} {commitment!r} {options!r}")
        state, frame = planner.book_state, planner.assignments
        try:
            if kind == "check":
                assert isinstance(planner.check(commitment, **options), Verdict)
            else:
                assert isinstance(planner.book(commitment, **options), Verdict)
            event(f"{kind} answered")
        except (InputError, ValidationError) as error:
            note(f"refused: {error}")
            event(f"{kind} refused")
            if kind == "book":
                assert planner.book_state is state
                assert_frame_equal(planner.assignments, frame)


SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(planner_arguments(), call_lists((1, 2)))
def test_every_planner_input_answers_or_is_refused_cleanly(
    arguments: dict[str, Raw], calls: list[Call]
) -> None:
    note(repr(arguments))
    try:
        planner = Planner(**arguments)
    except (InputError, ValidationError) as error:
        note(f"refused: {error}")
        event("planner refused")
        return
    event("planner built")
    run_calls(planner, calls)


@SETTINGS
@given(call_lists((1, 4)))
def test_every_call_on_a_booked_planner_answers_or_is_refused_cleanly(calls: list[Call]) -> None:
    staff = [
        Person(id="ann", skills={"fit", "wire"}),
        Person(id="bo", skills={"wire"}, hours_per_week=30),
    ]
    booked = Commitment(
        id="J0",
        due=START + timedelta(days=11),
        tasks=(
            Task(id="t0", skill="fit", effort_hours=16),
            Task(id="t1", skill="wire", effort_hours=12, after=["t0"]),
        ),
    )
    planner = Planner(
        calendar=Calendar(),
        staff=staff,
        start=START,
        commitments=[booked],
        horizon_days=30,
        time_limit=CALL_SECONDS,
        construction_time_limit=0.5,
    )
    run_calls(planner, calls)
