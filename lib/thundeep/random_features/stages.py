"""Stages of the random_features pipeline (workflow/papers/random_features/rules.smk).

E1/E1' run one job per dimension d, E3 one job per (k, d); summary stages gather them into the
paper's tables and each experiment's metrics. The figure stages (figures.py) read only the tables.
E1/E1' and E3's fits run on `thundeep.runtime.default_device()` (CUDA when present, their random
draws still on the CPU); RF4's small fine search stays on the CPU.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import numpy as np
from tqdm import tqdm

from thundeep.chunks import chunk_bounds
from thundeep.io import read_csv, write_csv
from thundeep.random_features.analysis import (
    FLOOR_COLUMNS,
    GAMMA_COLUMNS,
    N_EPS_COLUMNS,
    POLYNOMIAL_COLUMNS,
    POPULATION_COLUMNS,
    SEARCH_COLUMNS,
    TRAINED_COLUMNS,
    floor_rows,
    polynomial_metrics,
    population_metrics,
    search_rows,
    trained_neuron_metrics,
)
from thundeep.random_features.config import PolynomialFeatures, PopulationFeatures, Search, TrainedNeuron
from thundeep.random_features.n_eps import search_done, width_grid
from thundeep.random_features.neuron_features import exact_curve, sample_error
from thundeep.random_features.polynomial_features import polynomial_error
from thundeep.random_features.trained_neuron import gd_errors, sgd_errors
from thundeep.runtime import default_device
from thundeep.stage import Inputs, Outputs


def population_dims(config: PopulationFeatures) -> list[int]:
    """Every dimension E1's jobs run: the curves' and those of the searches without seeds of their own."""
    shared = [s for s in (config.coarse, config.fine) if s.seeds is None]
    return sorted(set(config.curve_dims).union(*(s.dims for s in shared)))


def floor_dims(config: PopulationFeatures) -> list[int]:
    """Every dimension of E1, its own searches' included: the rows of tables/harmonic_floors.csv."""
    return sorted(set(config.curve_dims) | set(config.coarse.dims) | set(config.fine.dims))


def seeds_of(config: PopulationFeatures | TrainedNeuron | PolynomialFeatures) -> list[int]:
    """The seeds an experiment runs: seed, seed + 1, ..."""
    return [config.seed + s for s in range(config.seeds)]


def population_stage(inputs: Inputs, outputs: Outputs, config: PopulationFeatures, d: str) -> None:
    """E1 (and E1' at the sample cells of this d): rows of tables/population_error.csv for one d.

    A curve dimension runs every grid width; a search-only dimension stops at the first width where
    every seed reaches the smallest eps searched at d.
    """
    dim, device = int(d), default_device()
    searched = [s.eps for s in (config.coarse, config.fine) if dim in s.dims and s.seeds is None]
    stop = None if dim in config.curve_dims else min(searched)
    seeds, grid = seeds_of(config), width_grid(config.max_width, config.per_octave)
    cells = [n for d_cell, n in config.sample.cells if d_cell == dim]
    curve = exact_curve(dim, seeds, grid, config.cutoff, stop, device)
    samples = {}
    for n in cells:
        for seed in tqdm(seeds, desc=f"E1' d={dim} N={n}", file=sys.stderr):
            samples[n, seed] = sample_error(
                dim, n, seed, config.sample.samples_per_feature, config.sample.test_points, device=device
            )
    rows = []
    for i, n in enumerate(curve.widths):
        for j, seed in enumerate(seeds):
            sample = samples.get((n, seed), "")
            rows.append(
                {
                    "d": dim,
                    "N": n,
                    "seed": seed,
                    "exact_relative_error": float(curve.errors[i, j]),
                    "sample_relative_error": sample,
                    "solver_fallbacks": curve.fallbacks,
                }
            )
    write_csv(outputs["rows"], rows, [*POPULATION_COLUMNS, "solver_fallbacks"])


def search_stage(inputs: Inputs, outputs: Outputs, config: PopulationFeatures, d: str) -> None:
    """The fine N_eps search at one d with its own seeds (seed, seed + 1, ...) and width cap: exact E1
    errors up to the first width where every seed reaches its eps (rows of tables/fine_search.csv)."""
    search, dim = config.fine, int(d)
    if search.seeds is None or search.max_width is None:
        raise ValueError("search_stage needs the fine search's own seeds and max_width (paper.yaml)")
    seeds = [config.seed + s for s in range(search.seeds)]
    curve = exact_curve(dim, seeds, width_grid(search.max_width, config.per_octave), config.cutoff, search.eps)
    rows = [
        {
            "d": dim,
            "N": n,
            "seed": s,
            "exact_relative_error": float(curve.errors[i, j]),
            "solver_fallbacks": curve.fallbacks,
        }
        for i, n in enumerate(curve.widths)
        for j, s in enumerate(seeds)
    ]
    write_csv(outputs["rows"], rows, [*SEARCH_COLUMNS, "solver_fallbacks"])


def population_summary_stage(inputs: Inputs, outputs: Outputs, config: PopulationFeatures) -> None:
    """tables/population_error.csv (and tables/fine_search.csv when the fine search has its own seeds),
    the neuron's N_eps rows, the harmonic floors, and RF1-RF5's metrics."""
    rows = [r for path in inputs["rows"] for r in read_csv(path)]
    fine_rows = [r for path in inputs.get("fine", []) for r in read_csv(path)]
    fallbacks = {(k, r["d"]): int(r.pop("solver_fallbacks")) for k, part in enumerate((rows, fine_rows)) for r in part}
    write_csv(outputs["table"], rows, POPULATION_COLUMNS)
    if "fine_table" in outputs:
        write_csv(outputs["fine_table"], fine_rows, SEARCH_COLUMNS)
    fine_source = fine_rows if config.fine.seeds is not None else rows
    n_eps, gammas = search_rows(rows, [("neuron", config.coarse)], "exact_relative_error")
    more_n, more_g = search_rows(fine_source, [("neuron", config.fine)], "exact_relative_error")
    n_eps, gammas = n_eps + more_n, gammas + more_g
    write_csv(outputs["n_eps"], n_eps, N_EPS_COLUMNS)
    write_csv(outputs["gamma"], gammas, GAMMA_COLUMNS)
    floors = floor_rows(floor_dims(config), max_degree=6)
    write_csv(outputs["floors"], floors, FLOOR_COLUMNS)
    config.write_metrics(
        outputs["metrics"], population_metrics(rows, n_eps, gammas, floors, config, sum(fallbacks.values()))
    )


def trained_neuron_stage(inputs: Inputs, outputs: Outputs, config: TrainedNeuron) -> None:
    """E2: tables/trained_neuron.csv (error at every GD step, and every record_every SGD steps) and RF6."""
    seeds, rows = seeds_of(config), []
    for d in tqdm(config.gd_dims, desc="E2 GD", file=sys.stderr):
        errors = gd_errors(d, seeds, config.gd_lr, config.gd_steps)
        rows += _trajectory_rows("gd", d, seeds, range(errors.shape[0]), errors)
    for d in tqdm(config.sgd_dims, desc="E2 SGD", file=sys.stderr):
        steps, errors = sgd_errors(d, seeds, config.sgd_lr, config.sgd_batch, config.sgd_steps, config.record_every)
        rows += _trajectory_rows("sgd", d, seeds, steps, errors)
    write_csv(outputs["table"], rows, TRAINED_COLUMNS)
    config.write_metrics(outputs["metrics"], trained_neuron_metrics(rows))


def _trajectory_rows(method, d, seeds, steps, errors) -> list[dict]:
    return [
        {"method": method, "d": d, "seed": seed, "step": int(t), "relative_error": float(errors[i, j])}
        for i, t in enumerate(steps)
        for j, seed in enumerate(seeds)
    ]


Cells = Mapping[tuple[int, int], float]
"""Test errors already computed, by (N, seed)."""

PART_BEYOND = 1
"""Widths a part of a split search computes past its own stop, so that the gather seldom computes a cell."""


def polynomial_search(
    config: PolynomialFeatures, degree: int, dim: int, seeds: Sequence[int], known: Cells, beyond: int = 0
) -> list[dict]:
    """E3's rows for one (k, d) and `seeds`: walk the width grid until every seed's test error is <= eps,
    then `beyond` widths more (while the grid lasts).

    A cell of `known` is taken as it is, every other cell is computed: each cell draws from its own
    streams, so the rows do not depend on which cells were known.
    """
    rows, left, device = [], None, default_device()
    for n in tqdm(width_grid(config.max_width, config.per_octave), desc=f"E3 k={degree} d={dim}", file=sys.stderr):
        errors = [
            known[n, seed]
            if (n, seed) in known
            else polynomial_error(
                degree,
                dim,
                n,
                seed,
                config.samples_per_feature,
                config.test_points,
                config.ridge,
                config.chunk,
                config.max_width,
                device,
            )
            for seed in seeds
        ]
        rows += [
            {"k": degree, "d": dim, "N": n, "seed": s, "relative_error": e} for s, e in zip(seeds, errors, strict=True)
        ]
        if left is None and search_done(np.array(errors), config.eps):
            left = beyond
        if left == 0:
            break
        if left is not None:
            left -= 1
    return rows


def polynomial_stage(inputs: Inputs, outputs: Outputs, config: PolynomialFeatures, k: str, d: str) -> None:
    """E3 for one (k, d): walk the width grid until every seed's test error is <= eps."""
    write_csv(outputs["rows"], polynomial_search(config, int(k), int(d), seeds_of(config), {}), POLYNOMIAL_COLUMNS)


def polynomial_chunk_stage(
    inputs: Inputs, outputs: Outputs, config: PolynomialFeatures, k: str, d: str, chunk: str, chunks: int
) -> None:
    """Part `chunk` of `chunks` of the seeds of one (k, d): their own search, `PART_BEYOND` widths past the
    width where they all reach eps (the other parts' seeds may need those widths)."""
    first, stop = chunk_bounds(config.seeds, chunks, int(chunk))
    rows = polynomial_search(config, int(k), int(d), seeds_of(config)[first:stop], {}, PART_BEYOND)
    write_csv(outputs["rows"], rows, POLYNOMIAL_COLUMNS)


def polynomial_gather_stage(inputs: Inputs, outputs: Outputs, config: PolynomialFeatures, k: str, d: str) -> None:
    """`polynomial_stage`'s rows from the parts' cells (input `rows`): the search of every seed again, computing
    only the cells of seeds whose part stopped before the others (the unsplit search goes on until all reach eps)."""
    known = {(int(r["N"]), int(r["seed"])): float(r["relative_error"]) for p in inputs["rows"] for r in read_csv(p)}
    write_csv(outputs["rows"], polynomial_search(config, int(k), int(d), seeds_of(config), known), POLYNOMIAL_COLUMNS)


def polynomial_summary_stage(inputs: Inputs, outputs: Outputs, config: PolynomialFeatures) -> None:
    """tables/polynomial_error.csv, the polynomials' N_eps rows and RF7's metrics."""
    rows = [r for path in inputs["rows"] for r in read_csv(path)]
    write_csv(outputs["table"], rows, POLYNOMIAL_COLUMNS)
    n_eps, gammas = [], []
    for degree, dims in config.searches:
        mine = [r for r in rows if r["k"] == str(degree)]
        more_n, more_g = search_rows(mine, [(f"poly{degree}", Search(config.eps, dims))], "relative_error")
        n_eps += more_n
        gammas += more_g
    write_csv(outputs["n_eps"], n_eps, N_EPS_COLUMNS)
    write_csv(outputs["gamma"], gammas, GAMMA_COLUMNS)
    config.write_metrics(outputs["metrics"], polynomial_metrics(gammas))


def n_eps_table_stage(inputs: Inputs, outputs: Outputs) -> None:
    """tables/n_eps.csv and tables/gamma.csv: the neuron's and the polynomials' rows together."""
    write_csv(outputs["n_eps"], [r for p in inputs["n_eps"] for r in read_csv(p)], N_EPS_COLUMNS)
    write_csv(outputs["gamma"], [r for p in inputs["gamma"] for r in read_csv(p)], GAMMA_COLUMNS)
