"""The quote-latency benchmark runs end to end and reports what it measured."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.cli import main


def test_quote_latency_on_w0_with_the_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w0.csv"
    argv = ["quote-latency", "--workload", "W0", "--checks", "2", "--time-limit", "0.3"]
    argv += ["--compare-full", "--full-time-limit", "1", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "p50" in printed and "whole-book" in printed and "disagreements" in printed
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2
    assert all(r["layer"] and r["full_seconds"] for r in rows)
