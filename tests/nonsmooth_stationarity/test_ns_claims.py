"""Negative controls: each claim of paper.yaml comes out `fails` on deliberately wrong input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from thundeep.claims import evaluate_claim
from thundeep.nonsmooth_stationarity.ball_coordinate import sphere_upper_tail
from thundeep.nonsmooth_stationarity.estimates import proportion
from thundeep.nonsmooth_stationarity.gradient_descent import best_constant_step
from thundeep.nonsmooth_stationarity.hitting_probability import count_hits, paper_bound
from thundeep.nonsmooth_stationarity.randomized_smoothing import gradient_lipschitz
from thundeep.nonsmooth_stationarity.summaries import ns1_metrics, ns2_metrics, ns3_metrics

PAPER_YAML = Path(__file__).parents[2] / "workflow/papers/nonsmooth_stationarity/paper.yaml"


@pytest.fixture(scope="module")
def claims() -> dict[str, dict]:
    spec = yaml.safe_load(PAPER_YAML.read_text())
    return {claim["id"]: claim for claim in spec["claims"]}


def verdict(claim: dict, experiment: str, metrics: dict) -> str:
    return evaluate_claim(claim, {experiment: metrics}, "full")["verdict"]


def test_ns1_fails_when_smoothing_averages_over_a_segment_instead_of_the_ball(claims) -> None:
    dims = np.geomspace(10, 10_000, 7).round()
    right = ns1_metrics(dims, np.array([gradient_lipschitz(0.1, d) * 0.1 for d in dims]), np.ones(dims.size))
    assert verdict(claims["NS1"], "smoothing", right) == "holds"
    # the one-dimensional law (v_1 uniform on [-1, 1]) in every dimension: L * eps = 1, no growth in d
    segment = np.array([gradient_lipschitz(0.1, 1) * 0.1 for _ in dims])
    assert verdict(claims["NS1"], "smoothing", ns1_metrics(dims, segment, np.ones(dims.size))) == "fails"


def test_ns1_fails_when_huber_constant_depends_on_d(claims) -> None:
    dims = np.geomspace(10, 10_000, 7).round()
    randomized = np.array([gradient_lipschitz(0.1, d) * 0.1 for d in dims])
    assert verdict(claims["NS1"], "smoothing", ns1_metrics(dims, randomized, np.sqrt(dims) / 3)) == "fails"


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


def test_ns3_holds_on_the_exact_probabilities_and_fails_above_the_bound(claims) -> None:
    dims = np.array([10, 20, 40, 80, 160] * 2, float)
    queries = np.repeat([1.0, 10.0], 5)
    tail = np.array([float(sphere_upper_tail(1 / 3, int(d))) for d in dims])
    p = np.minimum(1.0, queries * tail)  # the union bound as if it were the probability
    se = np.full(p.size, 1e-7)
    bound = np.array([paper_bound(int(d), int(t)) for d, t in zip(dims, queries, strict=True)])
    assert verdict(claims["NS3"], "hitting", ns3_metrics(dims, queries, p, se, bound, tail)) == "holds"
    inflated = np.where(dims == 160, 1.2 * bound, p)  # one cell above 2 T e^{-d/36}
    assert verdict(claims["NS3"], "hitting", ns3_metrics(dims, queries, inflated, se, bound, tail)) == "fails"
