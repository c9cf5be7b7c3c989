"""Results rows, the summary table, sampling and plots."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.references import ReferenceValue
from benchmarks.results import ResultsWriter, Row, gap_base, gap_pct, read_results
from benchmarks.selection import select, spread_sample
from benchmarks.summary import format_summary, summarise


def make_row(
    instance: str,
    solver: str,
    makespan: int | None,
    status: str,
    best: int | str | None,
    seconds: float = 1.0,
    limit: float = 1.0,
) -> Row:
    gap = gap_pct(makespan, best) if isinstance(best, int) else None
    return Row(instance, 30, solver, makespan, status, None, best, gap, seconds, limit)


def test_gap_is_measured_against_the_best_known_else_the_best_bound() -> None:
    assert gap_pct(44, 40) == pytest.approx(10.0)
    assert gap_pct(None, 40) is None and gap_pct(44, None) is None
    assert gap_pct(0, 0) == 0.0
    assert gap_base(ReferenceValue(38, 40), 39) == 40
    assert gap_base(ReferenceValue(38, None), 39) == 39
    assert gap_base(None, 35) == 35
    assert gap_base(ReferenceValue(unsat=True), None) is None


def test_rows_survive_a_round_trip_through_the_csv(tmp_path: Path) -> None:
    rows = [
        make_row("j30/a.sm", "kernel", 44, "feasible", 40, seconds=0.5),
        make_row("sm_j10/PSP2.SCH", "kernel", None, "infeasible", "unsat"),
        make_row("j60/b.sm", "greedy", None, "unknown", None, limit=2.5),
    ]
    out = tmp_path / "r.csv"
    with ResultsWriter(out) as writer:
        for r in rows[:2]:
            writer.write(r)
    with ResultsWriter(out) as writer:  # appends, no second header
        writer.write(rows[2])
    back = read_results([out])
    assert [(r.instance, r.makespan, r.best_known, r.time_limit) for r in back] == [
        ("j30/a.sm", 44, 40, 1.0),
        ("sm_j10/PSP2.SCH", None, "unsat", 1.0),
        ("j60/b.sm", None, None, 2.5),
    ]
    assert back[0].gap_pct == pytest.approx(10.0)


def test_summary_groups_by_set_solver_and_time_limit() -> None:
    rows = [
        make_row("j30/a.sm", "kernel", 40, "optimal", 40, seconds=1.0),
        make_row("j30/b.sm", "kernel", 33, "feasible", 30, seconds=3.0),
        make_row("j30/c.sm", "kernel", None, "unknown", 50, seconds=2.0),
        make_row("max/P1.SCH", "kernel", None, "infeasible", "unsat"),
        make_row("max/P2.SCH", "kernel", 12, "optimal", 12),
        make_row("max/P3.SCH", "kernel", None, "unknown", "unsat"),
    ]
    j30, rcpsp_max = summarise(rows)

    assert (j30.instance_set, j30.runs, j30.solved) == ("j30", 3, 2)
    assert j30.mean_gap == pytest.approx(5.0)  # 0 % and 10 %; the unsolved run has no gap
    assert j30.optimal_pct == pytest.approx(100 / 3)
    assert j30.at_best_pct == pytest.approx(100 / 3)
    assert (j30.mean_seconds, j30.max_seconds) == (2.0, 3.0)
    assert j30.infeasible is None

    assert (rcpsp_max.infeasible, rcpsp_max.known_unsat) == (1, 2)
    assert rcpsp_max.at_best_pct == pytest.approx(200 / 3)  # P1 proven unsat, P2 optimal

    table = format_summary([j30, rcpsp_max])
    assert "1/2 unsat" in table
    assert table.splitlines()[0].split()[:2] == ["set", "solver"]


def test_spread_sample_is_deterministic_and_covers_the_list() -> None:
    items = [f"j30{g}_{i}" for g in range(1, 49) for i in range(1, 11)]
    sample = spread_sample(items, 48)
    assert sample == spread_sample(items, 48)
    assert len(sample) == 48
    assert {name.split("_")[0] for name in sample} == {f"j30{g}" for g in range(1, 49)}
    assert set(spread_sample(items, 12)) <= set(sample)  # samples nest
    assert spread_sample(items[:3], 10) == items[:3]
    assert select(items, sample=4, limit=2) == spread_sample(items, 4)[:2]
    assert select(items, limit=3) == items[:3]


def test_plot_writes_one_png_per_instance_set(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from benchmarks.cli import main

    out = tmp_path / "r.csv"
    with ResultsWriter(out) as writer:
        for limit in (1.0, 5.0, 25.0):
            writer.write(make_row("j30/a.sm", "kernel", 41, "feasible", 40, limit=limit))
            writer.write(make_row("j30/a.sm", "greedy", 44, "feasible", 40, limit=limit))
            writer.write(make_row("sm_j10/P.SCH", "kernel", 12, "optimal", 12, limit=limit))

    assert main(["plot", str(out), "--out", str(tmp_path / "plots")]) == 0

    written = sorted(p.name for p in (tmp_path / "plots").iterdir())
    assert written == ["j30.png", "sm_j10.png"]
    assert all(
        (tmp_path / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in written
    )


def test_plots_compare_time_limits_on_the_same_instances() -> None:
    from benchmarks.plot import comparable_rows

    rows = [
        make_row("j60/a.sm", "kernel", 41, "feasible", 40, limit=1.0),
        make_row("j60/b.sm", "kernel", 50, "feasible", 50, limit=1.0),
        make_row("j60/a.sm", "kernel", 40, "optimal", 40, limit=5.0),
    ]
    kept, caption = comparable_rows(rows)
    assert {r.instance for r in kept} == {"j60/a.sm"}
    assert "1 instances run by every solver" in caption
    kept, _ = comparable_rows(rows[:2])
    assert kept == rows[:2]
