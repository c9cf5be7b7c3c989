"""The command line, in process (click's runner) and once as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from shop import book

from feasibility import Planner
from feasibility.cli import COMMANDS, main
from feasibility.files import load_book, write_book
from feasibility.files.example import example_book


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_book(book(), tmp_path / "shop")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for command in COMMANDS:
        code, out, _ = run(command.name or "", "--help")
        assert code == 0
        assert "Example:" in out and f"feasibility {command.name}" in out


def test_check_says_no_with_exit_1_and_yes_with_exit_0(shop: Path) -> None:
    planner = book().planner()
    job = book().job("N1").model_copy(update={"due": None})
    earliest = planner.check(job).earliest
    assert earliest is not None
    before = earliest.fromordinal(earliest.toordinal() - 1)
    code, out, _ = run("check", str(shop), "N1", "--due", before.isoformat())
    assert code == 1 and out.startswith("No: N1 cannot be delivered")
    code, out, _ = run("check", str(shop), "N1", "--due", earliest.isoformat())
    assert code == 0 and out.startswith("Yes: N1 can be delivered")
    code, out, _ = run("check", str(shop), "N1", "--due", earliest.isoformat(), "--json")
    record = json.loads(out)
    assert (record["feasible"], record["earliest"]) == (True, earliest.isoformat())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["N9"], "the book has no job 'N9'; its jobs are 'N1', 'N2'"),
        (["N1", "--due", "tomorrow"], "Invalid value for '--due'"),
        (["N1", "--time-limit", "-1"], "time_limit must be a number of seconds above 0"),
    ],
)
def test_bad_input_exits_2_naming_it(shop: Path, args: list[str], message: str) -> None:
    code, _, err = run("check", str(shop), *args)
    assert code == 2 and message in err


def test_a_bad_row_exits_2_naming_file_row_and_column(shop: Path) -> None:
    staff = (shop / "staff.csv").read_text().replace("7.5", "lots")
    (shop / "staff.csv").write_text(staff)
    code, _, err = run("check", str(shop), "N1")
    assert code == 2
    assert "staff.csv, row 2 (line 3), column 'hours_per_day'" in err


def test_book_saves_a_planner_that_later_commands_start_from(shop: Path, tmp_path: Path) -> None:
    code, _, err = run("book", str(shop), "N2")
    saved = tmp_path / "shop.plan"
    assert code == 0 and f"saved to {saved}" in err
    loaded = Planner.load(saved)
    assert [c.id for c in loaded.commitments] == ["K1", "K2", "K3", "N2"]
    job = tmp_path / "n1.json"
    job.write_text(book().job("N1").model_dump_json())
    code, out, _ = run("check", str(saved), str(job), "--json")
    expected = loaded.check(book().job("N1"))
    assert json.loads(out)["earliest"] == str(expected.earliest)
    # a second booking into the saved planner: the same file, one more commitment
    code, _, _ = run("book", str(saved), str(job), "--allow-late")
    assert code == 0
    assert [c.id for c in Planner.load(saved).commitments][-1] == "N1"


def test_a_job_that_does_not_fit_is_not_booked_and_nothing_is_saved(
    shop: Path, tmp_path: Path
) -> None:
    code, _, err = run("book", str(shop), "N1", "--due", "2026-12-01")
    assert code == 1 and "Not booked" in err
    assert not (tmp_path / "shop.plan").exists()


def test_plan_writes_the_frames_pictures_and_report(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = run("plan", str(shop), "--out", str(out), "--weeks", "4", "--highlight", "K2")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "commitments.csv",
        "gantt.png",
        "load.png",
        "report.html",
        "tasks.csv",
    ]
    planner = load_book(shop).planner()
    written = pd.read_csv(out / "assignments.csv")
    assert len(written) == len(planner.assignments)
    assert written.hours.sum() == pytest.approx(planner.assignments.hours.sum())
    summary = pd.read_csv(out / "commitments.csv")
    assert list(summary.commitment) == ["K1", "K2", "K3"]


def test_check_writes_a_report(shop: Path, tmp_path: Path) -> None:
    report = tmp_path / "verdict.html"
    code, _, _ = run("check", str(shop), "N2", "--report", str(report))
    assert code == 0
    assert report.read_text().count("<img") == 3


def test_example_writes_a_book_that_loads_and_refuses_a_full_folder(tmp_path: Path) -> None:
    target = tmp_path / "example"
    code, out, _ = run("example", str(target))
    assert code == 0 and "feasibility check" in out
    assert load_book(target) == example_book()
    code, _, err = run("example", str(target))
    assert code == 2 and "not empty" in err


def test_the_examples_folder_is_the_example_book() -> None:
    shipped = Path(__file__).resolve().parents[2] / "examples" / "kitchen-fitter"
    assert load_book(shipped) == example_book()


def test_the_console_script_runs_as_a_process(tmp_path: Path) -> None:
    script = shutil.which("feasibility", path=str(Path(sys.executable).parent))
    assert script is not None, "the console script is installed with the package"
    subprocess.run([script, "example", str(tmp_path / "shop")], check=True, capture_output=True)
    done = subprocess.run(
        [script, "check", str(tmp_path / "shop"), "Kitchen-Lee"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stdout.startswith("No: Kitchen-Lee cannot be delivered by Wed 23 Dec 2026")
    done = subprocess.run(
        [script, "check", str(tmp_path / "shop"), "Repair-Ng"], capture_output=True, text=True
    )
    assert done.returncode == 0
    done = subprocess.run([script, "check", str(tmp_path / "nowhere"), "x"], capture_output=True)
    assert done.returncode == 2


def test_the_walk_through_runs(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "examples" / "spreadsheet_book.py"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "the same plan: True" in done.stdout
    names = {p.name for p in tmp_path.iterdir()}
    assert {"gantt.png", "load.png", "plan.html", "verdict.html", "kitchen-fitter.plan"} <= names


def test_a_damaged_saved_planner_exits_2(shop: Path, tmp_path: Path) -> None:
    run("book", str(shop), "N2")
    saved = tmp_path / "shop.plan"
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    code, _, err = run("check", str(saved), "N1")
    assert code == 2 and "the saved planner is damaged" in err


def test_without_matplotlib_plan_writes_the_tables_and_says_what_to_install(
    shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feasibility.reports.drawing as drawing

    def no_matplotlib(width: float, height: float) -> object:
        raise ImportError(f"pictures need matplotlib ({drawing.INSTALL_PLOT})")

    monkeypatch.setattr(drawing, "figure", no_matplotlib)
    out = tmp_path / "out"
    code, _, err = run("plan", str(shop), "--out", str(out))
    assert code == 0 and "pip install 'feasibility[plot]'" in err
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "commitments.csv",
        "report.html",
        "tasks.csv",
    ]
    assert "No pictures: pictures need matplotlib" in (out / "report.html").read_text()


def test_plan_shows_the_people_with_a_skill(shop: Path, tmp_path: Path) -> None:
    code, _, _ = run("plan", str(shop), "--out", str(tmp_path / "o"), "--skill", "paint")
    assert code == 0 and (tmp_path / "o" / "gantt.png").exists()
    code, _, err = run("plan", str(shop), "--out", str(tmp_path / "o"), "--skill", "weld")
    assert code == 2 and "nobody on the staff has the skill 'weld'" in err


def test_the_command_line_runs_without_the_optional_libraries(tmp_path: Path) -> None:
    """With matplotlib, pyarrow and yaml missing, the commands still run and say what to
    install for the part that needs it."""
    blocker = (
        "import sys\n"
        "for name in ('matplotlib', 'pyarrow', 'yaml'):\n"
        "    sys.modules[name] = None\n"
        "from feasibility.cli import main\n"
        "sys.exit(main())\n"
    )
    run_cli = [sys.executable, "-c", blocker]
    subprocess.run([*run_cli, "example", str(tmp_path / "shop")], check=True, capture_output=True)
    done = subprocess.run(
        [*run_cli, "plan", str(tmp_path / "shop"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "pictures need matplotlib (pip install 'feasibility[plot]')" in done.stderr
    assert (tmp_path / "out" / "report.html").exists()
    (tmp_path / "book.yaml").write_text("settings: {start: 2026-11-30}\n")
    done = subprocess.run(
        [*run_cli, "check", str(tmp_path / "book.yaml"), "x"], capture_output=True, text=True
    )
    assert done.returncode == 2 and "pip install 'feasibility[files]'" in done.stderr


def test_check_with_levers_prints_them_and_carries_them_in_json(shop: Path) -> None:
    planner = book().planner()
    job = book().job("N1").model_copy(update={"due": None})
    earliest = planner.check(job).earliest
    assert earliest is not None
    before = earliest.fromordinal(earliest.toordinal() - 1).isoformat()
    code, out, _ = run("check", str(shop), "N1", "--due", before, "--levers", "--json")
    record = json.loads(out)
    assert code == 1 and record["levers"] is not None
    expected = planner.check(
        job.model_copy(update={"due": earliest.fromordinal(earliest.toordinal() - 1)}), levers=True
    )
    assert expected.levers is not None and expected.levers.levers
    assert [lever["kind"] for lever in record["levers"]["levers"]] == [
        lever.kind for lever in expected.levers.levers
    ]
    assert record["approval"]["tier"] == (expected.approval.tier if expected.approval else None)
    code, out, _ = run("check", str(shop), "N1", "--due", before, "--levers")
    assert code == 1
    assert all(f"Lever: {lever.sentence}" in out for lever in expected.levers.levers)


def test_replan_writes_the_plan_and_agrees_with_the_library(shop: Path, tmp_path: Path) -> None:
    # Everyone who fits is off for the first three weeks: something must slip.
    ill = [
        {"kind": "time_off", "person": p, "first": "2026-11-30", "last": "2026-12-18"}
        for p in ("ann", "bo", "dee")
    ]
    disruptions = tmp_path / "ill.json"
    disruptions.write_text(json.dumps(ill), encoding="utf-8")
    out = tmp_path / "replan"
    code, text, _ = run(
        "replan", str(shop), "--disruptions", str(disruptions), "--rounds", "3", "--out", str(out)
    )
    expected = book().planner().replan(ill, rounds=3, progress=False).commitments
    late = expected[~expected["on_time"]]
    assert not late.empty and code == 1
    assert f"{len(late)} late" in text
    written = pd.read_csv(out / "commitments.csv")
    assert written["days_late"].tolist() == expected["days_late"].tolist()
    for name in ("assignments.csv", "report.md", "report.html", "gantt.png", "load.png"):
        assert (out / name).stat().st_size > 0
    for c in late["commitment"]:
        assert c in (out / "report.md").read_text(encoding="utf-8")


def test_replan_adopts_and_saves_when_asked(shop: Path, tmp_path: Path) -> None:
    code, text, _ = run(
        "replan", str(shop), "--rounds", "1", "--out", str(tmp_path / "r"), "--adopt"
    )
    saved = shop.parent / "shop.plan"
    assert code == 0 and "Adopted" in text and saved.exists()
    loaded = Planner.load(saved)
    assert [c.id for c in loaded.commitments] == [c.id for c in book().commitments]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"kind": "time_off"}', "ill.json: a list of disruptions is expected"),
        (
            '[{"kind": "time_off", "person": "zed", "first": "2026-12-01", "last": "2026-12-02"}]',
            "zed",
        ),
        ('[{"kind": "holiday"}]', "ill.json: disruption 1: Input tag 'holiday'"),
        ("[1,", "ill.json, line 1"),
    ],
)
def test_replan_names_a_bad_disruptions_file(
    shop: Path, tmp_path: Path, content: str, message: str
) -> None:
    disruptions = tmp_path / "ill.json"
    disruptions.write_text(content, encoding="utf-8")
    code, _, err = run(
        "replan", str(shop), "--disruptions", str(disruptions), "--out", str(tmp_path / "r")
    )
    assert code == 2 and message in err
