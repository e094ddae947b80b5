"""Randomized and Moreau smoothing of |x_1| against Monte Carlo and finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.nonsmooth_stationarity import ball_coordinate, moreau_smoothing, randomized_smoothing


@pytest.mark.parametrize("d", [2, 25])
def test_smoothed_value_matches_monte_carlo(d: int) -> None:
    eps, n = 0.3, 200_000
    v1 = ball_coordinate.sample_ball_coordinate(n, d, np.random.default_rng(1))
    for x in (0.0, 0.02, -0.1, 0.29, 0.5):
        samples = np.abs(x + eps * v1)
        value = float(randomized_smoothing.smoothed_value(x, eps, d))
        assert abs(samples.mean() - value) < 5 * samples.std() / np.sqrt(n)


@pytest.mark.parametrize("d", [1, 7, 300, 10_000])
def test_derivative_and_curvature_match_finite_differences(d: int) -> None:
    eps, h = 0.2, 1e-6
    x = np.linspace(-1.5 * eps, 1.5 * eps, 61) + 1e-3  # off the kinks at +-eps
    central = (
        randomized_smoothing.smoothed_value(x + h, eps, d) - randomized_smoothing.smoothed_value(x - h, eps, d)
    ) / (2 * h)
    np.testing.assert_allclose(randomized_smoothing.smoothed_derivative(x, eps, d), central, atol=1e-6)
    grid = np.linspace(-eps, eps, 200_001)
    slopes = np.diff(randomized_smoothing.smoothed_derivative(grid, eps, d)) / np.diff(grid)
    assert slopes.max() == pytest.approx(randomized_smoothing.gradient_lipschitz(eps, d), rel=1e-4)


def test_lipschitz_constant_grows_like_sqrt_d_and_error_shrinks() -> None:
    d = np.array([100.0, 10_000.0])
    l_eps = np.array([randomized_smoothing.gradient_lipschitz(0.1, k) * 0.1 for k in d])
    np.testing.assert_allclose(l_eps, np.sqrt(2 * d / np.pi), rtol=1e-2)
    assert randomized_smoothing.approximation_error(0.1, 1) == pytest.approx(0.05)  # eps E|U[-1,1]|
    assert randomized_smoothing.approximation_error(0.1, 1e4) == pytest.approx(0.1 * np.sqrt(2 / (np.pi * 1e4)), 1e-3)


def test_stationary_radius_is_where_the_derivative_reaches_eps() -> None:
    for d, eps in ((16, 0.2), (1024, 0.05)):
        r = randomized_smoothing.stationary_radius(eps, d)
        assert float(randomized_smoothing.smoothed_derivative(r, eps, d)) == pytest.approx(eps, rel=1e-10)


def test_huber_is_the_moreau_envelope_with_lipschitz_one_over_mu() -> None:
    mu = 0.05
    x = np.linspace(-0.2, 0.2, 801)
    # Moreau envelope by brute force: min over y of |y| + (x - y)^2 / (2 mu)
    y = np.linspace(-0.4, 0.4, 16001)
    brute = np.min(np.abs(y)[None, :] + (x[:, None] - y[None, :]) ** 2 / (2 * mu), axis=1)
    np.testing.assert_allclose(moreau_smoothing.huber_value(x, mu), brute, atol=1e-7)
    h = 1e-7
    central = (moreau_smoothing.huber_value(x + h, mu) - moreau_smoothing.huber_value(x - h, mu)) / (2 * h)
    np.testing.assert_allclose(moreau_smoothing.huber_derivative(x, mu), central, atol=1e-5)
    lip = moreau_smoothing.difference_quotient_lipschitz(moreau_smoothing.huber_derivative(x, mu), x)
    assert lip * mu == pytest.approx(1.0, rel=1e-9)
    assert np.max(np.abs(np.abs(x) - moreau_smoothing.huber_value(x, mu))) == pytest.approx(mu / 2)
