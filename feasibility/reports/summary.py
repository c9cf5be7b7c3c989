"""The plan's commitments as a table: due, planned finish, days late, on time.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[Commitment(
    ...                       id="J1", due=date(2026, 11, 30),
    ...                       tasks=[Task(id="a", skill="fit", effort_hours=16)])])
    >>> commitment_frame(planner).to_dict("records")[0]["days_late"]
    1
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from feasibility.book import Book
from feasibility.planner import Planner

COMMITMENT_COLUMNS = ["commitment", "customer", "due", "planned_finish", "days_late", "on_time"]


def commitment_frame(plan: Planner | Book) -> pd.DataFrame:
    """One row per booked commitment, in booking order; ``days_late`` counts calendar
    days past the due date (0 when on time or with no due date)."""
    book = plan.book_state if isinstance(plan, Planner) else plan
    rows = []
    for commitment in book.booked.values():
        end = book.planned_end(commitment.id)
        finish = book.staffing.start + timedelta(days=end - 1) if end else None
        due = commitment.due
        late = 0 if due is None or finish is None else max((finish - due).days, 0)
        rows.append((commitment.id, commitment.customer, due, finish, late, late == 0))
    return pd.DataFrame(rows, columns=COMMITMENT_COLUMNS)
