"""A planner saved with its plan, and loaded back without planning anything again.

A saved planner is one zip file: ``manifest.json`` (the format, its version, the
library that wrote it and a SHA-256 of every other member), ``inputs.json`` (settings,
calendar, staff, the booked commitments in booking order with their promises' limits)
and the plan arrays as ``.npy`` files (each task's span and its hours per person and
day, in the kernel's units, and the capacity left). Loading rebuilds the booked state
from these as it was: the assignments and every later check are those of the planner
that was saved, and no solver runs.

A file written by a newer format, one that is damaged (not a zip, a checksum that does
not match, arrays that do not add up) or not a saved planner at all is an
:class:`~feasibility.errors.InputError` saying so; nothing is loaded. Saving writes a
temporary file beside the target and then replaces it, so a failed save leaves an
earlier file as it was.

Example:
    >>> import tempfile
    >>> from datetime import date
    >>> from pathlib import Path
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30),
    ...                   commitments=[Commitment(id="J1", due=date(2026, 12, 11),
    ...                                tasks=[Task(id="a", skill="fit", effort_hours=16)])])
    >>> path = save_planner(planner, Path(tempfile.mkdtemp()) / "shop.plan")
    >>> again = load_planner(path)
    >>> again.assignments.equals(planner.assignments), again.planned_finish("J1")
    (True, datetime.date(2026, 12, 4))
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from feasibility.book import Book
from feasibility.compile import Staffing, TaskKey
from feasibility.errors import InputError
from feasibility.models import Calendar, Commitment, Person
from solvers.plan_arrays import PlanArrays, SlotUsage
from solvers.problem import stacked_capacity

if TYPE_CHECKING:
    from feasibility.planner import Planner

FORMAT = "feasibility-plan"
FORMAT_VERSION = 1
"""The saved-planner format this library writes and the newest it reads."""
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    zlib.error,
    RuntimeError,  # a damaged header can say the member is encrypted
    ValueError,
)
"""What reading a damaged zip file can raise."""
WRITTEN_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
"""The compression methods a saved planner's members use; a header naming another is
damaged (zipfile would refuse to read it)."""
ZIP_MAGIC = b"PK\x03\x04"
MANIFEST = "manifest.json"
INPUTS = "inputs.json"
ARRAYS = (
    "slot_start",
    "slot_end",
    "usage_slot",
    "usage_person",
    "usage_day",
    "usage_units",
    "residual",
)


class Manifest(BaseModel):
    """What a saved file is, who wrote it, and the checksum of each member."""

    model_config = ConfigDict(extra="forbid")

    format: str
    format_version: int
    library_version: str
    members: dict[str, str]


class SavedState(BaseModel):
    """The inputs and the bookkeeping of the booked state (arrays aside)."""

    model_config = ConfigDict(extra="forbid")

    settings: dict[str, object]
    calendar: Calendar
    staff: tuple[Person, ...]
    start: date
    horizon: int
    version: int
    commitments: tuple[Commitment, ...]
    limits: dict[str, int]
    keys: list[tuple[str, str] | None]
    """The (commitment, task) of each slot of the plan arrays."""


def save_planner(planner: Planner, path: str | os.PathLike[str], book: Book | None = None) -> Path:
    """Write ``planner`` (its inputs, settings and plan) to ``path``; returns the path.
    ``book`` is the booked state to save (the planner's current one by default)."""
    target = Path(path)
    book = planner.book_state if book is None else book
    staffing = book.staffing
    settings = {k: v for k, v in planner.settings.items() if k != "start"}
    state = SavedState(
        settings=settings,
        calendar=staffing.calendar,
        staff=staffing.staff,
        start=staffing.start,
        horizon=staffing.horizon,
        version=book.version,
        commitments=tuple(book.booked.values()),
        limits=dict(book.limits),
        keys=[None if k is None else (k[0], k[1]) for k in book.keys],
    )
    members = {INPUTS: state.model_dump_json(indent=1).encode()}
    for name, array in _arrays(book).items():
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        members[f"{name}.npy"] = buffer.getvalue()
    manifest = Manifest(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        library_version=_library_version(),
        members={name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(MANIFEST, manifest.model_dump_json(indent=1))
            for name, data in members.items():
                z.writestr(name, data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_planner(path: str | os.PathLike[str]) -> Planner:
    """The planner saved at ``path``, its plan as it was saved (no solver runs)."""
    from feasibility.planner import Planner

    source = Path(path)
    members = _members(source)
    try:
        state = SavedState.model_validate_json(members[INPUTS])
    except ValidationError as error:
        raise _damaged(source, f"its inputs do not validate ({error.errors()[0]['msg']})") from None
    arrays = {name: _array(source, members, name) for name in ARRAYS}
    book = _book(source, state, arrays)
    return Planner.restored(book, **state.settings)


def is_saved_planner(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a zip file, as saved planners are (:func:`load_planner` then
    says whether it is one, and whether it is whole).

    Example:
        >>> is_saved_planner(__file__)
        False
    """
    source = Path(path)
    if not source.is_file():
        return False
    with source.open("rb") as handle:
        return handle.read(4) == ZIP_MAGIC


# -- internals ----------------------------------------------------------------------------


def _arrays(book: Book) -> dict[str, np.ndarray]:
    plan = book.plan
    starts = np.full(plan.num_slots, -1, dtype=np.int64)
    ends = np.full(plan.num_slots, -1, dtype=np.int64)
    for slot in plan.occupied():
        usage = plan.slot(slot)
        starts[slot], ends[slot] = usage.start, usage.end
    columns = plan.columns
    return {
        "slot_start": starts,
        "slot_end": ends,
        "usage_slot": np.asarray(columns.slots, dtype=np.int32),
        "usage_person": np.asarray(columns.resources, dtype=np.int32),
        "usage_day": np.asarray(columns.periods, dtype=np.int32),
        "usage_units": np.asarray(columns.amounts, dtype=np.int32),
        "residual": np.asarray(plan.residual, dtype=np.int64),
    }


def _members(source: Path) -> dict[str, bytes]:
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    try:
        with zipfile.ZipFile(source) as z:
            names = set(z.namelist())
            odd = sorted(
                i.filename for i in z.infolist() if i.compress_type not in WRITTEN_COMPRESSION
            )
            if odd:
                raise _damaged(source, f"{', '.join(odd)} names an unknown compression method")
            if MANIFEST not in names:
                raise InputError(f"{source}: not a saved planner (it has no {MANIFEST})")
            manifest = _manifest(source, z.read(MANIFEST))
            missing = sorted(set(manifest.members) - names)
            if missing:
                raise _damaged(source, f"it lacks {', '.join(missing)}")
            members = {name: z.read(name) for name in manifest.members}
    except InputError:
        raise
    except UNREADABLE as error:
        raise _damaged(source, f"it cannot be read as a zip file ({error})") from None
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != manifest.members[name]:
            raise _damaged(source, f"the checksum of {name} does not match")
    needed = {INPUTS, *(f"{a}.npy" for a in ARRAYS)}
    if not needed <= set(members):
        raise _damaged(source, f"it lacks {', '.join(sorted(needed - set(members)))}")
    return members


def _manifest(source: Path, data: bytes) -> Manifest:
    try:
        raw = json.loads(data)
    except ValueError:
        raise _damaged(source, f"its {MANIFEST} is not JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(f"{source}: not a saved planner (its format is not {FORMAT!r})")
    version = raw.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise InputError(
            f"{source} was written by feasibility {raw.get('library_version', '?')} in format "
            f"version {version}; this version ({_library_version()}) reads format versions up "
            f"to {FORMAT_VERSION}: upgrade feasibility to load it"
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError:
        raise _damaged(source, f"its {MANIFEST} is incomplete") from None


def _array(source: Path, members: Mapping[str, bytes], name: str) -> np.ndarray:
    try:
        array = np.load(io.BytesIO(members[f"{name}.npy"]), allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise _damaged(source, f"{name}.npy cannot be read ({error})") from None
    if not np.issubdtype(array.dtype, np.integer):
        raise _damaged(source, f"{name}.npy does not hold whole numbers")
    return np.asarray(array, dtype=np.int64)


def _book(source: Path, state: SavedState, arrays: Mapping[str, np.ndarray]) -> Book:
    """The booked state from the saved parts, every part checked against the others."""
    staffing = Staffing.build(state.calendar, state.staff, state.start, state.horizon)
    capacity = PlanArrays.empty(stacked_capacity(staffing.resources, staffing.horizon)).capacity
    starts, ends = arrays["slot_start"], arrays["slot_end"]
    slot_of, person, day, units = (
        arrays["usage_slot"],
        arrays["usage_person"],
        arrays["usage_day"],
        arrays["usage_units"],
    )
    count = len(state.keys)
    if not (len(starts) == len(ends) == count and len(slot_of) == len(person) == len(day)):
        raise _damaged(source, "its plan arrays do not have matching lengths")
    if len(units) != len(slot_of) or arrays["residual"].shape != capacity.shape:
        raise _damaged(source, "its plan arrays do not have matching lengths")
    inside = (
        (slot_of >= 0).all()
        and (slot_of < count).all()
        and (person >= 0).all()
        and (person < len(state.staff)).all()
        and (day >= 0).all()
        and (day < state.horizon).all()
        and (units > 0).all()
    )
    if len(slot_of) and not inside:
        raise _damaged(source, "its plan names people, days or tasks it does not have")
    order = np.argsort(slot_of, kind="stable")
    bounds = np.searchsorted(slot_of[order], np.arange(count + 1))
    slots: list[SlotUsage | None] = []
    for s in range(count):
        rows = order[bounds[s] : bounds[s + 1]]
        if starts[s] < 0:
            if len(rows):
                raise _damaged(source, "its plan has hours for an empty slot")
            slots.append(None)
            continue
        slots.append(
            SlotUsage(
                start=int(starts[s]),
                end=int(ends[s]),
                resources=person[rows].astype(np.int32),
                periods=day[rows].astype(np.int32),
                amounts=units[rows].astype(np.int32),
            )
        )
    used = np.zeros_like(capacity)
    np.add.at(used, (person, day), units)
    residual = capacity - used
    if not np.array_equal(residual, arrays["residual"]) or residual.min(initial=0) < 0:
        raise _damaged(source, "its plan does not add up to the capacity it records")
    residual.setflags(write=False)
    plan = PlanArrays(capacity, residual, tuple(slots))
    booked = {c.id: c for c in state.commitments}
    keys: list[TaskKey | None] = list(state.keys)
    by_commitment: dict[str, list[int]] = {}
    for s, key in enumerate(keys):
        if key is None:
            continue
        commitment = booked.get(key[0])
        if commitment is None or key[1] not in commitment.task_ids:
            raise _damaged(source, f"its plan names a task {key[1]!r} of {key[0]!r} not booked")
        by_commitment.setdefault(key[0], []).append(s)
    if set(state.limits) != set(booked):
        raise _damaged(source, "its promises do not match its commitments")
    return Book(
        staffing=staffing,
        version=state.version,
        booked=booked,
        slots={key: s for s, key in enumerate(keys) if key is not None},
        keys=tuple(keys),
        plan=plan,
        limits=dict(state.limits),
        commitment_slots={c: tuple(s) for c, s in by_commitment.items()},
    )


def _damaged(source: Path, why: str) -> InputError:
    return InputError(f"{source}: the saved planner is damaged: {why}")


def _library_version() -> str:
    try:
        return metadata.version("feasibility")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"
