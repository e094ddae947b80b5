"""The Beta law of a ball (and sphere) coordinate against quadrature, Monte Carlo and exact cases."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import gamma

from thundeep.nonsmooth_stationarity import ball_coordinate


@pytest.mark.parametrize("d", [1, 2, 5, 50, 10_000])
def test_density_integrates_to_one_and_cdf_is_its_integral(d: int) -> None:
    scale = 1.0 / np.sqrt(d)  # the mass sits within a few 1/sqrt(d) of zero
    total = quad(lambda t: float(ball_coordinate.density(t, d)), -1, 1, points=[-scale, 0, scale], limit=200)[0]
    assert total == pytest.approx(1.0, abs=1e-8)
    for t in (-0.5 * scale, 0.2 * scale, 2 * scale):
        integral = quad(lambda s: float(ball_coordinate.density(s, d)), -1, t, points=[-scale, 0], limit=200)[0]
        assert float(ball_coordinate.cdf(t, d)) == pytest.approx(integral, abs=1e-8)


def test_density_at_zero_matches_gamma_functions_and_does_not_overflow_at_large_d() -> None:
    for d in (1, 3, 10, 40):
        expected = gamma(d / 2 + 1) / (np.sqrt(np.pi) * gamma((d + 1) / 2))
        assert np.exp(ball_coordinate.log_density_at_zero(d)) == pytest.approx(expected, rel=1e-12)
    assert np.exp(ball_coordinate.log_density_at_zero(1)) == pytest.approx(0.5)  # uniform on [-1, 1]
    for d in (1e4, 1e6):
        p0 = np.exp(ball_coordinate.log_density_at_zero(d))
        assert np.isfinite(p0) and p0 == pytest.approx(np.sqrt(d / (2 * np.pi)), rel=1e-3)
    assert 0 < float(ball_coordinate.upper_tail(0.1, 10_000)) < 1e-20  # a tail below 1 - cdf's rounding


@pytest.mark.parametrize("d", [3, 20])
def test_cdf_and_mean_abs_against_monte_carlo(d: int) -> None:
    n = 200_000
    v1 = ball_coordinate.sample_ball_coordinate(n, d, np.random.default_rng(d))
    for t in np.array([-0.6, -0.1, 0.0, 0.25]) / np.sqrt(d / 3):
        p = float(ball_coordinate.cdf(t, d))
        assert abs(np.mean(v1 <= t) - p) < 5 * np.sqrt(p * (1 - p) / n)
    assert abs(np.abs(v1).mean() - ball_coordinate.mean_abs(d)) < 5 * np.abs(v1).std() / np.sqrt(n)


def test_quantile_inverts_the_cdf() -> None:
    q = np.array([1e-6, 0.3, 0.5, 0.9])
    np.testing.assert_allclose(ball_coordinate.cdf(ball_coordinate.quantile(q, 77), 77), q, rtol=1e-10)


def test_sphere_tail_is_exact_in_three_dimensions_and_matches_monte_carlo() -> None:
    # Archimedes: a coordinate of a uniform point on S^2 is uniform on [-1, 1].
    assert float(ball_coordinate.sphere_upper_tail(1 / 3, 3)) == pytest.approx(1 / 3, rel=1e-12)
    n, d = 200_000, 12
    g = np.random.default_rng(0).standard_normal((n, d))
    w1 = g[:, 0] / np.linalg.norm(g, axis=1)
    p = float(ball_coordinate.sphere_upper_tail(1 / 3, d))
    assert abs(np.mean(w1 >= 1 / 3) - p) < 5 * np.sqrt(p * (1 - p) / n)
    with pytest.raises(ValueError):
        ball_coordinate.sphere_upper_tail(0.1, 1)
