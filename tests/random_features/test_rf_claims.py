"""Negative controls: each claim RF1-RF7 comes out `fails` on deliberately wrong input of the real shape.

The metrics are computed by the pipeline's own stage functions on small but real E1/E2/E3 runs; only
the input is wrong (too few samples, a dimension-free or degree-blind error table, a feature set given
the target's own direction, a stalled step size). The same small runs with the right input pass.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
import torch
import yaml

from thundeep.claims import FAILS, HOLDS, evaluate_claim
from thundeep.experiment import build
from thundeep.io import read_csv, read_json, write_csv
from thundeep.random_features import neuron_features
from thundeep.random_features.analysis import (
    POLYNOMIAL_COLUMNS,
    POPULATION_COLUMNS,
    polynomial_metrics,
    trained_neuron_metrics,
)
from thundeep.random_features.config import PolynomialFeatures, PopulationFeatures, TrainedNeuron
from thundeep.random_features.stages import (
    polynomial_stage,
    polynomial_summary_stage,
    population_dims,
    population_stage,
    population_summary_stage,
    trained_neuron_stage,
)

PAPER = Path(__file__).parents[2] / "workflow" / "papers" / "random_features" / "paper.yaml"
CLAIMS = {c["id"]: c for c in yaml.safe_load(PAPER.read_text())["claims"]}

POPULATION = {
    "curve_dims": [4, 8, 16],
    "max_width": 512,
    "per_octave": 4,
    "seeds": 2,
    "seed": 0,
    "cutoff": 1e-12,
    "coarse": {"eps": 0.1, "dims": [16, 24, 32]},
    "fine": {"eps": 0.007, "dims": [4, 5, 6]},
    "ratio_width": 256,
    "ratio_dims": [8, 16],
    "floor_dims": [16],
    "floor_width": 512,
    "sample": {"cells": [[8, 128], [16, 128]], "samples_per_feature": 40, "test_points": 20000},
    "rf1_cells": [[8, 128], [16, 128]],
}


def verdict(claim: str, experiment: str, metrics: dict) -> str:
    return evaluate_claim(CLAIMS[claim], {experiment: metrics}, "default")["verdict"]


def population_rows(tmp_path: Path, config: PopulationFeatures) -> dict[int, list[dict]]:
    out = {}
    for d in population_dims(config):
        population_stage({}, {"rows": tmp_path / f"d{d}.csv"}, config, d=str(d))
        out[d] = read_csv(tmp_path / f"d{d}.csv")
    return out


def population_summary(tmp_path: Path, config: PopulationFeatures, rows: dict[int, list[dict]]) -> dict:
    paths = []
    for d, mine in rows.items():
        paths.append(tmp_path / f"rows{d}.csv")
        write_csv(paths[-1], [{**r, "d": d} for r in mine], [*POPULATION_COLUMNS, "solver_fallbacks"])
    outputs = {k: tmp_path / f"{k}.csv" for k in ("table", "n_eps", "gamma", "floors")}
    population_summary_stage({"rows": paths}, {**outputs, "metrics": tmp_path / "metrics.json"}, config)
    return read_json(tmp_path / "metrics.json")


@pytest.fixture(scope="module")
def right(tmp_path_factory) -> tuple[PopulationFeatures, dict[int, list[dict]], dict]:
    tmp = tmp_path_factory.mktemp("right")
    config = build(PopulationFeatures, POPULATION)
    rows = population_rows(tmp, config)
    return config, rows, population_summary(tmp, config, rows)


def test_right_input_passes_rf1_rf2_rf3_rf5(right) -> None:
    # RF4's fine exponent needs the default grid (d = 4..8, 3 seeds): on this small run it is too noisy.
    for claim in ("RF1", "RF2", "RF3", "RF5"):
        assert verdict(claim, "population", right[2]) == HOLDS, claim


def test_rf1_fails_when_e1_prime_fits_on_too_few_samples(tmp_path, right) -> None:
    config = build(PopulationFeatures, {**POPULATION, "sample": {**POPULATION["sample"], "samples_per_feature": 2}})
    rows = dict(right[1])
    for d in (8, 16):
        population_stage({}, {"rows": tmp_path / f"d{d}.csv"}, config, d=str(d))
        rows[d] = read_csv(tmp_path / f"d{d}.csv")
    assert verdict("RF1", "population", population_summary(tmp_path, config, rows)) == FAILS


def test_rf2_fails_when_the_error_does_not_grow_with_d(tmp_path, right) -> None:
    config, rows, _ = right
    flat = {d: rows[4] if d in config.curve_dims else mine for d, mine in rows.items()}
    assert verdict("RF2", "population", population_summary(tmp_path, config, flat)) == FAILS


@pytest.fixture(scope="module")
def given_the_target(tmp_path_factory) -> dict:
    """Metrics of E1 runs whose first feature is the target's own direction w* (error 0 from N = 1)."""
    sphere = neuron_features.sphere_features

    def with_target(d: int, width: int, seed: int) -> torch.Tensor:
        u = sphere(d, width, seed).clone()
        u[:, 0] = neuron_features.unit_target(d)
        return u

    tmp = tmp_path_factory.mktemp("given_the_target")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(neuron_features, "sphere_features", with_target)
        config = build(PopulationFeatures, POPULATION)
        return population_summary(tmp, config, population_rows(tmp, config))


def test_rf3_fails_when_the_features_contain_the_target_direction(given_the_target) -> None:
    assert verdict("RF3", "population", given_the_target) == FAILS


def test_rf5_fails_when_the_features_contain_the_target_direction(given_the_target) -> None:
    assert verdict("RF5", "population", given_the_target) == FAILS


def test_rf4_fails_when_n_eps_does_not_depend_on_d(tmp_path, right) -> None:
    config, rows, _ = right
    blind = {d: rows[16] if d in config.coarse.dims else mine for d, mine in rows.items()}
    assert verdict("RF4", "population", population_summary(tmp_path, config, blind)) == FAILS


TRAINED = {
    "gd_dims": [4, 16, 64, 256, 1024],
    "gd_steps": 100,
    "gd_lr": 1.0,
    "sgd_dims": [16, 256],
    "sgd_steps": 3000,
    "sgd_lr": 0.5,
    "sgd_batch": 256,
    "record_every": 50,
    "seeds": 2,
    "seed": 0,
}
"""E2 at its default dimensions and budgets (2 seeds, SGD recorded every 50 steps)."""


def _trained_metrics(tmp_path: Path, **overrides) -> dict:
    config = build(TrainedNeuron, {**TRAINED, **overrides})
    trained_neuron_stage({}, {"table": tmp_path / "t.csv", "metrics": tmp_path / "t.json"}, config)
    return read_json(tmp_path / "t.json")


def test_rf6_fails_when_gradient_descent_takes_tiny_steps(tmp_path) -> None:
    assert verdict("RF6", "trained_neuron", _trained_metrics(tmp_path)) == HOLDS
    assert verdict("RF6", "trained_neuron", _trained_metrics(tmp_path, gd_lr=1e-3)) == FAILS


def test_rf6_fails_when_a_dimension_is_missing(tmp_path) -> None:
    assert verdict("RF6", "trained_neuron", _trained_metrics(tmp_path, gd_dims=[4, 16, 64, 256])) == FAILS


POLYNOMIALS = {
    "searches": [[1, [8, 16, 32]], [2, [4, 8]]],
    "eps": 0.1,
    "max_width": 512,
    "per_octave": 4,
    "samples_per_feature": 10,
    "test_points": 5000,
    "ridge": 1e-9,
    "chunk": 8192,
    "seeds": 2,
    "seed": 0,
}


def test_rf7_fails_when_the_quadratic_search_is_given_the_linear_target(tmp_path) -> None:
    config = build(PolynomialFeatures, POLYNOMIALS)
    paths = []
    for d in (8, 16, 32):
        polynomial_stage({}, {"rows": tmp_path / f"k1_{d}.csv"}, config, k="1", d=str(d))
        paths.append(tmp_path / f"k1_{d}.csv")
    linear = [r for p in paths for r in read_csv(p)]
    relabelled = tmp_path / "k2_as_k1.csv"  # what a search that ignores k would produce for k = 2
    write_csv(relabelled, [{**r, "k": 2} for r in linear], POLYNOMIAL_COLUMNS)
    blind = dataclasses.replace(config, searches=((1, (8, 16, 32)), (2, (8, 16, 32))))
    outputs = {k: tmp_path / f"{k}.csv" for k in ("table", "n_eps", "gamma")}
    polynomial_summary_stage({"rows": [*paths, relabelled]}, {**outputs, "metrics": tmp_path / "p.json"}, blind)
    metrics = read_json(tmp_path / "p.json")
    assert 0.6 <= metrics["rf7_gamma_k1"] <= 1.5  # the linear part is right
    assert verdict("RF7", "polynomials", metrics) == FAILS


def test_every_claim_metric_propagates_a_nan(tmp_path, right) -> None:
    """A NaN in the rows a claim reads (a failed fit, a diverged run) gives NaN or `fails`, never `holds`
    (Python's min and max would skip a NaN that is not first)."""
    config, rows, _ = right
    reads = {8: ("RF1", "RF2"), 16: ("RF1", "RF2", "RF3")}  # RF1's cells, RF2's dimensions, RF3's floor d
    for d, claims in reads.items():
        broken = {k: [dict(r) for r in v] for k, v in rows.items()}
        for r in broken[d]:
            r["exact_relative_error"] = "nan"
        metrics = population_summary(tmp_path, config, broken)
        for claim in claims:
            assert verdict(claim, "population", metrics) != HOLDS, (d, claim)
    trained = read_csv_rows(tmp_path)
    for method in ("gd", "sgd"):
        broken = [{**r, "relative_error": "nan"} if r["method"] == method and r["step"] == "0" else r for r in trained]
        assert math.isnan(trained_neuron_metrics(broken)[f"rf6_{method}_worst_error"]), method
    gammas = [
        {"target": "poly1", "gamma": "nan", "gamma_std": "0.1"},
        {"target": "poly2", "gamma": "2.0", "gamma_std": "0.1"},
    ]
    assert verdict("RF7", "polynomials", polynomial_metrics(gammas)) != HOLDS


ONE_NAN_CELLS = [  # (claim, metric it reads, d, N): each cell read by the metric, broken in the last seed only
    ("RF1", "rf1_ratio_min", 8, 128),
    ("RF1", "rf1_ratio_max", 16, 128),
    ("RF2", "rf2_increasing", 16, 256),
    ("RF2", "rf2_ratio", 8, 256),
    ("RF3", "rf3_min_error_over_floor", 16, 2),
    ("RF4", "rf4_gamma_coarse", 24, 1),  # before the first width that reaches eps: N_eps must not step over it
    ("RF4", "rf4_gamma_fine", 5, 1),
    ("RF5", "rf5_min", 32, 1),
    ("RF5", "rf5_max", 32, 1),
]


@pytest.mark.parametrize(("claim", "metric", "d", "n"), ONE_NAN_CELLS)
def test_one_nan_after_finite_values_reaches_the_claim(tmp_path, right, claim, metric, d, n) -> None:
    """A NaN in one seed's error at one (d, N) that the metric reads, after finite ones (where Python's
    min and max, or a search that only asks `error <= eps`, would step over it): the metric is NaN and
    the claim does not hold."""
    config, rows, _ = right
    broken = {k: [dict(r) for r in v] for k, v in rows.items()}
    last_seed = max(r["seed"] for r in broken[d])
    cell = [r for r in broken[d] if int(r["N"]) == n and r["seed"] == last_seed]
    assert len(cell) == 1, (d, n)
    cell[0]["exact_relative_error"] = "nan"
    metrics = population_summary(tmp_path, config, broken)
    assert metrics[metric] is None or math.isnan(metrics[metric]), metric  # the metrics file writes NaN as null
    assert verdict(claim, "population", metrics) != HOLDS


def read_csv_rows(tmp_path: Path) -> list[dict]:
    """E2's rows of a small real run (GD at d = 4, SGD at d = 16), as the summary reads them."""
    config = build(TrainedNeuron, {**TRAINED, "gd_dims": [4], "sgd_dims": [16], "sgd_steps": 200})
    trained_neuron_stage({}, {"table": tmp_path / "nan.csv", "metrics": tmp_path / "nan.json"}, config)
    return read_csv(tmp_path / "nan.csv")
