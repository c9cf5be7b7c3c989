"""What the kernel's compiled loops share: how a loop is compiled, and the small problem
that loads them on import so that no timed call pays for compiling.

Example:
    >>> warm_problem().num_tasks
    2
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
from numba import njit

from solvers.problem import Precedence, Problem, Resource, Task


def compiled(function: Callable[..., object]) -> Callable[..., object]:
    """``function`` compiled by numba (cached on disk, releasing the interpreter lock)."""
    return cast(Callable[..., object], njit(cache=True, nogil=True)(function))


def warm_problem() -> Problem:
    """A lead time and the work after it, on a calendar: every path a loop compiles."""
    return Problem(
        4,
        (Resource(np.ones(4, dtype=np.int64)),),
        (Task(duration=1), Task(work=1, eligible=(0,))),
        (Precedence(0, 1, lag=1, calendar=0),),
        (np.ones(4, dtype=np.int64),),
    )
