"""The proof probe: capped searches below the best-known makespan, on hand-made files."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.cli import main
from benchmarks.instance import to_problem
from benchmarks.proof_probe import PROOF_SETTINGS, probe, prove_below
from benchmarks.readers import read_instance
from tests.benchmarks.conftest import TINY_OPTIMUM


@pytest.mark.parametrize("setting", sorted(PROOF_SETTINGS))
def test_every_setting_proves_the_tiny_optimum(setting: str, sm_set: Path) -> None:
    runs = list(probe([sm_set / "tiny1_1.sm"], [setting], time_limit=10))
    assert [(r.instance, r.setting, r.cap, r.status) for r in runs] == [
        ("tiny/tiny1_1.sm", setting, TINY_OPTIMUM - 1, "infeasible")
    ]


def test_a_reference_above_the_optimum_is_beaten(sm_set: Path) -> None:
    problem = to_problem(read_instance(sm_set / "tiny1_1.sm"))
    status, _ = prove_below(problem, TINY_OPTIMUM + 1, PROOF_SETTINGS["no_lp"], 10)
    assert status == "feasible"
    status, seconds = prove_below(problem, 5, PROOF_SETTINGS["no_lp"], 10)
    assert (status, seconds) == ("infeasible", 0.0)  # the critical path alone is 5


def test_instances_without_a_best_known_value_are_skipped(max_set: Path) -> None:
    assert list(probe([max_set / "PSP2.SCH"], ["no_lp"], time_limit=5)) == []


def test_the_command_line_writes_one_row_per_search(sm_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "proofs.csv"
    argv = ["proofs", str(sm_set), "--setting", "no_lp,default_lp", "--time-limit", "5"]
    assert main([*argv, "--out", str(out)]) == 0
    assert main([*argv, "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "instance,setting,cap,status,seconds"
    assert [line.rsplit(",", 1)[0] for line in lines[1:]] == [
        "tiny/tiny1_1.sm,no_lp,6,infeasible",
        "tiny/tiny1_1.sm,default_lp,6,infeasible",
    ] * 2


def test_unknown_settings_are_rejected(sm_set: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(
            [
                "proofs",
                str(sm_set),
                "--setting",
                "no_lp,magic",
                "--time-limit",
                "1",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
