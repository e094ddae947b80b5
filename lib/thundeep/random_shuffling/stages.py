"""Simulation and summary stages of the random_shuffling pipeline (workflow/papers/random_shuffling/rules.smk)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from thundeep.io import load_arrays, save_arrays, write_csv, write_json
from thundeep.random_shuffling.colt import run_instance, step_factors
from thundeep.random_shuffling.colt_analysis import (
    ERROR_COLUMNS,
    SLOPE_COLUMNS,
    colt_metrics,
    error_rows,
    slope_rows,
)
from thundeep.random_shuffling.fig1 import COLUMNS, fig1_metrics, k_grid, table_rows
from thundeep.random_shuffling.instances import CONSTRUCTIONS
from thundeep.random_shuffling.samplers import job_rng
from thundeep.random_shuffling.simulate import simulate, step_size


def fig1_simulate_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Final losses of every run for one construction, all k and methods; seeds per (construction, k, method)."""
    name, n, methods = params["construction"], params["n"], params["methods"]
    construction = CONSTRUCTIONS[name](lam=params["lam"], lam_max=params["lam_max"], g=params["g"])
    ks = k_grid(**params["k_grid"])
    losses = np.empty((len(methods), len(ks), params["runs"]))
    for j, k in enumerate(tqdm(ks, desc=f"Fig. 1 {name}", file=sys.stderr)):
        eta = step_size(params["step"], params["lam"], n, k)
        for m, method in enumerate(methods):
            rng = job_rng(params["seed"], name, k, method)
            losses[m, j] = simulate(construction, method, n, k, [eta], params["runs"], rng)[0]
    save_arrays(
        outputs["losses"], construction=np.array(name), ks=np.array(ks), methods=np.array(methods), losses=losses
    )


def fig1_summary_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """tables/fig1.csv (one row per construction, k, method) and the RS1-RS3 metrics."""
    rows = []
    for path in inputs["losses"]:
        data = load_arrays(path)
        rows += table_rows(str(data["construction"]), data["ks"].tolist(), data["methods"].tolist(), data["losses"])
    write_csv(outputs["table"], rows, COLUMNS)
    write_json(outputs["metrics"], fig1_metrics(rows, params["lam_max"] / params["lam"], params["analysis"]))


def _factors(params: Mapping[str, Any]) -> np.ndarray:
    grid = params["step_factors"]
    return step_factors(grid["low"], grid["high"], grid["per_octave"])


def colt_simulate_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """All runs of one COLT'20 instance over the (n, k) grid."""
    results = run_instance(
        params["instance"],
        params["lam"],
        params["g"],
        params["ns"],
        params["ks"],
        params["runs"],
        params["seed"],
        _factors(params),
    )
    save_arrays(outputs["results"], instance=np.array(params["instance"]), **results)


def colt_summary_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Slope and error tables of the COLT'20 companion, and its metrics (RS4)."""
    results = {}
    for path in inputs["results"]:
        data = load_arrays(path)
        results[str(data["instance"])] = data
    slopes = slope_rows(results, job_rng(params["seed"], "bootstrap"), params["bootstrap"])
    errors = error_rows(results, params["lam"])
    write_csv(outputs["slopes"], slopes, SLOPE_COLUMNS)
    write_csv(outputs["errors"], errors, ERROR_COLUMNS)
    grid = _factors(params)
    write_json(outputs["metrics"], colt_metrics(slopes, errors, (float(grid[0]), float(grid[-1]))))
