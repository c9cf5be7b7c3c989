"""Holds: reserved like a booking, seen by later checks, ending by expiry, release or
booking; on an injected clock, so no test sleeps."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from quote_cases import ann_planner, fit_job

from feasibility import Commitment, InputError, Planner, Task

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def setup() -> tuple[Planner, Clock]:
    clock = Clock()
    return ann_planner(clock=clock), clock


def week_job(name: str) -> Commitment:
    # 40 h due Fri 4 Dec: all of ann's first week
    return fit_job(name, date(2026, 12, 4), 40)


def day_job(name: str) -> Commitment:
    return fit_job(name, date(2026, 12, 4), 8, task="y")


def test_a_hold_takes_the_hours_until_it_expires() -> None:
    planner, clock = setup()
    held = planner.hold(week_job("A"), until=NOW + timedelta(hours=2))
    assert [h.commitment for h in planner.holds] == ["A"]
    assert planner.commitments == ()
    assert not planner.check(day_job("B")).feasible
    clock.now = NOW + timedelta(hours=2)  # the hold ends at its time exactly
    assert planner.check(day_job("B")).feasible
    assert planner.holds == ()
    with pytest.raises(InputError, match="no longer in force"):
        planner.book(held)


def test_a_released_hold_frees_its_hours() -> None:
    planner, _ = setup()
    held = planner.hold(week_job("A"), until=NOW + timedelta(days=1))
    planner.release(held)
    assert planner.holds == () and planner.check(day_job("B")).feasible
    planner.release(held)  # releasing again changes nothing
    assert planner.assignments.empty


def test_a_booked_hold_stays_after_its_time() -> None:
    planner, clock = setup()
    held = planner.hold(week_job("A"), until=NOW + timedelta(hours=1))
    before = planner.assignments
    verdict = planner.book(held)
    assert verdict.commitment == "A" and [c.id for c in planner.commitments] == ["A"]
    clock.now = NOW + timedelta(days=3)
    assert planner.assignments.equals(before)
    assert not planner.check(day_job("B")).feasible


def test_a_hold_is_refused_like_a_booking() -> None:
    planner, _ = setup()
    with pytest.raises(InputError, match="until must be a datetime"):
        planner.hold(week_job("A"), until="tomorrow")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="after now"):
        planner.hold(week_job("A"), until=NOW - timedelta(minutes=1))
    late = Commitment(
        id="L", due=date(2026, 12, 1), tasks=[Task(id="x", skill="fit", effort_hours=40)]
    )
    with pytest.raises(InputError, match="cannot be delivered"):
        planner.hold(late, until=NOW + timedelta(days=1))
    assert planner.holds == () and planner.assignments.empty


def test_a_naive_until_is_utc() -> None:
    planner, clock = setup()
    planner.hold(week_job("A"), until=datetime(2026, 11, 27, 10, 0))
    clock.now = datetime(2026, 11, 27, 9, 59, tzinfo=UTC)
    assert len(planner.holds) == 1
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert planner.holds == ()


def test_a_verdict_checked_before_a_hold_is_checked_again_when_booked() -> None:
    planner, _ = setup()
    stale = planner.check(week_job("B"))
    planner.hold(week_job("A"), until=NOW + timedelta(days=1))
    with pytest.raises(InputError, match="cannot be delivered"):
        planner.book(stale)


def test_concurrent_holds_never_take_the_same_hours() -> None:
    planner, _ = setup()
    barrier = threading.Barrier(6)
    won: list[str] = []
    lost: list[str] = []

    def attempt(name: str) -> None:
        barrier.wait()
        try:
            if name.startswith("H"):
                planner.hold(week_job(name), until=NOW + timedelta(days=1))
            else:
                planner.book(week_job(name))
            won.append(name)
        except InputError:
            lost.append(name)

    names = ["H1", "H2", "H3", "B1", "B2", "B3"]
    threads = [threading.Thread(target=attempt, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and sorted(won + lost) == sorted(names)
    frame = planner.assignments
    assert frame.groupby(["person", "day"])["hours"].sum().max() <= 8
    assert set(frame["commitment"]) == set(won)


def test_expiry_and_release_under_threads_leave_a_consistent_book() -> None:
    planner, clock = setup()
    holds = [
        planner.hold(
            Commitment(
                id=f"A{k}",
                due=date(2026, 12, 31),
                tasks=[Task(id="x", skill="fit", effort_hours=8)],
            ),
            until=NOW + timedelta(hours=k + 1),
        )
        for k in range(6)
    ]
    clock.now = NOW + timedelta(hours=3, minutes=30)  # A0 .. A2 have ended
    threads = [threading.Thread(target=planner.release, args=(h,)) for h in holds[3:5]]
    threads += [threading.Thread(target=planner.check, args=(day_job("C"),)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [h.commitment for h in planner.holds] == ["A5"]
    assert set(planner.assignments["commitment"]) == {"A5"}


def test_a_held_commitment_is_not_checked_or_booked_again() -> None:
    planner, _ = setup()
    held = planner.hold(week_job("A"), until=NOW + timedelta(days=1))
    for again in (planner.check, planner.book):
        with pytest.raises(InputError, match="'A' is held until 2026-11-28 09:00 UTC"):
            again(week_job("A"))
    with pytest.raises(InputError, match="is held"):
        planner.hold(week_job("A"), until=NOW + timedelta(days=2))
    assert planner.holds == (held,)


def test_a_saved_planner_keeps_its_bookings_but_not_its_holds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    planner, _ = setup()
    planner.hold(week_job("A"), until=NOW + timedelta(hours=2))
    planner.book(fit_job("B", date(2026, 12, 18), 8, task="y"))
    loaded = Planner.load(planner.save(tmp_path / "held.plan"))
    assert [c.id for c in loaded.commitments] == ["B"]
    assert loaded.holds == ()
    # The held hours are free in the loaded planner: a job needing them fits there only.
    assert not planner.check(fit_job("C", date(2026, 12, 4), 32)).feasible
    assert loaded.check(fit_job("C", date(2026, 12, 4), 32)).feasible


def test_a_hold_that_has_ended_takes_no_hours_in_a_replan_or_the_plan() -> None:
    planner, clock = setup()
    planner.hold(week_job("A"), until=NOW + timedelta(hours=1))
    clock.now = NOW + timedelta(hours=2)
    plan = planner.replan(rounds=1, progress=False)
    assert "A" not in set(plan.commitments["commitment"])
    assert "A" not in set(planner.assignments["commitment"])
    assert "A" not in set(planner.tasks["commitment"])
