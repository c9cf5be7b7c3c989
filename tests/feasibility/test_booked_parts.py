"""Booked parts: a neighbourhood built from parts kept with the booked state is the
problem that compiling the same roles from scratch gives, task for task."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from small_books import small_planner

from benchmarks.workloads import quote_stream
from feasibility.book import Book, stays_in_a_neighbourhood
from feasibility.compile import Role, compile_problem


def book_and_job(seed: int) -> tuple[Book, Role]:
    workload, planner = small_planner(seed, construction_time_limit=2.0)
    return planner.book_state, Role(quote_stream(workload, 1, seed=seed)[0])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_neighbourhood_from_parts_is_the_compiled_problem(seed: int) -> None:
    book, job = book_and_job(seed)
    chosen = tuple(sorted(book.booked))[::2]
    alone = compile_problem(book.staffing, [job])
    compiled, freed, current = book.parts.neighbourhood(chosen, alone, job.commitment.id)
    roles = [book.role(c, stays_in_a_neighbourhood) for c in chosen] + [job]
    expected = compile_problem(book.staffing, roles, objective_commitment=job.commitment.id)
    assert compiled.keys == expected.keys
    assert compiled.index == expected.index
    assert compiled.problem.tasks == expected.problem.tasks
    assert compiled.problem.precedences == expected.problem.precedences
    assert compiled.problem.objective == expected.problem.objective
    assert compiled.problem.horizon == expected.problem.horizon
    held = np.array(book.plan.residual, dtype=np.int64)
    for c in chosen:
        for slot in book.commitment_slots[c]:
            s = book.plan.slot(slot)
            np.add.at(held, (s.resources, s.periods), s.amounts)
            assert current[book.keys[slot]] == s.schedule()  # type: ignore[index]
    assert (freed == held).all()


def test_parts_are_the_same_from_many_threads() -> None:
    book, _ = book_and_job(4)
    names = sorted(book.booked)
    found: list[list[object]] = []

    def read() -> None:
        found.append([book.parts.part(c).problem.tasks for c in names])

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(f == found[0] for f in found)
