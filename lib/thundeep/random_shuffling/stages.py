"""Simulation and summary stages of the random_shuffling pipeline (workflow/papers/random_shuffling/rules.smk)."""

from __future__ import annotations

import sys

import numpy as np
from tqdm import tqdm

from thundeep.io import load_arrays, read_csv, save_arrays, write_csv
from thundeep.random_shuffling.colt import run_instance, step_factors
from thundeep.random_shuffling.colt_analysis import (
    ERROR_COLUMNS,
    SLOPE_COLUMNS,
    colt_metrics,
    error_rows,
    slope_rows,
)
from thundeep.random_shuffling.config import Colt, Fig1, StepFactors
from thundeep.random_shuffling.fig1 import COLUMNS, fig1_metrics, summarise, table_rows
from thundeep.random_shuffling.instances import CONSTRUCTIONS
from thundeep.random_shuffling.mirror import with_replacement_expected_loss
from thundeep.random_shuffling.published import DEVIATION_COLUMNS, deviation_rows
from thundeep.random_shuffling.samplers import job_rng
from thundeep.random_shuffling.simulate import simulate, step_size
from thundeep.stage import Inputs, Outputs


def fig1_simulate_stage(inputs: Inputs, outputs: Outputs, config: Fig1, construction: str) -> None:
    """Final losses of every run for one construction, all k and methods; seeds per (construction, k, method)."""
    n, methods = config.n, list(config.methods)
    problem = CONSTRUCTIONS[construction](lam=config.lam, lam_max=config.lam_max, g=config.g)
    ks = config.ks
    losses = np.empty((len(methods), len(ks), config.runs))
    for j, k in enumerate(tqdm(ks, desc=f"Fig. 1 {construction}", file=sys.stderr)):
        eta = step_size(config.step, config.lam, n, k)
        for m, method in enumerate(methods):
            rng = job_rng(config.seed, construction, k, method)
            losses[m, j] = simulate(problem, method, n, k, [eta], config.runs, rng)[0]
    save_arrays(
        outputs["losses"],
        construction=np.array(construction),
        ks=np.array(ks),
        methods=np.array(methods),
        losses=losses,
    )


def fig1_summary_stage(inputs: Inputs, outputs: Outputs, config: Fig1) -> None:
    """tables/fig1.csv (one row per construction, k, method) and the RS1-RS3 metrics."""
    rows = []
    for path in inputs["losses"]:
        data = load_arrays(path)
        rows += table_rows(str(data["construction"]), data["ks"].tolist(), data["methods"].tolist(), data["losses"])
    write_csv(outputs["table"], rows, COLUMNS)
    config.write_metrics(outputs["metrics"], fig1_metrics(rows, config.lam_max / config.lam, config.analysis))


MIRROR_COLUMNS = (
    "k",
    "exact_log10_expected_loss_eq2",
    "exact_log10_expected_loss_mirror",
    "exact_relative_difference",
    "log10_mean_loss_eq2",
    "log10_mean_loss_mirror",
    "log10_mean_loss_difference",
    "difference_se",
)


def eq2_mirror_stage(inputs: Inputs, outputs: Outputs, config: Fig1) -> None:
    """tables/eq2_mirror.csv: with-replacement SGD on Eq.(2) (curvature on the -1 class, our runs of Fig. 1)
    and on its mirror (curvature on the +1 class, runs of their own seeds), exact and simulated, per k."""
    ours = load_arrays(inputs["losses"])
    wr = list(ours["methods"]).index("wr")
    problems = [
        CONSTRUCTIONS[name](lam=config.lam, lam_max=config.lam_max, g=config.g) for name in ("eq2", "eq2_mirror")
    ]
    rows = []
    for j, k in enumerate(ours["ks"].tolist()):
        eta = step_size(config.step, config.lam, config.n, k)
        mirrored = simulate(
            problems[1], "wr", config.n, k, [eta], config.runs, job_rng(config.seed, "eq2_mirror", k, "wr")
        )
        stats = [summarise(losses) for losses in (ours["losses"][wr, j], mirrored[0])]
        exact = [with_replacement_expected_loss(p, config.n, k, eta) for p in problems]
        rows.append(
            {
                "k": k,
                "exact_log10_expected_loss_eq2": float(np.log10(exact[0])),
                "exact_log10_expected_loss_mirror": float(np.log10(exact[1])),
                "exact_relative_difference": exact[1] / exact[0] - 1.0,
                "log10_mean_loss_eq2": float(stats[0]["log10_mean_loss"]),
                "log10_mean_loss_mirror": float(stats[1]["log10_mean_loss"]),
                "log10_mean_loss_difference": float(stats[1]["log10_mean_loss"] - stats[0]["log10_mean_loss"]),
                "difference_se": float(np.hypot(stats[0]["log10_mean_loss_se"], stats[1]["log10_mean_loss_se"])),
            }
        )
    write_csv(outputs["table"], rows, MIRROR_COLUMNS)


def published_deviation_stage(inputs: Inputs, outputs: Outputs) -> None:
    """Report stage: tables/published_deviation.csv, our Fig. 1 table against the authors' published numbers."""
    rows = deviation_rows(read_csv(inputs["table"]), read_csv(inputs["published"]))
    write_csv(outputs["table"], rows, DEVIATION_COLUMNS)


def _factors(grid: StepFactors) -> np.ndarray:
    return step_factors(grid.low, grid.high, grid.per_octave)


def colt_simulate_stage(inputs: Inputs, outputs: Outputs, config: Colt, instance: str) -> None:
    """All runs of one COLT'20 instance over the (n, k) grid."""
    results = run_instance(
        instance,
        config.lam,
        config.g,
        list(config.ns),
        list(config.ks),
        config.runs,
        config.seed,
        _factors(config.step_factors),
    )
    save_arrays(outputs["results"], instance=np.array(instance), **results)


def colt_summary_stage(inputs: Inputs, outputs: Outputs, config: Colt) -> None:
    """Slope and error tables of the COLT'20 companion, and its metrics (RS4)."""
    results = {}
    for path in inputs["results"]:
        data = load_arrays(path)
        results[str(data["instance"])] = data
    slopes = slope_rows(results, job_rng(config.seed, "bootstrap"), config.bootstrap)
    errors = error_rows(results)
    write_csv(outputs["slopes"], slopes, SLOPE_COLUMNS)
    write_csv(outputs["errors"], errors, ERROR_COLUMNS)
    grid = _factors(config.step_factors)
    config.write_metrics(outputs["metrics"], colt_metrics(slopes, errors, (float(grid[0]), float(grid[-1]))))
