"""A saved planner loads back as it was, without planning anything again; a damaged or
newer file is refused and nothing is loaded."""

from __future__ import annotations

import json
import threading
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from random_books import books
from shop import book

import feasibility.planner as planner_module
from feasibility import InputError, Planner, Verdict
from feasibility.files import BookInputs, load_planner, save_planner
from feasibility.files.saved import FORMAT_VERSION, MANIFEST


@pytest.fixture(scope="module")
def planner() -> Planner:
    built = book().planner()
    built.book(book().job("N2"))
    return built


def _same_verdict(a: Verdict, b: Verdict) -> None:
    assert (a.feasible, a.earliest, a.proven, a.bound, a.moved, a.reasons) == (
        b.feasible,
        b.earliest,
        b.proven,
        b.bound,
        b.moved,
        b.reasons,
    )
    assert dict(a.plan) == dict(b.plan)


def test_a_loaded_planner_holds_the_plan_that_was_saved(planner: Planner, tmp_path: Path) -> None:
    loaded = Planner.load(planner.save(tmp_path / "shop.plan"))
    pd.testing.assert_frame_equal(loaded.assignments, planner.assignments)
    pd.testing.assert_frame_equal(loaded.tasks, planner.tasks)
    assert loaded.commitments == planner.commitments
    assert loaded.settings == planner.settings
    assert loaded.horizon_end == planner.horizon_end
    for c in planner.commitments:
        assert loaded.planned_finish(c.id) == planner.planned_finish(c.id)
    assert dict(loaded.book_state.limits) == dict(planner.book_state.limits)
    assert (loaded.book_state.plan.residual == planner.book_state.plan.residual).all()


def test_every_later_check_and_booking_is_the_same(planner: Planner, tmp_path: Path) -> None:
    loaded = Planner.load(planner.save(tmp_path / "shop.plan"))
    job = book().job("N1")
    _same_verdict(loaded.check(job), planner.check(job))
    late = job.model_copy(update={"id": "N3", "due": date(2027, 3, 1)})
    # book on copies, so the module's planner stays as it was for the other tests
    original = Planner.load(planner.save(tmp_path / "copy.plan"))
    _same_verdict(loaded.book(late), original.book(late))
    pd.testing.assert_frame_equal(loaded.assignments, original.assignments)


def test_loading_runs_no_solver(
    planner: Planner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = planner.save(tmp_path / "shop.plan")
    calls: list[str] = []

    def refuse(name: str) -> object:
        def called(*args: object, **kwargs: object) -> object:
            calls.append(name)
            raise AssertionError(f"{name} ran while loading")

        return called

    monkeypatch.setattr(planner_module, "solve", refuse("solve"))
    monkeypatch.setattr(planner_module, "compile_problem", refuse("compile_problem"))
    monkeypatch.setattr(planner_module, "right_justify", refuse("right_justify"))
    monkeypatch.setattr(Planner, "_plan_initial", refuse("_plan_initial"))
    loaded = load_planner(path)
    assert calls == []
    assert len(loaded.assignments) == len(planner.assignments) > 0


def test_saving_while_another_thread_books_saves_one_state(tmp_path: Path) -> None:
    shared = book().planner()
    jobs = [book().job("N2").model_copy(update={"id": f"T{k}"}) for k in range(3)]
    worker = threading.Thread(target=lambda: [shared.book(j) for j in jobs])
    worker.start()
    paths = [shared.save(tmp_path / f"s{k}.plan") for k in range(3)]
    worker.join()
    for path in paths:
        loaded = Planner.load(path)
        ids = {c.id for c in loaded.commitments}
        assert set(loaded.assignments.commitment) <= ids


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as z:
        members = {name: z.read(name) for name in z.namelist()}
    for name, data in change.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    with zipfile.ZipFile(target, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return target


def test_a_newer_format_is_refused_with_the_version(planner: Planner, tmp_path: Path) -> None:
    path = planner.save(tmp_path / "shop.plan")
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read(MANIFEST))
    manifest["format_version"] = FORMAT_VERSION + 1
    newer = _rewrite(path, tmp_path / "newer.plan", {MANIFEST: json.dumps(manifest).encode()})
    with pytest.raises(InputError, match=rf"format version {FORMAT_VERSION + 1}.*upgrade"):
        Planner.load(newer)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "cannot be read as a zip file"),
        ("flipped", "damaged"),
        ("missing", "it lacks slot_end.npy"),
        ("not a plan", "not a saved planner"),
        ("inputs", "the checksum of inputs.json does not match"),
        ("text", "cannot be read as a zip file"),
        ("compression", "names an unknown compression method"),
    ],
)
def test_a_damaged_file_is_refused(
    planner: Planner, tmp_path: Path, damage: str, message: str
) -> None:
    path = planner.save(tmp_path / "shop.plan")
    data = path.read_bytes()
    bad = tmp_path / "bad.plan"
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        middle = len(data) // 3
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "missing":
        _rewrite(path, bad, {"slot_end.npy": None})
    elif damage == "not a plan":
        _rewrite(path, bad, {MANIFEST: None})
    elif damage == "inputs":
        with zipfile.ZipFile(path) as z:
            inputs = z.read("inputs.json")
        _rewrite(path, bad, {"inputs.json": inputs.replace(b'"K1"', b'"K9"', 1)})
    elif damage == "compression":
        # The central directory's entry of the first member names method 99.
        at = data.index(b"PK\x01\x02") + 10
        bad.write_bytes(data[:at] + (99).to_bytes(2, "little") + data[at + 2 :])
    else:
        bad.write_text("hello")
    before = planner.assignments
    with pytest.raises(InputError, match=message):
        Planner.load(bad)
    pd.testing.assert_frame_equal(planner.assignments, before)


def test_a_plan_whose_hours_do_not_add_up_is_refused(planner: Planner, tmp_path: Path) -> None:
    """Consistent checksums over arrays that contradict each other (written by a bug, or
    by hand) still do not load: the hours must add up to the capacity recorded."""
    import hashlib
    import io

    import numpy as np

    path = planner.save(tmp_path / "shop.plan")
    with zipfile.ZipFile(path) as z:
        units = np.load(io.BytesIO(z.read("usage_units.npy")))
        manifest = json.loads(z.read(MANIFEST))
    units[0] += 1
    buffer = io.BytesIO()
    np.save(buffer, units)
    manifest["members"]["usage_units.npy"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    bad = _rewrite(
        path,
        tmp_path / "bad.plan",
        {"usage_units.npy": buffer.getvalue(), MANIFEST: json.dumps(manifest).encode()},
    )
    with pytest.raises(InputError, match="does not add up"):
        Planner.load(bad)


def test_a_failed_save_leaves_the_earlier_file(
    planner: Planner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = planner.save(tmp_path / "shop.plan")
    before = path.read_bytes()
    written = zipfile.ZipFile.writestr
    count = [0]

    def fail_on_the_third(self: zipfile.ZipFile, name: str, data: bytes | str) -> None:
        count[0] += 1
        if count[0] == 3:
            raise OSError("disk full")
        written(self, name, data)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fail_on_the_third)
    with pytest.raises(OSError, match="disk full"):
        save_planner(planner, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.plan"]


def test_damage_anywhere_is_refused_or_harmless(planner: Planner, tmp_path: Path) -> None:
    """A byte flipped anywhere in the file: either the load is refused with an
    ``InputError``, or (a byte zip readers ignore) the plan loads exactly as saved."""
    path = planner.save(tmp_path / "shop.plan")
    data = path.read_bytes()
    bad = tmp_path / "bad.plan"
    refused = 0
    for position in range(0, len(data), max(len(data) // 60, 1)):
        bad.write_bytes(data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :])
        try:
            loaded = Planner.load(bad)
        except InputError:
            refused += 1
            continue
        pd.testing.assert_frame_equal(loaded.assignments, planner.assignments)
        assert loaded.commitments == planner.commitments
    assert refused > 0


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(books())
def test_random_books_load_as_they_were_saved(tmp_path: Path, original: BookInputs) -> None:
    planner = original.planner()
    loaded = Planner.load(planner.save(tmp_path / f"{id(original)}.plan"))
    pd.testing.assert_frame_equal(loaded.assignments, planner.assignments)
    assert loaded.commitments == planner.commitments
    for job in original.jobs:
        _same_verdict(loaded.check(job), planner.check(job))


def test_the_approval_policy_is_saved_with_the_planner(tmp_path: Path) -> None:
    from feasibility import ApprovalPolicy

    inputs = book()
    strict = ApprovalPolicy(buffer_days=10)
    built = Planner(
        calendar=inputs.calendar,
        staff=inputs.staff,
        commitments=inputs.commitments,
        approval=strict,
        **inputs.settings.planner_arguments(),  # type: ignore[arg-type]
    )
    loaded = Planner.load(built.save(tmp_path / "strict.plan"))
    assert loaded.approval == strict
    job = inputs.job("N1")
    assert loaded.check(job).approval == built.check(job).approval
