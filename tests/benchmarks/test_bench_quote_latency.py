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


def test_quote_latency_with_bookings_reports_them_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w0.csv"
    argv = ["quote-latency", "--workload", "W0", "--checks", "4", "--time-limit", "0.3"]
    argv += ["--book-every", "1", "--due-days", "60", "92", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    booked = [k for k, r in enumerate(rows) if r["book_seconds"]]
    assert booked and all(rows[k]["feasible"] == "True" for k in booked)
    # the check after each booking is marked, and the others are not
    marked = {k for k, r in enumerate(rows) if r["after_booking"] == "True"}
    assert marked == {k + 1 for k in booked if k + 1 < len(rows)}
    assert f"bookings: {len(booked)}" in printed
