"""Lemma 15 construction: t* by batched GD, the bound, and the power-law fit."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.separable_data.construction import (
    construction_trajectory,
    first_correct_iterations,
    fit_power_law,
    lemma15_bound,
)


def test_tstar_is_above_lemma15_bound_and_matches_the_trajectory() -> None:
    gammas, epss = np.array([1 / 8, 1 / 8, 1 / 16]), np.array([1 / 8, 1 / 16, 1 / 8])
    t_star = first_correct_iterations(gammas, epss, 100_000)
    assert np.all(t_star >= lemma15_bound(gammas, epss))
    w = construction_trajectory(1 / 8, 1 / 8, int(t_star[0])).iterates[:, 0]
    minority = -0.5 * w[:, 0] + 3 / 8 * w[:, 1]
    assert minority[-1] > 0 and np.all(minority[:-1] <= 0)


def test_first_update_gives_w1_from_zero() -> None:
    w = construction_trajectory(0.2, 0.1, 1).iterates[:, 0]
    np.testing.assert_array_equal(w[0], 0.0)
    # w_1 = (1/2) [(1 - eps) (1, 0) + eps (-1/2, 3 gamma)] since sigma(0) = 1/2
    np.testing.assert_allclose(w[1], [0.5 * (0.9 - 0.05), 0.5 * 0.1 * 0.6], rtol=1e-15)


def test_lemma15_bound_value() -> None:
    assert lemma15_bound(1 / 8, 1 / 8) == pytest.approx(19 * 64 * 8 / 480)


def test_power_law_fit_recovers_exact_exponents() -> None:
    g, e = (v.ravel() for v in np.meshgrid([0.1, 0.05, 0.02], [0.2, 0.1, 0.01], indexing="ij"))
    fit = fit_power_law(g, e, 3.0 * g**-2.0 * e**-1.0)
    assert fit.a == pytest.approx(-2.0) and fit.b == pytest.approx(-1.0) and fit.residual_rms < 1e-12


def test_power_law_fit_refuses_unreached_tstar() -> None:
    with pytest.raises(ValueError, match="max_steps"):
        fit_power_law(np.array([0.1, 0.05, 0.02]), np.array([0.1, 0.1, 0.05]), np.array([5, -1, 9]))
