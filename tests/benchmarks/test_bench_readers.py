"""The PSPLIB .sm and RCPSP/max .SCH readers, on the hand-made files of conftest."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.instance import Arc, Family, InstanceFormatError
from benchmarks.psplib_sm import read_sm
from benchmarks.rcpsp_max import read_sch
from benchmarks.readers import find_instances, read_instance
from solvers.problem import PrecedenceKind

FS = PrecedenceKind.FINISH_TO_START
SS = PrecedenceKind.START_TO_START


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_sm_reader_reads_network_durations_demands_and_capacities(sm_set: Path) -> None:
    instance = read_sm(sm_set / "tiny1_1.sm")

    assert instance.name == "tiny1_1"
    assert instance.family == Family.RCPSP
    assert instance.tasks == ("1", "2", "3", "4", "5", "6")
    assert instance.num_real_tasks == 4
    assert instance.durations == (0, 3, 2, 4, 2, 0)
    assert instance.demands == ((0, 0), (1, 1), (1, 1), (1, 0), (2, 0), (0, 0))
    assert instance.capacities == (2, 1)
    # jobs are numbered from 1 in the file, tasks from 0 in the instance
    assert instance.precedences == (
        Arc(0, 1),
        Arc(0, 2),
        Arc(0, 3),
        Arc(1, 4),
        Arc(2, 4),
        Arc(3, 5),
        Arc(4, 5),
    )
    assert all(arc.kind == FS and arc.lag == 0 for arc in instance.precedences)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("   2        1          1           5", "   2        2          1           5", "2 modes"),
        (
            "   2        1          1           5",
            "   2        1          2           5",
            "announces 2",
        ),
        (
            "   2        1          1           5",
            "   2        1          1           9",
            "unknown successor",
        ),
        ("jobs (incl. supersource/sink ):  6", "jobs (incl. supersource/sink ):  7", "announces 7"),
        (
            "  - nonrenewable              :  0",
            "  - nonrenewable              :  1",
            "nonrenewable",
        ),
        ("  5      1     2       2    0", "  5      1     2       2", "2 demands"),
        ("    2    1\n", "    2\n", "2 capacities"),
        ("RESOURCEAVAILABILITIES:", "AVAILABILITY:", "no RESOURCEAVAILABILITIES"),
    ],
)
def test_sm_reader_rejects_malformed_files_naming_the_problem(
    tmp_path: Path, tiny_sm: str, old: str, new: str, message: str
) -> None:
    assert old in tiny_sm
    path = write(tmp_path, "bad.sm", tiny_sm.replace(old, new))
    with pytest.raises(InstanceFormatError, match=message) as caught:
        read_sm(path)
    assert str(path) in str(caught.value)


def test_sch_reader_keeps_time_lags_as_start_to_start_precedences(max_set: Path) -> None:
    instance = read_sch(max_set / "PSP1.SCH")

    assert instance.name == "PSP1"
    assert instance.family == Family.RCPSP_MAX
    assert instance.tasks == ("0", "1", "2", "3", "4")
    assert instance.num_real_tasks == 3
    assert instance.durations == (0, 2, 2, 3, 0)
    assert instance.demands == ((0,), (1,), (1,), (0,), (0,))
    assert instance.capacities == (1,)
    assert instance.precedences == (
        Arc(0, 1, 0, SS),
        Arc(0, 2, 0, SS),
        Arc(1, 3, 1, SS),
        Arc(1, 4, 2, SS),
        Arc(2, 1, -1, SS),  # a maximum time lag: start[2] <= start[1] + 1
        Arc(2, 4, 2, SS),
        Arc(3, 4, 3, SS),
    )


def test_sch_reader_accepts_spaces_instead_of_tabs(
    tmp_path: Path, max_sch: tuple[str, str]
) -> None:
    feasible, _ = max_sch
    spaced = write(tmp_path, "spaced.SCH", feasible.replace("\t", "   "))
    original = write(tmp_path, "tabs.SCH", feasible)
    assert read_sch(spaced).precedences == read_sch(original).precedences


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("1\t1\t2\t3\t4\t[1]\t[2]", "1\t1\t2\t3\t4\t[1]", "1 time lags"),
        ("1\t1\t2\t3\t4\t[1]\t[2]", "1\t2\t2\t3\t4\t[1]\t[2]", "2 modes"),
        ("1\t1\t2\t3\t4\t[1]\t[2]", "1\t1\t2\t3\t9\t[1]\t[2]", "bad successor"),
        ("1\t1\t2\t3\t4\t[1]\t[2]", "1\t1\t2\t3\t4\t[1 4]\t[2]", "one value per lag"),
        ("3\t1\t0\t0\n", "3\t1\t2\t0\n", "non-renewable"),
        ("1\t1\t2\t1\n", "1\t1\t2\n", "1 demands"),
        ("4\t1\t0\t0\n1\n", "4\t1\t0\t0\n", "non-empty lines"),
        ("2\t1\t2\t1\t4\t[-1]\t[2]", "2\t1\t2\t1\t4\t[-x]\t[2]", "expected integers"),
    ],
)
def test_sch_reader_rejects_malformed_files_naming_the_problem(
    tmp_path: Path, max_sch: tuple[str, str], old: str, new: str, message: str
) -> None:
    feasible, _ = max_sch
    assert old in feasible
    path = write(tmp_path, "bad.SCH", feasible.replace(old, new))
    with pytest.raises(InstanceFormatError, match=message) as caught:
        read_sch(path)
    assert str(path) in str(caught.value)


def test_read_instance_chooses_the_reader_by_suffix(sm_set: Path, max_set: Path) -> None:
    assert read_instance(sm_set / "tiny1_1.sm").family == Family.RCPSP
    assert read_instance(max_set / "PSP1.SCH").family == Family.RCPSP_MAX
    lower = max_set / "psp1.sch"
    lower.write_text((max_set / "PSP1.SCH").read_text())
    assert read_instance(lower).family == Family.RCPSP_MAX
    with pytest.raises(InstanceFormatError, match="unknown instance format"):
        read_instance(sm_set / "solutions" / "kobe_optimum.csv")


def test_find_instances_scans_directories_in_natural_order(tmp_path: Path, tiny_sm: str) -> None:
    folder = tmp_path / "set"
    (folder / "solutions").mkdir(parents=True)
    for name in ("x10_1.sm", "x2_10.sm", "x2_2.sm", "x9_1.sm", "notes.txt"):
        (folder / name).write_text(tiny_sm)
    (folder / "solutions" / "x2_1.sm").write_text(tiny_sm)  # not scanned: a subdirectory
    (folder / "xhrs.sm").write_text("Par Inst Makespan\n")  # a solution list, not an instance

    found = find_instances([folder, folder / "x9_1.sm"])

    assert [p.name for p in found] == ["x2_2.sm", "x2_10.sm", "x9_1.sm", "x10_1.sm"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        find_instances([tmp_path / "nowhere"])


def test_readers_agree_with_the_psplib_package(sm_set: Path, max_set: Path) -> None:
    psplib = pytest.importorskip("psplib")
    for path, fmt in ((sm_set / "tiny1_1.sm", "psplib"), (max_set / "PSP1.SCH", "rcpsp_max")):
        ours = read_instance(path)
        theirs = psplib.parse(path, fmt)
        assert ours.capacities == tuple(r.capacity for r in theirs.resources)
        assert ours.durations == tuple(a.modes[0].duration for a in theirs.activities)
        assert ours.demands == tuple(tuple(a.modes[0].demands) for a in theirs.activities)
        arcs = [
            (i, succ, activity.delays[k] if activity.delays else 0)
            for i, activity in enumerate(theirs.activities)
            for k, succ in enumerate(activity.successors)
        ]
        assert [(a.pred, a.succ, a.lag) for a in ours.precedences] == arcs
