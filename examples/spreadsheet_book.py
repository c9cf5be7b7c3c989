"""A book kept in spreadsheets: check, book, save, load and draw.

The kitchen fitter's book is a folder of CSV files beside this script
(``examples/kitchen-fitter``: settings, staff, time off, holidays, the booked kitchens
and their tasks, and two new jobs), the kind of thing operations keeps in a
spreadsheet. This walk-through

1. reads the book (every row validated; a bad cell would be named by file, row and
   column) and plans the booked kitchens,
2. checks a new kitchen for 23 December (no, and why), then for a later date (yes),
3. books it and saves the planner with its plan,
4. loads the saved planner back, without planning again, and shows it is the same,
5. draws the Gantt chart, the load heat map and the verdict, and writes an HTML report.

Run it with ``python examples/spreadsheet_book.py [OUTPUT_DIR]``; the same steps on
the command line are ``feasibility check``, ``feasibility book`` and ``feasibility
plan`` (see the README).
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

from feasibility import Planner
from feasibility.files import load_book
from feasibility.reports import plan_pictures, plan_report, verdict_pictures, verdict_report

BOOK = Path(__file__).resolve().parent / "kitchen-fitter"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    book = load_book(BOOK)
    print(f"Read {BOOK.name}: {len(book.staff)} people, {len(book.commitments)} booked jobs")
    planner = book.planner()
    for commitment in planner.commitments:
        finish = planner.planned_finish(commitment.id)
        print(f"  {commitment.id:15} due {commitment.due}  planned finish {finish}")

    job = book.job("Kitchen-Lee")
    print(f"\n1) {job.id}, asked for {job.due}:")
    print(planner.check(job).summary())

    later = job.model_copy(update={"due": date(2027, 1, 8)})
    print(f"\n2) The same kitchen by {later.due}:")
    verdict = planner.check(later)
    print(verdict.summary())
    for name, picture in verdict_pictures(verdict).items():
        (out / f"verdict-{name}").write_bytes(picture)
    (out / "verdict.html").write_text(verdict_report(verdict), encoding="utf-8")

    planner.book(verdict)
    saved = planner.save(out / "kitchen-fitter.plan")
    print(f"\n3) Booked {later.id}; saved the planner to {saved}")

    again = Planner.load(saved)
    same = again.assignments.equals(planner.assignments)
    print(f"4) Loaded it back without planning: the same plan: {same}")
    repair = book.job("Repair-Ng")
    print(f"   Repair-Ng on the loaded planner: {again.check(repair).summary().splitlines()[0]}")

    pictures = plan_pictures(again, weeks=10, highlight=later.id)
    for name, picture in pictures.items():
        (out / name).write_bytes(picture)
    (out / "plan.html").write_text(plan_report(again, pictures), encoding="utf-8")
    print(f"5) Pictures and reports in {out}: {', '.join(sorted(p.name for p in out.iterdir()))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kitchen-")))
