"""Lemma 8's bound, Thm 9's margin levels, and the error curves (0-1, margin, distance, late rise)."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.separable_data.errors import direction_distance, late_rise, margin_error, zero_one_error
from thundeep.separable_data.logistic import inverse_logistic_loss
from thundeep.separable_data.rates import lemma8_bound, normalized_margins, thm9_excess, thm9_threshold


def test_lemma8_bound_formula() -> None:
    assert lemma8_bound(np.array([1.0]), 0.1)[0] == 1.0
    assert lemma8_bound(np.array([100.0]), 0.5)[0] == pytest.approx(0.01 + np.log(100) ** 2 / 50)


def test_thm9_level_is_below_half_gamma_and_vacuous_for_large_loss() -> None:
    levels = thm9_threshold(np.array([1e-4, 1e-2, 0.2]), 0.1, 0.05)
    assert 0 < levels[1] < levels[0] < 0.05  # rises towards gamma/2 as the loss falls
    assert np.isnan(levels[2])  # 0.2 / 0.05 > log 2
    assert levels[0] == pytest.approx(0.05 * inverse_logistic_loss(2e-3) / inverse_logistic_loss(1e-4))


def test_thm9_excess_counts_points_at_or_below_the_level() -> None:
    margins = np.array([[0.001, 0.01, 0.03, 0.04, 0.05]])
    loss = np.array([1e-3])
    level = thm9_threshold(loss, 0.1, 0.2)[0]
    expected = np.mean(margins[0] <= level) - 0.2
    assert thm9_excess(margins, loss, 0.1, 0.2)[0] == pytest.approx(expected)


def test_normalized_margins_and_errors_on_a_small_case() -> None:
    x = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.1]])
    w = np.array([[0.0, 0.0], [3.0, 4.0]])
    np.testing.assert_allclose(normalized_margins(x, w)[1], [0.6, 0.8, -0.52])
    np.testing.assert_array_equal(normalized_margins(x, w)[0], 0.0)
    np.testing.assert_allclose(zero_one_error(x, w), [1.0, 1 / 3])
    np.testing.assert_allclose(margin_error(x, w, 0.7), [1.0, 2 / 3])
    np.testing.assert_allclose(direction_distance(w, np.array([6.0, 8.0]))[1], 0.0)
    assert np.isnan(direction_distance(w, np.array([1.0, 0.0]))[0])


def test_late_rise_sees_a_rise_and_ignores_the_start() -> None:
    steps = np.array([1, 10, 100, 1000, 10_000])
    assert late_rise(steps, np.array([0.5, 0.2, 0.05, 0.04, 0.04]), 1000) < 0
    rise = late_rise(steps, np.array([0.5, 0.2, 0.05, 0.04, 0.10]), 1000)
    assert rise == pytest.approx(0.10 - 0.04 - 2 * np.sqrt(0.1 * 0.9 / 1000))
