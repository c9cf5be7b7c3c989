"""The worked example: three installers, a 270-hour job, and a promise of 9 December.

Three people working 30 hours a week can do 90 hours a week together, so 270 hours
take three weeks, not one and a half: starting Monday 30 November they finish Friday
18 December. The check says the promised date does not hold and gives that date.
"""

from datetime import date

from feasibility import Calendar, Commitment, Person, Planner, Task


def main() -> None:
    staff = [
        Person(id=name, skills={"install"}, hours_per_week=30) for name in ("Ana", "Ben", "Caro")
    ]
    planner = Planner(calendar=Calendar(), staff=staff, start=date(2026, 11, 30))
    job = Commitment(
        id="Kitchen-Miller",
        customer="Miller",
        due=date(2026, 12, 9),
        tasks=[Task(id="install", skill="install", effort_hours=270)],
    )
    verdict = planner.check(job)
    print(verdict.summary())
    print()
    hours = verdict.job_assignments().pivot_table(
        index="day", columns="person", values="hours", aggfunc="sum", fill_value=0
    )
    print("Who works when (hours):")
    print(hours.to_string())


if __name__ == "__main__":
    main()
