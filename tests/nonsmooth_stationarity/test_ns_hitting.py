"""Thm 1's hitting probability by Monte Carlo, the proportion estimates and the least-squares fits."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.nonsmooth_stationarity.ball_coordinate import sphere_upper_tail
from thundeep.nonsmooth_stationarity.estimates import least_squares, proportion
from thundeep.nonsmooth_stationarity.hitting_probability import count_hits, paper_bound


def test_single_query_hits_match_the_exact_tail_and_prefixes_are_monotone() -> None:
    draws, d = 40_000, 10
    hits = count_hits(d, (1, 5, 20), 1 / 3, draws, seed=7, chunk=4096)
    p = float(sphere_upper_tail(1 / 3, d))
    assert abs(hits[0] / draws - p) < 5 * np.sqrt(p * (1 - p) / draws)
    assert hits[0] <= hits[1] <= hits[2]
    assert hits[2] <= min(draws, 20 * p * draws + 5 * np.sqrt(20 * p * draws))  # union bound, with noise


def test_counts_are_deterministic_and_independent_of_the_chunk_size() -> None:
    a = count_hits(20, (1, 10), 1 / 3, 10_000, seed=1, chunk=10_000)
    b = count_hits(20, (1, 10), 1 / 3, 10_000, seed=1, chunk=10_000)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, count_hits(20, (1, 10), 1 / 3, 10_000, seed=2, chunk=10_000))


def test_paper_bound() -> None:
    assert paper_bound(36, 5) == pytest.approx(10 / np.e)


def test_proportion_upper_limit_is_positive_without_hits() -> None:
    p, se, upper = proportion(0, 1000)
    assert p == 0 and se == 0
    assert upper == pytest.approx(1 - 0.05 ** (1 / 1000))  # one-sided 95% Clopper-Pearson at 0 hits
    p, se, upper = proportion(30, 1000)
    assert se == pytest.approx(np.sqrt(0.03 * 0.97 / 1000)) and p < upper < p + 3 * se


def test_least_squares_recovers_a_plane_and_its_standard_errors() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    noise = 0.1 * rng.normal(size=400)
    fit = least_squares(x, 1.0 + 2.0 * x[:, 0] - 3.0 * x[:, 1] + noise)
    np.testing.assert_allclose(fit.coef, [1.0, 2.0, -3.0], atol=0.03)
    np.testing.assert_allclose(fit.stderr[1:], 0.1 / np.sqrt(400), rtol=0.2)
    assert 0.99 < fit.r2 < 1
