"""The quote check at scale: layers whose cost grows with the job, not with the book.

1. **residual**: the new job alone in the capacity the booked plan leaves free, cut to
   the people who can work on it: the serial heuristic first, then (when it misses the
   bound) a small exact model over the days up to the heuristic's finish;
2. **neighbourhood**: when that still misses the bound and booked work could move, the
   booked commitments that hold the most of those people's hours before a target date
   are re-planned together with the job (each inside its promise, their work that stays
   put frozen, the rest of the book fixed) by the serial heuristic, in neighbourhoods
   of growing reach (:data:`REACHES`), the target searched upward from the bound; then
   CP-SAT on a neighbourhood that holds all the movable work, which can prove;
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

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from feasibility.book import Book
from feasibility.compile import Compiled, Role, TaskKey, compile_problem
from feasibility.models import Commitment
from solvers import Problem, Result, Solution, Status, TaskSchedule, solve
from solvers.bounds import infeasibility_reason, lower_bound, time_windows
from solvers.checker import assert_valid
from solvers.deadline import Deadline
from solvers.energy import competing_end_bound, energy_shortage
from solvers.greedy import greedy_schedule
from solvers.subproblem import ending_by, fewest_changes, lift, lower_schedule, restrict


@dataclass(frozen=True)
class Reach:
    """How much booked work one neighbourhood re-plans beside the job."""

    commitments: int
    """The most booked commitments."""
    tasks: int
    """The most booked tasks."""
    share: float
    """Enough commitments to hold this many times the job's work of its people's hours."""
    everyone: bool = False
    """Choose among all booked work before about twice the target date, whoever does it
    (moves that cascade through people with several skills and later weeks), rather
    than the job's people's (``share`` is then unused)."""


CASCADE_DAYS = 14
"""Periods past twice the target that a neighbourhood of everyone's work reaches."""
REPAIR_SECONDS_PER_TASK = 1e-4
"""Measured cost of one serial-heuristic run on a neighbourhood, per task (W1 on this
project's 2-core machines: about 0.07 ms), with a margin."""
BUILD_SECONDS_PER_TASK = 5e-5
"""Measured cost of compiling a neighbourhood, per task (about 0.03 ms), with a margin."""

REACHES = (
    Reach(24, 128, 3.0),
    Reach(96, 600, 10.0),
    Reach(400, 3000, 40.0),
    Reach(400, 3000, 0.0, everyone=True),
)
"""Neighbourhoods tried at each target date, smallest first: a small one is quick and
moves little; a cascade of moves through months of packed work needs a large one."""
NEIGHBOURHOOD_MARGIN = 10
"""Periods past the latest end in the neighbourhood that its booked work may move to."""
EXACT_SHARE = 0.3
"""The share of the time left that the residual layer's exact model may use."""
FEWER_MOVES_SHARE = 0.25
"""The share of the time left spent on moving as few booked tasks as possible."""


class Layer:
    """Names of the parts of the engine that settle an answer."""

    RESIDUAL = "residual"
    RESIDUAL_EXACT = "residual-exact"
    NEIGHBOURHOOD_HEURISTIC = "neighbourhood-repair"
    NEIGHBOURHOOD_EXACT = "neighbourhood-exact"
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
    untouched: int | None = None
    """The job's end found with no booked work moving (the residual layer), if any."""


def run_check(
    book: Book, job: Commitment, deadline: Deadline, workers: int = 1, enough: int | None = None
) -> Outcome:
    """The layered check of ``job`` against ``book`` within ``deadline``.

    With ``enough`` (an end period) the question is only whether the job can end by it:
    the check stops at the first valid answer that does, and does not look for an
    earlier one (a probe for a lever).
    """
    staffing = book.staffing
    alone = compile_problem(staffing, [Role(job)], objective_commitment=job.id)
    if alone.problem.num_tasks == 0:
        return Outcome(0, 0, True, {}, Layer.NONE, job=alone)
    free, free_kept = restrict(alone.problem, np.asarray(book.fixed_capacity))
    reason = infeasibility_reason(free)
    if reason is not None:
        return Outcome(None, staffing.horizon + 1, True, {}, Layer.NONE, (), reason, alone)
    residual, kept = restrict(alone.problem, np.asarray(book.plan.residual))
    found = solve(residual, "greedy", time_limit=deadline.share(0.2))
    best = _Answer(found.objective, _job_changes(alone, found.solution, kept), (), Layer.RESIDUAL)
    # Layer 3 tells the others when to stop. The job's own bound comes first; the energy
    # of the booked work that competes for its people rarely raises it, so that part is
    # computed once an answer at the job's own bound is not found (or before the search
    # when it must know the bound at once: a probe, or nothing booked that can move).
    highest = best.finish if best.finish is not None else staffing.horizon + 1
    lowest = lower_bound(free)
    first_guess = enough is None and bool(book.slot_movable.any())

    def competing() -> int:
        return _competing_bound(book, free, free_kept, lowest, highest)

    bound = lowest if first_guess else competing()
    untouched = best.finish

    def outcome(answer: _Answer, proven: bool) -> Outcome:
        settled = proven or (answer.finish is not None and answer.finish <= bound)
        return Outcome(
            answer.finish,
            bound,
            settled,
            answer.changes,
            answer.layer,
            answer.moved,
            None,
            alone,
            untouched if untouched is not None else (None if answer.moved else answer.finish),
        )

    if best.at(bound):
        return outcome(best, True)
    if enough is not None and (best.at(enough) or bound > enough):
        return outcome(best, False)
    if not book.slot_movable.any():
        return outcome(*_exact_residual(alone, book, best, kept, deadline, workers))
    starts = time_windows(free).earliest_start
    needs = [
        (task.eligible, task.work, starts[i])
        for i, task in enumerate(alone.problem.tasks)
        if task.is_elastic and task.work
    ]
    candidates = _Candidates(book, needs)
    cache: dict[tuple[str, ...], _Neighbourhood] = {}
    rate = [REPAIR_SECONDS_PER_TASK]

    def attempt(target: int) -> _Answer | None:
        """The repair with the job held to end by ``target``, among the booked work that
        holds its people's hours before then, in neighbourhoods of growing reach."""
        tried: set[tuple[str, ...]] = set()
        for reach in REACHES:
            chosen = candidates.choose(target, reach)
            if not chosen or chosen in tried or deadline.expired():
                continue
            tried.add(chosen)
            hood = cache.get(chosen)
            size = len(job.tasks) + sum(len(book.commitment_slots.get(c, ())) for c in chosen)
            per_task = rate[0] + (0.0 if hood else BUILD_SECONDS_PER_TASK)
            if size * per_task > deadline.remaining():
                continue
            if hood is None:
                hood = cache[chosen] = _Neighbourhood.around(book, job, alone, chosen, target)
            began = time.perf_counter()
            repaired = hood.repair(target, deadline)
            # The cost of a run varies with how far the neighbourhood's promises reach:
            # the slowest run of this call sets the estimate for the next.
            rate[0] = max(rate[0], (time.perf_counter() - began) / size)
            if repaired is not None:
                return repaired
        return None

    # Targets from the bound up, doubling the step, until one holds; then bisect down.
    failed = bound - 1
    step = 0
    while not deadline.expired() and not best.at(failed + 1):
        target = bound + step if enough is None else min(bound + step, enough)
        if (best.finish is not None and target >= best.finish) or target > staffing.horizon:
            break
        repaired = attempt(target)
        if repaired is not None and repaired.better_than(best):
            best = repaired
            break
        if target == enough:
            return outcome(best, False)
        if first_guess:
            first_guess = False
            bound = competing()
            if bound > target:  # no answer before it: the search starts there
                failed = bound - 1
                continue
        failed = target
        step = max(1, 2 * step)
    if first_guess and not best.at(bound):  # an answer at the job's own bound proves it
        bound = competing()
    if enough is not None:
        return outcome(best, False)
    while best.finish is not None and failed + 1 < best.finish and not deadline.expired():
        target = (failed + 1 + best.finish - 1) // 2
        repaired = attempt(target)
        if repaired is not None and repaired.better_than(best):
            best = repaired
        else:
            failed = target
    if best.at(bound) or deadline.expired():
        return outcome(best, False)
    # The exact model runs only where it can prove its answer for the whole book: on a
    # large book a partial neighbourhood's optimum is rarely a better date, and its cost
    # is the latency a quoting tool feels.
    movable = len(_movable_commitments(book))
    hoods = sorted(cache.values(), key=lambda h: len(h.chosen))
    affordable = [h for h in hoods if len(h.chosen) == movable and h.affordable(best, deadline)]
    if not affordable:
        return outcome(best, False)
    exact, complete = affordable[-1].solve_exact(alone, best, bound, deadline, workers)
    if exact is not None and exact.better_than(best):
        best = exact
    return outcome(best, complete)


@dataclass(frozen=True)
class _Answer:
    finish: int | None
    changes: Mapping[TaskKey, TaskSchedule]
    moved: tuple[str, ...]
    layer: str

    def at(self, bound: int) -> bool:
        return self.finish is not None and self.finish <= bound

    def better_than(self, other: _Answer) -> bool:
        return self.finish is not None and (other.finish is None or self.finish < other.finish)


def _job_changes(
    alone: Compiled, solution: Solution | None, kept: np.ndarray
) -> dict[TaskKey, TaskSchedule]:
    if solution is None:
        return {}
    lifted = lift(solution, kept)
    return {key: lifted.tasks[i] for i, key in enumerate(alone.keys)}


def _exact_residual(
    alone: Compiled, book: Book, best: _Answer, kept: np.ndarray, deadline: Deadline, workers: int
) -> tuple[_Answer, bool]:
    """With nothing booked free to move, the job in the residual capacity is the whole
    question: a small exact model settles it (proven when it proves optimality)."""
    window = best.finish
    horizon = window if window is not None else book.staffing.horizon
    if deadline.expired() or model_seconds(alone.problem, horizon) > 0.5 * deadline.remaining():
        return best, False
    problem, kept = restrict(alone.problem, np.asarray(book.plan.residual), window)
    hint = None
    if window is not None:
        ordered = [best.changes[key] for key in alone.keys]
        hint = Solution(tuple(lower_schedule(s, kept) for s in ordered))
    exact = _solve(problem, deadline.share(0.9), workers, hint)
    answer = best
    if exact.objective is not None and (best.finish is None or exact.objective < best.finish):
        answer = _Answer(
            exact.objective, _job_changes(alone, exact.solution, kept), (), Layer.RESIDUAL_EXACT
        )
    proven = exact.status == Status.OPTIMAL or (
        exact.status == Status.INFEASIBLE and window is None
    )
    return answer, proven


BUILD_SECONDS_PER_CELL = 2.5e-5
"""Measured cost of building the time-indexed model, per elastic task, period and person."""


def model_seconds(problem: Problem, horizon: int) -> float:
    """An estimate of the seconds it takes to build ``problem``'s exact model."""
    cells = sum(len(t.eligible) * (horizon - t.release) for t in problem.tasks if t.is_elastic)
    return cells * BUILD_SECONDS_PER_CELL


def _solve(problem: Problem, seconds: float, workers: int, hint: Solution | None) -> Result:
    return solve(problem, "cpsat", time_limit=max(seconds, 0.005), workers=workers, hint=hint)


def _competing_bound(book: Book, free: Problem, kept: np.ndarray, lowest: int, highest: int) -> int:
    """Layer 3: the energy that booked work must spend before each date, against the job's."""
    if highest <= lowest:
        return lowest
    job = _job_energy(free, kept)
    if not job:
        return lowest
    movable = book.movable
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


def proven_shortage(book: Book, job: Commitment, end: int) -> list[tuple[tuple[int, ...], int]]:
    """Per set of people the energy bound tests, the units of work that cannot fit if
    ``job`` must end by ``end`` (exclusive period) with booked work moved as its promises
    allow (positive: a proven shortage; see :func:`solvers.energy.energy_shortage`).

    Example:
        >>> from datetime import date
        >>> from feasibility import Calendar, Person, Planner, Task
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30))
        >>> job = Commitment(id="J", tasks=[Task(id="x", skill="fit", effort_hours=20)])
        >>> proven_shortage(planner.book_state, job, end=2)  # 20 h in two 8-hour days
        [((0,), 16)]
    """
    alone = compile_problem(book.staffing, [Role(job)], objective_commitment=job.id)
    free, kept = restrict(alone.problem, np.asarray(book.fixed_capacity))
    if infeasibility_reason(free) is not None:
        return []
    movable = book.movable
    return energy_shortage(
        np.asarray(book.fixed_capacity),
        job=_job_energy(free, kept),
        groups=movable.groups,
        work=movable.work,
        group=movable.group,
        deadline=movable.deadline,
        end=end,
    )


def first_starts(book: Book, job: Commitment) -> dict[str, int]:
    """Per skill of ``job``, the earliest period any of its work of that skill can start
    (its chain and lead times before it, with every person it may use free).

    Example:
        >>> from datetime import date
        >>> from feasibility import Calendar, Person, Planner, Task
        >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
        ...                   start=date(2026, 11, 30))
        >>> job = Commitment(id="J", tasks=[Task(id="order", lead_time_days=3),
        ...                  Task(id="x", skill="fit", effort_hours=8, after=["order"])])
        >>> first_starts(planner.book_state, job)
        {'fit': 3}
    """
    alone = compile_problem(book.staffing, [Role(job)], objective_commitment=job.id)
    free, _ = restrict(alone.problem, np.asarray(book.fixed_capacity))
    starts = time_windows(free).earliest_start
    found: dict[str, int] = {}
    for i, key in enumerate(alone.keys):
        skill = job.task(key[1]).skill
        if skill is not None:
            found[skill] = min(found.get(skill, starts[i]), starts[i])
    return found


def _job_energy(free: Problem, kept: np.ndarray) -> list[tuple[tuple[int, ...], int, int]]:
    """The job's elastic tasks as (people, work, earliest start), people as plan rows."""
    windows = time_windows(free)
    return [
        (tuple(int(kept[r]) for r in t.eligible), int(t.work or 0), windows.earliest_start[i])
        for i, t in enumerate(free.tasks)
        if t.is_elastic and t.work
    ]


@dataclass(frozen=True)
class _Neighbourhood:
    """Booked commitments re-planned together with the job, the rest of the book fixed."""

    book: Book
    job: Commitment
    chosen: tuple[str, ...]
    compiled: Compiled
    freed: np.ndarray
    """Capacity left by everything outside the neighbourhood."""
    current: Mapping[TaskKey, TaskSchedule]
    window: int

    @classmethod
    def around(
        cls, book: Book, job: Commitment, alone: Compiled, chosen: tuple[str, ...], window: int
    ) -> _Neighbourhood:
        """The neighbourhood of ``chosen`` beside ``job`` (``alone``: the job compiled
        alone, over every person)."""
        compiled, freed, current = book.parts.neighbourhood(chosen, alone, job.id)
        return cls(book, job, chosen, compiled, freed, current, window)

    def repair(self, target: int, deadline: Deadline) -> _Answer | None:
        """The serial heuristic on the neighbourhood with the job held to end by ``target``.

        Every task, the job's and the booked ones, goes as early as it fits, the most
        urgent first (latest start against its deadline: a booked task's promise, the
        job's target). Either every deadline holds (a valid answer) or ``None``.
        """
        if deadline.expired():
            return None
        staffing = self.book.staffing
        horizon = min(staffing.horizon, max(self.book.limits[c] for c in self.chosen))
        sub, sub_kept = restrict(self.compiled.problem, self.freed, max(horizon, target))
        target = min(target, sub.horizon)
        job_tasks = tuple(sub.objective.tasks or ())
        solution = greedy_schedule(ending_by(sub, target), "lst", deadline)
        if solution is None:
            return None
        assert_valid(sub, solution)
        finish = solution.makespan(job_tasks)
        return self._answer(
            self.compiled, lift(solution, sub_kept), finish, Layer.NEIGHBOURHOOD_HEURISTIC
        )

    def exact_horizon(self) -> int:
        latest = max([self.window, *(s.end for s in self.current.values())])
        return min(self.book.staffing.horizon, latest + NEIGHBOURHOOD_MARGIN)

    def affordable(self, best: _Answer, deadline: Deadline) -> bool:
        """Whether building the exact model fits the time left (building is not
        interruptible, so it is estimated from the model's size before it starts)."""
        return model_seconds(self.compiled.problem, self.exact_horizon()) < 0.5 * (
            deadline.remaining()
        )

    def solve_exact(
        self, alone: Compiled, best: _Answer, bound: int, deadline: Deadline, workers: int
    ) -> tuple[_Answer | None, bool]:
        """CP-SAT on the neighbourhood from the best answer so far.

        Complete (a proof for the whole book) when every movable booked task took part,
        no promise reached past the cut, and the search proved its answer optimal.
        """
        horizon = self.exact_horizon()
        sub, sub_kept = restrict(self.compiled.problem, self.freed, horizon)
        hint = self._hint(best, sub_kept)
        result = _solve(sub, deadline.share(0.8), workers, hint)
        whole = len(self.chosen) == len(_movable_commitments(self.book))
        complete = (
            result.status in (Status.OPTIMAL, Status.INFEASIBLE)
            and whole
            and all(self.book.limits[c] <= horizon for c in self.chosen)
        )
        if result.solution is None or result.objective is None:
            return None, complete and result.status == Status.INFEASIBLE
        solution = result.solution
        if best.finish is not None and result.objective >= best.finish:
            return None, complete
        if deadline.remaining() > 0.02:
            solution = _fewer_moves(
                sub,
                self.compiled,
                self.current,
                solution,
                result.objective,
                sub_kept,
                deadline,
                workers,
            )
        answer = self._answer(
            self.compiled, lift(solution, sub_kept), result.objective, Layer.NEIGHBOURHOOD_EXACT
        )
        return answer, complete

    def _answer(self, compiled: Compiled, lifted: Solution, finish: int, layer: str) -> _Answer:
        return _answer(self.book, self.job, compiled, lifted, self.current, finish, layer)

    def _hint(self, best: _Answer, sub_kept: np.ndarray) -> Solution | None:
        """The best answer so far: the job where it found it, booked work as it left it."""
        schedules = []
        for key in self.compiled.keys:
            schedule = best.changes.get(key) or self.current.get(key)
            if schedule is None:
                return None
            try:
                schedules.append(lower_schedule(schedule, sub_kept))
            except KeyError:
                return None
        return Solution(tuple(schedules))


def _answer(
    book: Book,
    job: Commitment,
    compiled: Compiled,
    solution: Solution,
    current: Mapping[TaskKey, TaskSchedule],
    finish: int,
    layer: str,
) -> _Answer:
    """An answer from a model's solution: the job's schedules, the booked ones that
    differ from ``current``, and the commitments they belong to, in booking order."""
    changes: dict[TaskKey, TaskSchedule] = {}
    moved: dict[str, None] = {}
    for i, key in enumerate(compiled.keys):
        schedule = solution.tasks[i]
        if key[0] == job.id:
            changes[key] = schedule
        elif current.get(key) != schedule:
            changes[key] = schedule
            moved[key[0]] = None
    return _Answer(finish, changes, tuple(c for c in book.booked if c in moved), layer)


def _movable_commitments(book: Book) -> list[str]:
    """The commitments with movable work that holds hours (a movable lead time holds
    none, so it cannot make room), or one more than any neighbourhood can hold when some
    movable work must stay put in a neighbourhood (contiguous work)."""
    if (book.slot_movable & ~book.slot_reshapable).any():
        return [""] * (len(book.booked) + 1)
    return list(book.commitment_index.holding_movable_hours)


class _Candidates:
    """The booked work a neighbourhood is chosen from, indexed once per check.

    Per job task (its people, its work, its earliest start): the plan columns of the
    reshapable booked work those people do from that start on; and every reshapable
    column, for a neighbourhood of anyone's work. The hours per commitment before a
    target date are summed with numpy and kept per target, since every reach at one
    target asks for the same sums.
    """

    def __init__(self, book: Book, needs: Sequence[tuple[tuple[int, ...], int, int]]) -> None:
        index = book.commitment_index
        cols = book.plan.columns
        self.names = index.names
        self.sizes = index.sizes
        self.owner = index.owner
        self.periods = cols.periods
        self.amounts = cols.amounts
        largest_first = sorted(needs, key=lambda need: -need[1])
        self.works = [work for _, work, _ in largest_first]
        self.columns = [
            np.concatenate(
                [_int_array()]
                + [
                    mine[np.searchsorted(cols.periods[mine], start, side="left") :]
                    for mine in (index.by_person[r] for r in people)
                ]
            )
            for people, _, start in largest_first
        ]
        self.anyone = index.reshapable
        self.anyone_periods = index.reshapable_periods
        self._ranked: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def ranked(self, k: int, window: int) -> tuple[np.ndarray, np.ndarray]:
        """Commitment codes by hours held before ``window`` in columns set ``k`` (``-1``:
        anyone's), most first (ties by id), and those hours."""
        found = self._ranked.get((k, window))
        if found is None:
            if k < 0:  # sorted by period: the columns before ``window`` are a prefix
                chosen = self.anyone[: np.searchsorted(self.anyone_periods, window, "left")]
            else:
                chosen = self.columns[k][self.periods[self.columns[k]] < window]
            hours = np.bincount(
                self.owner[chosen], weights=self.amounts[chosen], minlength=len(self.names)
            )
            held = np.flatnonzero(hours > 0)
            order = held[np.lexsort((self.names[held].astype(str), -hours[held]))]
            found = self._ranked[(k, window)] = (order, hours[order])
        return found

    def choose(self, window: int, reach: Reach) -> tuple[str, ...]:
        """The booked commitments to re-plan beside the job.

        For each job task, the commitments with the most movable hours of its people
        between its earliest start and ``window``, until they hold ``reach.share`` times
        its work there; at most ``reach.commitments`` commitments and ``reach.tasks``
        tasks in all. With ``reach.everyone``, the commitments with the most movable
        hours of anyone before about twice ``window`` (the work displaced before the
        target needs room after it: a cascade in time).
        """
        if reach.everyone:
            order, _ = self.ranked(-1, 2 * window + CASCADE_DAYS)
            sizes = np.cumsum(self.sizes[order])
            fits = int(np.searchsorted(sizes, reach.tasks, side="right"))
            return tuple(sorted(str(n) for n in self.names[order[: min(fits, reach.commitments)]]))
        chosen: dict[int, None] = {}
        tasks = 0
        for k, work in enumerate(self.works):
            order, hours = self.ranked(k, window)
            if len(order) == 0:
                continue
            held = dict(zip(order.tolist(), hours.tolist(), strict=True))
            freed = sum(held.get(c, 0.0) for c in chosen)
            for c, amount in zip(order.tolist(), hours.tolist(), strict=True):
                if freed >= reach.share * work:
                    break
                if c in chosen:
                    continue
                size = int(self.sizes[c])
                if len(chosen) >= reach.commitments or tasks + size > reach.tasks:
                    return tuple(sorted(str(self.names[c]) for c in chosen))
                chosen[c] = None
                tasks += size
                freed += amount
        return tuple(sorted(str(self.names[c]) for c in chosen))


def _int_array() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


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
    fewest = fewest_changes(sub, finish, tuple(reference))
    answer = _solve(fewest, deadline.share(FEWER_MOVES_SHARE), workers, best)
    return answer.solution or best
