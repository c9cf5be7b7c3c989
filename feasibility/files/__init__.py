"""Books, jobs and plans in files: tables in, saved planners, verdicts as JSON.

- :func:`from_frames` (DataFrames) and :func:`load_book` (a folder of CSV, Parquet,
  JSON or YAML tables, or one JSON or YAML file) read a book, every row validated,
  errors naming the file, the row and the column (:mod:`feasibility.files.tables` lists
  the tables and columns); :func:`load_jobs` reads new jobs; :func:`write_book` writes
  a book back.
- :func:`save_planner` and :func:`load_planner` (``planner.save`` and
  ``Planner.load``) keep a planner with its plan.
- :func:`verdict_to_json` and :func:`verdict_from_json` carry a verdict as JSON.

Example:
    >>> import pandas as pd
    >>> book = from_frames(settings={"start": "2026-11-30"},
    ...                    staff=pd.DataFrame({"id": ["ann"], "skills": ["fit"]}))
    >>> book.planner().start
    datetime.date(2026, 11, 30)
"""

from feasibility.files.inputs import BookInputs, BookSettings
from feasibility.files.readers import load_book, load_jobs, read_table, write_book
from feasibility.files.saved import is_saved_planner, load_planner, save_planner
from feasibility.files.tables import TABLES, from_frames, to_frames
from feasibility.files.verdict_json import VerdictRecord, verdict_from_json, verdict_to_json

__all__ = [
    "TABLES",
    "BookInputs",
    "BookSettings",
    "VerdictRecord",
    "from_frames",
    "is_saved_planner",
    "load_book",
    "load_jobs",
    "load_planner",
    "read_table",
    "save_planner",
    "to_frames",
    "verdict_from_json",
    "verdict_to_json",
    "write_book",
]
