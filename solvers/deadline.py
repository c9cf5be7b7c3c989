"""One time budget for a whole call, passed down through every layer.

A :class:`Deadline` is made once when a call starts; each layer asks it how much time
is left (or for a share of what is left) instead of carrying a limit of its own, so
model building, solving and decoding all count against the same budget.

Example:
    >>> deadline = Deadline(2.0)
    >>> 0 < deadline.remaining() <= 2.0, deadline.expired()
    (True, False)
    >>> 0 < deadline.share(0.5) <= 1.0
    True
    >>> Deadline(0.0).expired()
    True
"""

from __future__ import annotations

import math
import time

MIN_SOLVE_SECONDS = 0.005
"""The least time a solver is handed: below it a search cannot even start."""


class Deadline:
    """The moment by which a call must return, measured on a monotonic clock."""

    __slots__ = ("_at", "_began")

    def __init__(self, seconds: float) -> None:
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(
                f"a time budget must be a finite number of seconds >= 0, got {seconds}"
            )
        self._began = time.perf_counter()
        self._at = self._began + seconds

    @property
    def budget(self) -> float:
        """The seconds the deadline was made with."""
        return self._at - self._began

    def elapsed(self) -> float:
        return time.perf_counter() - self._began

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self._at - time.perf_counter())

    def expired(self) -> bool:
        return time.perf_counter() >= self._at

    def share(self, fraction: float) -> float:
        """``fraction`` of the time left (at least :data:`MIN_SOLVE_SECONDS` while any is)."""
        left = self.remaining()
        return 0.0 if left <= 0 else max(min(left, MIN_SOLVE_SECONDS), left * fraction)
