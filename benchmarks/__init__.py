"""Benchmarks: public instance readers, baselines, a runner, result tables and plots.

Read a PSPLIB or RCPSP/max file, turn it into a kernel problem, look up the
literature's value for it:

    >>> from benchmarks import read_instance, reference_for, to_problem
    >>> instance = read_instance("j30/j301_1.sm")  # doctest: +SKIP
    >>> problem = to_problem(instance)  # doctest: +SKIP
    >>> reference_for("j30/j301_1.sm")  # doctest: +SKIP
    ReferenceValue(lower=43, upper=43, unsat=False)

From a shell: ``python -m benchmarks instances PATH... --solver all --time-limit 1
--out results.csv`` and ``python -m benchmarks plot results*.csv --out plots``.
"""

from benchmarks.instance import Arc, Family, Instance, InstanceFormatError, to_problem
from benchmarks.readers import find_instances, read_instance
from benchmarks.references import ReferenceValue, reference_for

__all__ = [
    "Arc",
    "Family",
    "Instance",
    "InstanceFormatError",
    "ReferenceValue",
    "find_instances",
    "read_instance",
    "reference_for",
    "to_problem",
]
