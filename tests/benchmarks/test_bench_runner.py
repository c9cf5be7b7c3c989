"""The runner end to end (``python -m benchmarks instances``) and its pieces."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.cli import main
from benchmarks.instance import to_problem
from benchmarks.readers import read_instance
from benchmarks.references import ReferenceValue
from benchmarks.registry import RunSettings, resolve_solvers
from benchmarks.results import CSV_COLUMNS, Row
from benchmarks.runner import SolverMismatchError, evaluate, reference_conflict, run_benchmark
from benchmarks.variants import KERNEL_VARIANTS
from solvers.checker import InvalidSolutionError
from solvers.problem import TaskSchedule
from solvers.result import Result, Solution, Status

EXPECTED_COLUMNS = [
    "instance",
    "tasks",
    "solver",
    "makespan",
    "status",
    "lower_bound",
    "best_known",
    "gap_pct",
    "seconds",
    "time_limit",
]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_runner_writes_one_checked_row_per_instance_and_solver(
    sm_set: Path, max_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.csv"
    args = [str(sm_set), str(max_set), "--time-limit", "10", "--out", str(out)]

    assert main(["instances", *args, "--solver", "plain-cpsat"]) == 0
    assert main(["instances", *args, "--solver", "greedy", "--quiet"]) == 0

    header, rows = read_csv(out)
    assert header == EXPECTED_COLUMNS == list(CSV_COLUMNS)
    assert [(r["instance"], r["solver"]) for r in rows] == [
        ("tiny/tiny1_1.sm", "plain-cpsat"),
        ("max/PSP1.SCH", "plain-cpsat"),
        ("max/PSP2.SCH", "plain-cpsat"),
        ("tiny/tiny1_1.sm", "greedy"),
        ("max/PSP1.SCH", "greedy"),
        ("max/PSP2.SCH", "greedy"),
    ]
    exact = {r["instance"]: r for r in rows if r["solver"] == "plain-cpsat"}
    tiny, psp1, psp2 = exact["tiny/tiny1_1.sm"], exact["max/PSP1.SCH"], exact["max/PSP2.SCH"]
    assert (tiny["tasks"], tiny["makespan"], tiny["status"]) == ("4", "7", "optimal")
    assert (tiny["lower_bound"], tiny["best_known"], float(tiny["gap_pct"])) == ("7", "7", 0.0)
    assert (psp1["tasks"], psp1["makespan"], psp1["status"], psp1["best_known"]) == (
        "3",
        "6",
        "optimal",
        "6",
    )
    assert (psp2["makespan"], psp2["status"], psp2["best_known"], psp2["gap_pct"]) == (
        "",
        "infeasible",
        "unsat",
        "",
    )
    assert all(float(r["time_limit"]) == 10.0 and float(r["seconds"]) >= 0 for r in rows)

    greedy = {r["instance"]: r for r in rows if r["solver"] == "greedy"}
    tiny_greedy = greedy["tiny/tiny1_1.sm"]
    assert tiny_greedy["status"] in ("optimal", "feasible")
    assert int(tiny_greedy["makespan"]) >= 7
    assert float(tiny_greedy["gap_pct"]) == pytest.approx(
        100 * (int(tiny_greedy["makespan"]) - 7) / 7, abs=1e-3
    )
    assert greedy["max/PSP2.SCH"]["makespan"] == ""  # no schedule exists

    printed = capsys.readouterr().out
    assert "mean gap %" in printed and "optimal %" in printed and "at best %" in printed
    summary_lines = {
        line.split()[1]: line for line in printed.splitlines() if "plain-cpsat" in line
    }
    assert "1/1 unsat" in summary_lines["plain-cpsat"]  # the RCPSP/max set
    assert "Disagreements" not in printed


def test_runner_selects_a_deterministic_subset(tmp_path: Path, tiny_sm: str) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for group in (1, 2, 3):
        for number in (1, 2):
            (folder / f"many{group}_{number}.sm").write_text(tiny_sm)
    out = tmp_path / "subset.csv"
    common = ["--solver", "plain-cpsat", "--time-limit", "5", "--quiet", "--out", str(out)]

    assert main(["instances", str(folder), "--sample", "3", *common]) == 0
    assert main(["instances", str(folder), "--limit", "2", *common]) == 0
    assert main(["instances", str(folder), "--sample", "3", "--limit", "1", *common]) == 0

    _, rows = read_csv(out)
    names = [r["instance"].split("/")[1] for r in rows]
    # one instance from each parameter group, then the first two, then the first sampled
    assert names == [
        "many1_1.sm",
        "many2_1.sm",
        "many3_1.sm",
        "many1_1.sm",
        "many1_2.sm",
        "many1_1.sm",
    ]


def test_appending_to_a_results_file_with_other_columns_is_refused(
    sm_set: Path, tmp_path: Path
) -> None:
    out = tmp_path / "other.csv"
    out.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="other columns"):
        main(
            [
                "instances",
                str(sm_set),
                "--solver",
                "plain-cpsat",
                "--time-limit",
                "1",
                "--quiet",
                "--out",
                str(out),
            ]
        )


def test_bad_command_lines_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["instances", str(tmp_path), "--solver", "nope", "--time-limit", "1", "--out", "x"])
    with pytest.raises(SystemExit):
        main(["instances", str(tmp_path), "--solver", "greedy", "--time-limit", "1", "--out", "x"])
    with pytest.raises(SystemExit):
        main(
            [
                "instances",
                str(tmp_path / "missing"),
                "--solver",
                "greedy",
                "--time-limit",
                "1",
                "--out",
                "x",
            ]
        )


def test_all_stands_for_every_solver() -> None:
    assert resolve_solvers("all") == ("kernel", "greedy", "plain-cpsat", "pyjobshop")
    assert resolve_solvers("greedy") == ("greedy",)
    with pytest.raises(ValueError, match="unknown solver"):
        resolve_solvers("cplex")


def test_every_schedule_goes_through_the_checker(sm_set: Path) -> None:
    instance = read_instance(sm_set / "tiny1_1.sm")
    problem = to_problem(instance)
    settings = RunSettings(time_limit=1)
    everything_at_zero = Solution(tuple(TaskSchedule(0, t.duration or 0) for t in problem.tasks))
    invalid = Result(Status.FEASIBLE, everything_at_zero, 4, None, 0.0, "broken")
    with pytest.raises(InvalidSolutionError):
        evaluate("tiny/tiny1_1.sm", "x", instance, problem, invalid, 0.0, settings, None)

    serial = []
    t = 0
    for task in problem.tasks:
        serial.append(TaskSchedule(t, t + (task.duration or 0)))
        t += task.duration or 0
    valid = Solution(tuple(serial))  # one task after the other: makespan 11
    boasting = Result(Status.FEASIBLE, valid, 9, None, 0.0, "boasting")
    with pytest.raises(SolverMismatchError, match="reported 9"):
        evaluate("tiny/tiny1_1.sm", "x", instance, problem, boasting, 0.0, settings, None)

    honest = Result(Status.FEASIBLE, valid, 11, 5, 0.0, "honest")
    checked = evaluate(
        "tiny/tiny1_1.sm", "serial", instance, problem, honest, 0.25, settings, ReferenceValue(7, 7)
    )
    assert (checked.solver, checked.makespan, checked.best_known) == ("serial", 11, 7)
    assert (checked.lower_bound, checked.seconds, checked.tasks) == (5, 0.25, 4)
    assert checked.gap_pct == pytest.approx(100 * 4 / 7)
    no_reference = evaluate("tiny/tiny1_1.sm", "x", instance, problem, honest, 0.25, settings, None)
    assert no_reference.gap_pct == pytest.approx(100 * 6 / 5)  # against the solver's bound


def row(makespan: int | None, status: str, bound: int | None = None) -> Row:
    return Row("s/x.SCH", 10, "solver", makespan, status, bound, None, None, 1.0, 1.0)


@pytest.mark.parametrize(
    ("result", "reference", "complaint"),
    [
        (row(10, "feasible"), ReferenceValue(10, 10), None),
        (row(12, "feasible", bound=9), ReferenceValue(10, 10), None),
        (row(None, "infeasible"), ReferenceValue(unsat=True), None),
        (row(None, "unknown"), ReferenceValue(10, 10), None),
        (row(12, "feasible"), ReferenceValue(unsat=True), "says unsat"),
        (row(None, "infeasible"), ReferenceValue(10, 12), "proved infeasible"),
        (row(9, "feasible"), ReferenceValue(10, 12), "below the proven lower bound"),
        (row(11, "optimal"), ReferenceValue(10, 10), "optimum is 10"),
        (row(15, "feasible", bound=13), ReferenceValue(None, 12), "above the best known"),
    ],
)
def test_contradictions_with_the_literature_are_reported(
    result: Row, reference: ReferenceValue, complaint: str | None
) -> None:
    found = reference_conflict(result, reference)
    if complaint is None:
        assert found is None
    else:
        assert found is not None and complaint in found


def test_python_dash_m_benchmarks_runs(sm_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.csv"
    command = [sys.executable, "-m", "benchmarks", "instances", str(sm_set / "tiny1_1.sm")]
    command += ["--solver", "plain-cpsat", "--time-limit", "5", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "plain-cpsat" in done.stdout
    _, rows = read_csv(out)
    assert [(r["instance"], r["makespan"]) for r in rows] == [("tiny/tiny1_1.sm", "7")]


def test_runner_with_the_kernel_solver(sm_set: Path, max_set: Path, tmp_path: Path) -> None:
    paths = [sm_set / "tiny1_1.sm", max_set / "PSP1.SCH", max_set / "PSP2.SCH"]
    report = run_benchmark(paths, ("kernel",), RunSettings(10), tmp_path / "k.csv", progress=False)
    assert [(r.solver, r.makespan, r.status) for r in report.rows] == [
        ("kernel", 7, "optimal"),
        ("kernel", 6, "optimal"),
        ("kernel", None, "infeasible"),
    ]
    assert report.conflicts == []


@pytest.mark.parametrize("variant", sorted(KERNEL_VARIANTS))
def test_every_kernel_variant_solves_the_tiny_sets(
    variant: str, sm_set: Path, max_set: Path, tmp_path: Path
) -> None:
    assert resolve_solvers(variant) == (variant,)
    paths = [sm_set / "tiny1_1.sm", max_set / "PSP1.SCH", max_set / "PSP2.SCH"]
    report = run_benchmark(
        paths, (variant,), RunSettings(10, workers=2), tmp_path / "v.csv", progress=False
    )
    assert [(r.solver, r.makespan, r.status) for r in report.rows] == [
        (variant, 7, "optimal"),
        (variant, 6, "optimal"),
        (variant, None, "infeasible"),
    ]
