"""The re-plan's search: a fresh-start track and a repair track, the plan chosen by
(objective, moved booked tasks).

* The **fresh track** is the iterated serial heuristic from the best fresh start
  (:func:`solvers.nudge.nudge`), then the neighbourhood search (:func:`solvers.lns.improve`)
  from the best schedule so far. It reaches the lowest lateness on fully booked books,
  but it plans everything anew, so almost every booked task moves.
* The **repair track** starts from the previous plan repaired in its own order
  (:func:`solvers.repair.repair`: every task stays where it still fits, the displaced
  ones take the first capacity they can use). Where that leaves a job later than the
  fresh track has it, the repair is run again with such jobs placed first as the fresh
  track places them (:func:`guided_repair`); then neighbourhoods anchored on what is
  late improve it, each adopted only when it lowers the lateness. The booked work
  that moves is what the disruption displaced and what must give way.

The previous plan is repaired first (a start given as ``kept_plan`` is used
instead); the repair track runs when that is within :data:`REPAIR_GATE` times the best
fresh start's lateness, and then gets :data:`REPAIR_SHARE` of the search time, after
the fresh track (which stops early at the proven lower bound and leaves it the rest).
The plan with the lower objective wins, the one that moves fewer booked tasks on a
tie, and as many of its booked tasks as possible are put back where they were (at
the same objective, :func:`solvers.lns.restore`), then the work that kept its days
is handed back to the resources the previous plan gave it (:func:`solvers.reassign.reassign`).

Example:
    >>> import numpy as np
    >>> from solvers.problem import Objective, Problem, Resource, Task, TaskSchedule, Usage
    >>> from solvers.deadline import Deadline
    >>> from solvers.lns import LnsSettings
    >>> from feasibility.warm_start import warm_start
    >>> p = Problem(10, (Resource(np.full(10, 4)),),
    ...             (Task(work=8, eligible=(0,), due=5), Task(work=4, eligible=(0,), due=9)),
    ...             objective=Objective(kind="weighted_tardiness"))
    >>> old = [TaskSchedule(2, 4, (Usage(0, 2, 4), Usage(0, 3, 4))), None]
    >>> chosen = search(p, warm_start(p, old), old, LnsSettings(rounds=2),
    ...                 deadline=Deadline(10), finish=Deadline(10))
    >>> chosen.tasks[0] == old[0]
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from feasibility.warm_start import Start, rated
from solvers import Problem, Solution, TaskSchedule
from solvers.bounds import lower_bound
from solvers.checker import objective_value
from solvers.deadline import Deadline
from solvers.lns import LnsSettings, improve, job_codes, restore
from solvers.nudge import nudge
from solvers.problem import IntArray
from solvers.reassign import reassign
from solvers.repair import repair

NUDGE_SHARE = 0.7
"""The share of the fresh track's time the iterated heuristic gets before the neighbourhoods."""
REPAIR_SHARE = 0.25
"""The share of the search time kept for the repair track (it also gets whatever the
fresh track leaves when that reaches the lower bound)."""
REPAIR_MOST = 0.5
"""The most of the search time the repair of the previous plan may take."""
REPAIR_GATE = 2.0
"""The repair track runs when its start is at most this many times as late as the best
start (or late by no more than the best start plus one unit)."""

GUIDED_REPAIRS = 3
"""How many times the repair track repairs the previous plan again with the jobs it
has later than the fresh track placed as the fresh track has them."""

DECODE_SECONDS_PER_TASK = 5e-5
"""Time the hand-back leaves per task for the checker and decoding that follow the
search (measured about 3.4e-5 s per task on W3, with a margin)."""

Hear = Callable[[str, int, int], None]
"""A progress report: phase, round, objective."""


def search(
    problem: Problem,
    starts: Sequence[Start],
    previous: Sequence[TaskSchedule | None],
    settings: LnsSettings,
    *,
    deadline: Deadline,
    finish: Deadline,
    hear: Hear | None = None,
) -> Solution:
    """The chosen schedule of ``problem`` (see the module) from the candidate
    ``starts`` (best first); ``deadline`` ends the search, ``finish`` (the whole call's)
    the put-back pass."""
    say: Hear = hear or _silent
    bound = lower_bound(problem)
    kept = next((s for s in starts if s.kept_plan), None)
    if kept is None and any(old is not None for old in previous):
        repaired = repair(problem, previous, Deadline(deadline.share(REPAIR_MOST)))
        if repaired is not None:
            kept = rated(problem, repaired, previous, kept_plan=True)
    repairing = kept is not None and _close(kept, starts[0].objective)
    fresh_until = Deadline(deadline.share(1 - REPAIR_SHARE)) if repairing else deadline
    # the fresh track starts from the other candidates (the kept plan is the repair track's)
    others = [s for s in starts if not s.kept_plan] or list(starts)
    tracks = [fresh_track(problem, others, settings, fresh_until, bound, say)]
    fresh_value = objective_value(problem, tracks[0])
    if repairing and kept is not None and _close(kept, fresh_value):
        start = kept.solution
        if kept.objective > fresh_value:
            start = guided_repair(problem, previous, start, tracks[0], deadline)
        found = improve(
            problem,
            start,
            replace(settings, rounds=_part(settings.rounds, REPAIR_SHARE)),
            deadline=deadline,
            bound=bound,
            on_round=lambda r: say("repair", r.number, r.objective),
        )
        tracks.append(found.solution)
    return _choose(problem, tracks, previous, finish)


def _close(kept: Start, best: int) -> bool:
    """Whether the repaired plan is close enough to ``best`` to be worth searching from."""
    return kept.objective <= max(REPAIR_GATE * best, best + 1)


def guided_repair(
    problem: Problem,
    previous: Sequence[TaskSchedule | None],
    start: Solution,
    guide: Solution,
    deadline: Deadline,
    tries: int = GUIDED_REPAIRS,
) -> Solution:
    """``start`` (the previous plan repaired) or, when better, the previous plan
    repaired again with the jobs that ``start`` has later than ``guide`` placed first
    as in ``guide`` (up to ``tries`` times, each adding the jobs still later)."""
    jobs = job_codes(problem)
    best, best_value = start, objective_value(problem, start)
    target = objective_value(problem, guide)
    current, chosen = start, np.zeros(int(jobs.max(initial=-1)) + 1, dtype=bool)
    for _ in range(tries):
        if best_value <= target or deadline.expired():
            break
        later = _job_lateness(problem, jobs, current) > _job_lateness(problem, jobs, guide)
        if not (later & ~chosen).any():
            break
        chosen |= later
        placed = {i: guide.tasks[i] for i in np.flatnonzero(chosen[jobs]).tolist()}
        found = repair(problem, previous, deadline, placed=placed)
        if found is None:
            break
        current, value = found, objective_value(problem, found)
        if value < best_value:
            best, best_value = found, value
    return best


def _job_lateness(problem: Problem, jobs: IntArray, solution: Solution) -> IntArray:
    """Each job's weighted tardiness in ``solution``."""
    late = np.zeros(int(jobs.max(initial=-1)) + 1, dtype=np.int64)
    for i, (task, schedule) in enumerate(zip(problem.tasks, solution.tasks, strict=True)):
        if task.due is not None and schedule.end > task.due:
            late[jobs[i]] += task.weight * (schedule.end - task.due)
    return late


def fresh_track(
    problem: Problem,
    starts: Sequence[Start],
    settings: LnsSettings,
    deadline: Deadline,
    bound: int,
    say: Hear | None = None,
) -> Solution:
    """The fresh track alone: the iterated heuristic from the best fresh start of
    ``starts``, then the neighbourhood search from the best schedule so far, until
    ``deadline``, the rounds of ``settings`` or the lower ``bound``."""
    hear: Hear = say or _silent
    best = starts[0]
    solution, value = best.solution, best.objective
    fresh = next((s for s in starts if s.priority is not None), None)
    if fresh is not None and value > bound:
        nudged = nudge(
            problem,
            fresh.priority or [],
            start=fresh.solution,
            deadline=Deadline(deadline.share(NUDGE_SHARE)),
            rounds=_part(settings.rounds, NUDGE_SHARE),
            seed=settings.seed,
            on_round=lambda r: hear("reorder", r.number, r.objective),
        )
        if nudged.objective < value:
            solution, value = nudged.solution, nudged.objective
    improved = improve(
        problem,
        solution,
        replace(settings, rounds=_part(settings.rounds, 1 - NUDGE_SHARE)),
        deadline=deadline,
        bound=bound,
        on_round=lambda r: hear("search", r.number, r.objective),
    )
    return improved.solution


def _choose(
    problem: Problem,
    tracks: Sequence[Solution],
    previous: Sequence[TaskSchedule | None],
    finish: Deadline,
) -> Solution:
    """The track with the lowest objective (of those, the one that moves fewest tasks,
    the first on a tie again), with as many booked tasks as possible put back and
    their work handed back to the resources that had it."""
    rated_tracks = [rated(problem, s, previous, kept_plan=False) for s in tracks]
    best = min(rated_tracks, key=lambda t: (t.objective, t.moved))
    kept, _ = restore(problem, best.solution, previous, deadline=finish)
    checking = DECODE_SECONDS_PER_TASK * problem.num_tasks
    kept, _ = reassign(
        problem, kept, previous, deadline=Deadline(max(0.0, finish.remaining() - checking))
    )
    return kept


def _silent(phase: str, number: int, objective: int) -> None:
    """Hears nothing."""


def _part(rounds: int | None, share: float) -> int | None:
    return None if rounds is None else max(1, int(rounds * share))
