"""GD on the smoothed |x_1|: the vectorised lockstep search against a plain loop, and the 2-cycle."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.nonsmooth_stationarity.gradient_descent import best_constant_step, derivative
from thundeep.nonsmooth_stationarity.randomized_smoothing import smoothed_derivative


def first_hit(x: float, step: float, eps: float, d: int, budget: int) -> float:
    """The first t with |f~'(x_t)| <= eps by a plain scalar loop (no cycle detection), inf if none."""
    for t in range(budget + 1):
        grad = float(smoothed_derivative(x, eps, d))
        if abs(grad) <= eps:
            return float(t)
        x -= step * grad
    return float("inf")


def test_derivative_skips_the_beta_function_only_where_it_is_the_sign() -> None:
    x = np.linspace(-0.5, 0.5, 1001)
    np.testing.assert_array_equal(derivative(x, 0.1, 40), smoothed_derivative(x, 0.1, 40))


@pytest.mark.parametrize(("d", "eps"), [(16, 0.2), (64, 0.1)])
def test_best_step_matches_a_plain_loop_over_every_step_and_start(d: int, eps: float) -> None:
    steps = np.geomspace(1e-2, 1.0, 15)
    starts = np.sort(np.concatenate([[-1.0, 1.0], np.random.default_rng(3).uniform(-1, 1, 7)]))
    budget = 400
    worst = np.array([max(first_hit(x, s, eps, d, budget) for x in starts) for s in steps])
    best = best_constant_step(d, eps, steps, starts, budget)
    assert best.iterations == worst.min()
    assert best.step == steps[np.argmin(worst)]
    assert best.cycling_steps > 0  # the large steps of the grid cycle


def test_a_large_step_is_a_two_cycle_counted_as_never() -> None:
    # From 0.9 with step 1.5: 0.9 -> -0.6 -> 0.9 -> ..., never within eps = 0.1 of stationarity.
    best = best_constant_step(50, 0.1, np.array([1.5]), np.array([0.9]), max_iterations=10_000)
    assert best.iterations == np.inf and best.cycling_steps == 1


def test_a_start_already_stationary_needs_no_step() -> None:
    best = best_constant_step(50, 0.1, np.array([0.01]), np.array([0.0]), max_iterations=10)
    assert best.iterations == 0.0


def test_iterations_grow_like_the_curvature() -> None:
    # T(d, eps) is within a constant factor of L = 2 p_d(0)/eps at both ends of the grid.
    starts = np.linspace(-1, 1, 41) + 1e-3
    steps = np.geomspace(1e-3, 1, 61)
    t_small = best_constant_step(16, 0.2, steps, starts, 5000).iterations
    t_large = best_constant_step(1024, 0.05, steps, starts, 5000).iterations
    assert 20 < t_large / t_small < 40  # L ratio sqrt(1024/16) * 4 = 32, up to the step grid
