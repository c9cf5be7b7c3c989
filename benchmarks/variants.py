"""Variants of the kernel for the ablation: the shipped solver with one choice changed.

Each variant is a solver name of its own, ``kernel:<variant>``, so the runner measures
it side by side with the others and the ablation table in BENCHMARKS.md comes from the
same command as every other table (``--solver kernel:proof`` ...).

Example:
    >>> from benchmarks.variants import KERNEL_VARIANTS
    >>> KERNEL_VARIANTS["kernel:proof"].options.proof_share
    0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from solvers.cpsat import ModelOptions, Parameter

SHIPPED = ModelOptions()


@dataclass(frozen=True)
class KernelVariant:
    """The kernel's model options and CP-SAT parameters for one ablation row."""

    summary: str
    options: ModelOptions = SHIPPED
    parameters: Mapping[str, Parameter] = field(default_factory=dict)


LNS_NEIGHBOURHOODS = [
    "graph_arc_lns",
    "graph_cst_lns",
    "graph_dec_lns",
    "graph_var_lns",
    "rnd_cst_lns",
    "rnd_var_lns",
    "scheduling_intervals_lns",
    "scheduling_precedences_lns",
    "scheduling_resource_windows_lns",
    "scheduling_time_window_lns",
]
"""CP-SAT's large-neighbourhood searches, by subsolver name."""

PROVE = 0.5
"""The proof variants' largest share of the limit for the first search."""

TWO_NO_LP = ("no_lp", "quick_restart_no_lp")
"""Two complete CP-SAT searches without the linear relaxation: the fastest proofs."""

KERNEL_VARIANTS: dict[str, KernelVariant] = {
    "kernel:proof": KernelVariant(
        "proof phase: one complete worker without the linear relaxation, one running LNS",
        ModelOptions(proof_share=PROVE),
    ),
    "kernel:proof-lp": KernelVariant(
        "proof phase: two complete workers, without and with the linear relaxation",
        ModelOptions(proof_share=PROVE, proof_subsolvers=("no_lp", "default_lp")),
    ),
    "kernel:proof-no-lp": KernelVariant(
        "proof phase: two complete workers without the linear relaxation",
        ModelOptions(proof_share=PROVE, proof_subsolvers=TWO_NO_LP),
    ),
    "kernel:proof-only": KernelVariant(
        "straight to the proof phase (as proof-lp) below the greedy schedule",
        ModelOptions(proof_share=0, proof_subsolvers=("no_lp", "default_lp")),
    ),
    "kernel:two-complete": KernelVariant(
        "one search by two complete workers, with and without the linear relaxation",
        parameters={"num_full_subsolvers": 2, "filter_subsolvers": ["default_lp", "no_lp"]},
    ),
    "kernel:lns-worker": KernelVariant(
        "one complete worker, the other running CP-SAT's LNS neighbourhoods",
        parameters={"num_full_subsolvers": 1},
    ),
    "kernel:lns-short": KernelVariant(
        "CP-SAT's LNS with a fifth of its default deterministic time per neighbourhood",
        parameters={"lns_initial_deterministic_limit": 0.02},
    ),
    "kernel:lns-focus": KernelVariant(
        "one complete worker; the other runs only the LNS neighbourhoods (no local search, "
        "feasibility pump or RINS)",
        parameters={"filter_subsolvers": ["default_lp", *LNS_NEIGHBOURHOODS]},
    ),
    "kernel:lns-no-lp": KernelVariant(
        "as lns-focus, with the complete worker searching without the linear relaxation",
        parameters={"filter_subsolvers": ["no_lp", *LNS_NEIGHBOURHOODS]},
    ),
    "kernel:cliques": KernelVariant(
        "+ redundant no-overlap constraints over mutually exclusive tasks",
        ModelOptions(no_overlap_cliques=True),
    ),
    "kernel:transitive": KernelVariant(
        "+ longest-path precedences between every pair of tasks",
        ModelOptions(transitive_precedences=True),
    ),
    "kernel:strong-propagation": KernelVariant(
        "+ CP-SAT's costlier cumulative propagators",
        ModelOptions(strong_propagation=True),
    ),
    "kernel:no-warm-start": KernelVariant(
        "without the greedy schedule as first incumbent",
        ModelOptions(warm_start=False),
    ),
}
"""Every ablation variant by solver name."""
