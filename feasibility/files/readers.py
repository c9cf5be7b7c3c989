"""Books and jobs from files: a folder of tables, or one JSON or YAML file; and back.

A **folder** holds one file per table (see :mod:`feasibility.files.tables` for the
tables and their columns), each CSV, Parquet, JSON or YAML, named after its table:
``settings.csv``, ``staff.csv``, ``time_off.csv``, ``commitments.csv``, ``tasks.csv``...
A **single JSON or YAML file** holds the whole book as the models nest:
``{"settings": {"start": ...}, "calendar": {...}, "staff": [...], "commitments": [{...,
"tasks": [...]}], "jobs": [...]}``. Parquet needs ``pyarrow`` and YAML ``pyyaml``
(``pip install 'feasibility[files]'``).

Every error is an :class:`~feasibility.errors.InputError` naming the file, the row and
the column (or, in a nested file, the entry and the field).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "settings.csv").write_text("start\\n2026-11-30\\n")
    >>> _ = (folder / "staff.csv").write_text("id,skills,hours_per_week\\nann,fit,30\\nbo,fit,x\\n")
    >>> load_book(folder)
    Traceback (most recent call last):
    ...
    feasibility.errors.InputError: staff.csv, row 2 (line 3), column 'hours_per_week': Input
    should be a valid number, unable to parse string as a number, got 'x'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

import pandas as pd

from feasibility.errors import InputError
from feasibility.files.inputs import BookInputs
from feasibility.files.rows import Where
from feasibility.files.tables import TABLES, Table, read_commitments, read_tables, to_frames
from feasibility.models import Commitment

TABLE_SUFFIXES = (".csv", ".parquet", ".json", ".yaml", ".yml")
NESTED_SUFFIXES = (".json", ".yaml", ".yml")
INSTALL_FILES = "pip install 'feasibility[files]'"


def load_book(path: str | Path) -> BookInputs:
    """A book from a folder of table files or from one JSON or YAML file."""
    where = Path(path)
    if where.is_dir():
        return read_tables(_folder_tables(where))
    if not where.exists():
        raise InputError(f"{where}: no such file or folder")
    if where.suffix.lower() not in NESTED_SUFFIXES:
        raise InputError(
            f"{where}: a book is a folder of table files or one JSON or YAML file, "
            f"not a {where.suffix or 'file without suffix'}"
        )
    data = read_document(where)
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: a book file holds a mapping of its tables")
    return read_tables(_nested_tables(where.name, data))


def load_jobs(path: str | Path) -> tuple[Commitment, ...]:
    """New jobs from a JSON or YAML file (one job, a list of jobs, or ``{"jobs": [...]}``)
    or from a folder with a ``jobs`` and a ``job_tasks`` table (or ``commitments`` and
    ``tasks``).

    Example:
        >>> import json, tempfile
        >>> path = Path(tempfile.mkdtemp()) / "job.json"
        >>> _ = path.write_text(json.dumps({"id": "J1", "due": "2026-12-18", "tasks": [
        ...     {"id": "fit", "skill": "fit", "effort_hours": 12}]}))
        >>> [(j.id, j.due) for j in load_jobs(path)]
        [('J1', datetime.date(2026, 12, 18))]
    """
    where = Path(path)
    if where.is_dir():
        tables = _folder_tables(where, required=False)
        parents, children = tables.get("jobs"), tables.get("job_tasks")
        if parents is None:
            parents, children = tables.get("commitments"), tables.get("tasks")
        if parents is None:
            raise InputError(f"{where}: no jobs table (jobs.csv and job_tasks.csv) in the folder")
        return read_commitments(parents, children)
    if not where.exists():
        raise InputError(f"{where}: no such file or folder")
    if where.suffix.lower() not in NESTED_SUFFIXES:
        raise InputError(f"{where}: a job file is JSON or YAML (or a folder of tables)")
    data = read_document(where)
    if isinstance(data, Mapping) and "jobs" in data:
        data = data["jobs"]
    entries = [data] if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise InputError(f"{where}: a job file holds a job, a list of jobs or {{'jobs': [...]}}")
    parents, children = _nested_commitments(where.name, "jobs", entries)
    return read_commitments(parents, children)


def write_book(inputs: BookInputs, path: str | Path, *, suffix: str = ".csv") -> Path:
    """Write ``inputs`` as a folder of tables (``suffix`` ``.csv`` or ``.parquet``) or,
    for a path ending in ``.json``, ``.yaml`` or ``.yml``, as one file. Returns ``path``.
    Table files already in the folder that the book does not have (or in another format)
    are removed, so that the folder reads back as ``inputs``; other files stay.

    Example:
        >>> import tempfile
        >>> from datetime import date
        >>> from feasibility.files.inputs import BookSettings
        >>> from feasibility.models import Person
        >>> book = BookInputs(settings=BookSettings(start=date(2026, 11, 30)),
        ...                   staff=[Person(id="ann", skills={"fit"})])
        >>> folder = write_book(book, Path(tempfile.mkdtemp()) / "book")
        >>> sorted(p.name for p in folder.iterdir())
        ['calendar.csv', 'settings.csv', 'staff.csv']
        >>> load_book(folder) == book
        True
    """
    where = Path(path)
    if where.suffix.lower() in NESTED_SUFFIXES:
        data = inputs.model_dump(mode="json", exclude_defaults=True)
        data["settings"] = inputs.settings.model_dump(mode="json")
        if where.suffix.lower() == ".json":
            where.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        else:
            where.write_text(_yaml().safe_dump(data, sort_keys=False), encoding="utf-8")
        return where
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"a folder of tables is written as .csv or .parquet, not {suffix}")
    where.mkdir(parents=True, exist_ok=True)
    frames = to_frames(inputs)
    for stale in where.iterdir():  # a table the book no longer has must not be read back
        ours = stale.stem in TABLES and stale.suffix.lower() in TABLE_SUFFIXES
        if ours and (stale.stem not in frames or stale.suffix.lower() != suffix):
            stale.unlink()
    for name, frame in frames.items():
        target = where / f"{name}{suffix}"
        if suffix == ".csv":
            frame.to_csv(target, index=False)
        else:
            _require_pyarrow(target)
            frame.to_parquet(target, index=False)
    return where


def read_table(path: Path) -> Table:
    """One table file as rows (CSV cells are text; empty cells are "not given").

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "staff.csv"
        >>> _ = path.write_text("id,skills\\nann,fit\\n")
        >>> read_table(path).rows
        [{'id': 'ann', 'skills': 'fit'}]
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig"
            )
            return Table.of(_spreadsheet_tidied(frame, path), path.name, csv=True)
        if suffix == ".parquet":
            _require_pyarrow(path)
            return Table.of(pd.read_parquet(path), path.name)
    except (ValueError, OSError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(f"{path.name}: cannot be read as a table ({error})") from None
    data = read_document(path)
    entries = [data] if isinstance(data, Mapping) else data
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise InputError(f"{path.name}: a table file holds a list of rows (mappings)")
    columns = list(dict.fromkeys(k for e in entries for k in e))
    return Table(entries, path.name, columns=columns)


# -- internals ----------------------------------------------------------------------------


def _folder_tables(folder: Path, required: bool = True) -> dict[str, Table | None]:
    found: dict[str, Path] = {}
    for item in sorted(folder.iterdir()):
        if item.is_dir() or item.suffix.lower() not in TABLE_SUFFIXES or item.name.startswith("."):
            continue
        if item.stem not in TABLES:
            raise InputError(
                f"{folder / item.name}: not a table of a book; the tables are {', '.join(TABLES)}"
            )
        if item.stem in found:
            raise InputError(
                f"{folder}: the {item.stem} table is given twice ({found[item.stem].name} and "
                f"{item.name})"
            )
        found[item.stem] = item
    if required and "staff" not in found:
        raise InputError(f"{folder}: no staff table (staff.csv) in the folder")
    return {name: read_table(path) for name, path in found.items()}


def _spreadsheet_tidied(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A CSV table as spreadsheets save it, without what they add: columns with neither
    a name nor a value (a name-less column with values is an error) and rows with no
    value at all. The rows keep their numbers, so messages still name the right line."""
    names = [str(c).strip() for c in frame.columns]
    frame.columns = pd.Index(names)
    unnamed = [n for n in names if not n or n.startswith("Unnamed: ")]
    for name in unnamed:
        if (frame[name].str.strip() != "").any():
            position = names.index(name) + 1
            raise InputError(f"{path.name}: column {position} has values but no name")
    frame = frame.drop(columns=unnamed)
    empty = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    return frame[~empty] if len(frame.columns) else frame


def read_document(path: Path) -> object:
    """The data of one JSON or YAML file (by its suffix); a file that does not parse is
    an ``InputError`` naming the file, line and column."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path.name}, line {error.lineno}, column {error.colno}: not valid JSON "
                f"({error.msg})"
            ) from None
    yaml = _yaml()
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path.name}{place}: not valid YAML ({error})") from None


def _nested_tables(source: str, data: Mapping[str, object]) -> dict[str, Table | None]:
    known = ("settings", "calendar", "staff", "commitments", "jobs")
    for key in data:
        if key not in known:
            raise InputError(f"{source}: unknown entry {key!r}; a book has {', '.join(known)}")
    tables: dict[str, Table | None] = {}
    for key in ("settings", "calendar"):
        value = data.get(key)
        if value is not None:
            if not isinstance(value, Mapping):
                raise InputError(f"{source}, {key}: a mapping of its fields is needed")
            tables[key] = Table([value], source, columns=list(value), entry=key)
    staff = data.get("staff")
    if staff is not None:
        tables["staff"] = _nested_list(source, "staff", staff)
    for key, children in (("commitments", "tasks"), ("jobs", "job_tasks")):
        entries = data.get(key)
        if entries is not None:
            if not isinstance(entries, list):
                raise InputError(f"{source}, {key}: a list is needed")
            tables[key], tables[children] = _nested_commitments(source, key, entries)
    return tables


def _nested_list(source: str, key: str, entries: object) -> Table:
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise InputError(f"{source}, {key}: a list of mappings is needed")
    columns = list(dict.fromkeys(k for e in entries for k in e))
    return Table(entries, source, columns=columns, entry=key)


def _nested_commitments(source: str, key: str, entries: Sequence[object]) -> tuple[Table, Table]:
    """Commitments as they nest (tasks inside) split into a parent and a child table."""
    parents: list[Mapping[str, object]] = []
    children: list[Mapping[str, object]] = []
    places: list[Where] = []
    for k, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise InputError(f"{source}, {key} entry {k + 1}: a mapping is needed")
        tasks = entry.get("tasks", [])
        parents.append({name: value for name, value in entry.items() if name != "tasks"})
        if not isinstance(tasks, list):
            raise InputError(f"{source}, {key} entry {k + 1}, field 'tasks': a list is needed")
        for j, task in enumerate(tasks):
            if not isinstance(task, Mapping):
                raise InputError(
                    f"{source}, {key} entry {k + 1}, task {j + 1}: a mapping is needed"
                )
            children.append({**task, "commitment": entry.get("id")})
            places.append(
                Where(source, entry=f"{key} entry {k + 1} ({entry.get('id')!r}), task {j + 1}")
            )
    parent_columns = list(dict.fromkeys(c for p in parents for c in p))
    child_columns = list(dict.fromkeys(c for t in children for c in t))
    return (
        Table(parents, source, columns=parent_columns, entry=key),
        Table(children, source, columns=child_columns, places=tuple(places)),
    )


def _require_pyarrow(path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(f"{path.name}: Parquet files need pyarrow ({INSTALL_FILES})") from None


def _yaml() -> ModuleType:
    try:
        import yaml
    except ImportError:
        raise InputError(f"YAML files need pyyaml ({INSTALL_FILES})") from None
    return yaml
