"""One benchmark result per CSV row: the columns, the gap, and reading/writing the file.

Columns, in order: ``instance`` (``<set directory>/<file name>``, e.g.
``j30/j301_1.sm``), ``tasks`` (real tasks), ``solver``, ``makespan`` (empty without a
schedule), ``status`` (optimal / feasible / infeasible / unknown), ``lower_bound``
(proven by the solver), ``best_known`` (the literature's best makespan, ``unsat`` when
proven that none exists, empty when unknown), ``gap_pct`` (makespan above
``best_known``, or above the best proven lower bound when nothing is known),
``seconds`` (wall time of the solver call) and ``time_limit``.

Example:
    >>> from benchmarks.results import gap_pct
    >>> gap_pct(44, 40)
    10.0
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from benchmarks.references import ReferenceValue

CSV_COLUMNS = (
    "instance",
    "tasks",
    "solver",
    "makespan",
    "status",
    "lower_bound",
    "best_known",
    "gap_pct",
    "seconds",
    "time_limit",
)
UNSAT = "unsat"


class ResultsFileError(ValueError):
    """A results CSV does not have the expected columns or values."""


@dataclass(frozen=True)
class Row:
    """One solver run on one instance."""

    instance: str
    tasks: int
    solver: str
    makespan: int | None
    status: str
    lower_bound: int | None
    best_known: int | str | None
    gap_pct: float | None
    seconds: float
    time_limit: float

    @property
    def instance_set(self) -> str:
        """The directory the instance came from (``j30``, ``sm_j10``, ...)."""
        head, sep, _ = self.instance.rpartition("/")
        return head if sep else ""

    @property
    def is_rcpsp_max(self) -> bool:
        return self.instance.lower().endswith(".sch")

    @property
    def known_unsat(self) -> bool:
        return self.best_known == UNSAT

    @property
    def at_best_known(self) -> bool | None:
        """Matches the literature (the best makespan, or infeasibility); ``None``: no reference."""
        if self.best_known is None:
            return None
        if self.best_known == UNSAT:
            return self.status == "infeasible"
        return self.makespan is not None and self.makespan <= int(self.best_known)

    def to_csv(self) -> dict[str, str]:
        return {
            "instance": self.instance,
            "tasks": str(self.tasks),
            "solver": self.solver,
            "makespan": _text(self.makespan),
            "status": self.status,
            "lower_bound": _text(self.lower_bound),
            "best_known": _text(self.best_known),
            "gap_pct": "" if self.gap_pct is None else f"{self.gap_pct:.4f}",
            "seconds": f"{self.seconds:.4f}",
            "time_limit": f"{self.time_limit:g}",
        }

    @classmethod
    def from_csv(cls, record: dict[str, str]) -> Row:
        best = record["best_known"].strip()
        return cls(
            instance=record["instance"],
            tasks=int(record["tasks"]),
            solver=record["solver"],
            makespan=_int_or_none(record["makespan"]),
            status=record["status"],
            lower_bound=_int_or_none(record["lower_bound"]),
            best_known=UNSAT if best == UNSAT else _int_or_none(best),
            gap_pct=float(record["gap_pct"]) if record["gap_pct"].strip() else None,
            seconds=float(record["seconds"]),
            time_limit=float(record["time_limit"]),
        )


def gap_pct(makespan: int | None, base: int | None) -> float | None:
    """``100 * (makespan - base) / base``; ``None`` when either is unknown."""
    if makespan is None or base is None:
        return None
    if base <= 0:
        return 0.0 if makespan <= base else None
    return 100.0 * (makespan - base) / base


def gap_base(reference: ReferenceValue | None, solver_bound: int | None) -> int | None:
    """What a gap is measured against: the best known makespan, else the best lower bound."""
    if reference is not None and reference.upper is not None:
        return reference.upper
    bounds = [b for b in (solver_bound, reference.lower if reference else None) if b is not None]
    return max(bounds) if bounds else None


def best_known_field(reference: ReferenceValue | None) -> int | str | None:
    if reference is None:
        return None
    return UNSAT if reference.unsat else reference.upper


class ResultsWriter:
    """Appends rows to a CSV file, flushing each one so a long run can be watched.

    A new (or empty) file gets the header; an existing one must already have it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.stat().st_size > 0:
            with self.path.open(newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle), [])
            if tuple(header) != CSV_COLUMNS:
                raise ResultsFileError(
                    f"{self.path} exists with other columns; expected {','.join(CSV_COLUMNS)}"
                )
            fresh = False
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = True
        self._handle: TextIO = self.path.open("a", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._handle, fieldnames=CSV_COLUMNS)
        if fresh:
            self._writer.writeheader()
            self._handle.flush()

    def write(self, row: Row) -> None:
        self._writer.writerow(row.to_csv())
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_results(paths: Iterable[str | Path]) -> list[Row]:
    """All rows of the given results files, in order."""
    rows: list[Row] = []
    for item in paths:
        path = Path(item)
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
                raise ResultsFileError(f"{path}: expected the columns {','.join(CSV_COLUMNS)}")
            for number, record in enumerate(reader, start=2):
                try:
                    rows.append(Row.from_csv(record))
                except (ValueError, KeyError) as error:
                    raise ResultsFileError(f"{path}:{number}: {error}") from None
    return rows


def _text(value: int | str | None) -> str:
    return "" if value is None else str(value)


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None
