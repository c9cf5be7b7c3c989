"""The files-and-pictures benchmark runs its steps on a workload (slow: it plans W0)."""

from __future__ import annotations

import pytest

from benchmarks.files_and_pictures import measure


@pytest.mark.slow
def test_every_step_is_measured_on_w0() -> None:
    steps = measure("W0")
    names = [s.name for s in steps]
    assert names[0] == "write the book as CSV files"
    assert "load the saved planner (no planning)" in names
    assert all(s.seconds >= 0 for s in steps)
    assert steps[names.index("read the CSV book (every row validated)")].note.endswith("task rows")
