"""A last line of defence: a kernel message rewritten in the domain's words.

Validation refuses bad input before the kernel sees it, and
:mod:`feasibility.diagnose` explains a job that cannot be scheduled, so a kernel
message should never reach a user. Should one still escape (a check the validation
misses is a bug), it is rewritten here before it leaves the planner: task indices
become task and commitment ids, periods dates, resources people.

Example:
    >>> from datetime import date
    >>> print(in_business_words(
    ...     "task 3 (JX/tX) is fixed to start in period 5 but its resources cannot serve it",
    ...     start=date(2026, 11, 30),
    ...     names={"JX/tX": ("JX", "tX")},
    ...     people=("ann",),
    ...     horizon=365,
    ... ))
    task 'tX' of commitment 'JX' is fixed to start on Sat 05 Dec 2026 but its people cannot
    serve it
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from feasibility.compile import Staffing
    from feasibility.models import Commitment

_NAMED_TASK = re.compile(r"\btask \d+ \(([^()]*)\)")
_TASK_LIST = re.compile(r"\btasks \d+(?:, \d+)*")
_TASK = re.compile(r"\btask \d+\b")
_HORIZON = re.compile(r"\b(?:the )?horizon of \d+\b")
_PERIOD = re.compile(r"\bperiods? (\d+)\b")
_RESOURCE = re.compile(r"\bresource (\d+)\b")


def in_business_words(
    message: str,
    *,
    start: date,
    names: Mapping[str, tuple[str, str]],
    people: Sequence[str],
    horizon: int,
) -> str:
    """``message`` with the kernel's positions replaced by the domain's names.

    ``names`` maps a kernel task name (``commitment/task``) to its ids, ``people`` is
    the staff's ids in resource order.
    """

    def task(match: re.Match[str]) -> str:
        key = names.get(match.group(1))
        return "a task" if key is None else f"task {key[1]!r} of commitment {key[0]!r}"

    def day(match: re.Match[str]) -> str:
        return f"on {start + timedelta(days=int(match.group(1))):%a %d %b %Y}"

    def person(match: re.Match[str]) -> str:
        r = int(match.group(1))
        return repr(people[r]) if 0 <= r < len(people) else "a person"

    end = start + timedelta(days=horizon - 1)
    text = _NAMED_TASK.sub(task, message)
    text = _TASK_LIST.sub("several tasks", text)
    text = _TASK.sub("a task", text)
    text = _HORIZON.sub(f"the end of the planning horizon ({end:%a %d %b %Y})", text)
    text = _PERIOD.sub(day, text)
    text = _RESOURCE.sub(person, text)
    return text.replace("resources", "people").replace(" in on ", " on ")


def in_words_of(staffing: Staffing, commitments: Iterable[Commitment], message: str) -> str:
    """``message`` in business words for a problem compiled from ``commitments`` on
    ``staffing``'s people and days."""
    names = {f"{c.id}/{t.id}": (c.id, t.id) for c in commitments for t in c.tasks}
    return in_business_words(
        message,
        start=staffing.start,
        names=names,
        people=[p.id for p in staffing.staff],
        horizon=staffing.horizon,
    )
