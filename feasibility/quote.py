"""A verdict completed for the people who act on it: its levers and its approval tier.

The planner's check answers yes or no with the earliest date and the reasons; these
functions add what sales needs next: the levers that would make the requested date
possible (:mod:`feasibility.levers`) and the tier of approval it needs under a policy
(:mod:`feasibility.approval`).

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30))
    >>> job = Commitment(id="J1", due=date(2026, 12, 31),
    ...                  tasks=[Task(id="a", skill="fit", effort_hours=8)])
    >>> verdict = planner.check(job)
    >>> verdict.approval.tier, verdict.approval.approver
    ('standard', 'sales')
"""

from __future__ import annotations

from dataclasses import replace

from feasibility.approval import ApprovalPolicy, approve
from feasibility.explain import working_days_between
from feasibility.levers import SlipOrder, find_levers, slip_order
from feasibility.reasons import SkillCapacity
from feasibility.verdict import Verdict
from solvers.deadline import Deadline


def approved(verdict: Verdict, policy: ApprovalPolicy) -> Verdict:
    """``verdict`` with its approval tier under ``policy``."""
    buffer = None
    basis, due, earliest = verdict.basis, verdict.due, verdict.earliest
    if basis is not None and due is not None and earliest is not None and earliest <= due:
        buffer = working_days_between(basis.staffing, earliest, due)
    # The check moves booked work to find its earliest date; the requested date needs
    # no move when the job meets it with nothing booked moving.
    untouched = verdict.untouched
    needs_moves = due is None or untouched is None or untouched > due
    approval = approve(
        policy,
        feasible=verdict.feasible,
        has_date=verdict.earliest is not None,
        buffer_days=buffer,
        moved=verdict.moved if needs_moves else (),
        levers=verdict.levers,
    )
    return replace(verdict, approval=approval)


def with_levers(
    verdict: Verdict, deadline: Deadline, workers: int = 1, order: SlipOrder = slip_order
) -> Verdict:
    """``verdict`` with the levers that would make its requested date possible (none
    when it has no requested date or already meets it), found within ``deadline``."""
    if verdict.basis is None or verdict.job is None:
        return verdict
    found = find_levers(
        verdict.basis,
        verdict.job,
        earliest=verdict.earliest,
        deadline=deadline,
        workers=workers,
        order=order,
        focus=[r.skill for r in verdict.reasons if isinstance(r, SkillCapacity) and r.skill],
    )
    return replace(verdict, levers=found)
