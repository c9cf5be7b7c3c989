"""Hand-made instance files and reference tables, written to a temporary directory.

``tiny1_1.sm`` (PSPLIB single-mode; jobs 1 and 6 are the dummies): jobs 2 and 3 both
need the only unit of R2, so they run one after the other (3 + 2 periods); job 5
needs both units of R1 and follows them, so it cannot overlap job 4 (one unit of R1,
4 periods, in parallel with 2 and 3). Optimal makespan: 3 + 2 + 2 = 7 (the critical
path alone gives 5).

``PSP1.SCH`` (RCPSP/max, one resource of capacity 1): activities 1 and 2 (2 periods,
1 unit each) cannot overlap, and the lag of -1 on 2 -> 1 is a maximum time lag:
``start[2] <= start[1] + 1``, so 2 must run first. Activity 3 starts at least 1 after
activity 1 and lasts 3. Optimal makespan: ``start[1] = 2``, ``start[3] = 3``, 6 (without
the maximum lag it would be 4).

``PSP2.SCH``: activities 1 and 2 must start within 1 period of each other (maximum
lags both ways) but cannot overlap: no schedule exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TINY_SM = """\
************************************************************************
file with basedata            : tiny.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  6
horizon                       :  11
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      4      0        7        1        5
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          3           2   3   4
   2        1          1           5
   3        1          1           5
   4        1          1           6
   5        1          1           6
   6        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       1    1
  3      1     2       1    1
  4      1     4       1    0
  5      1     2       2    0
  6      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    1
************************************************************************
"""
TINY_OPTIMUM = 7

MAX_FEASIBLE_SCH = """\
3\t1\t0\t0
0\t1\t2\t1\t2\t[0]\t[0]
1\t1\t2\t3\t4\t[1]\t[2]
2\t1\t2\t1\t4\t[-1]\t[2]
3\t1\t1\t4\t[3]
4\t1\t0
0\t1\t0\t0
1\t1\t2\t1
2\t1\t2\t1
3\t1\t3\t0
4\t1\t0\t0
1
"""
MAX_FEASIBLE_OPTIMUM = 6

MAX_UNSAT_SCH = """\
2\t1\t0\t0
0\t1\t2\t1\t2\t[0]\t[0]
1\t1\t2\t2\t3\t[-1]\t[2]
2\t1\t2\t1\t3\t[-1]\t[2]
3\t1\t0
0\t1\t0\t0
1\t1\t2\t1
2\t1\t2\t1
3\t1\t0\t0
1
"""


@pytest.fixture
def tiny_sm() -> str:
    """The text of ``tiny1_1.sm`` (optimal makespan 7)."""
    return TINY_SM


@pytest.fixture
def max_sch() -> tuple[str, str]:
    """The texts of ``PSP1.SCH`` (optimal makespan 6) and ``PSP2.SCH`` (unsat)."""
    return MAX_FEASIBLE_SCH, MAX_UNSAT_SCH


@pytest.fixture
def sm_set(tmp_path: Path) -> Path:
    """A PSPLIB-like set: ``tiny/tiny1_1.sm`` and its tables in ``tiny/solutions``."""
    folder = tmp_path / "tiny"
    (folder / "solutions").mkdir(parents=True)
    (folder / "tiny1_1.sm").write_text(TINY_SM)
    (folder / "solutions" / "kobe_optimum.csv").write_text(
        f"problem,optimum\ntiny1_1.sm,{TINY_OPTIMUM}\n"
    )
    (folder / "solutions" / "tinyhrs.sm").write_text(
        "solutionlist data/tinyhrs.sm\n"
        + "=" * 40
        + "\nPar\tInst\tMakespan\tDate\t\t\tAuthor\n"
        + "=" * 40
        + f"\n1\t1\t{TINY_OPTIMUM}\t\tMon Jan  1 00:00:00 2024  A. Auteur\n"
    )
    return folder


@pytest.fixture
def max_set(tmp_path: Path) -> Path:
    """An RCPSP/max-like set: ``max/PSP1.SCH``, ``max/PSP2.SCH`` and ``max/optimum``."""
    folder = tmp_path / "max"
    (folder / "optimum").mkdir(parents=True)
    (folder / "PSP1.SCH").write_text(MAX_FEASIBLE_SCH)
    (folder / "PSP2.SCH").write_text(MAX_UNSAT_SCH)
    (folder / "optimum" / "optimum.csv").write_text(
        f"problem,optimum\nPSP1.SCH,{MAX_FEASIBLE_OPTIMUM}\nPSP2.SCH,unsat\n"
    )
    return folder
