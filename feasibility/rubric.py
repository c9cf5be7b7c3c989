"""The priority rubric: a transparent score that says how much a commitment's lateness costs.

Each commitment carries ``attributes`` (numbers by name); a :class:`Rubric` weighs them,
and a commitment's score is the sum of weight times attribute over the rubric's
attributes (a missing attribute counts 0; the name ``priority`` reads the commitment's
``priority`` unless its attributes give one). The score weighs the commitment's days
late in a re-plan's objective, so that sales, support and product can read (and agree
on) why one promise slips before another. Scores below ``minimum_score`` count as it,
so that no lateness is free.

The standard attributes are :data:`STANDARD_ATTRIBUTES`; any other name may be used.

Example:
    >>> from datetime import date
    >>> from feasibility.models import Commitment, Task
    >>> rubric = Rubric(weights={"contract_value": 0.01, "renewal_probability": 50,
    ...                          "cost_to_serve": -0.005})
    >>> job = Commitment(id="J1", tasks=[Task(id="a", lead_time_days=1)],
    ...                  attributes={"contract_value": 20000, "renewal_probability": 0.8,
    ...                              "cost_to_serve": 4000})
    >>> rubric.score(job)
    220.0
    >>> rubric.breakdown(job)
    {'contract_value': 200.0, 'renewal_probability': 40.0, 'cost_to_serve': -20.0}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from feasibility.errors import InputError
from feasibility.limits import MAX_PRIORITY
from feasibility.models import Commitment

STANDARD_ATTRIBUTES = (
    "contract_value",
    "strategic_value",
    "renewal_probability",
    "risk_exposure",
    "cost_to_serve",
)
"""The attributes the rubric is built for (extra, user-defined names are allowed)."""

PRIORITY = "priority"
"""The attribute name that reads a commitment's ``priority`` when its attributes lack it."""


class Rubric(BaseModel):
    """Weights per attribute; a commitment's score is their weighted sum.

    The default rubric scores each commitment by its ``priority``. ``minimum_score``
    (above 0) is the least score any commitment counts with.

    Example:
        >>> Rubric().weights
        {'priority': 1.0}
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, float] = {PRIORITY: 1.0}
    minimum_score: float = 0.01

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.weights:
            raise ValueError("a rubric needs at least one weighted attribute")
        for name, weight in self.weights.items():
            if not name.strip():
                raise ValueError("a rubric weighs an attribute with an empty name")
            if not math.isfinite(weight):
                raise ValueError(f"rubric weight of {name!r} must be finite, got {weight}")
        if not (math.isfinite(self.minimum_score) and self.minimum_score > 0):
            raise ValueError(f"minimum_score must be above 0, got {self.minimum_score}")
        return self

    def value(self, commitment: Commitment, name: str) -> float:
        """The attribute ``name`` of ``commitment`` as the rubric reads it."""
        if name in commitment.attributes:
            return float(commitment.attributes[name])
        if name == PRIORITY:
            return float(commitment.priority)
        return 0.0

    def breakdown(self, commitment: Commitment) -> dict[str, float]:
        """Each weighted attribute's contribution (weight times value) to the score."""
        return {name: w * self.value(commitment, name) for name, w in self.weights.items()}

    def score(self, commitment: Commitment) -> float:
        """The commitment's score: the sum of its breakdown, at least ``minimum_score``."""
        return max(self.minimum_score, sum(self.breakdown(commitment).values()))

    def kernel_weights(self, commitments: Sequence[Commitment]) -> list[int]:
        """Whole-number weights proportional to the scores, 1 to 1,000 (the kernel's).

        Example:
            >>> from feasibility.models import Task
            >>> jobs = [Commitment(id=n, tasks=[Task(id="a", lead_time_days=1)], priority=p)
            ...         for n, p in (("A", 1), ("B", 4))]
            >>> Rubric().kernel_weights(jobs)
            [250, 1000]
        """
        scores = [self.score(c) for c in commitments]
        top = max(scores, default=1.0)
        return [max(1, min(MAX_PRIORITY, round(MAX_PRIORITY * s / top))) for s in scores]


def as_rubric(value: object) -> Rubric:
    """The rubric a re-plan scores by: a :class:`Rubric`, a mapping of its fields, or
    ``None`` for the default.

    Example:
        >>> as_rubric({"weights": {"contract_value": 2}}).weights
        {'contract_value': 2.0}
    """
    if value is None:
        return Rubric()
    if isinstance(value, Rubric):
        return value
    if isinstance(value, Mapping):
        return Rubric.model_validate(value)
    raise InputError(f"rubric must be a Rubric, got {value!r}")
