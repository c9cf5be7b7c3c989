"""Books from tables and files: every format reads back what was written, and every
error names the file, the row and the column it is about."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from random_books import books
from shop import book

from feasibility import InputError
from feasibility.files import (
    BookInputs,
    from_frames,
    load_book,
    load_jobs,
    to_frames,
    write_book,
)


@pytest.mark.parametrize("target", ["book", "book.json", "book.yaml", "parquet"])
def test_every_format_reads_back_the_book_it_wrote(tmp_path: Path, target: str) -> None:
    original = book()
    if target == "parquet":
        path = write_book(original, tmp_path / "book", suffix=".parquet")
        assert {p.suffix for p in path.iterdir()} == {".parquet"}
    else:
        path = write_book(original, tmp_path / target)
    assert load_book(path) == original


def test_a_csv_folder_is_a_spreadsheet_of_documented_columns(tmp_path: Path) -> None:
    folder = write_book(book(), tmp_path / "book")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "calendar.csv",
        "commitments.csv",
        "holidays.csv",
        "job_tasks.csv",
        "jobs.csv",
        "settings.csv",
        "staff.csv",
        "tasks.csv",
        "time_off.csv",
    ]
    staff = pd.read_csv(folder / "staff.csv", dtype=str, keep_default_na=False)
    assert list(staff.columns) == [
        "id",
        "skills",
        "hours_per_day",
        "hours_per_week",
        "calendar.workdays",
        "calendar.holidays",
    ]
    cy = staff.set_index("id").loc["cy"]
    assert cy["calendar.workdays"] == "Mon; Tue; Wed; Thu"
    assert staff.set_index("id").loc["bo", "skills"] == "fit; paint"
    time_off = pd.read_csv(folder / "time_off.csv", dtype=str, keep_default_na=False)
    assert time_off[["person", "first", "last"]].values.tolist() == [
        ["bo", "2026-12-07", ""],
        ["bo", "2026-12-14", "2026-12-16"],
    ]
    tasks = pd.read_csv(folder / "tasks.csv", dtype=str, keep_default_na=False)
    paint = tasks[(tasks.commitment == "K1") & (tasks.id == "paint")].iloc[0]
    assert paint["after"] == "fit:1"


def test_a_book_from_tables_plans_as_the_same_book_from_models(tmp_path: Path) -> None:
    original = book()
    loaded = load_book(write_book(original, tmp_path / "book"))
    a, b = original.planner(), loaded.planner()
    pd.testing.assert_frame_equal(a.assignments, b.assignments)
    job = loaded.job("N2")
    assert a.check(job).earliest == b.check(job).earliest


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def _small(folder: Path, **tables: str) -> Path:
    texts = {
        "settings.csv": "start\n2026-11-30\n",
        "staff.csv": "id,skills,hours_per_day\nann,fit,8\nbo,fit; paint,6\n",
        "commitments.csv": "id,customer,due\nK1,Miller,2026-12-18\nK2,Ortiz,2027-01-15\n",
        "tasks.csv": "commitment,id,skill,effort_hours,after\n"
        "K1,a,fit,16,\nK1,b,paint,8,a\nK2,a,fit,4,\n",
    }
    texts.update({f"{k}.csv": v for k, v in tables.items()})
    for name, text in texts.items():
        _write(folder, name, text)
    return folder


def test_the_small_csv_book_loads(tmp_path: Path) -> None:
    inputs = load_book(_small(tmp_path / "b"))
    assert [p.id for p in inputs.staff] == ["ann", "bo"]
    assert inputs.commitments[0].task("b").predecessors == ("a",)
    assert inputs.staff[1].skills == {"fit", "paint"}


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (
            {"staff": "id,skills,hours_per_day\nann,fit,8\nbo,fit,-6\n"},
            "staff.csv, row 2 (line 3), column 'hours_per_day': person 'bo': hours_per_day "
            "must not be negative",
        ),
        (
            {"staff": "id,skills,hours_per_day\nann,fit,8\nbo,fit,six\n"},
            "staff.csv, row 2 (line 3), column 'hours_per_day': Input should be a valid number",
        ),
        (
            {"staff": "id,skills,hours\nann,fit,8\n"},
            "staff.csv: unknown column 'hours'",
        ),
        (
            {"staff": "id,skills\nann,fit\nbo,fit\nann,paint\n"},
            "staff.csv, row 3 (line 4), column 'id': person 'ann' appears twice (first at row 1",
        ),
        (
            {"time_off": "person,first,last\nann,2026-12-07,\nzed,2026-12-08,\n"},
            "time_off.csv, row 2 (line 3), column 'person': there is no person 'zed' in staff.csv",
        ),
        (
            {"time_off": "person,first,last\nann,2026-12-09,2026-12-07\n"},
            "time_off.csv, row 1 (line 2), column 'last': last 2026-12-07 is before first "
            "2026-12-09 (time off of 'ann')",
        ),
        (
            {"time_off": "person,first,last\nann,07/12/2026,\n"},
            "time_off.csv, row 1 (line 2), column 'first': Input should be a valid date",
        ),
        (
            {
                "tasks": "commitment,id,skill,effort_hours,after\nK1,a,fit,16,\nK2,a,fit,4,\n"
                "K9,a,fit,4,\n"
            },
            "tasks.csv, row 3 (line 4), column 'commitment': there is no commitment 'K9' in "
            "commitments.csv",
        ),
        (
            {
                "tasks": "commitment,id,skill,effort_hours,after\nK1,a,fit,16,\nK1,b,fit,4,x\n"
                "K2,a,fit,4,\n"
            },
            "tasks.csv, row 2 (line 3), column 'after': task 'b' of commitment 'K1' depends "
            "on unknown task 'x'",
        ),
        (
            {
                "tasks": "commitment,id,skill,effort_hours,after\nK1,a,fit,16,b\nK1,b,fit,4,a\n"
                "K2,a,fit,4,\n"
            },
            "column 'after': commitment 'K1' has a dependency cycle: a -> b -> a",
        ),
        (
            {"tasks": "commitment,id,skill,effort_hours,done_hours\nK1,a,fit,16,20\nK2,a,fit,4,\n"},
            "tasks.csv, row 1 (line 2), column 'done_hours': task 'a': done_hours 20.0 exceeds "
            "effort_hours 16.0",
        ),
        (
            {"tasks": "commitment,id,skill,effort_hours\nK1,a,fit,16\n"},
            "commitments.csv, row 2 (line 3): commitment 'K2' has no tasks in tasks.csv",
        ),
        (
            {"commitments": "id,due\nK1,2026-12-18\nK2,2027-02-30\n"},
            "commitments.csv, row 2 (line 3), column 'due': Input should be a valid date",
        ),
        (
            {"settings": "start\n\n"},
            "the book has no settings",
        ),
        (
            {"tasks": "commitment,id,skill,effort_hours\nK1,a,fit,16\nK2,a,weld,4\n"},
            "tasks.csv, row 2 (line 3), column 'skill': task 'a' of commitment 'K2' needs skill "
            "'weld', which nobody on the staff has",
        ),
        (
            {"commitments": "id,due\nK1,2026-12-18\nK2,2026-11-02\n"},
            "commitments.csv, row 2 (line 3), column 'due': commitment 'K2' is due 2026-11-02, "
            "before the planning start 2026-11-30",
        ),
        (
            {
                "tasks": "commitment,id,skill,effort_hours,pinned_start\nK1,a,fit,16,\n"
                "K2,a,fit,4,2026-11-20\n"
            },
            "tasks.csv, row 2 (line 3), column 'pinned_start': task 'a' of commitment 'K2' is "
            "pinned to start 2026-11-20, before the planning start",
        ),
        (
            {
                "tasks": "commitment,id,skill,effort_hours,pinned_start\nK1,a,fit,16,\n"
                "K2,a,fit,4,2026-12-05\n"
            },
            "tasks.csv, row 2 (line 3), column 'pinned_start': task 'a' of commitment 'K2' is "
            "pinned to start on Sat 05 Dec 2026",
        ),
        (
            {
                "commitments": "id,due\nK1,2026-12-18\nK2's,2026-11-02\n",
                "tasks": "commitment,id,skill,effort_hours\nK1,a,fit,16\nK2's,a,fit,4\n",
            },
            "commitments.csv, row 2 (line 3), column 'due': commitment \"K2's\" is due",
        ),
        (
            {"jobs": "id\nK1\n", "job_tasks": "commitment,id,skill,effort_hours\nK1,a,fit,2\n"},
            "jobs.csv, row 1 (line 2), column 'id': commitment 'K1' is already booked",
        ),
        (
            {"staff": "id,skills,hours_per_week\nann,fit,200\n"},
            "staff.csv, row 1 (line 2), column 'hours_per_week': person 'ann': hours_per_week "
            "cannot exceed 168",
        ),
        (
            {"settings": "start,scheduling\n2026-11-30,sideways\n"},
            "settings.csv, row 1 (line 2), column 'scheduling': unknown scheduling 'sideways'",
        ),
        (
            {"settings": "start,workers\n2026-11-30,0\n"},
            "settings.csv, row 1 (line 2), column 'workers': workers must be a whole number",
        ),
        (
            {"settings": "start\nsoon\n"},
            "settings.csv, row 1 (line 2), column 'start': Input should be a valid date",
        ),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(
    tmp_path: Path, tables: dict[str, str], expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_book(_small(tmp_path / "b", **tables))
    assert expected in str(caught.value)


def test_rewriting_a_folder_drops_the_tables_the_book_no_longer_has(tmp_path: Path) -> None:
    folder = write_book(book(), tmp_path / "book")
    (folder / "notes.txt").write_text("kept")
    smaller = book().model_copy(update={"jobs": (), "commitments": ()})
    write_book(smaller, folder)
    assert not (folder / "jobs.csv").exists() and not (folder / "tasks.csv").exists()
    assert (folder / "notes.txt").read_text() == "kept"
    assert load_book(folder) == smaller
    write_book(smaller, folder, suffix=".parquet")
    assert {p.suffix for p in folder.iterdir() if p.name != "notes.txt"} == {".parquet"}
    assert load_book(folder) == smaller


def test_a_file_that_is_no_table_of_a_book_is_refused(tmp_path: Path) -> None:
    folder = _small(tmp_path / "b")
    _write(folder, "peple.csv", "id\nann\n")
    with pytest.raises(InputError, match=r"peple.csv: not a table of a book"):
        load_book(folder)


def test_the_same_table_twice_is_refused(tmp_path: Path) -> None:
    folder = _small(tmp_path / "b")
    (folder / "staff.json").write_text(json.dumps([{"id": "ann", "skills": ["fit"]}]))
    with pytest.raises(InputError, match="the staff table is given twice"):
        load_book(folder)


def test_tables_may_mix_formats(tmp_path: Path) -> None:
    folder = _small(tmp_path / "b")
    (folder / "staff.csv").unlink()
    (folder / "staff.yaml").write_text(
        "- {id: ann, skills: [fit], hours_per_day: 8}\n- {id: bo, skills: 'fit; paint'}\n"
    )
    pd.DataFrame({"person": ["bo"], "first": [pd.Timestamp("2026-12-07")]}).to_parquet(
        folder / "time_off.parquet"
    )
    inputs = load_book(folder)
    assert inputs.staff[1].time_off == (date(2026, 12, 7),)
    assert inputs.staff[1].skills == {"fit", "paint"}


def test_a_json_book_names_the_entry_and_field(tmp_path: Path) -> None:
    data = book().model_dump(mode="json")
    data["staff"][2]["hours_per_week"] = "many"
    path = tmp_path / "book.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        load_book(path)
    assert "book.json, staff entry 3, field 'hours_per_week'" in str(caught.value)
    data = book().model_dump(mode="json")
    data["commitments"][1]["tasks"][1]["after"] = ["nothing"]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        load_book(path)
    assert "commitments entry 2 ('K2'), task 2, field 'after'" in str(caught.value)


def test_broken_json_and_yaml_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text('{"settings": {"start": "2026-11-30"},\n "staff": [}\n')
    with pytest.raises(InputError, match=r"book.json, line 2, column \d+: not valid JSON"):
        load_book(path)
    path = tmp_path / "book.yaml"
    path.write_text("settings:\n  start: 2026-11-30\nstaff: [a, b\n")
    with pytest.raises(InputError, match=r"book.yaml, line \d+, column \d+: not valid YAML"):
        load_book(path)


def test_jobs_load_from_json_yaml_and_a_folder(tmp_path: Path) -> None:
    jobs = book().jobs
    single = tmp_path / "job.json"
    single.write_text(jobs[0].model_dump_json())
    assert load_jobs(single) == jobs[:1]
    many = tmp_path / "jobs.yaml"
    many.write_text(json.dumps({"jobs": [j.model_dump(mode="json") for j in jobs]}))
    assert load_jobs(many) == jobs
    folder = write_book(book(), tmp_path / "book")
    assert load_jobs(folder) == jobs


def test_frames_carry_fields_a_model_gains_as_columns() -> None:
    """A dict-valued field is read from ``<field>.<key>`` columns: a field added to a model
    is a column with no new code (here a stand-in model with such a field)."""
    from pydantic import BaseModel, ConfigDict

    from feasibility.files.rows import Where, check_columns, model_from_row

    class Scored(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: str
        attributes: dict[str, float] = {}

    row = {"id": "K1", "attributes.contract_value": "1200.5", "attributes.risk": "0.2"}
    scored = model_from_row(Scored, row, Where("commitments.csv", row=1, line=2))
    assert scored.attributes == {"contract_value": 1200.5, "risk": 0.2}
    with pytest.raises(InputError, match=r"unknown column 'attribute\.risk'"):
        check_columns(Scored, ["id", "attribute.risk"], Where("commitments.csv"))
    with pytest.raises(InputError, match=r"row 1 \(line 2\), column 'attributes.risk'"):
        model_from_row(Scored, {"id": "K1", "attributes.risk": "high"}, Where("c.csv", 1, 2))


# -- round trips of random books ----------------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(books())
def test_random_books_read_back_from_csv_json_and_frames(
    tmp_path: Path, original: BookInputs
) -> None:
    assert from_frames(**to_frames(original)) == original
    # one folder for every example: each write replaces what the one before left
    for target in ("csv", "book.json"):
        path = write_book(original, tmp_path / target)
        assert load_book(path) == original


def test_a_spreadsheet_csv_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    folder = _small(tmp_path / "b")
    text = (folder / "staff.csv").read_text()
    (folder / "staff.csv").write_bytes("\ufeff".encode() + text.encode())
    assert [p.id for p in load_book(folder).staff] == ["ann", "bo"]


def test_parquet_and_frame_errors_name_the_row(tmp_path: Path) -> None:
    folder = _small(tmp_path / "b")
    (folder / "staff.csv").unlink()
    pd.DataFrame({"id": ["ann", "bo"], "skills": ["fit", "fit"], "crew": [1, 2]}).to_parquet(
        folder / "staff.parquet"
    )
    with pytest.raises(InputError, match=r"^staff.parquet: unknown column 'crew'"):
        load_book(folder)
    pd.DataFrame(
        {"id": ["ann", "bo"], "skills": ["fit", "fit"], "hours_per_day": [8, 30]}
    ).to_parquet(folder / "staff.parquet")
    with pytest.raises(InputError, match=r"^staff.parquet, row 2, column 'hours_per_day'"):
        load_book(folder)
    with pytest.raises(InputError, match=r"^staff table, row 1, column 'skills'"):
        from_frames(
            settings={"start": "2026-11-30"},
            staff=pd.DataFrame({"id": ["ann"], "skills": [""]}).assign(skills=[5]),
        )


def test_mapping_fields_write_to_their_own_columns() -> None:
    from pydantic import BaseModel, ConfigDict

    from feasibility.files.tables import _frame

    class Scored(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: str
        attributes: dict[str, float] = {}

    frame = _frame([Scored(id="K1", attributes={"contract_value": 1200.5})], Scored)
    assert frame.to_dict("records") == [{"id": "K1", "attributes.contract_value": 1200.5}]


def test_what_spreadsheets_add_to_a_csv_is_left_out(tmp_path: Path) -> None:
    """Trailing columns without a name and rows without a value (as spreadsheets save
    them) are left out; the lines of the rest are still named right."""
    folder = _small(
        tmp_path / "b",
        staff="id,skills,hours_per_day,,\nann,fit,8,,\n,,,,\nbo,fit; paint,6,,\n",
    )
    assert [p.id for p in load_book(folder).staff] == ["ann", "bo"]
    (folder / "staff.csv").write_text("id,skills,hours_per_day,\nann,fit,8,\n,,,\nbo,fit,-1,\n")
    with pytest.raises(InputError, match=r"staff.csv, row 3 \(line 4\), column 'hours_per_day'"):
        load_book(folder)
    (folder / "staff.csv").write_text("id,skills,\nann,fit,8\n")
    with pytest.raises(InputError, match=r"staff\.csv: column 3 has values but no name"):
        load_book(folder)
