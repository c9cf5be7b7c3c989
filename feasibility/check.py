"""The quote check at scale: layers whose cost grows with the job, not with the book.

1. **residual**: the new job alone in the capacity the booked plan leaves free, cut to
   the people who can work on it: the serial heuristic first, then (when it misses the
   bound) a small exact model over the days up to the heuristic's finish;
2. **neighbourhood**: when that still misses the bound and booked work could move, the
   booked commitments that hold the most of those people's hours before that finish
   are re-planned together with the job (each inside its promise, their work that stays
   put frozen, the rest of the book fixed) by CP-SAT, from the residual answer;
3. **bound**: a lower bound under the full rule (the job alone with every person it
   may use, its chains and lead times, and the energy that booked work must spend
   before any date given its promises) decides ``proven``: a date that meets it is the
   earliest there is.

Every layer runs against one :class:`~solvers.deadline.Deadline` for the whole call and
hands on the best valid answer it has when time runs out. Every schedule a solver
returns has passed the kernel's checker, and a subproblem's capacity is what the rest
of the book leaves, so an adopted answer is valid for the whole book.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from feasibility.book import Book, stays_put
from feasibility.compile import Compiled, Role, TaskKey, compile_problem
from feasibility.models import Commitment
from solvers import Objective, Problem, Result, Solution, Status, TaskSchedule, solve
from solvers.bounds import infeasibility_reason, lower_bound, time_windows
from solvers.deadline import Deadline
from solvers.energy import competing_end_bound
from solvers.subproblem import lift, lower_schedule, restrict

NEIGHBOURHOOD_COMMITMENTS = 8
"""The most booked commitments a neighbourhood re-plans beside the job."""
NEIGHBOURHOOD_TASKS = 64
"""The most booked tasks a neighbourhood re-plans beside the job."""
NEIGHBOURHOOD_MARGIN = 10
"""Periods past the latest end in the neighbourhood that its booked work may move to."""
EXACT_SHARE = 0.3
"""The share of the time left that the residual layer's exact model may use."""
FEWER_MOVES_SHARE = 0.25
"""The share of the time left spent on moving as few booked tasks as possible."""


class Layer:
    RESIDUAL_HEURISTIC = "residual-heuristic"
    RESIDUAL_EXACT = "residual-exact"
    NEIGHBOURHOOD = "neighbourhood"
    NONE = "none"


@dataclass(frozen=True)
class Outcome:
    """What a check found, in periods; the planner turns it into a verdict."""

    finish: int | None
    """The job's end (exclusive period), or ``None`` when no schedule was found."""
    bound: int
    """A proven lower bound on the job's end under the full rule."""
    proven: bool
    changes: Mapping[TaskKey, TaskSchedule]
    """The job's task schedules and the booked tasks whose schedule changes."""
    layer: str
    moved: tuple[str, ...] = ()
    infeasible_reason: str | None = None
    job: Compiled | None = field(default=None, repr=False)


def run_check(book: Book, job: Commitment, deadline: Deadline, workers: int = 1) -> Outcome:
    """The layered check of ``job`` against ``book`` within ``deadline``."""
    staffing = book.staffing
    alone = compile_problem(staffing, [Role(job)], objective_commitment=job.id)
    keys = alone.keys
    if alone.problem.num_tasks == 0:
        return Outcome(0, 0, True, {}, Layer.NONE, job=alone)
    # Layer 3 first, because it tells the others when to stop.
    free, free_kept = restrict(alone.problem, np.asarray(book.fixed_capacity))
    reason = infeasibility_reason(free)
    if reason is not None:
        return Outcome(None, staffing.horizon + 1, True, {}, Layer.NONE, (), reason, alone)
    alone_bound = lower_bound(free)
    residual, kept = restrict(alone.problem, np.asarray(book.plan.residual))
    found = solve(residual, "greedy", time_limit=deadline.share(0.2))
    finish, solution, layer = found.objective, found.solution, Layer.RESIDUAL_HEURISTIC
    highest = finish if finish is not None else staffing.horizon + 1
    bound = _competing_bound(book, free, free_kept, alone_bound, highest)
    movable = bool(len(book.movable.slots)) or any(book.is_movable(k) for k in book.slots)

    def outcome(
        changes: Mapping[TaskKey, TaskSchedule], proven: bool, moved: tuple[str, ...] = ()
    ) -> Outcome:
        return Outcome(finish, bound, proven, changes, layer, moved, None, alone)

    def job_changes(sol: Solution | None) -> dict[TaskKey, TaskSchedule]:
        if sol is None:
            return {}
        lifted = lift(sol, kept)
        return {key: lifted.tasks[i] for i, key in enumerate(keys)}

    if finish is not None and finish <= bound:
        return outcome(job_changes(solution), True)
    settled = False
    if not deadline.expired():
        window = finish if finish is not None else None
        exact = _solve(
            residual if window is None else restrict(alone.problem, book.plan.residual, window)[0],
            deadline.share(EXACT_SHARE if movable else 0.9),
            workers,
            solution if window is not None else None,
        )
        if exact.objective is not None and (finish is None or exact.objective < finish):
            finish, solution, layer = exact.objective, exact.solution, Layer.RESIDUAL_EXACT
        if finish is not None and finish <= bound:
            return outcome(job_changes(solution), True)
        settled = exact.status == Status.OPTIMAL or (
            exact.status == Status.INFEASIBLE and window is None
        )
    if not movable:
        return outcome(job_changes(solution), settled or (finish is not None and finish <= bound))
    if movable and not deadline.expired():
        widened = _neighbourhood(book, job, alone, finish, solution, kept, deadline, workers)
        if widened is not None:
            new_finish, changes, moved, complete = widened
            if finish is None or new_finish < finish:
                finish, layer = new_finish, Layer.NEIGHBOURHOOD
                return outcome(changes, finish <= bound or complete, moved)
            if complete and finish is not None:
                return outcome(job_changes(solution), True)
    return outcome(job_changes(solution), finish is not None and finish <= bound)


def _solve(problem: Problem, seconds: float, workers: int, hint: Solution | None) -> Result:
    return solve(problem, "cpsat", time_limit=max(seconds, 0.005), workers=workers, hint=hint)


def _competing_bound(book: Book, free: Problem, kept: np.ndarray, lowest: int, highest: int) -> int:
    """Layer 3: the energy that booked work must spend before each date, against the job's."""
    if highest <= lowest:
        return lowest
    movable = book.movable
    windows = time_windows(free)
    job = [
        (tuple(int(kept[r]) for r in t.eligible), int(t.work or 0), windows.earliest_start[i])
        for i, t in enumerate(free.tasks)
        if t.is_elastic and t.work
    ]
    if not job:
        return lowest
    return competing_end_bound(
        np.asarray(book.fixed_capacity),
        job=job,
        groups=movable.groups,
        work=movable.work,
        group=movable.group,
        deadline=movable.deadline,
        lowest=lowest,
        highest=highest,
    )


def _neighbourhood(
    book: Book,
    job: Commitment,
    alone: Compiled,
    finish: int | None,
    solution: Solution | None,
    kept: np.ndarray,
    deadline: Deadline,
    workers: int,
) -> tuple[int, dict[TaskKey, TaskSchedule], tuple[str, ...], bool] | None:
    """Layer 2: re-plan the job with the booked work competing for its people.

    Returns the job's finish, the changed schedules, the moved commitments and whether
    the answer is complete (every movable booked task took part, nothing was cut, and
    the search proved it optimal); ``None`` when it found nothing.
    """
    staffing = book.staffing
    people = np.array(sorted({r for t in alone.problem.tasks for r in t.eligible}), dtype=np.int64)
    window = finish if finish is not None else staffing.horizon
    chosen = _competitors(book, people, window)
    if not chosen:
        return None
    roles = [Role(book.booked[c], deadline=book.limits[c], frozen=_frozen(book, c)) for c in chosen]
    roles.append(Role(job))
    compiled = compile_problem(staffing, roles, objective_commitment=job.id)
    freed = np.array(book.plan.residual, dtype=np.int64)
    current: dict[TaskKey, TaskSchedule] = {}
    for c in chosen:
        for slot in book.commitment_slots.get(c, ()):
            s = book.plan.slot(slot)
            np.add.at(freed, (s.resources, s.periods), s.amounts)
            current[book.keys[slot]] = s.schedule()  # type: ignore[index]
    latest = max([window, *(sch.end for sch in current.values())])
    horizon = min(staffing.horizon, latest + NEIGHBOURHOOD_MARGIN)
    complete_window = all(book.limits[c] <= horizon for c in chosen)
    sub, sub_kept = restrict(compiled.problem, freed, horizon)
    hint = _hint(compiled, current, solution, kept, sub_kept, alone)
    result = _solve(sub, deadline.share(0.7), workers, hint)
    if result.solution is None or result.objective is None:
        return None
    value = result.objective
    best = result.solution
    if finish is not None and value >= finish:
        complete = (
            result.status == Status.OPTIMAL
            and complete_window
            and len(chosen) == len(_movable_commitments(book))
        )
        return finish, {}, (), complete
    complete = (
        result.status == Status.OPTIMAL
        and complete_window
        and len(chosen) == len(_movable_commitments(book))
    )
    if deadline.remaining() > 0.02:
        best = _fewer_moves(sub, compiled, current, best, value, sub_kept, deadline, workers)
    lifted = lift(best, sub_kept)
    changes: dict[TaskKey, TaskSchedule] = {}
    moved: list[str] = []
    for i, key in enumerate(compiled.keys):
        schedule = lifted.tasks[i]
        if key[0] == job.id:
            changes[key] = schedule
        elif current.get(key) != schedule:
            changes[key] = schedule
            if key[0] not in moved:
                moved.append(key[0])
    return value, changes, tuple(c for c in book.booked if c in moved), complete


def _movable_commitments(book: Book) -> list[str]:
    """The commitments with movable work, or one more than any neighbourhood can hold
    when some movable work must stay put in a neighbourhood (contiguous work)."""
    if (book.slot_movable & ~book.slot_reshapable).any():
        return [""] * (len(book.booked) + 1)
    return [
        c for c, slots in book.commitment_slots.items() if any(book.slot_movable[s] for s in slots)
    ]


def _competitors(book: Book, people: np.ndarray, window: int) -> list[str]:
    """The booked commitments with movable work on ``people`` before ``window``, most first."""
    cols = book.plan.columns
    if len(cols.slots) == 0:
        return []
    mask = (cols.periods < window) & np.isin(cols.resources, people)
    mask &= book.slot_reshapable[cols.slots]
    if not mask.any():
        return []
    slots = cols.slots[mask]
    amounts = cols.amounts[mask]
    per_slot = np.bincount(slots, weights=amounts, minlength=len(book.keys))
    owners = book.slot_commitment
    totals: dict[str, float] = {}
    for slot in np.flatnonzero(per_slot):
        c = owners[slot]
        totals[c] = totals.get(c, 0.0) + float(per_slot[slot])
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    chosen: list[str] = []
    tasks = 0
    for c in ranked:
        size = len(book.commitment_slots.get(c, ()))
        if chosen and (
            len(chosen) >= NEIGHBOURHOOD_COMMITMENTS or tasks + size > NEIGHBOURHOOD_TASKS
        ):
            break
        chosen.append(c)
        tasks += size
    return chosen


def _frozen(book: Book, commitment_id: str) -> dict[str, TaskSchedule]:
    commitment = book.booked[commitment_id]
    schedules = book.schedules_of(commitment_id)
    return {
        t.id: schedules[t.id]
        for t in commitment.tasks
        if (stays_put(t) or t.contiguous) and t.id in schedules
    }


def _hint(
    compiled: Compiled,
    current: Mapping[TaskKey, TaskSchedule],
    solution: Solution | None,
    kept: np.ndarray,
    sub_kept: np.ndarray,
    alone: Compiled,
) -> Solution | None:
    """The booked work where it is and the job where the residual layer put it."""
    if solution is None:
        return None
    job = lift(solution, kept)
    job_by_key = {key: job.tasks[i] for i, key in enumerate(alone.keys)}
    schedules = []
    for key in compiled.keys:
        schedule = current.get(key) or job_by_key.get(key)
        if schedule is None:
            return None
        try:
            schedules.append(lower_schedule(schedule, sub_kept))
        except KeyError:
            return None
    return Solution(tuple(schedules))


def _fewer_moves(
    sub: Problem,
    compiled: Compiled,
    current: Mapping[TaskKey, TaskSchedule],
    best: Solution,
    finish: int,
    sub_kept: np.ndarray,
    deadline: Deadline,
    workers: int,
) -> Solution:
    """Keep the job's finish and move as few booked tasks as possible (a courtesy)."""
    reference = []
    for key in compiled.keys:
        schedule = current.get(key)
        reference.append(None if schedule is None else lower_schedule(schedule, sub_kept))
    chosen = set(sub.objective.tasks or ())
    tasks = tuple(
        replace(t, deadline=min(finish, t.deadline or finish)) if i in chosen else t
        for i, t in enumerate(sub.tasks)
    )
    fewest = sub.with_tasks(tasks).with_objective(
        Objective(kind="changes", reference=tuple(reference))
    )
    answer = _solve(fewest, deadline.share(FEWER_MOVES_SHARE), workers, best)
    return answer.solution or best
