"""Command line: ``python -m benchmarks instances ...`` and ``python -m benchmarks plot ...``.

Example (from a shell)::

    python -m benchmarks instances psplib/j30 --solver all --time-limit 1 \\
        --workers 2 --sample 20 --out results.csv
    python -m benchmarks plot results*.csv --out plots/
    python -m benchmarks proofs psplib/j30/j3013_2.sm --setting no_lp,default_lp \\
        --time-limit 20 --out proofs.csv
    python -m benchmarks quote-latency --workload W1 --checks 1000 --out w1.csv
    python -m benchmarks replan --workload W1 --workload W2 --time-limit 60
    python -m benchmarks lateness --workload W1
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.proof_probe import CSV_HEADER, PROOF_SETTINGS, probe
from benchmarks.readers import find_instances
from benchmarks.registry import ALL, SOLVER_NAMES, RunSettings, resolve_solvers
from benchmarks.replan import METHODS as REPLAN_METHODS
from benchmarks.runner import run_benchmark
from benchmarks.selection import select
from benchmarks.variants import KERNEL_VARIANTS
from benchmarks.workloads import STANDARD


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark the scheduling kernel and its baselines on public instances.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "instances",
        help="solve instance files and append one CSV row per solver run",
        description="Solve PSPLIB .sm and RCPSP/max .SCH instances with the named solver(s).",
    )
    run.add_argument("paths", nargs="+", metavar="PATH", help="instance file or directory")
    run.add_argument(
        "--solver",
        required=True,
        choices=(*SOLVER_NAMES, ALL, *KERNEL_VARIANTS),
        help="which solver(s) to run; kernel:<variant> for the ablation",
    )
    run.add_argument(
        "--time-limit", type=float, required=True, metavar="S", help="seconds per solver run"
    )
    run.add_argument("--workers", type=int, default=1, metavar="N", help="CP-SAT workers (1)")
    run.add_argument("--seed", type=int, default=0, help="random seed given to every solver (0)")
    run.add_argument(
        "--sample", type=int, metavar="K", help="K instances evenly spread over the list"
    )
    run.add_argument(
        "--limit", type=int, metavar="K", help="the first K instances (after --sample)"
    )
    run.add_argument("--out", required=True, help="results CSV (appended to when it exists)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    plot = commands.add_parser(
        "plot",
        help="plot mean gap against time limit per instance set and solver",
        description="Write one PNG per instance set from one or more results CSVs.",
    )
    plot.add_argument("csv", nargs="+", metavar="CSV", help="results files")
    plot.add_argument("--out", required=True, metavar="DIR", help="directory for the PNGs")

    proofs = commands.add_parser(
        "proofs",
        help="time one CP-SAT search proving the best-known makespan optimal",
        description="Solve the kernel's model capped one unit below each instance's "
        "best-known makespan, once per setting, and append one CSV row per search.",
    )
    proofs.add_argument("paths", nargs="+", metavar="PATH", help="instance file or directory")
    proofs.add_argument(
        "--setting",
        required=True,
        help=f"comma-separated settings: {', '.join(PROOF_SETTINGS)}",
    )
    proofs.add_argument(
        "--time-limit", type=float, required=True, metavar="S", help="seconds per search"
    )
    proofs.add_argument("--workers", type=int, default=1, metavar="N", help="CP-SAT workers (1)")
    proofs.add_argument("--out", required=True, help="results CSV (appended to when it exists)")
    latency = commands.add_parser(
        "quote-latency",
        help="time quote checks against a synthetic workload",
        description="Build a planner on a standard workload and time a seeded stream of quote "
        "checks against it: latency percentiles, layers, proofs, construction, memory.",
        epilog="example: python -m benchmarks quote-latency --workload W1 --checks 1000",
    )
    latency.add_argument("--workload", required=True, choices=sorted(STANDARD))
    latency.add_argument("--checks", type=int, default=1000, metavar="N", help="checks (1000)")
    latency.add_argument(
        "--time-limit", type=float, default=1.0, metavar="S", help="budget per check (1 s)"
    )
    latency.add_argument(
        "--construction-time-limit", type=float, metavar="S", help="budget to build the plan"
    )
    latency.add_argument(
        "--compare-full",
        action="store_true",
        help="repeat every check with the whole-book model (the reference)",
    )
    latency.add_argument(
        "--full-time-limit", type=float, metavar="S", help="budget per whole-book check"
    )
    latency.add_argument(
        "--scheduling",
        choices=("forward", "backward"),
        default="backward",
        help="how construction places booked work (backward, the planner's default)",
    )
    latency.add_argument(
        "--freeze-gc",
        action="store_true",
        help="gc.freeze() after construction, as a long-running service would",
    )
    latency.add_argument(
        "--book-every",
        type=int,
        default=0,
        metavar="N",
        help="book every N-th verdict that meets its date (0: never, the default)",
    )
    latency.add_argument(
        "--levers",
        action="store_true",
        help="repeat every check with levers=True and report their cost beside the plain check",
    )
    latency.add_argument(
        "--due-days",
        type=int,
        nargs=2,
        default=(7, 92),
        metavar=("LO", "HI"),
        help="due dates drawn from LO to HI-1 days after the start (7 92)",
    )
    latency.add_argument(
        "--effort-scale",
        type=float,
        default=1.0,
        metavar="F",
        help="multiply every quoted job's work by F (1)",
    )
    latency.add_argument("--seed", type=int, default=1, help="quote stream seed (1)")
    latency.add_argument("--out", metavar="CSV", help="one row per check")
    latency.add_argument("--quiet", action="store_true", help="no progress bar")
    construction = commands.add_parser(
        "construction",
        help="time planner construction on synthetic workloads",
        description="Build a planner on each named workload in a fresh process: seconds, "
        "lateness of the initial plan, peak memory.",
        epilog="example: python -m benchmarks construction --workload W1 --workload W3",
    )
    construction.add_argument(
        "--workload", action="append", required=True, choices=sorted(STANDARD)
    )
    construction.add_argument(
        "--time-limit", type=float, default=120.0, metavar="S", help="budget per build (120 s)"
    )
    construction.add_argument(
        "--scheduling",
        choices=("forward", "backward"),
        default="backward",
        help="how construction places booked work (backward, the planner's default)",
    )
    files = commands.add_parser(
        "files",
        help="time files, saved planners and pictures on a synthetic workload",
        description="Write and read a workload as CSV files, save and load its planner, "
        "and draw its pictures; one timing per step.",
        epilog="example: python -m benchmarks files --workload W1",
    )
    files.add_argument("--workload", required=True, choices=sorted(STANDARD))
    replanning = commands.add_parser(
        "replan",
        help="batch re-planning against a greedy schedule and whole-model CP-SAT",
        description="On each named workload under load 0.9 with tight due dates and a "
        "disruption, run the greedy priority rules, CP-SAT on the whole model and the "
        "planner's replan, each with the same budget in a fresh process: objective, "
        "bound, gap, seconds, moved booked tasks (hours changed in time or person) and "
        "retimed ones (first or last day changed), peak memory.",
        epilog="example: python -m benchmarks replan --workload W1 --time-limit 60",
    )
    replanning.add_argument("--workload", action="append", required=True, choices=sorted(STANDARD))
    replanning.add_argument(
        "--method", action="append", choices=REPLAN_METHODS, help="methods to run (all)"
    )
    replanning.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="budget per method (60 s)"
    )
    replanning.add_argument(
        "--rounds",
        type=int,
        metavar="N",
        help="cap the re-plan's search rounds (repeatable figures; the budget still binds)",
    )
    lateness = commands.add_parser(
        "lateness",
        help="whether a re-plan's lateness is forced by the staff's hours",
        description="On each named workload's re-plan scenario: the lower bounds on the "
        "weighted days late and, per pool of people, the tightest window (work that "
        "must happen in it against the hours there).",
        epilog="example: python -m benchmarks lateness --workload W1",
    )
    lateness.add_argument("--workload", action="append", required=True, choices=sorted(STANDARD))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "instances":
        return _instances(parser, args)
    if args.command == "proofs":
        return _proofs(parser, args)
    if args.command == "quote-latency":
        return _quote_latency(parser, args)
    if args.command == "files":
        from benchmarks.files_and_pictures import measure

        print("| step | seconds | size |\n| --- | --- | --- |")
        for step in measure(args.workload):
            print(step.line(), flush=True)
        return 0
    if args.command == "construction":
        from benchmarks.construction import construct

        for name in args.workload:
            print(construct(name, args.time_limit, args.scheduling).line(), flush=True)
        return 0
    if args.command == "replan":
        return _replan(parser, args)
    if args.command == "lateness":
        from benchmarks.lateness_probe import probe

        for name in args.workload:
            print(probe(name), flush=True)
        return 0
    return _plot(args)


def _replan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from benchmarks.replan import HEADER, measure

    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    print(HEADER, flush=True)
    for name in args.workload:
        for method in args.method or REPLAN_METHODS:
            print(measure(name, method, args.time_limit, args.rounds).row(), flush=True)
    return 0


def _instances(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    for option in ("sample", "limit"):
        value = getattr(args, option)
        if value is not None and value < 1:
            parser.error(f"--{option} must be at least 1")
    try:
        paths = select(find_instances(args.paths), sample=args.sample, limit=args.limit)
    except FileNotFoundError as error:
        parser.error(str(error))
    if not paths:
        parser.error("no .sm or .SCH instance files found")
    settings = RunSettings(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    solvers = resolve_solvers(args.solver)
    print(
        f"{len(paths)} instances x {len(solvers)} solver(s) ({', '.join(solvers)}), "
        f"{args.time_limit:g} s each, {args.workers} worker(s) -> {args.out}",
        file=sys.stderr,
    )
    report = run_benchmark(paths, solvers, settings, args.out, progress=not args.quiet)
    print(report.summary())
    return 0


def _plot(args: argparse.Namespace) -> int:
    from benchmarks.plot import plot_results

    for path in plot_results(args.csv, args.out):
        print(path)
    return 0


def _proofs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    settings = [name for name in args.setting.split(",") if name]
    unknown = [name for name in settings if name not in PROOF_SETTINGS]
    if unknown or not settings:
        parser.error(f"unknown setting(s) {', '.join(unknown) or '(none)'}")
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    try:
        paths = find_instances(args.paths)
    except FileNotFoundError as error:
        parser.error(str(error))
    out = Path(args.out)
    fresh = not out.exists() or out.stat().st_size == 0
    with out.open("a", encoding="utf-8") as handle:
        if fresh:
            handle.write(CSV_HEADER + "\n")
        for run in probe(paths, settings, args.time_limit, args.workers):
            handle.write(run.csv_line() + "\n")
            handle.flush()
            print(run.csv_line())
    return 0


def _quote_latency(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from benchmarks.quote_latency import measure

    if args.checks < 1:
        parser.error("--checks must be at least 1")
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if not 0 <= args.due_days[0] < args.due_days[1]:
        parser.error("--due-days needs 0 <= LO < HI")
    if not 0 < args.effort_scale <= 100:
        parser.error("--effort-scale must be above 0 and at most 100")
    if args.book_every < 0:
        parser.error("--book-every must be 0 or more")
    report = measure(
        STANDARD[args.workload],
        checks=args.checks,
        time_limit=args.time_limit,
        compare_full=args.compare_full,
        full_time_limit=args.full_time_limit,
        construction_time_limit=args.construction_time_limit,
        scheduling=args.scheduling,
        freeze_gc=args.freeze_gc,
        seed=args.seed,
        progress=not args.quiet,
        levers=args.levers,
        due_days=tuple(args.due_days),
        effort_scale=args.effort_scale,
        book_every=args.book_every,
    )
    if args.out:
        report.write_csv(args.out)
    print(report.summary())
    return 0
