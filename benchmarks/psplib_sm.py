"""Reader for the PSPLIB single-mode RCPSP format (``.sm``: j30, j60, j90, j120).

The file has a header (``jobs (incl. supersource/sink ):  32``, resource counts), then
three sections: ``PRECEDENCE RELATIONS`` (job, modes, successor count, successors),
``REQUESTS/DURATIONS`` (job, mode, duration, one demand per resource) and
``RESOURCEAVAILABILITIES`` (one capacity per resource). Jobs are numbered from 1; job 1
and the last job are the dummy source and sink. Precedences are finish-to-start
without lag.

Example:
    >>> from benchmarks.psplib_sm import read_sm
    >>> instance = read_sm("j30/j301_1.sm")  # doctest: +SKIP
    >>> instance.num_real_tasks, instance.capacities  # doctest: +SKIP
    (30, (12, 13, 4, 12))
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.instance import Arc, Family, Instance, InstanceFormatError

_PRECEDENCES = "PRECEDENCE RELATIONS"
_REQUESTS = "REQUESTS/DURATIONS"
_AVAILABILITIES = "RESOURCEAVAILABILITIES"

Row = tuple[int, list[int]]
"""A line number (from 1) and the integers on that line."""


def read_sm(path: str | Path) -> Instance:
    """Read a single-mode PSPLIB ``.sm`` file.

    Raises :class:`InstanceFormatError` naming the file and line of anything that does
    not fit the format (a multi-mode job, non-renewable resources, a wrong count).
    """
    path = Path(path)
    lines = path.read_text(encoding="latin-1").splitlines()

    num_jobs = _header_value(path, lines, "jobs")
    renewable = _header_value(path, lines, "- renewable")
    for key in ("- nonrenewable", "- doubly constrained"):
        if _header_value(path, lines, key, default=0):
            raise InstanceFormatError.at(
                path, f"{key[2:]} resources are not supported (single-mode RCPSP only)"
            )
    if num_jobs < 2:
        raise InstanceFormatError.at(path, "an instance has at least a source and a sink job")

    precedence_rows = _section(path, lines, _PRECEDENCES)
    request_rows = _section(path, lines, _REQUESTS)
    availability_rows = _section(path, lines, _AVAILABILITIES)
    for title, rows in ((_PRECEDENCES, precedence_rows), (_REQUESTS, request_rows)):
        if len(rows) != num_jobs:
            raise InstanceFormatError.at(
                path, f"{title} lists {len(rows)} jobs, the header announces {num_jobs}"
            )
    if len(availability_rows) != 1 or len(availability_rows[0][1]) != renewable:
        raise InstanceFormatError.at(
            path, f"{_AVAILABILITIES} must be one line of {renewable} capacities"
        )
    capacities = tuple(availability_rows[0][1])

    arcs: list[Arc] = []
    for job, (line, values) in enumerate(precedence_rows, start=1):
        if len(values) < 3 or values[0] != job:
            raise InstanceFormatError.at(path, f"expected the precedence row of job {job}", line)
        modes, count, successors = values[1], values[2], values[3:]
        if modes != 1:
            raise InstanceFormatError.at(
                path, f"job {job} has {modes} modes (single-mode RCPSP only)", line
            )
        if len(successors) != count:
            raise InstanceFormatError.at(
                path, f"job {job} announces {count} successors but lists {len(successors)}", line
            )
        for succ in successors:
            if not 1 <= succ <= num_jobs:
                raise InstanceFormatError.at(
                    path, f"job {job} has an unknown successor {succ}", line
                )
            arcs.append(Arc(job - 1, succ - 1))

    durations: list[int] = []
    demands: list[tuple[int, ...]] = []
    for job, (line, values) in enumerate(request_rows, start=1):
        if len(values) != 3 + renewable or values[0] != job or values[1] != 1:
            raise InstanceFormatError.at(
                path, f"expected job {job}, mode 1, a duration and {renewable} demands", line
            )
        if any(v < 0 for v in values[2:]):
            raise InstanceFormatError.at(path, f"job {job} has a negative duration or demand", line)
        durations.append(values[2])
        demands.append(tuple(values[3:]))

    return Instance(
        name=path.stem,
        family=Family.RCPSP,
        tasks=tuple(str(job) for job in range(1, num_jobs + 1)),
        durations=tuple(durations),
        demands=tuple(demands),
        capacities=capacities,
        precedences=tuple(arcs),
        num_real_tasks=num_jobs - 2,
    )


def _header_value(path: Path, lines: list[str], key: str, default: int | None = None) -> int:
    """The integer after the first ``key ...:`` line of the header."""
    for number, line in enumerate(lines, start=1):
        label, sep, value = line.partition(":")
        if sep and label.strip().startswith(key):
            tokens = value.split()
            if not tokens or not tokens[0].isdigit():
                raise InstanceFormatError.at(path, f"'{key}' is not followed by a number", number)
            return int(tokens[0])
    if default is None:
        raise InstanceFormatError.at(path, f"no '{key}' line in the header")
    return default


def _section(path: Path, lines: list[str], title: str) -> list[Row]:
    """The all-integer rows after the ``title`` line, up to the next ``****`` separator."""
    start = next(
        (i for i, line in enumerate(lines) if line.strip().rstrip(":").strip() == title), None
    )
    if start is None:
        raise InstanceFormatError.at(path, f"no {title} section")
    rows: list[Row] = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("*"):
            break
        tokens = line.split()
        if tokens and all(t.lstrip("-").isdigit() for t in tokens):
            rows.append((number, [int(t) for t in tokens]))
    return rows
