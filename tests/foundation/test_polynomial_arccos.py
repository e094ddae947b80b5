"""The vectorisable arccos: its polynomial recomputed at 50 digits, and its values against mpmath."""

from __future__ import annotations

import math

import mpmath
import numpy as np

from thundeep.polynomial_arccos import ASIN_POLYNOMIAL, arccos_array


def _series_term(t: mpmath.mpf) -> mpmath.mpf:
    """(asin(sqrt t)/sqrt t - 1)/t, with its limit 1/6 at t = 0."""
    if t == 0:
        return mpmath.mpf(1) / 6
    s = mpmath.sqrt(t)
    return (mpmath.asin(s) / s - 1) / t


def test_coefficients_interpolate_at_the_chebyshev_nodes_of_a_quarter() -> None:
    with mpmath.workdps(50):
        count = len(ASIN_POLYNOMIAL)
        half = mpmath.mpf(1) / 2
        nodes = [(1 + mpmath.cos(mpmath.pi * (j + half) / count)) / 8 for j in range(count)]
        vandermonde = mpmath.matrix([[t**p for p in range(count)] for t in nodes])
        exact = mpmath.lu_solve(vandermonde, mpmath.matrix([_series_term(t) for t in nodes]))
        assert tuple(float(exact[p]) for p in range(count)) == ASIN_POLYNOMIAL
        grid = [mpmath.mpf(i) / 2000 for i in range(501)]
        error = max(abs(sum(exact[p] * t**p for p in range(count)) - _series_term(t)) for t in grid)
        assert error < 1e-16


def test_arccos_within_one_ulp_of_pi_of_mpmath() -> None:
    x = np.concatenate(
        [
            np.linspace(-1.0, 1.0, 4001),
            1.0 - np.logspace(-16, -1, 60),
            -1.0 + np.logspace(-16, -1, 60),
            0.5 + np.linspace(-1e-12, 1e-12, 21),
            -0.5 + np.linspace(-1e-12, 1e-12, 21),
            [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 5e-324],
        ]
    )
    with mpmath.workdps(30):
        exact = np.array([float(mpmath.acos(mpmath.mpf(float(v)))) for v in x])
    ours = arccos_array(x)
    assert np.abs(ours - exact).max() <= math.ulp(math.pi)
    assert ours[x == 1.0].max() == 0.0 and ours[x == -1.0].min() == math.pi
