"""Approval tiers: who has to say yes to a quote, scaled to how exceptional it is.

Every verdict carries a tier from the planner's :class:`ApprovalPolicy`:

- ``standard``: feasible with at least ``buffer_days`` working days to spare, nothing
  booked moves; sales may promise it;
- ``ops-review``: feasible, but only by moving booked work (within its promises) or with
  less buffer than the policy asks;
- ``exec-exception``: not feasible as things stand, but a lever makes it: extra hours
  (overtime, a contractor) or another commitment's promise slipping;
- ``infeasible``: no lever found makes the requested date (or no date works at all);
  offer a later date or a partial delivery.

Levers are computed only when asked for (``planner.check(job, levers=True)``), so a
verdict that misses its date without them is ``infeasible`` as it stands; its
sentence says that levers were not searched.

Example:
    >>> policy = ApprovalPolicy(buffer_days=2, approvers={"ops-review": "Dana (ops)"})
    >>> policy.approver("ops-review"), policy.approver("standard")
    ('Dana (ops)', 'sales')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from feasibility.explain import named_few
from feasibility.levers import Levers

Tier = Literal["standard", "ops-review", "exec-exception", "infeasible"]
TIERS: tuple[Tier, ...] = ("standard", "ops-review", "exec-exception", "infeasible")

DEFAULT_APPROVERS: dict[Tier, str] = {
    "standard": "sales",
    "ops-review": "operations planning",
    "exec-exception": "operations director",
    "infeasible": "nobody: offer another date",
}


class ApprovalPolicy(BaseModel):
    """How verdicts map to approval tiers, and who approves each tier.

    ``buffer_days``: the working days a feasible date must have to spare before the
    requested date to be ``standard``. ``approvers``: who approves each tier (tiers not
    named keep the default approver).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    buffer_days: int = Field(default=3, ge=0, le=3650)
    approvers: dict[Tier, str] = Field(default_factory=dict)

    @field_validator("approvers")
    @classmethod
    def _named(cls, value: dict[Tier, str]) -> dict[Tier, str]:
        for tier, who in value.items():
            if not who.strip():
                raise ValueError(f"the approver of tier {tier!r} is empty")
        return value

    def approver(self, tier: Tier) -> str:
        return self.approvers.get(tier, DEFAULT_APPROVERS[tier])


@dataclass(frozen=True)
class Approval:
    """The tier of one verdict, who approves it, and a sentence that says why."""

    tier: Tier
    approver: str
    sentence: str
    buffer_days: int | None = None
    """Working days between the earliest date and the requested one (when feasible)."""

    def __str__(self) -> str:
        return self.sentence


def approve(
    policy: ApprovalPolicy,
    *,
    feasible: bool,
    has_date: bool,
    buffer_days: int | None,
    moved: tuple[str, ...],
    levers: Levers | None,
) -> Approval:
    """The tier of a verdict under ``policy``.

    ``has_date``: some date within the horizon works; ``buffer_days``: working days to
    spare (``None`` without a requested date); ``moved``: booked commitments the
    verdict moves; ``levers``: the levers found, or ``None`` when none were searched.

    Example:
        >>> approve(ApprovalPolicy(), feasible=True, has_date=True, buffer_days=1,
        ...         moved=(), levers=None).tier
        'ops-review'
    """

    def tier(name: Tier, why: str) -> Approval:
        who = policy.approver(name)
        return Approval(name, who, f"{name} ({who}): {why}", buffer_days)

    if feasible:
        if moved:
            return tier("ops-review", f"it fits only by moving booked work of {named_few(moved)}.")
        if buffer_days is not None and buffer_days < policy.buffer_days:
            return tier(
                "ops-review",
                f"it fits with {buffer_days} working day{'s' if buffer_days != 1 else ''} to "
                f"spare, less than the {policy.buffer_days} the policy asks.",
            )
        if buffer_days is None:
            return tier("standard", "it fits; no date was requested.")
        return tier("standard", f"it fits with {buffer_days} working days to spare.")
    exceptions = [
        lever
        for lever in (levers.levers if levers is not None else ())
        if lever.meets_request and lever.kind != "partial_delivery"
    ]
    if exceptions:
        kinds = " or ".join(
            "extra hours" if lever.kind == "extra_hours" else "another promise slipping"
            for lever in exceptions
        )
        return tier("exec-exception", f"the requested date holds only with {kinds}.")
    if not has_date:
        return tier("infeasible", "no date within the planning horizon works.")
    if levers is None:
        return tier(
            "infeasible",
            "the requested date cannot be met as things stand (levers were not searched).",
        )
    return tier("infeasible", "no lever found makes the requested date.")
