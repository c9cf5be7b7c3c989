"""The nightly re-plan: someone is off for two weeks; which promises still hold?

A workshop's book (staff, open commitments with progress and rubric attributes, their
tasks) is read from the CSV files in ``examples/data/``. Bo is off for two weeks from
Monday 7 December; every open commitment is re-planned, scored by a rubric that sales
and operations agreed on (contract value, strategic value, renewal probability, risk,
cost to serve), with K-102 must-keep. The remediation plan and the diff against the
plan as it was are printed; the re-plan is then adopted.
"""

from datetime import date
from pathlib import Path

import pandas as pd

from feasibility import Calendar, Commitment, Person, Planner, Rubric, Task, TimeOff

DATA = Path(__file__).parent / "data"
START = date(2026, 11, 30)
ATTRIBUTES = ["contract_value", "strategic_value", "renewal_probability", "risk_exposure"]
RUBRIC = Rubric(
    weights={
        "contract_value": 0.001,  # 1 point per 1,000 of contract value
        "strategic_value": 5.0,
        "renewal_probability": 20.0,
        "risk_exposure": 4.0,
        "cost_to_serve": -0.001,
    }
)


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)


def load_book() -> tuple[list[Person], list[Commitment]]:
    """The staff and the open commitments, built from the three CSV files."""
    staff = [
        Person(id=row.id, skills=set(row.skills.split(";")), hours_per_day=row.hours_per_day)
        for row in pd.read_csv(DATA / "staff.csv").itertuples()
    ]
    tasks = pd.read_csv(DATA / "tasks.csv")
    commitments = []
    for row in pd.read_csv(DATA / "commitments.csv").itertuples():
        mine = tasks[tasks["commitment"] == row.id].itertuples()
        commitments.append(
            Commitment(
                id=row.id,
                customer=row.customer,
                due=date.fromisoformat(row.due),
                must_keep=bool(row.must_keep),
                attributes={a: float(getattr(row, a)) for a in [*ATTRIBUTES, "cost_to_serve"]},
                tasks=[
                    Task(
                        id=t.task,
                        skill=_text(t.skill),
                        effort_hours=None if pd.isna(t.effort_hours) else t.effort_hours,
                        lead_time_days=None if pd.isna(t.lead_time_days) else int(t.lead_time_days),
                        crew=None if pd.isna(t.crew) else int(t.crew),
                        after=[] if pd.isna(t.after) else t.after.split(";"),
                        done_hours=0.0 if pd.isna(t.done_hours) else t.done_hours,
                    )
                    for t in mine
                ],
            )
        )
    return staff, commitments


def main() -> None:
    staff, commitments = load_book()
    planner = Planner(calendar=Calendar(), staff=staff, start=START, commitments=commitments)
    calm = planner.replan(rubric=RUBRIC, rounds=20, progress=False)
    bo_off = TimeOff(person="Bo", first=date(2026, 12, 7), last=date(2026, 12, 18))
    plan = planner.replan([bo_off], rubric=RUBRIC, rounds=20, progress=False)
    print(plan.report())
    print("## Diff against the plan without the disruption\n")
    diff = calm.diff(plan)
    print(diff.summary())
    print(diff.dates.to_string(index=False))
    planner.adopt(plan)
    print(f"\nAdopted: K-101 now finishes {planner.planned_finish('K-101')}.")


if __name__ == "__main__":
    main()
