"""Reference tables: value syntax, the three table formats, and the lookup by instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.references import (
    ReferenceTableError,
    ReferenceValue,
    read_optimum_csv,
    read_solution_list,
    reference_for,
)


@pytest.mark.parametrize(
    ("text", "lower", "upper", "unsat", "optimal"),
    [
        ("43", 43, 43, False, True),
        (" 82..87 ", 82, 87, False, False),
        ("..88", None, 88, False, False),
        ("80..", 80, None, False, False),
        ("unsat", None, None, True, False),
    ],
)
def test_reference_values_parse_the_table_syntax(
    text: str, lower: int | None, upper: int | None, unsat: bool, optimal: bool
) -> None:
    value = ReferenceValue.parse(text)
    assert (value.lower, value.upper, value.unsat, value.optimal) == (lower, upper, unsat, optimal)
    assert value.best_known == upper


@pytest.mark.parametrize("text", ["", "abc", "90..80", "4.5"])
def test_unreadable_or_contradictory_values_are_rejected(text: str) -> None:
    with pytest.raises(ReferenceTableError):
        ReferenceValue.parse(text)


def test_combining_sources_keeps_the_tightest_bounds() -> None:
    open_bounds = ReferenceValue(lower=82, upper=90)
    assert open_bounds.combine(ReferenceValue(upper=87)) == ReferenceValue(lower=82, upper=87)
    assert ReferenceValue(upper=87).combine(ReferenceValue(lower=87, upper=87)).optimal
    with pytest.raises(ReferenceTableError):
        ReferenceValue(unsat=True).combine(ReferenceValue(upper=10))
    with pytest.raises(ReferenceTableError):
        ReferenceValue(lower=50, upper=60).combine(ReferenceValue(upper=40))


def test_optimum_csv_holds_optima_bounds_and_unsat(tmp_path: Path) -> None:
    table = tmp_path / "optimum.csv"
    table.write_text("problem,optimum\na.sm,77\nb.sm,82..87\nc.sm,..70\nPSP2.SCH,unsat")
    values = read_optimum_csv(table)
    assert values == {
        "a.sm": ReferenceValue(77, 77),
        "b.sm": ReferenceValue(82, 87),
        "c.sm": ReferenceValue(None, 70),
        "PSP2.SCH": ReferenceValue(unsat=True),
    }


def test_optimum_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "kobe_optimum.csv"
    table.write_text("problem,optimum\na.sm,77\nb.sm,seventy\n")
    with pytest.raises(ReferenceTableError, match=r"kobe_optimum.csv:3"):
        read_optimum_csv(table)
    table.write_text("name,value\na.sm,77\n")
    with pytest.raises(ReferenceTableError, match="header"):
        read_optimum_csv(table)


def test_solution_list_maps_parameter_and_instance_to_file_names(tmp_path: Path) -> None:
    table = tmp_path / "j60hrs.sm"
    table.write_bytes(
        b"solutionlist data/j60hrs.sm\n"
        b"=====\nPar\tInst\tMakespan\tDate\t\t\tAuthor\n=====\n"
        b"1\t1\t77\t\tTue Apr  2 16:26:00 1996  R. Kolisch / A. Drexl\n"
        b"17\t3\t91\t\tTue Jan 25 17:59:48 2000  J. Jos\xe9\n"  # Latin-1 author name
    )
    assert read_solution_list(table) == {
        "j601_1.sm": ReferenceValue(upper=77),
        "j6017_3.sm": ReferenceValue(upper=91),
    }


def test_reference_for_finds_and_combines_the_tables_beside_a_set(
    sm_set: Path, max_set: Path, tmp_path: Path
) -> None:
    # kobe_optimum.csv (proven 7) and tinyhrs.sm (best known 7) in tiny/solutions
    assert reference_for(sm_set / "tiny1_1.sm") == ReferenceValue(lower=7, upper=7)
    assert reference_for(max_set / "PSP1.SCH") == ReferenceValue(lower=6, upper=6)
    assert reference_for(max_set / "PSP2.SCH") == ReferenceValue(unsat=True)

    # only a best-known list: an upper bound, not a proven optimum
    (sm_set / "solutions" / "kobe_optimum.csv").unlink()
    only_list = reference_for(sm_set / "tiny1_1.sm")
    assert only_list == ReferenceValue(upper=7)
    assert only_list is not None and not only_list.optimal

    lone = tmp_path / "elsewhere" / "tiny1_1.sm"
    lone.parent.mkdir()
    lone.write_text((sm_set / "tiny1_1.sm").read_text())
    assert reference_for(lone) is None


def test_reference_for_sees_a_table_that_changed(sm_set: Path) -> None:
    table = sm_set / "solutions" / "kobe_optimum.csv"
    assert reference_for(sm_set / "tiny1_1.sm") == ReferenceValue(7, 7)
    (sm_set / "solutions" / "tinyhrs.sm").unlink()
    table.write_text("problem,optimum\ntiny1_1.sm,6..9\n")
    assert reference_for(sm_set / "tiny1_1.sm") == ReferenceValue(6, 9)
