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
from thundeep.random_shuffling.fig1 import COLUMNS, fig1_metrics, table_rows
from thundeep.random_shuffling.instances import CONSTRUCTIONS
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
