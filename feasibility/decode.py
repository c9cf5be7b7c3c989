"""Kernel -> domain: periods back to dates, resource usage back to people and hours."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from feasibility.capacity import units_to_hours
from feasibility.compile import Compiled, Staffing, TaskKey
from solvers import Solution, TaskSchedule

ASSIGNMENT_COLUMNS = ["commitment", "task", "person", "day", "hours"]
TASK_COLUMNS = ["commitment", "task", "start", "finish"]


def schedules_by_key(compiled: Compiled, solution: Solution) -> dict[TaskKey, TaskSchedule]:
    """Each task's schedule under its (commitment, task) key."""
    return {key: solution.tasks[i] for i, key in enumerate(compiled.keys)}


def assignment_frame(staffing: Staffing, schedules: dict[TaskKey, TaskSchedule]) -> pd.DataFrame:
    """One row per person, task and day with the hours worked, sorted by day."""
    rows = []
    for (commitment, task), schedule in schedules.items():
        for usage in schedule.usage:
            rows.append(
                (
                    commitment,
                    task,
                    staffing.staff[usage.resource].id,
                    staffing.start + timedelta(days=usage.period),
                    units_to_hours(usage.amount),
                )
            )
    frame = pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)
    frame = frame.sort_values(["day", "commitment", "task", "person"], kind="stable")
    return frame.reset_index(drop=True)


def task_frame(staffing: Staffing, schedules: dict[TaskKey, TaskSchedule]) -> pd.DataFrame:
    """One row per task with its first and last day (inclusive)."""
    rows = [
        (commitment, task, day_of(staffing, s.start), finish_of(staffing, s))
        for (commitment, task), s in schedules.items()
    ]
    frame = pd.DataFrame(rows, columns=TASK_COLUMNS)
    frame = frame.sort_values(["start", "commitment", "task"], kind="stable")
    return frame.reset_index(drop=True)


def day_of(staffing: Staffing, period: int) -> date:
    return staffing.start + timedelta(days=period)


def finish_of(staffing: Staffing, schedule: TaskSchedule) -> date:
    """The last day a task occupies (a zero-length task finishes the day before it starts)."""
    return staffing.start + timedelta(days=schedule.end - 1)
