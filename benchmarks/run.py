"""Every benchmark at a quick size: one JSON object per measurement on its own line.

Usage: python benchmarks/run.py [--baseline-checkout DIR]
Fields: name, ours, baseline, unit, ratio (baseline / ours: higher is better), goal (on the
ratio or on `ours`, as stated), load (1-minute load average before the measurement) and note.
Times are CPU seconds where the measurement is in-process; start-up and no-op rebuild are wall
seconds of child processes. `--baseline-checkout` names a checkout of the code before these changes
for the no-op rebuild's baseline (built at smoke scale for the paper measured); without it the
baseline is the number in issue #17.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import job_startup  # noqa: E402
import noop_rebuild  # noqa: E402
import random_shuffling_speed  # noqa: E402
import spurious_minima_batched  # noqa: E402
import spurious_minima_min_eig  # noqa: E402
import spurious_minima_startup  # noqa: E402

NOOP_PAPER = "spurious_minima"


def emit(name: str, ours: float, baseline: float, unit: str, goal: str, note: str = "") -> None:
    """Print one measurement as a JSON line."""
    record = dict(
        name=name,
        ours=ours,
        baseline=baseline,
        unit=unit,
        ratio=baseline / ours,
        goal=goal,
        load=os.getloadavg()[0],
        note=note,
    )
    print(json.dumps(record), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-checkout", type=Path)
    args = parser.parse_args()

    many = spurious_minima_batched.measure(k=10, runs=200, max_steps=4000, baseline_runs=10)
    emit(
        "spurious_minima_200_runs",
        many["ours_us_per_run_step"],
        many["baseline_us_per_run_step"],
        "CPU us per run-step",
        "ratio >= 50",
        f"k = n = 10, cap 4000; baseline timed on 10 of the 200 runs (cost per run-step is per run); "
        f"endpoints agree within {many['endpoint_max_rel_deviation']:.1e} relative",
    )
    colt = spurious_minima_batched.measure(k=20, runs=50, max_steps=30000, protocol=spurious_minima_batched.COLT21)
    emit(
        "spurious_minima_k20_50_runs",
        colt["ours_us_per_run_step"],
        colt["baseline_us_per_run_step"],
        "CPU us per run-step",
        "ratio >= 10",
        f"k = n = 20, 50 runs, COLT'21 rule (step 5/k, gradient Frobenius norm 1e-12), cap 30000; baseline on all "
        f"50 runs; endpoints agree within {colt['endpoint_max_rel_deviation']:.1e} relative",
    )
    emit(
        "spurious_minima_stage_startup_cpu_s",
        spurious_minima_startup.measure("ours", 3),
        spurious_minima_startup.measure("before", 3),
        "CPU s",
        "ours <= 1.5",
        "a one-run descent job through workflow/scripts/stage.py up to its first kernel call; baseline: the same "
        "job set up as before (analysis module and scipy imported, deterministic algorithms on); median of 3",
    )
    eig = spurious_minima_min_eig.measure(100)
    emit(
        "spurious_minima_min_eig_k100_s",
        eig["ours_s"],
        eig["baseline_s"],
        "CPU s",
        "ratio >= 20",
        f"one k = n = 100 point near the global minimum, from the assembled Hessian, one thread; certified: "
        f"{eig['certified']}; relative difference from eigvalsh {eig['rel_diff']:.1e}",
    )
    one = spurious_minima_batched.measure(k=10, runs=1, max_steps=4000)
    emit(
        "spurious_minima_one_run",
        one["ours_us_per_run_step"],
        one["baseline_us_per_run_step"],
        "CPU us per run-step",
        "ratio >= 1",
        "k = n = 10, one run, cap 4000",
    )

    ours_ns, loop_ns = random_shuffling_speed.per_step_k(1000, runs=100, loop_runs=1)
    emit(
        "random_shuffling_k1000",
        ours_ns,
        loop_ns,
        "CPU ns per SGD step",
        "ratio >= 1000",
        "n = 500, k = 1000, both constructions, three methods; ours 100 runs, the loop 1 run (linear in runs)",
    )
    grid, loop_grid = random_shuffling_speed.default_grid_cpu_s(every=15)
    emit(
        "random_shuffling_default_grid_cpu_s",
        grid,
        loop_grid,
        "CPU s",
        "ours <= 10",
        "ours simulates every 15th k of the 75 and scales by total steps; the loop is extrapolated "
        "from its per-step cost at k = 40",
    )

    emit(
        "job_startup_s",
        job_startup.measure("numpy", 3),
        job_startup.measure("torch", 3),
        "wall s per job",
        "ours <= 1.0",
        "trivial numpy stage through workflow/scripts/stage.py, with the workflow's onsuccess/onerror "
        "hooks (workflow/rules/hooks.smk); baseline: the same stage importing torch (as every stage did "
        "before lazy imports); median of 3",
    )

    papers = len(list((noop_rebuild.ROOT / "workflow" / "papers").glob("*/paper.yaml")))
    ours = statistics.median(noop_rebuild.measure(NOOP_PAPER, "smoke", 3))
    if args.baseline_checkout:
        baseline = statistics.median(noop_rebuild.measure(NOOP_PAPER, "smoke", 3, args.baseline_checkout))
        source = f"baseline: {args.baseline_checkout}"
    else:
        baseline, source = 2.08, "baseline: issue #17's measurement (five papers)"
    emit(
        "noop_rebuild_s",
        ours,
        baseline,
        "wall s",
        "ours <= 1.5 with ten papers",
        f"snakemake papers/{NOOP_PAPER} at smoke, {papers} papers parsed, median of 3; {source}",
    )


if __name__ == "__main__":
    main()
