"""Slope fits recover known power laws; bootstrap spreads shrink with more runs."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.random_shuffling.slopes import bootstrap_slopes, fit_slopes


def test_fit_recovers_exponents() -> None:
    ns, ks = np.array([100, 300, 900]), np.array([10, 20, 40, 80])
    values = 3.0 * ns[:, None] ** -1.0 * ks[None, :] ** -2.5
    assert fit_slopes(ns, ks, values) == pytest.approx((-2.5, -1.0))
    s_k, s_n = fit_slopes(ns[:1], ks, values[:1])
    assert s_k == pytest.approx(-2.5) and np.isnan(s_n)


def test_bootstrap_spread_scales_like_one_over_root_runs() -> None:
    ns, ks = np.array([100, 200]), np.array([10, 30, 100])
    rng = np.random.default_rng(0)
    truth = ns[:, None, None] ** -1.0 * ks[None, :, None] ** -2.0

    def spread(runs: int) -> float:
        losses = truth * rng.chisquare(1, size=(2, 3, runs))
        return bootstrap_slopes(ns, ks, losses, np.random.default_rng(1), 300)[0]

    ratio = spread(100) / spread(1600)
    assert 2.5 < ratio < 6.5  # sqrt(16) = 4
