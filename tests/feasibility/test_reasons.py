"""Reasons by kind, on hand-made cases whose cause is known.

Every case is small enough to work out by hand; the comments give the arithmetic the
assertions rest on (Mon 30 Nov 2026 is the planning start, Mon-Fri calendar).
"""

from __future__ import annotations

import pytest
from quote_cases import START, ann_planner, day, fit_job, supplied_job

from feasibility import Calendar, Commitment, Person, Planner, Task, Verdict
from feasibility.reasons import (
    KINDS,
    BookedWork,
    CalendarHours,
    DependencyChain,
    LeadTime,
    Proof,
    Reason,
    RequestedDate,
    SkillCapacity,
)


def of_kind(verdict: Verdict, kind: type[Reason]) -> list[Reason]:
    return [r for r in verdict.reasons if isinstance(r, kind)]


def one(verdict: Verdict, kind: type[Reason]) -> Reason:
    found = of_kind(verdict, kind)
    assert len(found) == 1, verdict.sentences
    return found[0]


def test_a_chain_of_three_one_day_tasks_is_the_dependency_chain() -> None:
    # a -> b -> c, 8 h each, one 8-hour person: Mon, Tue, Wed; due Tue cannot hold.
    planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})], start=START)
    job = Commitment(
        id="J",
        due=day(12, 1),
        tasks=[
            Task(id="a", skill="fit", effort_hours=8),
            Task(id="b", skill="fit", effort_hours=8, after=["a"]),
            Task(id="c", skill="fit", effort_hours=8, after=["b"]),
        ],
    )
    verdict = planner.check(job)
    assert verdict.earliest == day(12, 2)
    chain = one(verdict, DependencyChain)
    assert isinstance(chain, DependencyChain)
    assert (chain.tasks, chain.working_days, chain.finish, chain.binding) == (
        ("a", "b", "c"),
        3,
        day(12, 2),
        True,
    )
    gap = one(verdict, RequestedDate)
    assert isinstance(gap, RequestedDate)
    assert (gap.requested, gap.earliest, gap.working_days, gap.feasible) == (
        day(12, 1),
        day(12, 2),
        1,
        False,
    )
    assert "a -> b -> c" in str(chain)


def test_a_supplier_lead_time_on_the_chain_is_named() -> None:
    # order: 10 calendar days (30 Nov .. 9 Dec), then 8 h of fitting on Thu 10 Dec.
    verdict = ann_planner().check(supplied_job(day(12, 4)))
    assert verdict.earliest == day(12, 10)
    lead = one(verdict, LeadTime)
    assert isinstance(lead, LeadTime)
    assert (lead.task, lead.days) == ("order", 10)
    chain = one(verdict, DependencyChain)
    assert isinstance(chain, DependencyChain)
    assert chain.tasks == ("order", "fit") and chain.binding


def test_too_few_hours_of_a_skill_is_skill_capacity_with_the_hours_short() -> None:
    # Three people at 30 h a week (6 h a day) have 8 working days x 18 h = 144 h up to
    # Wed 9 Dec; the job needs 270 h, so at least 126 h are missing.
    staff = [Person(id=n, skills={"install"}, hours_per_week=30) for n in "abc"]
    planner = Planner(calendar=Calendar(), staff=staff, start=START)
    job = Commitment(
        id="J", due=day(12, 9), tasks=[Task(id="fit", skill="install", effort_hours=270)]
    )
    verdict = planner.check(job)
    short = one(verdict, SkillCapacity)
    assert isinstance(short, SkillCapacity)
    assert (short.skill, short.people, short.hours_available, short.hours_short) == (
        "install",
        ("a", "b", "c"),
        144.0,
        126.0,
    )
    assert short.weeks == (day(11, 30), day(12, 7))
    assert "126 h" in str(short)


def test_booked_work_that_holds_the_hours_is_named_with_its_hours() -> None:
    # ann has 40 h in the week of 30 Nov, all of it for booked B (due Fri 4 Dec, so it
    # cannot move); an 8-hour job due the same Friday cannot fit and goes to Mon 7 Dec.
    booked = fit_job("B", day(12, 4), 40, task="b")
    verdict = ann_planner([booked]).check(fit_job("J", day(12, 4), 8))
    assert verdict.earliest == day(12, 7)
    capacity = [r for r in of_kind(verdict, SkillCapacity) if isinstance(r, SkillCapacity)]
    assert [r.skill for r in capacity] == ["fit"]
    assert capacity[0].weeks[0] == day(11, 30)
    assert capacity[0].hours_short == 8.0  # 8 h + B's 40 h in a 40-hour week
    held = one(verdict, BookedWork)
    assert isinstance(held, BookedWork)
    assert not held.moves
    assert [(h.commitment, h.hours, h.due) for h in held.commitments] == [("B", 40.0, day(12, 4))]
    assert "B (40 h)" in str(held)


def test_booked_work_that_moves_to_make_room_is_named() -> None:
    # B (40 h, due Fri 11 Dec) is planned in the first week (five working days of safety
    # before its due date); the 8-hour job due Fri 4 Dec fits only if B moves.
    booked = fit_job("B", day(12, 11), 40, task="b")
    verdict = ann_planner([booked]).check(fit_job("J", day(12, 4), 8))
    assert verdict.feasible and verdict.moved == ("B",)
    moves = one(verdict, BookedWork)
    assert isinstance(moves, BookedWork)
    assert moves.moves and [h.commitment for h in moves.commitments] == ["B"]
    assert moves.commitments[0].hours > 0


def test_time_off_and_holidays_are_the_calendar_reason() -> None:
    # ann (8 h a day) is off Tue 1 Dec and Thu 3 Dec is a holiday: 24 h up to Fri 4 Dec
    # instead of 40, so a 40-hour job ends Tue 8 Dec.
    staff = [Person(id="ann", skills={"fit"}, time_off=[day(12, 1)])]
    planner = Planner(calendar=Calendar(holidays={day(12, 3)}), staff=staff, start=START)
    job = Commitment(id="J", due=day(12, 4), tasks=[Task(id="x", skill="fit", effort_hours=40)])
    verdict = planner.check(job)
    assert verdict.earliest == day(12, 8)
    cut = one(verdict, CalendarHours)
    assert isinstance(cut, CalendarHours)
    assert cut.skill == "fit"
    assert cut.holidays == (day(12, 3),)
    assert [(a.person, a.first, a.last, a.hours) for a in cut.time_off] == [
        ("ann", day(12, 1), day(12, 1), 8.0)
    ]
    assert cut.hours_lost == 16.0 and cut.part_time == ()
    assert "03 Dec" in str(cut) and "ann is off 01 Dec" in str(cut)


def test_part_time_people_are_named_by_the_calendar_reason() -> None:
    # bo works 20 h a week: 4 h a day, so 16 h of a 40-hour week up to Thu 3 Dec are lost.
    staff = [Person(id="bo", skills={"fit"}, hours_per_week=20)]
    planner = Planner(calendar=Calendar(), staff=staff, start=START)
    job = Commitment(id="J", due=day(12, 3), tasks=[Task(id="x", skill="fit", effort_hours=20)])
    verdict = planner.check(job)
    assert verdict.earliest == day(12, 4)
    cut = one(verdict, CalendarHours)
    assert isinstance(cut, CalendarHours)
    assert cut.part_time == ("bo",) and cut.hours_lost == 16.0


def test_every_reason_has_a_kind_and_reads_as_its_sentence() -> None:
    planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})], start=START)
    job = Commitment(id="J", due=day(12, 31), tasks=[Task(id="x", skill="fit", effort_hours=8)])
    verdict = planner.check(job)
    assert verdict.feasible
    assert verdict.reasons[0].kind == "requested_date"
    assert all(r.kind in KINDS for r in verdict.reasons)
    assert verdict.sentences == tuple(str(r) for r in verdict.reasons)
    proof = one(verdict, Proof)
    assert isinstance(proof, Proof) and proof.proven and proof.earliest == day(11, 30)
    assert all(f"- {s}" in verdict.summary() for s in verdict.sentences)


@pytest.mark.parametrize("hours", [8, 16, 24, 32])
def test_the_hours_short_never_exceed_what_is_missing(hours: int) -> None:
    # One 8-hour person, due Tue 1 Dec (16 h): exactly max(0, hours - 16) are missing.
    planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})], start=START)
    job = Commitment(id="J", due=day(12, 1), tasks=[Task(id="x", skill="fit", effort_hours=hours)])
    verdict = planner.check(job)
    shorts = [r for r in verdict.reasons if isinstance(r, SkillCapacity)]
    if hours <= 16:
        assert verdict.feasible and not shorts
    else:
        assert [r.hours_short for r in shorts] == [hours - 16.0]
