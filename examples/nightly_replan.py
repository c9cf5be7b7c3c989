"""The nightly re-plan: someone is off for two weeks; which promises still hold?

A workshop's book (settings, staff, open commitments with progress and rubric
attributes as ``attributes.<name>`` columns, their tasks) is read from the CSV files
in ``examples/data/`` by the book loader (:func:`feasibility.files.load_book`). Bo is
off for two weeks from Monday 7 December; every open commitment is re-planned, scored
by a rubric that sales and operations agreed on (contract value, strategic value,
renewal probability, risk, cost to serve), with K-102 must-keep. The remediation plan
and the diff against the plan as it was are printed; the re-plan is then adopted.
"""

from datetime import date
from pathlib import Path

from feasibility import Rubric, TimeOff
from feasibility.files import load_book

DATA = Path(__file__).resolve().parent / "data"
RUBRIC = Rubric(
    weights={
        "contract_value": 0.001,  # 1 point per 1,000 of contract value
        "strategic_value": 5.0,
        "renewal_probability": 20.0,
        "risk_exposure": 4.0,
        "cost_to_serve": -0.001,
    }
)


def main() -> None:
    book = load_book(DATA)  # every row validated: a bad cell is named by file, row, column
    planner = book.planner()
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
