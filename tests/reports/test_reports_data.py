"""The pictures' data against the plan they are drawn from (bars per person, cells per
skill and week, the job against the free hours), not pixels."""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from datetime import date, timedelta

import pytest
from shop import book

from feasibility import InputError, Planner, Verdict
from feasibility.capacity import capacity_units, units_to_hours
from feasibility.reports import (
    commitment_frame,
    gantt_data,
    load_data,
    plan_pictures,
    plan_report,
    verdict_data,
    verdict_pictures,
    verdict_report,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def planner() -> Planner:
    return book().planner()


@pytest.fixture(scope="module")
def verdict(planner: Planner) -> Verdict:
    return planner.check(book().job("N1"))


def _capacity_hours(planner: Planner, person_id: str, day: date) -> float:
    """Hours a person has on a day, from the models (independent of the kernel)."""
    staffing = planner.book_state.staffing
    person = next(p for p in staffing.staff if p.id == person_id)
    return units_to_hours(capacity_units(person.hours_on(day, staffing.calendar)))


@pytest.mark.parametrize(("first", "weeks"), [(None, 12), (date(2026, 12, 9), 2)])
def test_gantt_bars_hold_every_hour_of_each_person(
    planner: Planner, first: date | None, weeks: int
) -> None:
    data = gantt_data(planner.book_state, first=first, weeks=weeks, highlight="K2")
    frame = planner.assignments
    begin = first or planner.start
    end = begin + timedelta(days=7 * weeks - 1)
    assert (data.first, data.last) == (begin, end)
    inside = frame[(frame.day >= begin) & (frame.day <= end)]
    assert data.people == tuple(p.id for p in planner.book_state.staffing.staff)
    for person in data.people:
        mine = [b for b in data.bars if b.person == person]
        rows = inside[inside.person == person]
        assert sum(b.hours for b in mine) == pytest.approx(rows.hours.sum())
        for row in rows.itertuples():
            covering = [
                b
                for b in mine
                if (b.commitment, b.task) == (row.commitment, row.task)
                and b.first <= row.day <= b.last
            ]
            assert len(covering) == 1
    for bar in data.bars:
        assert bar.highlighted == (bar.commitment == "K2")
        assert begin <= bar.first <= bar.last <= end
        # a bar starts and ends on days with hours of its task
        days = set(
            inside[
                (inside.person == bar.person)
                & (inside.commitment == bar.commitment)
                & (inside.task == bar.task)
            ].day
        )
        assert bar.first in days and bar.last in days
    # between two bars of the same task the person had a working day without it
    by_task = defaultdict(list)
    for bar in data.bars:
        by_task[(bar.person, bar.commitment, bar.task)].append(bar)
    for (person, c, t), bars in by_task.items():
        worked = set(
            inside[(inside.person == person) & (inside.commitment == c) & (inside.task == t)].day
        )
        for left, right in itertools.pairwise(bars):
            gap = [left.last + timedelta(days=k) for k in range(1, (right.first - left.last).days)]
            assert any(d not in worked and _capacity_hours(planner, person, d) > 0 for d in gap)


def test_gantt_bars_do_not_break_over_days_off(planner: Planner) -> None:
    """Inside a bar every day is worked on the task or is a day the person has no
    hours: a run is broken only by a working day spent on something else."""
    data = gantt_data(planner.book_state, weeks=12)
    frame = planner.assignments
    for bar in data.bars:
        worked = set(
            frame[
                (frame.person == bar.person)
                & (frame.commitment == bar.commitment)
                & (frame.task == bar.task)
            ].day
        )
        day = bar.first
        while day <= bar.last:
            assert day in worked or _capacity_hours(planner, bar.person, day) == 0
            day += timedelta(days=1)


def test_gantt_shades_every_day_off_and_says_why(planner: Planner) -> None:
    data = gantt_data(planner.book_state, weeks=6)
    staffing = planner.book_state.staffing
    shaded = {}
    for shade in data.shades:
        day = shade.first
        while day <= shade.last:
            shaded[(shade.person, day)] = shade.why
            day += timedelta(days=1)
    for person in staffing.staff:
        off = {
            a + timedelta(days=k)
            for a, b in person.time_off_ranges
            for k in range((b - a).days + 1)
        }
        for k in range(42):
            day = data.first + timedelta(days=k)
            free = person.hours_on(day, staffing.calendar) == 0
            assert ((person.id, day) in shaded) == free, (person.id, day)
            if day in off:
                assert shaded[(person.id, day)] == "time off"
            elif free and day.weekday() < 4:  # Monday to Thursday: everyone's weekdays
                assert shaded[(person.id, day)] == "holiday", (person.id, day)
    assert shaded[("bo", date(2026, 12, 15))] == "time off"
    assert shaded[("cy", date(2026, 12, 4))] == "weekend"  # a four-day week
    assert shaded[("ann", date(2026, 12, 24))] == "holiday"


def test_load_cells_sum_the_plan_and_the_people(planner: Planner) -> None:
    data = load_data(planner.book_state)
    frame = planner.assignments
    skill_of = {(c.id, t.id): t.skill for c in planner.commitments for t in c.tasks}
    staffing = planner.book_state.staffing
    assert data.skills == ("fit", "paint")
    assert data.weeks[0] == date(2026, 11, 30)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(data.weeks))
    assert max(frame.day) < data.weeks[-1] + timedelta(days=7)
    for cell in data.cells:
        week = frame[(frame.day >= cell.week) & (frame.day < cell.week + timedelta(days=7))]
        keys = zip(week.commitment, week.task, strict=True)
        booked = sum(h for k, h in zip(keys, week.hours, strict=True) if skill_of[k] == cell.skill)
        assert cell.booked == pytest.approx(booked)
        available = sum(
            _capacity_hours(planner, p.id, cell.week + timedelta(days=k))
            for p in staffing.staff
            if cell.skill in p.skills
            for k in range(7)
        )
        assert cell.available == pytest.approx(available)
        assert cell.booked <= cell.available + 1e-9  # booked hours are worked by those people
    # ann 30 h a week, bo 7.5 h a day, dee 8 h a day
    assert data.cell("fit", date(2026, 11, 30)).available == 30 + 5 * 7.5 + 5 * 8


def test_load_of_a_window_counts_only_its_days(planner: Planner) -> None:
    first = date(2026, 12, 9)  # a Wednesday: its week counts from Wednesday on
    data = load_data(planner.book_state, first=first, weeks=2)
    assert data.weeks == (date(2026, 12, 7), date(2026, 12, 14))
    staffing = planner.book_state.staffing
    ann = next(p for p in staffing.staff if p.id == "ann")
    fit = data.cell("fit", date(2026, 12, 7)).available
    # ann 6 h, bo 7.5 h and dee 8 h on Wednesday to Friday
    assert fit == pytest.approx(3 * (6 + 7.5 + 8))
    assert ann.hours_on(first, staffing.calendar) == 6


def test_verdict_data_is_the_job_against_the_hours_left_for_it(
    planner: Planner, verdict: Verdict
) -> None:
    data = verdict_data(verdict)
    job = verdict.job
    assert job is not None
    assert (data.due, data.earliest, data.feasible) == (
        verdict.due,
        verdict.earliest,
        verdict.feasible,
    )
    assert data.skills == ("fit", "paint")
    staffing = planner.book_state.staffing
    whole = verdict.assignments
    for skill in data.skills:
        effort = sum(t.remaining_hours for t in job.tasks if t.skill == skill)
        assert sum(data.job_hours[skill]) == pytest.approx(effort)
        people = [p.id for p in staffing.staff if skill in p.skills]
        for k, day in enumerate(data.days):
            others = whole[
                (whole.day == day) & (whole.commitment != job.id) & whole.person.isin(people)
            ].hours.sum()
            total = sum(_capacity_hours(planner, p, day) for p in people)
            assert data.free_hours[skill][k] == pytest.approx(total - others)
            assert data.job_hours[skill][k] <= data.free_hours[skill][k] + 1e-9
    worked = [d for k, d in enumerate(data.days) if any(data.job_hours[s][k] for s in data.skills)]
    assert verdict.earliest is not None and max(worked) == verdict.earliest
    assert data.days[-1] >= max(verdict.due or verdict.earliest, verdict.earliest)


def test_the_pictures_are_drawn(planner: Planner, verdict: Verdict) -> None:
    pictures = plan_pictures(planner, weeks=4)
    assert sorted(pictures) == ["gantt.png", "load.png"]
    assert all(p.startswith(PNG) for p in pictures.values())
    pictures = verdict_pictures(verdict)
    assert sorted(pictures) == ["gantt.png", "load.png", "verdict.png"]
    assert all(p.startswith(PNG) for p in pictures.values())


def test_reports_hold_the_pictures_tables_and_reasons(planner: Planner, verdict: Verdict) -> None:
    page = plan_report(planner)
    assert page.count("<img") == 2
    for c in planner.commitments:
        assert f"<td>{c.id}</td>" in page
    page = verdict_report(verdict)
    assert page.count("<img") == 3
    for sentence in verdict.sentences:
        assert f"<li>{html.escape(sentence)}</li>" in page
    assert verdict.approval is not None
    assert html.escape(verdict.approval.sentence) in page
    for row in verdict.job_assignments().itertuples():
        assert f"<td>{row.person}</td>\n      <td>{row.day}</td>" in page


def test_a_report_escapes_what_it_shows(planner: Planner) -> None:
    job = book().job("N2").model_copy(update={"id": "<b>N2</b>", "customer": "<script>"})
    page = verdict_report(planner.check(job), pictures={})
    assert "<b>N2</b>" not in page and "&lt;b&gt;N2&lt;/b&gt;" in page


def test_the_commitment_table_says_who_is_late(planner: Planner) -> None:
    frame = commitment_frame(planner)
    assert list(frame.commitment) == ["K1", "K2", "K3"]
    for row in frame.itertuples():
        assert row.planned_finish == planner.planned_finish(row.commitment)
        assert row.days_late == max((row.planned_finish - row.due).days, 0)
        assert row.on_time == (row.planned_finish <= row.due)


def test_a_verdict_with_no_date_still_has_its_picture_and_report() -> None:
    from feasibility import Calendar, Commitment, Person, Task

    planner = Planner(
        calendar=Calendar(),
        staff=[Person(id="a", skills={"s"})],
        start=date(2026, 11, 30),
        horizon_days=30,
    )
    verdict = planner.check(Commitment(id="J", tasks=[Task(id="t", skill="s", effort_hours=1000)]))
    assert verdict.earliest is None
    data = verdict_data(verdict)
    assert (data.due, data.earliest, sum(data.job_hours["s"])) == (None, None, 0.0)
    page = verdict_report(verdict)
    assert page.count("<img") == 3 and "No date up to the end of the planning horizon" in page


def test_gantt_rows_can_be_limited_to_some_people(planner: Planner, verdict: Verdict) -> None:
    data = gantt_data(planner.book_state, people=["dee", "ann"])
    assert data.people == ("ann", "dee")  # in staff order
    assert {b.person for b in data.bars} <= {"ann", "dee"}
    assert {s.person for s in data.shades} <= {"ann", "dee"}
    everyone = gantt_data(planner.book_state)
    assert [b for b in everyone.bars if b.person in ("ann", "dee")] == list(data.bars)
    with pytest.raises(InputError, match="nobody on the staff is called 'zed'"):
        gantt_data(planner.book_state, people=["zed"])
