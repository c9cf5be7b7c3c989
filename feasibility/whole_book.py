"""The reference check: the whole book compiled into one model and solved.

This is the first version's check, kept as the exact reference the layered check is
measured against (``python -m benchmarks quote-latency --compare-full``) and as the
path for jobs the layers do not cover (contiguous work, whose "every working day"
rule is stated against the people's full hours, not the hours left). Its cost grows
with the book: use it on small books.

First the job alone in the capacity the booked plan leaves free, all booked work
frozen; if that misses the job's lower bound, the whole book with booked work free to
move within its promises, from that start; when that finds an earlier date, a last
pass keeps the date and moves as few booked tasks as possible.
"""

from __future__ import annotations

from feasibility.book import Book, everything, stays_put
from feasibility.check import FEWER_MOVES_SHARE, Layer, Outcome
from feasibility.compile import Compiled, Role, TaskKey, compile_problem
from feasibility.decode import schedules_by_key
from feasibility.models import Commitment
from solvers import Problem, Result, Solution, Status, TaskSchedule, solve
from solvers.bounds import infeasibility_reason, lower_bound
from solvers.deadline import Deadline
from solvers.subproblem import fewest_changes


def whole_book_check(book: Book, job: Commitment, deadline: Deadline, workers: int = 1) -> Outcome:
    """The check of ``job`` by the whole-book model, within ``deadline``."""
    residual = _compile(book, job, movable=False)
    full = _compile(book, job, movable=True)
    reason = infeasibility_reason(full.problem)
    bound = lower_bound(full.problem) if reason is None else book.staffing.horizon + 1
    first = _solve(residual.problem, deadline, 0.5, workers)
    solution, finish = first.solution, first.objective
    proven = first.status in (Status.OPTIMAL, Status.INFEASIBLE)
    at_bound = first.status == Status.OPTIMAL and first.objective == bound
    if not at_bound and _anything_movable(book):
        solution, finish, proven = _widen(full, first, book, deadline, workers)
    if solution is None or finish is None:
        return Outcome(None, bound, proven, {}, "whole-book", (), reason)
    plan = schedules_by_key(full, solution)
    changes: dict[TaskKey, TaskSchedule] = {}
    moved: list[str] = []
    for key, schedule in plan.items():
        if key[0] == job.id:
            changes[key] = schedule
        elif book.schedule(key) != schedule:
            changes[key] = schedule
            if key[0] not in moved:
                moved.append(key[0])
    ordered = tuple(c for c in book.booked if c in moved)
    return Outcome(finish, bound, proven or finish <= bound, changes, "whole-book", ordered)


def _compile(book: Book, job: Commitment, *, movable: bool) -> Compiled:
    roles = [book.role(c, stays_put if movable else everything) for c in book.booked]
    roles.append(Role(job))
    return compile_problem(book.staffing, roles, objective_commitment=job.id)


def _anything_movable(book: Book) -> bool:
    return bool(book.slot_movable.any())


def _solve(
    problem: Problem, deadline: Deadline, share: float, workers: int, hint: Solution | None = None
) -> Result:
    return solve(
        problem, "cpsat", time_limit=max(deadline.share(share), 0.005), workers=workers, hint=hint
    )


def _widen(
    full: Compiled, first: Result, book: Book, deadline: Deadline, workers: int
) -> tuple[Solution | None, int | None, bool]:
    """Let booked work move; keep the earlier date only if moving finds one."""
    second = _solve(full.problem, deadline, 1 - FEWER_MOVES_SHARE, workers, first.solution)
    proven = second.status in (Status.OPTIMAL, Status.INFEASIBLE)
    if second.solution is None or second.objective is None:
        return first.solution, first.objective, proven and first.solution is None
    if first.objective is not None and second.objective >= first.objective:
        return first.solution, first.objective, proven
    finish = second.objective
    reference = tuple(book.schedule(key) for key in full.keys)
    fewest_moves = fewest_changes(full.problem, finish, reference)
    third = _solve(fewest_moves, deadline, 0.9, workers, second.solution)
    return third.solution or second.solution, finish, proven


__all__ = ["Layer", "whole_book_check"]
