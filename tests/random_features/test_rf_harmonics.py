"""rho_l(d) by Gauss-Jacobi quadrature: exact at d = 3, the d -> infinity limits, Monte Carlo at small d."""

import math

import numpy as np
import pytest

from thundeep.relu_harmonics import degree_shares, harmonic_residual


def test_d3_matches_legendre_closed_forms() -> None:
    # t uniform on [-1, 1]: shares 3/8 (degree 0), 1/2 (degree 1), 15/128 (degree 2), so rho_2 = 1/128.
    np.testing.assert_allclose(degree_shares(2, 3), [3 / 8, 1 / 2, 15 / 128], rtol=1e-12)


@pytest.mark.parametrize("d", [4, 7, 32])
def test_odd_degrees_above_one_carry_no_energy_and_shares_sum_to_one(d: int) -> None:
    shares = degree_shares(40, d)
    assert np.all(np.abs(shares[3::2]) < 1e-12)
    assert 0.999 < shares.sum() <= 1 + 1e-12


def test_large_d_limits() -> None:
    limits = [1 - 1 / math.pi, 1 / 2 - 1 / math.pi, 1 / 2 - 3 / (2 * math.pi)]
    for degree, limit in enumerate(limits):
        gaps = [abs(harmonic_residual(degree, d) - limit) for d in (250, 1000)]
        assert gaps[1] < 0.2 / 1000 and gaps[1] < gaps[0] / 3  # O(1/d) convergence


@pytest.mark.parametrize("d", [4, 5])
def test_monte_carlo_projection_onto_low_degree_polynomials(d: int) -> None:
    # On the sphere, polynomials of degree <= l are the harmonics of degree <= l: regress [theta_1]_+ on
    # every monomial of degree <= 2 and measure the residual share on held-out points.
    rng = np.random.default_rng(d)
    theta = rng.standard_normal((200_000, d))
    theta /= np.linalg.norm(theta, axis=1, keepdims=True)
    pairs = [theta[:, i] * theta[:, j] for i in range(d) for j in range(i, d)]
    for degree, columns in ((1, [theta]), (2, [theta, np.stack(pairs, axis=1)])):
        phi = np.concatenate([np.ones((len(theta), 1)), *columns], axis=1)
        y = np.maximum(theta[:, 0], 0)
        train, test = slice(0, 100_000), slice(100_000, None)
        coef = np.linalg.lstsq(phi[train], y[train], rcond=None)[0]
        share = np.mean((phi[test] @ coef - y[test]) ** 2) / np.mean(y[test] ** 2)
        assert abs(share - harmonic_residual(degree, d)) < 0.02 * harmonic_residual(degree, d) + 2e-4
