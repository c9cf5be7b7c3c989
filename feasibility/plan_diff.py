"""What changes between two plans: dates, tasks moved, people reassigned.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[Commitment(
    ...                       id="J1", due=date(2026, 12, 18),
    ...                       tasks=[Task(id="a", skill="fit", effort_hours=16)])])
    >>> same = diff_books(planner.book_state, planner.book_state)
    >>> len(same.dates), len(same.moved), same.summary()
    (0, 0, 'No commitment changes its date; no task moves; nobody is reassigned.')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from feasibility.book import Book
from feasibility.decode import day_of, finish_of
from feasibility.verdict import plan_frame, plan_task_frame
from solvers.checker import same_schedule
from solvers.problem import TaskSchedule

DATE_COLUMNS = ["commitment", "before", "after", "days"]
MOVED_COLUMNS = ["commitment", "task", "start_before", "finish_before", "start", "finish"]
REASSIGNED_COLUMNS = ["commitment", "task", "people_before", "people"]


@dataclass(frozen=True)
class PlanDiff:
    """The differences from one plan to another, as frames.

    ``dates``: commitments whose planned finish changes (``days``: later is positive);
    ``moved``: tasks whose hours change in time or person; ``reassigned``: tasks whose
    people change (``people_before``/``people``: ids joined by commas).
    """

    dates: pd.DataFrame
    moved: pd.DataFrame
    reassigned: pd.DataFrame

    def summary(self) -> str:
        """The differences in sentences."""
        if self.dates.empty:
            dates = "No commitment changes its date"
        else:
            later = int((self.dates["days"] > 0).sum())
            count = len(self.dates)
            dates = (
                f"{count} commitment{'s change their' if count != 1 else ' changes its'} "
                f"date ({later} later, {count - later} earlier)"
            )
        moved = "no task moves" if self.moved.empty else _count(len(self.moved), "task", "moves")
        people = (
            "nobody is reassigned"
            if self.reassigned.empty
            else _count(len(self.reassigned), "task", "changes people")
        )
        return f"{dates}; {moved}; {people}."


def _count(number: int, noun: str, verb: str) -> str:
    if number == 1:
        return f"1 {noun} {verb}"
    plural = verb.replace("moves", "move").replace("changes", "change")
    return f"{number} {noun}s {plural}"


def finishes(book: Book) -> dict[str, date]:
    """Per booked commitment with planned work, the day its last task finishes."""
    frame = plan_task_frame(book)
    if frame.empty:
        return {}
    return {str(k): v for k, v in frame.groupby("commitment")["finish"].max().items()}


def people_by_task(book: Book) -> pd.Series:
    """Per (commitment, task), the ids of the people with hours on it, joined by commas."""
    frame = plan_frame(book)
    if frame.empty:
        return pd.Series(dtype=object)
    return frame.groupby(["commitment", "task"])["person"].agg(lambda s: ",".join(sorted(set(s))))


def diff_books(before: Book, after: Book) -> PlanDiff:
    """What changes from plan ``before`` to plan ``after`` (tasks in both)."""
    old, new = finishes(before), finishes(after)
    dates = [
        (c, old[c], new[c], (new[c] - old[c]).days) for c in new if c in old and old[c] != new[c]
    ]
    moved = []
    for key, slot in after.slots.items():
        if key not in before.slots or not after.plan.has(slot):
            continue
        was, now = before.schedule(key), after.plan.schedule(slot)
        if was is None or same_schedule(was, now):
            continue
        moved.append((*key, *_span(before, was), *_span(after, now)))
    people_old, people_new = people_by_task(before), people_by_task(after)
    reassigned = [
        (*key, people_old[key], people_new[key])
        for key in people_new.index
        if key in people_old.index and people_old[key] != people_new[key]
    ]
    return PlanDiff(
        pd.DataFrame(dates, columns=DATE_COLUMNS),
        pd.DataFrame(sorted(moved), columns=MOVED_COLUMNS),
        pd.DataFrame(sorted(reassigned), columns=REASSIGNED_COLUMNS),
    )


def _span(book: Book, schedule: TaskSchedule) -> tuple[date, date]:
    return day_of(book.staffing, schedule.start), finish_of(book.staffing, schedule)
