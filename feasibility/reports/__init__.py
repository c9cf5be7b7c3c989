"""Reports of a plan or a verdict: tables, pictures (matplotlib) and an HTML page.

Each picture is drawn from a small data function that the tests check against the
plan: :func:`gantt_data` (bars per person), :func:`load_data` (cells per skill and
week), :func:`verdict_data` (the job against the free hours). Drawing needs the
``plot`` extra (``pip install 'feasibility[plot]'``); the data functions and the
tables do not.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Person, Planner
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30))
    >>> len(commitment_frame(planner)), gantt_data(planner.book_state).bars
    (0, ())
"""

from feasibility.reports.gantt import Bar, GanttData, Shade, gantt_data
from feasibility.reports.html_report import plan_report, verdict_report
from feasibility.reports.load import LoadCell, LoadData, load_data
from feasibility.reports.pictures import plan_pictures, verdict_pictures
from feasibility.reports.summary import commitment_frame
from feasibility.reports.verdict_picture import VerdictData, verdict_data

__all__ = [
    "Bar",
    "GanttData",
    "LoadCell",
    "LoadData",
    "Shade",
    "VerdictData",
    "commitment_frame",
    "gantt_data",
    "load_data",
    "plan_pictures",
    "plan_report",
    "verdict_data",
    "verdict_pictures",
    "verdict_report",
]
