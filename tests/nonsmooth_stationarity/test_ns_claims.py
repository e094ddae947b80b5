"""Negative controls: each claim of paper.yaml comes out `fails` on deliberately wrong input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from thundeep.claims import evaluate_claim
from thundeep.experiment import build
from thundeep.io import read_json
from thundeep.nonsmooth_stationarity import hitting_probability, stages
from thundeep.nonsmooth_stationarity.ball_coordinate import sphere_upper_tail
from thundeep.nonsmooth_stationarity.config import Hitting, Smoothing
from thundeep.nonsmooth_stationarity.estimates import proportion
from thundeep.nonsmooth_stationarity.gradient_descent import best_constant_step
from thundeep.nonsmooth_stationarity.hitting_probability import count_hits, paper_bound, unit_directions
from thundeep.nonsmooth_stationarity.moreau_smoothing import huber_derivative
from thundeep.nonsmooth_stationarity.randomized_smoothing import approximation_error, gradient_lipschitz
from thundeep.nonsmooth_stationarity.summaries import ns1_metrics, ns2_metrics, ns3_metrics

PAPER_YAML = Path(__file__).parents[2] / "workflow/papers/nonsmooth_stationarity/paper.yaml"


@pytest.fixture(scope="module")
def claims() -> dict[str, dict]:
    spec = yaml.safe_load(PAPER_YAML.read_text())
    return {claim["id"]: claim for claim in spec["claims"]}


def verdict(claim: dict, experiment: str, metrics: dict) -> str:
    return evaluate_claim(claim, {experiment: metrics}, "full")["verdict"]


def accuracies(dims: np.ndarray) -> np.ndarray:
    """E|v_1| per d: randomized smoothing's sup |f~ - f| / eps."""
    return np.array([approximation_error(0.1, d) / 0.1 for d in dims])


def test_ns1_fails_when_smoothing_averages_over_a_segment_instead_of_the_ball(claims) -> None:
    dims = np.geomspace(10, 10_000, 7).round()
    randomized = np.array([gradient_lipschitz(0.1, d) * 0.1 for d in dims])
    right = ns1_metrics(dims, randomized, np.ones(dims.size), accuracies(dims))
    assert verdict(claims["NS1"], "smoothing", right) == "holds"
    # the one-dimensional law (v_1 uniform on [-1, 1]) in every dimension: L * eps = 1, no growth in d
    segment = np.array([gradient_lipschitz(0.1, 1) * 0.1 for _ in dims])
    wrong = ns1_metrics(dims, segment, np.ones(dims.size), np.full(dims.size, approximation_error(0.1, 1) / 0.1))
    assert verdict(claims["NS1"], "smoothing", wrong) == "fails"


def smoothing_metrics(tmp_path: Path) -> dict:
    """The real E1 stage on a small grid of d."""
    config = build(Smoothing, {"dims": {"low": 10, "high": 10_000, "points": 7}, "eps": 0.1, "huber_grid_points": 401})
    outputs = {"table": tmp_path / "smoothing.csv", "metrics": tmp_path / "smoothing.json"}
    stages.smoothing_stage({}, outputs, config)
    return read_json(outputs["metrics"])


def test_ns1_fails_when_the_moreau_envelope_uses_a_quarter_of_the_radius(claims, tmp_path, monkeypatch) -> None:
    assert verdict(claims["NS1"], "smoothing", smoothing_metrics(tmp_path)) == "holds"
    # a wrong smoothing: Huber's function with parameter eps/4 stands in for the Moreau envelope at eps
    monkeypatch.setattr(stages, "huber_derivative", lambda x, mu: huber_derivative(x, mu / 4))
    metrics = smoothing_metrics(tmp_path)
    assert metrics["ns1_huber_max_deviation"] == pytest.approx(3.0)
    assert verdict(claims["NS1"], "smoothing", metrics) == "fails"


def test_ns1_fails_when_l_is_below_lemma_30s_floor_at_the_actual_accuracy(claims, tmp_path, monkeypatch) -> None:
    # a smoothing that claims 100 times randomized smoothing's accuracy with the same L: Lemma 30
    # at that accuracy asks for more curvature than it has (the eps floor 1/8 alone would pass)
    real = stages.approximation_error
    monkeypatch.setattr(stages, "approximation_error", lambda eps, d: real(eps, d) / 100)
    metrics = smoothing_metrics(tmp_path)
    assert metrics["ns1_min_over_accuracy_floor"] < 1.0 and metrics["ns1_min_l_times_eps"] >= 0.125
    assert verdict(claims["NS1"], "smoothing", metrics) == "fails"


def test_ns2_fails_when_descent_runs_on_the_one_dimensional_smoothing(claims) -> None:
    dims, eps = np.array([16, 64, 256]), np.array([0.2, 0.1])
    steps, starts = np.geomspace(1e-3, 1, 31), np.sort(np.r_[-1, 1, np.random.default_rng(0).uniform(-1, 1, 9)])
    grid_d, grid_eps = (a.ravel() for a in np.meshgrid(dims, eps, indexing="ij"))

    def iterations(law) -> np.ndarray:
        return np.array(
            [
                best_constant_step(law(d), e, steps, starts, 3000).iterations
                for d, e in zip(grid_d, grid_eps, strict=True)
            ]
        )

    assert verdict(claims["NS2"], "gd_iterations", ns2_metrics(grid_d, grid_eps, iterations(lambda d: d))) == "holds"
    # smoothing over a segment whatever d is: T no longer grows with d
    wrong = ns2_metrics(grid_d, grid_eps, iterations(lambda d: 1))
    assert verdict(claims["NS2"], "gd_iterations", wrong) == "fails"


def test_ns3_fails_when_the_threshold_shrinks_like_one_over_sqrt_d(claims) -> None:
    dims, queries, draws = [10, 20, 40, 80, 160], (1, 10), 4000
    rows = []
    for d in dims:
        # queries judged at correlation sqrt(10/d)/3 instead of 1/3: hits stop getting rarer with d
        threshold = np.sqrt(10 / d) / 3
        hits = count_hits(d, queries, threshold, draws, seed=d, chunk=draws)
        for count, hit in zip(queries, hits, strict=True):
            p, se, _ = proportion(int(hit), draws)
            rows.append((d, count, p, se, paper_bound(d, count), float(sphere_upper_tail(threshold, d))))
    metrics = ns3_metrics(*np.array(rows).T)
    assert verdict(claims["NS3"], "hitting", metrics) == "fails"


def hitting_metrics(tmp_path: Path) -> dict:
    """The real E3 stage on the default dimensions and T in {1, 10}, with 20,000 draws."""
    params = {"dims": [10, 20, 40, 80, 160], "queries": [1, 10], "threshold": 1 / 3, "draws": 20_000}
    config = build(Hitting, params | {"chunk": 20_000, "seed": 0})
    outputs = {"table": tmp_path / "hitting.csv", "metrics": tmp_path / "hitting.json"}
    stages.hitting_stage({}, outputs, config)
    return read_json(outputs["metrics"])


def test_ns3_holds_on_the_sphere_and_fails_for_a_law_with_a_heavier_tail(claims, tmp_path, monkeypatch) -> None:
    right = hitting_metrics(tmp_path)
    assert right["ns3_bound_cells"] == 4.0  # 2 T e^{-d/36} < 1: T = 1 at d = 40, 80, 160 and T = 10 at d = 160
    assert verdict(claims["NS3"], "hitting", right) == "holds"

    def six_dimensional(count, d, gen, device="cpu"):
        # queries and hidden directions confined to the first 6 coordinates: the tail of d = 6 at every d
        padded = torch.zeros(count, d, dtype=torch.float64, device=device)
        padded[:, :6] = unit_directions(count, min(d, 6), gen, device)
        return padded

    monkeypatch.setattr(hitting_probability, "unit_directions", six_dimensional)
    wrong = hitting_metrics(tmp_path)
    assert wrong["ns3_max_excess_beyond_3se"] > 0
    assert verdict(claims["NS3"], "hitting", wrong) == "fails"


def test_ns3_judges_the_bound_only_where_it_is_below_one() -> None:
    dims, queries = np.array([10.0, 160.0]), np.array([1.0, 1.0])
    bound = np.array([paper_bound(10, 1), paper_bound(160, 1)])  # 1.51 and 0.023
    metrics = ns3_metrics(dims, queries, np.array([0.9, 0.01]), np.full(2, 1e-4), bound, np.array([0.9, 0.01]))
    assert metrics["ns3_bound_cells"] == 1.0
    assert metrics["ns3_max_excess_beyond_3se"] == pytest.approx(0.01 - 3e-4 - bound[1])


def test_ns_metrics_propagate_nan() -> None:
    dims = np.geomspace(10, 10_000, 7).round()
    randomized = np.array([gradient_lipschitz(0.1, d) * 0.1 for d in dims])
    for broken in (0, dims.size - 1):
        bad = randomized.copy()
        bad[broken] = np.nan
        nan_in = ns1_metrics(dims, bad, np.ones(dims.size), accuracies(dims))
        assert np.isnan(nan_in["ns1_slope"]) and np.isnan(nan_in["ns1_min_l_times_eps"])
        assert np.isnan(nan_in["ns1_min_over_accuracy_floor"])
        huber = np.ones(dims.size)
        huber[broken] = np.nan
        assert np.isnan(ns1_metrics(dims, randomized, huber, accuracies(dims))["ns1_huber_max_deviation"])
    grid_d, grid_eps = np.repeat([16.0, 64.0, 256.0], 2), np.tile([0.2, 0.1], 3)
    iterations = np.sqrt(grid_d) / grid_eps
    iterations[2] = np.nan
    assert all(np.isnan(v) for k, v in ns2_metrics(grid_d, grid_eps, iterations).items() if k.startswith("ns2"))
    dims3 = np.array([10, 20, 40, 80, 160] * 2, float)
    queries = np.repeat([1.0, 10.0], 5)
    tail = np.array([float(sphere_upper_tail(1 / 3, int(d))) for d in dims3])
    p = np.minimum(1.0, queries * tail)
    p[-1] = np.nan
    bound = np.array([paper_bound(int(d), int(t)) for d, t in zip(dims3, queries, strict=True)])
    metrics = ns3_metrics(dims3, queries, p, np.full(p.size, 1e-7), bound, tail)
    assert all(np.isnan(metrics[k]) for k in ("ns3_max_excess_beyond_3se", "ns3_min_r2", "ns3_max_log_slope"))
