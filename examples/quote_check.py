"""A quote check against a busy team.

A workshop of twelve people with mixed skills and calendars has three jobs booked.
A customer asks for a new job by 18 December: the check says no, explains why, and
gives the earliest date that holds. The same job with a later date passes, and is
booked; a smaller rush job then still fits by moving booked work within its slack.
"""

from datetime import date

from feasibility import Calendar, Commitment, Dependency, Person, Planner, Task

START = date(2026, 11, 30)
CALENDAR = Calendar(holidays=frozenset({date(2026, 12, 24), date(2026, 12, 25)}))
FOUR_DAY_WEEK = Calendar(workdays=frozenset({0, 1, 2, 3}), holidays=CALENDAR.holidays)

STAFF = [
    Person(id="Ana", skills={"design"}, hours_per_week=40),
    Person(id="Bo", skills={"design", "cnc"}, hours_per_week=32, calendar=FOUR_DAY_WEEK),
    Person(id="Cem", skills={"cnc"}, hours_per_day=8),
    Person(id="Dee", skills={"cnc", "assembly"}, hours_per_day=8),
    Person(id="Eli", skills={"assembly"}, hours_per_day=8),
    Person(id="Fay", skills={"assembly"}, hours_per_day=6),
    Person(
        id="Gus",
        skills={"assembly", "finish"},
        hours_per_day=8,
        time_off=((date(2026, 12, 7), date(2026, 12, 11)),),
    ),
    Person(id="Hal", skills={"finish"}, hours_per_day=8),
    Person(id="Ivy", skills={"finish"}, hours_per_week=20),
    Person(id="Jon", skills={"install"}, hours_per_day=8),
    Person(id="Kim", skills={"install"}, hours_per_day=8, time_off=(date(2026, 12, 14),)),
    Person(id="Lou", skills={"install", "assembly"}, hours_per_week=30),
]


def cabinet_job(job_id: str, customer: str, due: date, scale: float) -> Commitment:
    """A typical job: design, boards from a supplier, cut, assemble, finish, install."""
    return Commitment(
        id=job_id,
        customer=customer,
        due=due,
        tasks=[
            Task(id="design", skill="design", effort_hours=24 * scale, crew=1),
            Task(id="boards", lead_time_days=7),
            Task(
                id="cut", skill="cnc", effort_hours=40 * scale, crew=2, after=["design", "boards"]
            ),
            Task(id="assemble", skill="assembly", effort_hours=80 * scale, crew=3, after=["cut"]),
            Task(
                id="finish",
                skill="finish",
                effort_hours=40 * scale,
                crew=2,
                after=[Dependency(task="assemble", lag_days=1)],
            ),
            Task(id="install", skill="install", effort_hours=32 * scale, crew=2, after=["finish"]),
        ],
    )


def main() -> None:
    booked = [
        cabinet_job("Hotel-Lobby", "Grand Hotel", date(2027, 1, 8), 1.0),
        cabinet_job("Office-Fitout", "Acme Corp", date(2027, 1, 22), 1.5),
        cabinet_job("Shop-Counter", "Corner Shop", date(2026, 12, 18), 0.5),
    ]
    planner = Planner(calendar=CALENDAR, staff=STAFF, start=START, commitments=booked)
    for job in booked:
        print(f"booked {job.id:14} due {job.due}  planned finish {planner.planned_finish(job.id)}")

    print("\n1) A library fit-out, asked for 18 December:")
    library = cabinet_job("Library", "City Library", date(2026, 12, 18), 1.5)
    print(planner.check(library).summary())

    print("\n2) The same job by 29 January:")
    later = library.model_copy(update={"due": date(2027, 1, 29)})
    verdict = planner.book(later)
    print(verdict.summary())

    print("\n3) A small rush job by 22 December:")
    rush = Commitment(
        id="Rush-Shelves",
        customer="Cafe Rosa",
        due=date(2026, 12, 22),
        tasks=[
            Task(id="cut", skill="cnc", effort_hours=12, crew=1),
            Task(id="assemble", skill="assembly", effort_hours=16, crew=2, after=["cut"]),
        ],
    )
    print(planner.check(rush).summary())


if __name__ == "__main__":
    main()
