"""Thm 3.1's construction: the frozen-coordinate descent against plain GD, and the exact binomial tail."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest

from thundeep.single_neuron import stuck_coordinates as stuck


def plain_descent(starts, signs, lr, steps):
    """Reference: GD on F with every coordinate updated at every step, loss at every step."""
    w, dim, lowest = starts.copy(), starts.shape[1], stuck.loss(starts, signs)
    for _ in range(steps):
        pre = w * signs
        w = w - lr / dim * np.where(pre > 0, pre - 1 / np.sqrt(dim), 0.0) * signs
        lowest = np.minimum(lowest, stuck.loss(w, signs))
    return w, lowest


def test_freezing_gives_the_iterates_of_plain_gd_exactly():
    starts = np.random.default_rng(0).normal(0, 1 / np.sqrt(6), (40, 6))
    signs = stuck.paper_signs(6)
    final, lowest = stuck.descend(starts, signs, 0.5, 700, record_every=7)
    reference, reference_lowest = plain_descent(starts, signs, 0.5, 700)
    assert np.array_equal(final, reference)
    np.testing.assert_allclose(lowest, reference_lowest, rtol=1e-12)  # F is non-increasing: checks suffice


def test_gradient_of_f_matches_finite_differences():
    w = np.array([[0.3, -0.2, 0.5, -0.05]])
    signs = np.array([-1.0, 1.0, -1.0, 1.0])
    h = 1e-6
    pre = w * signs
    grad = np.where(pre > 0, pre - 0.5, 0.0) * signs / 4
    numeric = [(stuck.loss(w + h * e, signs) - stuck.loss(w - h * e, signs))[0] / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(grad[0], numeric, atol=1e-9)


@pytest.mark.parametrize("dim", [1, 4, 7, 8, 12])
def test_exact_tail_matches_enumeration(dim):
    stuck_counts = np.array([sum(c) for c in product([0, 1], repeat=dim)])
    assert stuck.exact_stuck_probability(dim) == pytest.approx(np.mean(stuck_counts >= dim / 4), rel=1e-14)


def test_bounds_against_the_exact_tail():
    metrics = stuck.bound_metrics(40)
    assert metrics["hoeffding_bound_violations"] == 0
    # d = 13: P(Bin(13, 1/2) < 4) = 378 / 8192 > e^{-13/4}
    assert 378 / 8192 > np.exp(-13 / 4) and metrics["smallest_violating_dim"] == 13
    assert stuck.printed_bound(8) < stuck.exact_stuck_probability(8)


def test_run_summary_counts_stuck_runs():
    starts = np.array([[0.1, 0.2, -0.1, -0.3], [-0.1, -0.2, -0.1, -0.3]])  # 2 and 0 stuck coordinates
    signs = stuck.paper_signs(4)
    final, lowest = stuck.descend(starts, signs, 0.5, 4000, 100)
    summary = stuck.run_summary(starts, final, lowest, signs)
    assert summary["stuck_fraction"] == 0.5
    assert summary["dead_moved_max"] == 0.0 and summary["bound_violations"] == 0.0
    assert summary["live_error_max"] < 1e-12
