"""Approval tiers from the policy, on cases whose tier is known."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from quote_cases import ann_planner, day, fit_job

from feasibility import Commitment, Planner, Task
from feasibility.approval import TIERS, ApprovalPolicy


def planner(policy: ApprovalPolicy | None = None, booked: tuple[Commitment, ...] = ()) -> Planner:
    return ann_planner(booked, approval=policy)


def job(due: date, hours: float = 8) -> Commitment:
    return fit_job("J", due, hours)


def test_plenty_of_buffer_is_standard_for_sales() -> None:
    # ready Mon 30 Nov; Fri 4 Dec leaves 4 working days, the default policy asks 3.
    verdict = planner().check(job(day(12, 4)))
    assert verdict.approval is not None
    assert (verdict.approval.tier, verdict.approval.approver) == ("standard", "sales")
    assert verdict.approval.buffer_days == 4


def test_less_buffer_than_the_policy_asks_is_an_ops_review() -> None:
    # ready Mon 30 Nov, due Wed 2 Dec: 2 working days to spare, fewer than 3.
    verdict = planner().check(job(day(12, 2)))
    assert verdict.approval is not None and verdict.approval.tier == "ops-review"
    relaxed = planner(ApprovalPolicy(buffer_days=2)).check(job(day(12, 2)))
    assert relaxed.approval is not None and relaxed.approval.tier == "standard"


def test_moving_booked_work_is_an_ops_review() -> None:
    booked = fit_job("B", day(12, 11), 40, task="b")
    verdict = planner(ApprovalPolicy(buffer_days=0), (booked,)).check(job(day(12, 4)))
    assert verdict.feasible and verdict.moved == ("B",)
    assert verdict.approval is not None and verdict.approval.tier == "ops-review"
    assert "B" in verdict.approval.sentence


def test_a_date_that_needs_extra_hours_is_an_exec_exception_with_levers() -> None:
    policy = ApprovalPolicy(approvers={"exec-exception": "the COO"})
    verdict = planner(policy).check(job(day(12, 1), hours=24), levers=True)
    assert not verdict.feasible
    assert verdict.approval is not None
    assert (verdict.approval.tier, verdict.approval.approver) == ("exec-exception", "the COO")
    without = planner(policy).check(job(day(12, 1), hours=24))
    assert without.approval is not None and without.approval.tier == "infeasible"
    assert "not searched" in without.approval.sentence


def test_no_date_in_the_horizon_is_infeasible() -> None:
    # a 400-day supply ends past the horizon whatever the staff: no lever helps
    late = Commitment(id="J", due=day(12, 31), tasks=[Task(id="order", lead_time_days=400)])
    verdict = planner().check(late, levers=True)
    assert verdict.earliest is None
    assert verdict.approval is not None and verdict.approval.tier == "infeasible"


def test_every_tier_has_an_approver_and_a_bad_policy_is_refused() -> None:
    policy = ApprovalPolicy()
    assert all(policy.approver(t) for t in TIERS)
    with pytest.raises(ValidationError):
        ApprovalPolicy(buffer_days=-1)
    with pytest.raises(ValidationError):
        ApprovalPolicy(approvers={"board": "someone"})  # type: ignore[dict-item]
    with pytest.raises(ValidationError):
        ApprovalPolicy(approvers={"standard": " "})


def test_the_planner_takes_a_policy_as_a_mapping() -> None:
    made = ann_planner(approval={"buffer_days": 10})
    assert made.approval.buffer_days == 10
    verdict = made.check(job(day(12, 4)))
    assert verdict.approval is not None and verdict.approval.tier == "ops-review"


def test_no_date_without_change_but_one_with_extra_hours_is_an_exec_exception() -> None:
    # ann alone has 8 h on each working day of a horizon ending Thu 28 Jan 2027: 44
    # days, 352 h, fewer than the 400 h of the job; added hours before 31 Dec make it.
    verdict = ann_planner(horizon_days=60).check(
        job(day(12, 31), hours=400), levers=True, time_limit=10
    )
    assert verdict.earliest is None and verdict.levers is not None
    extra = verdict.levers.of_kind("extra_hours")
    assert extra is not None and extra.total_hours >= 400 - 352
    assert verdict.approval is not None and verdict.approval.tier == "exec-exception"


def test_booked_work_moved_only_for_an_earlier_date_needs_no_review() -> None:
    # B fills ann's first week; the job fits untouched on Mon 7 Dec, which meets its
    # requested 18 Dec, though the check moves B to find the earlier 30 Nov.
    booked = fit_job("B", day(12, 11), 40, task="b")
    verdict = planner(ApprovalPolicy(buffer_days=3), (booked,)).check(job(day(12, 18)))
    assert verdict.feasible and verdict.moved == ("B",)
    assert verdict.untouched == day(12, 7) and verdict.earliest is not None
    assert verdict.earliest < verdict.untouched
    assert verdict.approval is not None and verdict.approval.tier == "standard"
