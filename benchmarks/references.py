"""Published reference values: optima, bounds and best-known makespans.

Three table formats, as distributed beside the PSPLIB and RCPSP/max sets:

* ``kobe_optimum.csv`` / ``optimum.csv``: ``problem,optimum`` rows whose value is ``N``
  (proven optimum), ``LB..UB`` (open: bounds), ``..UB`` (only an upper bound known) or
  ``unsat`` (proven: no schedule exists);
* ``j30hrs.sm`` / ``j60hrs.sm``: PSPLIB's solution lists, tab-separated
  ``Par Inst Makespan Date Author`` after a header; row ``Par=17, Inst=3`` of
  ``j60hrs.sm`` is ``j6017_3.sm``. The makespans are best known (upper bounds).

:func:`reference_for` finds the tables next to an instance's directory (in the
directory itself, ``solutions/`` or ``optimum/``) and combines what they say.

Example:
    >>> from benchmarks.references import ReferenceValue
    >>> ReferenceValue.parse("82..87")
    ReferenceValue(lower=82, upper=87, unsat=False)
    >>> ReferenceValue.parse("43").optimal
    True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_DIRS = (".", "solutions", "optimum")
"""Where, relative to an instance's directory, reference tables are looked for."""
OPTIMUM_TABLES = ("kobe_optimum.csv", "optimum.csv")
SOLUTION_LIST_SUFFIX = "hrs.sm"


class ReferenceTableError(ValueError):
    """A reference table is malformed or contradicts another one."""


@dataclass(frozen=True)
class ReferenceValue:
    """What the literature knows about an instance's optimal makespan.

    ``lower``/``upper``: proven lower bound and best-known makespan (either may be
    unknown); ``unsat``: proven that no schedule exists.
    """

    lower: int | None = None
    upper: int | None = None
    unsat: bool = False

    def __post_init__(self) -> None:
        if self.unsat and (self.lower is not None or self.upper is not None):
            raise ReferenceTableError("an unsatisfiable instance has no bounds")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ReferenceTableError(f"lower bound {self.lower} above upper bound {self.upper}")

    @property
    def optimal(self) -> bool:
        """The optimum is proven: both bounds known and equal."""
        return self.lower is not None and self.lower == self.upper

    @property
    def best_known(self) -> int | None:
        return self.upper

    @classmethod
    def parse(cls, text: str) -> ReferenceValue:
        """Parse ``N``, ``LB..UB``, ``..UB``, ``LB..`` or ``unsat``."""
        value = text.strip()
        if value.lower() == "unsat":
            return cls(unsat=True)
        try:
            if ".." in value:
                low, _, high = value.partition("..")
                return cls(
                    lower=int(low) if low.strip() else None,
                    upper=int(high) if high.strip() else None,
                )
            optimum = int(value)
        except ValueError:
            raise ReferenceTableError(f"unreadable reference value {text!r}") from None
        return cls(lower=optimum, upper=optimum)

    def combine(self, other: ReferenceValue) -> ReferenceValue:
        """The tightest value both sources allow (the larger lower, the smaller upper)."""
        if self.unsat or other.unsat:
            if (self.unsat or self.is_empty) and (other.unsat or other.is_empty):
                return ReferenceValue(unsat=True)
            raise ReferenceTableError("one table says unsat, another gives a makespan")
        lowers = [v for v in (self.lower, other.lower) if v is not None]
        uppers = [v for v in (self.upper, other.upper) if v is not None]
        return ReferenceValue(
            lower=max(lowers) if lowers else None, upper=min(uppers) if uppers else None
        )

    @property
    def is_empty(self) -> bool:
        return not self.unsat and self.lower is None and self.upper is None

    def __str__(self) -> str:
        if self.unsat:
            return "unsat"
        if self.optimal:
            return str(self.upper)
        low = "" if self.lower is None else str(self.lower)
        high = "" if self.upper is None else str(self.upper)
        return f"{low}..{high}"


def read_optimum_csv(path: str | Path) -> dict[str, ReferenceValue]:
    """Read a ``problem,optimum`` table (``kobe_optimum.csv``, RCPSP/max ``optimum.csv``)."""
    path = Path(path)
    values: dict[str, ReferenceValue] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] != ["problem", "optimum"]:
            raise ReferenceTableError(f"{path}: expected the header 'problem,optimum'")
        for number, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                raise ReferenceTableError(f"{path}:{number}: expected 'problem,optimum'")
            try:
                values[row[0].strip()] = ReferenceValue.parse(row[1])
            except ReferenceTableError as error:
                raise ReferenceTableError(f"{path}:{number}: {error}") from None
    return values


def read_solution_list(path: str | Path) -> dict[str, ReferenceValue]:
    """Read a PSPLIB ``j*hrs.sm`` list: best-known makespans keyed by instance file name.

    The instance prefix comes from the file name (``j60hrs.sm`` lists ``j60{Par}_{Inst}.sm``).
    """
    path = Path(path)
    prefix = path.name[: -len(SOLUTION_LIST_SUFFIX)]
    values: dict[str, ReferenceValue] = {}
    text = path.read_text(encoding="latin-1")
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if len(fields) < 3 or not all(f.isdigit() for f in fields[:3]):
            continue  # the header, separators and blank lines
        parameter, instance, makespan = (int(f) for f in fields[:3])
        name = f"{prefix}{parameter}_{instance}.sm"
        if name in values:
            raise ReferenceTableError(f"{path}:{number}: {name} listed twice")
        values[name] = ReferenceValue(upper=makespan)
    if not values:
        raise ReferenceTableError(f"{path}: no 'Par Inst Makespan' rows")
    return values


def reference_tables(instance_dir: Path) -> list[Path]:
    """The reference tables that belong to the instances of ``instance_dir``."""
    tables: list[Path] = []
    for sub in TABLE_DIRS:
        folder = instance_dir / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            name = path.name.lower()
            if path.is_file() and (name in OPTIMUM_TABLES or name.endswith(SOLUTION_LIST_SUFFIX)):
                tables.append(path)
    return tables


def reference_for(instance_path: str | Path) -> ReferenceValue | None:
    """The literature's value for one instance file, or ``None`` when no table lists it.

    Every table found beside the instance's directory is consulted (for PSPLIB j30:
    ``solutions/kobe_optimum.csv`` and ``solutions/j30hrs.sm``; for RCPSP/max:
    ``optimum/optimum.csv``) and their bounds combined.
    """
    path = Path(instance_path).resolve()
    found: ReferenceValue | None = None
    for table in reference_tables(path.parent):
        stat = table.stat()
        value = _read_table(str(table), stat.st_mtime_ns, stat.st_size).get(path.name)
        if value is not None:
            found = value if found is None else found.combine(value)
    return found


@lru_cache(maxsize=32)
def _read_table(path: str, mtime_ns: int, size: int) -> dict[str, ReferenceValue]:
    """Read a table once per version of the file (modification time and size key it)."""
    if path.lower().endswith(SOLUTION_LIST_SUFFIX):
        return read_solution_list(path)
    return read_optimum_csv(path)
