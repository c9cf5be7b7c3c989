from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from feasibility.capacity import (
    RESOLUTION,
    capacity_units,
    date_of,
    effort_units,
    period_of,
    person_capacity,
    units_to_hours,
    working_mask,
)
from feasibility.models import Calendar, Person

MONDAY = date(2026, 11, 30)
SHARED = Calendar()


def test_resolution_is_quarter_hours() -> None:
    assert RESOLUTION == 4


@pytest.mark.parametrize(
    ("hours", "units"),
    [(0.0, 0), (1.0, 4), (0.25, 1), (0.1, 1), (1.26, 6), (2.5, 10), (1.0000000001, 4)],
)
def test_effort_rounds_up(hours: float, units: int) -> None:
    assert effort_units(hours) == units


@pytest.mark.parametrize(
    ("hours", "units"),
    [(0.0, 0), (1.0, 4), (0.24, 0), (1.49, 5), (7.5, 30), (0.9999999999, 4), (40 / 6, 26)],
)
def test_capacity_rounds_down(hours: float, units: int) -> None:
    assert capacity_units(hours) == units


def test_float_noise_is_forgiven_in_both_directions() -> None:
    noisy = 0.1 + 0.2  # 0.30000000000000004
    assert effort_units(noisy * 10) == 12
    assert capacity_units(sum([0.1] * 10)) == 4  # 0.9999999999999999


def test_large_values_stay_exact() -> None:
    assert effort_units(1e6 + 1e-7) == 4_000_000
    assert capacity_units(1e6 - 1e-7) == 4_000_000


@pytest.mark.parametrize("hours", [-0.25, float("nan"), float("inf")])
def test_units_reject_bad_hours(hours: float) -> None:
    with pytest.raises(ValueError, match="hours must be a finite, non-negative number"):
        effort_units(hours)
    with pytest.raises(ValueError, match="hours must be a finite, non-negative number"):
        capacity_units(hours)


def test_units_to_hours() -> None:
    assert units_to_hours(0) == 0.0
    assert units_to_hours(30) == 7.5
    assert units_to_hours(effort_units(6.0)) == 6.0


@given(st.integers(min_value=0, max_value=10**6))
def test_whole_units_round_trip(units: int) -> None:
    hours = units_to_hours(units)
    assert effort_units(hours) == units
    assert capacity_units(hours) == units


@given(st.floats(min_value=0, max_value=1e5, allow_nan=False))
@example(12265.749987734998)  # 5e-5 of a unit short of a whole one: not float noise
def test_effort_covers_and_capacity_never_overstates(hours: float) -> None:
    up, down = effort_units(hours), capacity_units(hours)
    assert units_to_hours(up) >= hours - 1e-6
    assert units_to_hours(down) <= hours + 1e-6
    assert 0 <= up - down <= 1


def test_date_and_period_round_trip() -> None:
    assert date_of(MONDAY, 0) == MONDAY
    assert date_of(MONDAY, 18) == date(2026, 12, 18)
    assert period_of(MONDAY, date(2026, 12, 18)) == 18
    assert period_of(MONDAY, date(2026, 11, 29)) == -1
    assert period_of(MONDAY, date_of(MONDAY, 400)) == 400


def test_working_mask_weekdays_and_holidays() -> None:
    calendar = Calendar(holidays={date(2026, 12, 1), date(2026, 11, 1), date(2027, 6, 1)})
    mask = working_mask(calendar, MONDAY, 14)
    assert mask.dtype == np.int64
    assert mask.tolist() == [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0]


def test_working_mask_starting_midweek_with_weekend_work() -> None:
    calendar = Calendar(workdays={0, 1, 2, 3, 4, 5})
    saturday = date(2026, 12, 5)
    assert working_mask(calendar, saturday, 3).tolist() == [1, 0, 1]


def test_working_mask_empty_and_negative_length() -> None:
    assert working_mask(SHARED, MONDAY, 0).tolist() == []
    with pytest.raises(ValueError, match="days must not be negative"):
        working_mask(SHARED, MONDAY, -1)


def test_person_capacity_thirty_hours_a_week() -> None:
    ann = Person(id="ann", skills={"install"}, hours_per_week=30)
    capacity = person_capacity(ann, SHARED, MONDAY, 14)
    assert capacity.dtype == np.int64
    assert capacity.tolist() == [24] * 5 + [0, 0] + [24] * 5 + [0, 0]
    assert units_to_hours(int(capacity.sum())) == 60.0


def test_person_capacity_own_calendar_and_time_off() -> None:
    kim = Person(
        id="kim",
        skills={"install"},
        hours_per_week=30,
        calendar=Calendar(workdays={0, 1, 2, 3}, holidays={date(2026, 12, 10)}),
        time_off=[(date(2026, 11, 20), date(2026, 12, 1)), date(2026, 12, 14)],
    )
    capacity = person_capacity(kim, Calendar(holidays={date(2026, 12, 2)}), MONDAY, 16)
    expected = [0, 0, 30, 30, 0, 0, 0, 30, 30, 30, 0, 0, 0, 0, 0, 30]
    assert capacity.tolist() == expected


def test_person_capacity_rounds_daily_hours_down() -> None:
    bo = Person(
        id="bo", skills={"install"}, hours_per_week=40, calendar=Calendar(workdays=set(range(6)))
    )
    assert person_capacity(bo, SHARED, MONDAY, 1).tolist() == [26]  # 6.67 h -> 6.5 h


def test_person_capacity_time_off_outside_the_window_is_ignored() -> None:
    ann = Person(
        id="ann",
        skills={"install"},
        time_off=[(date(2026, 1, 1), date(2026, 11, 29)), (date(2026, 12, 7), date(2027, 12, 31))],
    )
    assert person_capacity(ann, SHARED, MONDAY, 10).tolist() == [32] * 5 + [0] * 5


people = st.builds(
    Person,
    id=st.just("p"),
    skills=st.just(frozenset({"s"})),
    hours_per_day=st.one_of(st.none(), st.floats(min_value=0, max_value=24)),
    calendar=st.one_of(
        st.none(),
        st.builds(
            Calendar,
            workdays=st.frozensets(st.integers(0, 6), min_size=1),
            holidays=st.frozensets(st.dates(date(2026, 11, 1), date(2027, 2, 1)), max_size=6),
        ),
    ),
    time_off=st.lists(
        st.one_of(
            st.dates(date(2026, 11, 1), date(2027, 2, 1)),
            st.tuples(st.dates(date(2026, 11, 1), date(2027, 2, 1)), st.integers(0, 20)).map(
                lambda pair: (pair[0], pair[0] + timedelta(days=pair[1]))
            ),
        ),
        max_size=4,
    ).map(tuple),
)
calendars = st.builds(
    Calendar,
    workdays=st.frozensets(st.integers(0, 6)),
    holidays=st.frozensets(st.dates(date(2026, 11, 1), date(2027, 2, 1)), max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(
    person=people,
    shared=calendars,
    start=st.dates(date(2026, 11, 1), date(2027, 1, 1)),
    days=st.integers(0, 60),
)
def test_person_capacity_matches_hours_on_day_by_day(
    person: Person, shared: Calendar, start: date, days: int
) -> None:
    expected = [capacity_units(person.hours_on(date_of(start, k), shared)) for k in range(days)]
    assert person_capacity(person, shared, start, days).tolist() == expected
