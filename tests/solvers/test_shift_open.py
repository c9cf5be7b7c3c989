"""Calendar lags: the count of open periods agrees with a one-by-one walk, and a huge
lag costs no more than a short one."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.problem import latest_origin, open_counts, shift_open


def walked(calendar: np.ndarray, origin: int, lag: int) -> int:
    """The definition: count open periods one by one (past the end everything is open)."""
    if lag <= 0:
        return origin + lag
    t, counted = origin, 0
    while counted < lag:
        if t >= len(calendar) or calendar[t]:
            counted += 1
        t += 1
    return t


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 1), max_size=120),
    st.integers(0, 150),
    st.integers(-3, 300),
)
def test_agrees_with_walking_one_period_at_a_time(
    calendar: list[int], origin: int, lag: int
) -> None:
    array = np.array(calendar, dtype=np.int64)
    assert shift_open(array, origin, lag) == walked(array, origin, lag)


def test_a_lag_of_a_billion_open_periods_is_counted_in_closed_form() -> None:
    weekdays = np.array([1, 1, 1, 1, 1, 0, 0] * 52, dtype=np.int64)
    # 260 open periods in the calendar, the rest of the lag past its end
    assert shift_open(weekdays, 0, 10**9) == len(weekdays) + 10**9 - 260


def test_a_calendar_with_no_open_period_pushes_the_whole_lag_past_its_end() -> None:
    closed = np.zeros(3650, dtype=np.int64)
    assert shift_open(closed, 5, 2) == 3652
    assert shift_open(None, 5, 2) == 7


@given(
    st.lists(st.integers(0, 1), min_size=1, max_size=30),
    st.integers(0, 30),
    st.integers(-3, 12),
)
def test_latest_origin_inverts_shift_open(days: list[int], until: int, lag: int) -> None:
    calendar = np.array(days)
    until = min(until, len(days))
    origin = latest_origin(open_counts(calendar), until, lag)
    later = [o for o in range(-1, until + 4) if shift_open(calendar, o, lag) <= until and o >= 0]
    if lag <= 0:
        assert origin == until - lag
    else:
        assert origin == (max(later) if later else -1)
