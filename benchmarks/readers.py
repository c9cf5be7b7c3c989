"""Finding and reading instance files: PSPLIB ``.sm`` and RCPSP/max ``.SCH``.

The readers are written here rather than taken from the PyPI ``psplib`` package
(0.4.0, the parser PyJobShop uses). That package reads these files correctly, but:

* it ships no type information (no ``py.typed``), so it would sit unchecked in a
  strictly typed code base;
* it validates nothing: a truncated ``.sm`` file silently yields fewer activities, a
  non-renewable or doubly constrained resource in an ``.SCH`` header is read as a
  renewable one, a multi-mode ``.SCH`` file is misread instead of rejected, and no
  error names a file or line;
* it drops what the benchmark needs beside the network (the dummy jobs' identity, the
  number of real tasks) and reads none of the published reference tables;
* it is a dependency of the optional PyJobShop comparison only, while the readers
  must work with the core install (the default test run reads instance files).

The two formats are small (about a hundred lines each here, with line-numbered errors),
and the tests cross-check both readers against ``psplib`` when it is installed.

Example:
    >>> from benchmarks.readers import find_instances, read_instance
    >>> paths = find_instances(["j30"])  # doctest: +SKIP
    >>> read_instance(paths[0]).name  # doctest: +SKIP
    'j301_1'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from benchmarks.instance import Instance, InstanceFormatError
from benchmarks.psplib_sm import read_sm
from benchmarks.rcpsp_max import read_sch

INSTANCE_SUFFIXES = (".sm", ".sch")
"""Suffixes (compared in lower case) of the instance files a directory is scanned for."""


def read_instance(path: str | Path) -> Instance:
    """Read an instance, choosing the reader by suffix (``.sm`` or ``.SCH``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".sm":
        return read_sm(path)
    if suffix == ".sch":
        return read_sch(path)
    raise InstanceFormatError.at(path, "unknown instance format (expected .sm or .SCH)")


def find_instances(paths: Iterable[str | Path]) -> list[Path]:
    """The instance files named by ``paths``: files as given, directories scanned.

    A directory contributes its own ``.sm`` / ``.SCH`` files (not its subdirectories,
    where the reference tables live; PSPLIB's ``j30hrs.sm`` tables are skipped too),
    in natural order: ``j301_2`` before ``j301_10``, ``j309_*`` before ``j3010_*``.
    Files are listed once, in the order first named.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            members = sorted(
                (p for p in path.iterdir() if p.is_file() and _is_instance_file(p)),
                key=natural_key,
            )
        elif path.is_file():
            members = [path]
        else:
            raise FileNotFoundError(f"no such instance file or directory: {path}")
        for member in members:
            resolved = member.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(member)
    return found


def natural_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    """Sort key treating digit runs as numbers (``PSP9`` before ``PSP10``)."""
    parts = re.split(r"(\d+)", path.name.lower())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


def _is_instance_file(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in INSTANCE_SUFFIXES and not name.endswith("hrs.sm")
