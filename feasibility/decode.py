"""Kernel -> domain: periods back to dates, resource usage back to people and hours."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from feasibility.capacity import RESOLUTION, units_to_hours
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


def usage_frame(
    staffing: Staffing,
    commitments: np.ndarray,
    tasks: np.ndarray,
    resources: np.ndarray,
    periods: np.ndarray,
    amounts: np.ndarray,
) -> pd.DataFrame:
    """The assignment frame from parallel usage columns (vectorised, for whole plans)."""
    people = np.array([p.id for p in staffing.staff], dtype=object)
    days = np.array(
        [staffing.start + timedelta(days=k) for k in range(staffing.horizon)], dtype=object
    )
    frame = pd.DataFrame(
        {
            "commitment": commitments,
            "task": tasks,
            "person": people[resources] if len(resources) else np.array([], dtype=object),
            "day": days[periods] if len(periods) else np.array([], dtype=object),
            "hours": np.asarray(amounts, dtype=np.float64) / RESOLUTION,
        },
        columns=ASSIGNMENT_COLUMNS,
    )
    frame = frame.sort_values(["day", "commitment", "task", "person"], kind="stable")
    return frame.reset_index(drop=True)


def span_frame(
    staffing: Staffing,
    commitments: np.ndarray,
    tasks: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
) -> pd.DataFrame:
    """The task frame from parallel columns of commitment, task, start and end periods."""
    first = [staffing.start + timedelta(days=int(s)) for s in starts]
    last = [staffing.start + timedelta(days=int(e) - 1) for e in ends]
    frame = pd.DataFrame(
        {"commitment": commitments, "task": tasks, "start": first, "finish": last},
        columns=TASK_COLUMNS,
    )
    frame = frame.sort_values(["start", "commitment", "task"], kind="stable")
    return frame.reset_index(drop=True)
