"""Batch re-planning: every open commitment planned again from the new facts.

1. the disruptions are applied to the staff and the commitments, and everything is
   validated before anything is solved;
2. the re-plan problem weighs each commitment's days late by its rubric score
   (:mod:`feasibility.replan_model`); started and pinned work keeps its hours where
   they still fit;
3. two tracks search (:mod:`feasibility.replan_tracks`): the serial heuristic from
   scratch improved by reordering and large-neighbourhood search, and the previous
   plan repaired where the disruption displaced work (:mod:`feasibility.warm_start`)
   improved by neighbourhoods anchored on what is late; the lower objective wins, the
   plan that moves fewer booked tasks on a tie;
4. **must-keep** commitments come first: their lateness is minimised on its own (every
   standard commitment may give way), then each is held to the finish found there
   while the rest is planned by score;
5. the schedule passes the kernel's checker before it is decoded into a
   :class:`~feasibility.plan.Plan`.

The lower bound is each commitment alone with the whole staff (its chains, lead times
and work at full crew), raised where the commitments must wait for each other on the
same people (:func:`solvers.lateness.tardiness_bound`); the gap it gives is
conservative.

Example:
    >>> from datetime import date
    >>> from feasibility import Calendar, Commitment, Person, Planner, Task
    >>> planner = Planner(calendar=Calendar(), staff=[Person(id="ann", skills={"fit"})],
    ...                   start=date(2026, 11, 30), commitments=[Commitment(
    ...                       id="J1", due=date(2026, 12, 4),
    ...                       tasks=[Task(id="fit", skill="fit", effort_hours=16)])])
    >>> facts = replan_facts(planner.book_state, disruptions=[], rubric=Rubric(),
    ...                      lookahead=365)
    >>> facts.model.problem.num_tasks, facts.previous[0] is not None
    (1, True)
    >>> replan(planner.book_state, lookahead=365, rounds=1, progress=False).objective
    0.0
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from feasibility.book import Book, stays_put
from feasibility.capacity import effort_units
from feasibility.compile import Staffing, TaskKey
from feasibility.disruptions import Disruption, apply
from feasibility.errors import InputError
from feasibility.horizon import furthest_day, needed_horizon
from feasibility.kernel_words import in_words_of
from feasibility.models import Commitment
from feasibility.plan import Plan
from feasibility.replan_model import ReplanModel, build, due_end
from feasibility.replan_tracks import search
from feasibility.rubric import Rubric
from feasibility.validation import is_open, validate_commitments, validate_pins, validate_staff
from feasibility.warm_start import rated, warm_start
from solvers import Problem, Solution, TaskSchedule
from solvers.bounds import (
    infeasibility_reason,
    lower_bound,
    tardiness_lower_bound,
    time_windows,
)
from solvers.checker import assert_valid, objective_value
from solvers.deadline import Deadline
from solvers.lns import LnsSettings, improve
from solvers.problem import IntArray, stacked_capacity

PROTECTED_SHARE = 0.3
"""The share of the search time the must-keep commitments get first (when there are any)."""
FINISH_SECONDS_PER_TASK = 3e-4
"""Time kept back per task for what follows the search (putting tasks back, handing
work back to its people, the checker, decoding): measured about 1e-4 s per task on W3
for putting back, the checker and decoding, and 1.4e-4 s for handing back, with a
margin."""
START_SHARE = 0.4
"""The most of the budget the warm start may take before the search."""


@dataclass(frozen=True)
class ReplanProgress:
    """One step of a re-plan, as a progress callback hears it."""

    phase: str
    """``"start"``, ``"must-keep"``, ``"reorder"`` (the iterated heuristic), ``"search"``
    (the neighbourhoods of the fresh track) or ``"repair"`` (those of the repair track)."""
    round: int
    objective: int
    """The kernel's weighted days late of the current plan (scores scaled to 1-1,000)."""
    seconds: float


ProgressCallback = Callable[[ReplanProgress], None]


def replan(
    book: Book,
    *,
    lookahead: int,
    disruptions: Sequence[Disruption] = (),
    rubric: Rubric | None = None,
    time_limit: float = 60.0,
    rounds: int | None = None,
    seed: int = 0,
    workers: int = 1,
    callback: ProgressCallback | None = None,
    progress: bool | None = None,
) -> Plan:
    """Re-plan every commitment of ``book`` after ``disruptions`` (see the module)."""
    deadline = Deadline(time_limit)
    rubric = rubric or Rubric()
    facts = replan_facts(book, disruptions=disruptions, rubric=rubric, lookahead=lookahead)
    model, staffing, commitments = facts.model, facts.model.staffing, facts.commitments
    problem = model.problem
    report = _Reporter(callback, progress, deadline)
    previous = facts.previous
    settings = LnsSettings(seed=seed, workers=workers, rounds=rounds)
    # the search stops early enough for the put-back pass, the checker and decoding
    reserve = FINISH_SECONDS_PER_TASK * problem.num_tasks
    searching = Deadline(max(0.0, deadline.remaining() - reserve))
    solution, final = _search(model, previous, settings, searching, report, deadline)
    # The final problem is the full one, or it with must-keep finishes as deadlines:
    # passing it implies passing the full problem.
    assert_valid(final, solution)
    report.close()
    schedules = {key: solution.tasks[i] for i, key in enumerate(model.keys)}
    after = Book.empty(staffing).with_changes(schedules, added=commitments)
    windows = time_windows(problem)
    alone = {c: windows.earliest_end[i] for c, i in model.finish_task.items()}
    return Plan(
        basis=book,
        book=after,
        rubric=rubric,
        disruptions=tuple(disruptions),
        kernel_objective=objective_value(problem, solution),
        earliest_alone=alone,
        restarted=facts.restarted,
        seconds=deadline.elapsed(),
        capacity_bound=_score_bound(model, rubric),
    )


BOUND_SCALE = 1_000_000
"""The largest score's weight when the bound is computed in whole numbers: each weight
is rounded down, so the bound stays a bound."""


def _score_bound(model: ReplanModel, rubric: Rubric) -> float:
    """The kernel's capacity bound on the score-weighted days late (each commitment's
    lateness weighted by its rubric score, rounded down to whole numbers)."""
    scores = {c.id: rubric.score(c) for c in model.commitments}
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return 0.0
    scale = BOUND_SCALE / top
    weights = [0] * model.problem.num_tasks
    for commitment_id, i in model.finish_task.items():
        weights[i] = int(scores[commitment_id] * scale)
    return tardiness_lower_bound(model.problem, weights) / scale


@dataclass(frozen=True)
class ReplanFacts:
    """What a re-plan plans from: the model, every commitment after the disruptions,
    each kernel task's previous schedule, and the started tasks planned again."""

    model: ReplanModel
    commitments: tuple[Commitment, ...]
    previous: list[TaskSchedule | None]
    restarted: tuple[TaskKey, ...]


def replan_facts(
    book: Book, *, disruptions: Sequence[Disruption], rubric: Rubric, lookahead: int
) -> ReplanFacts:
    """Apply the disruptions, validate, and build the re-plan problem (nothing solved;
    the benchmark's baselines solve this same problem)."""
    staffing, commitments = _new_facts(book, disruptions, lookahead)
    frozen, restarted = _kept_started_work(book, staffing, commitments)
    open_jobs = [c for c in commitments if any(is_open(t) for t in c.tasks)]
    model = build(staffing, open_jobs, weights=rubric.kernel_weights(open_jobs), frozen=frozen)
    reason = infeasibility_reason(model.problem)
    if reason is not None:
        raise InputError(
            "the commitments cannot all be scheduled within the planning horizon: "
            + in_words_of(staffing, open_jobs, reason)
        )
    return ReplanFacts(model, commitments, _previous(book, model), restarted)


def _search(
    model: ReplanModel,
    previous: list[TaskSchedule | None],
    settings: LnsSettings,
    deadline: Deadline,
    report: _Reporter,
    finish: Deadline,
) -> tuple[Solution, Problem]:
    """Must-keep commitments first, then everything by score; returns the schedule and
    the problem it was last improved on (the full problem, with must-keep limits).
    ``deadline`` ends the search, ``finish`` (the whole call's) the put-back pass."""
    protected = [c for c in model.commitments if c.must_keep and c.id in model.finish_task]
    problem = model.problem
    starts = warm_start(
        problem, previous, _share(deadline, START_SHARE), bound=lower_bound(problem)
    )
    report("start", 0, starts[0].objective)
    if protected:
        first = model.protected_only()
        ranked = sorted(starts, key=lambda c: (objective_value(first, c.solution), c.moved))
        found = improve(
            first,
            ranked[0].solution,
            replace(settings, rounds=_part(settings.rounds, PROTECTED_SHARE)),
            deadline=_share(deadline, PROTECTED_SHARE),
            bound=lower_bound(first),
            on_round=lambda r: report("must-keep", r.number, r.objective),
        )
        limits = {}
        for c in protected:
            end = found.solution.tasks[model.finish_task[c.id]].end
            due = due_end(model.staffing, c)
            if due is not None:
                limits[c.id] = max(due, end)
        problem = model.with_finish_limits(limits)
        held = rated(problem, found.solution, previous, kept_plan=False)
        starts = warm_start(
            problem,
            previous,
            _share(deadline, START_SHARE),
            known=[held],
            bound=lower_bound(problem),
        )
    chosen = search(
        problem, starts, previous, settings, deadline=deadline, finish=finish, hear=report
    )
    return chosen, problem


def _part(rounds: int | None, share: float) -> int | None:
    return None if rounds is None else max(1, int(rounds * share))


def _share(deadline: Deadline, fraction: float) -> Deadline:
    return Deadline(deadline.share(fraction))


def _new_facts(
    book: Book, disruptions: Sequence[Disruption], lookahead: int
) -> tuple[Staffing, tuple[Commitment, ...]]:
    old = book.staffing
    staff, commitments = apply(old.staff, tuple(book.booked.values()), disruptions, old.start)
    validate_staff(staff, old.calendar)
    validate_commitments(
        commitments, staff=staff, start=old.start, horizon_end=furthest_day(old.start)
    )
    horizon = needed_horizon(old.start, commitments, current=old.horizon, lookahead=lookahead)
    staffing = Staffing.build(old.calendar, staff, old.start, horizon)
    for commitment in commitments:
        validate_pins(staffing, commitment)
    return staffing, commitments


def _kept_started_work(
    book: Book, staffing: Staffing, commitments: Sequence[Commitment]
) -> tuple[dict[str, dict[str, TaskSchedule]], tuple[TaskKey, ...]]:
    """Started and pinned work that keeps its planned hours (they still fit the staff's
    new hours and the task's remaining effort), and the started tasks that cannot."""
    capacity = stacked_capacity(staffing.resources, staffing.horizon).copy()
    frozen: dict[str, dict[str, TaskSchedule]] = {}
    restarted: list[TaskKey] = []
    for c in commitments:
        for task in c.tasks:
            key = (c.id, task.id)
            if not stays_put(task) or not is_open(task) or key not in book.slots:
                continue
            old = book.schedule(key)
            assert old is not None
            fits = _fits(capacity, old, task.is_work, effort_units(task.remaining_hours))
            if fits and task.is_work:
                allowed = set(staffing.people_for(task.skill or "", task.people))
                fits = all(u.resource in allowed for u in old.usage)
            if task.pinned_start is not None:
                fits = fits and old.start == (task.pinned_start - staffing.start).days
            if not fits:
                restarted.append(key)
                continue
            for u in old.usage:
                capacity[u.resource, u.period] -= u.amount
            frozen.setdefault(c.id, {})[task.id] = old
    return frozen, tuple(restarted)


def _fits(cap: IntArray, old: TaskSchedule, is_work: bool, work: int) -> bool:
    if not is_work:
        return True
    if sum(u.amount for u in old.usage) != work:
        return False
    return all(u.period < cap.shape[1] and cap[u.resource, u.period] >= u.amount for u in old.usage)


def _previous(book: Book, model: ReplanModel) -> list[TaskSchedule | None]:
    """Each kernel task's schedule in the previous plan (a finish task: the day the
    commitment finished there); ``None`` for what is new."""
    previous: list[TaskSchedule | None] = [book.schedule(key) for key in model.keys]
    previous.extend([None] * (model.problem.num_tasks - len(previous)))
    for c, i in model.finish_task.items():
        if i >= len(model.keys) and c in book.booked:
            end = book.planned_end(c)
            previous[i] = TaskSchedule(end, end)
    return previous


class _Reporter:
    """Passes progress to the callback and, in a terminal or notebook, to a bar."""

    def __init__(
        self, callback: ProgressCallback | None, progress: bool | None, deadline: Deadline
    ) -> None:
        self.callback = callback
        self.deadline = deadline
        self.bar = None
        show = sys.stderr.isatty() or "ipykernel" in sys.modules if progress is None else progress
        if show:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=round(deadline.budget), unit="s", desc="re-plan")
        self._shown = 0

    def __call__(self, phase: str, number: int, objective: int) -> None:
        seconds = self.deadline.elapsed()
        if self.callback is not None:
            self.callback(ReplanProgress(phase, number, objective, seconds))
        if self.bar is not None:
            now = min(round(seconds), round(self.deadline.budget))
            self.bar.update(now - self._shown)
            self._shown = now
            self.bar.set_postfix(phase=phase, objective=objective)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
