"""Reader for Schwindt's RCPSP/max format (``.SCH``: the ProGen/max sets sm_j10 ... j30).

Layout, whitespace-separated, for ``n`` real activities and ``K`` renewable resources::

    n  K  0  0                                   (non-renewable / doubly constrained: 0)
    i  modes  count  succ_1 .. succ_count  [lag_1] .. [lag_count]     i = 0 .. n + 1
    i  mode  duration  demand_1 .. demand_K                           i = 0 .. n + 1
    capacity_1 .. capacity_K

Activity 0 is the dummy source and ``n + 1`` the dummy sink. A time lag ``d`` on
``i -> j`` means ``start[j] >= start[i] + d`` (a start-to-start precedence with lag
``d``); a negative lag is a maximum time lag in reverse: ``start[i] <= start[j] + |d|``.

Example:
    >>> from benchmarks.rcpsp_max import read_sch
    >>> instance = read_sch("sm_j10/PSP1.SCH")  # doctest: +SKIP
    >>> instance.num_real_tasks, instance.capacities  # doctest: +SKIP
    (10, (5, 5, 5, 5, 5))
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.instance import Arc, Family, Instance, InstanceFormatError
from solvers.problem import PrecedenceKind

_LAG = re.compile(r"\[([^\]]*)\]")


def read_sch(path: str | Path) -> Instance:
    """Read a single-mode RCPSP/max ``.SCH`` file.

    Raises :class:`InstanceFormatError` naming the file and line of anything that does
    not fit the format (a multi-mode activity, a lag count that does not match, ...).
    """
    path = Path(path)
    lines = [
        (number, line)
        for number, line in enumerate(path.read_text(encoding="latin-1").splitlines(), start=1)
        if line.strip()
    ]
    if not lines:
        raise InstanceFormatError.at(path, "the file is empty")

    first_line, first = lines[0]
    header = _ints(path, first_line, first.split())
    if len(header) < 2:
        raise InstanceFormatError.at(path, "the first line needs activities and resources", 1)
    num_real, num_resources = header[0], header[1]
    if any(header[2:]):
        raise InstanceFormatError.at(
            path, "non-renewable resources are not supported (RCPSP/max only)", first_line
        )
    num_tasks = num_real + 2
    expected = 1 + 2 * num_tasks + 1
    if len(lines) != expected:
        raise InstanceFormatError.at(
            path,
            f"{num_real} activities and their resources need {expected} non-empty lines, "
            f"found {len(lines)}",
        )

    arcs: list[Arc] = []
    for task, (number, line) in enumerate(lines[1 : 1 + num_tasks]):
        plain, _, _ = line.partition("[")
        values = _ints(path, number, plain.split())
        lags = [_ints(path, number, lag.split()) for lag in _LAG.findall(line)]
        if len(values) < 3 or values[0] != task:
            raise InstanceFormatError.at(
                path, f"expected the successor row of activity {task}", number
            )
        modes, count, successors = values[1], values[2], values[3:]
        if modes != 1:
            raise InstanceFormatError.at(
                path, f"activity {task} has {modes} modes (single-mode RCPSP/max only)", number
            )
        if len(successors) != count or len(lags) != count:
            raise InstanceFormatError.at(
                path,
                f"activity {task} announces {count} successors, lists {len(successors)} "
                f"and {len(lags)} time lags",
                number,
            )
        for succ, lag in zip(successors, lags, strict=True):
            if not 0 <= succ < num_tasks or succ == task:
                raise InstanceFormatError.at(
                    path, f"activity {task} has a bad successor {succ}", number
                )
            if len(lag) != 1:
                raise InstanceFormatError.at(
                    path,
                    f"activity {task} has a time lag {lag} (one value per lag expected)",
                    number,
                )
            arcs.append(Arc(task, succ, lag=lag[0], kind=PrecedenceKind.START_TO_START))

    durations: list[int] = []
    demands: list[tuple[int, ...]] = []
    for task, (number, line) in enumerate(lines[1 + num_tasks : 1 + 2 * num_tasks]):
        values = _ints(path, number, line.split())
        if len(values) != 3 + num_resources or values[0] != task or values[1] != 1:
            raise InstanceFormatError.at(
                path,
                f"expected activity {task}, mode 1, a duration and {num_resources} demands",
                number,
            )
        if any(v < 0 for v in values[2:]):
            raise InstanceFormatError.at(
                path, f"activity {task} has a negative duration or demand", number
            )
        durations.append(values[2])
        demands.append(tuple(values[3:]))

    number, line = lines[-1]
    capacities = _ints(path, number, line.split())
    if len(capacities) != num_resources or any(c < 0 for c in capacities):
        raise InstanceFormatError.at(
            path, f"expected {num_resources} non-negative capacities", number
        )

    return Instance(
        name=path.stem,
        family=Family.RCPSP_MAX,
        tasks=tuple(str(task) for task in range(num_tasks)),
        durations=tuple(durations),
        demands=tuple(demands),
        capacities=tuple(capacities),
        precedences=tuple(arcs),
        num_real_tasks=num_real,
    )


def _ints(path: Path, line: int, tokens: list[str]) -> list[int]:
    try:
        return [int(token) for token in tokens]
    except ValueError:
        raise InstanceFormatError.at(
            path, f"expected integers, got {' '.join(tokens)!r}", line
        ) from None
