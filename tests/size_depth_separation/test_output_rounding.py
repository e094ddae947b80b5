"""Thm 19: the clamp r, perturbations scaled to a sup error, and the rows behind SD-B3."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.size_depth_separation.boolean_networks import (
    boolean_inputs,
    boolean_values,
    disjointness_network,
    inner_product_network,
)
from thundeep.size_depth_separation.output_rounding import (
    THIRD,
    output_clamp,
    output_shifted,
    perturbed,
    random_direction,
    rounded_network,
    rounding_metrics,
    rounding_rows,
    scale_to_sup_error,
    sup_error_along,
)


def test_clamp_is_exact_within_a_third_of_0_and_1() -> None:
    r = output_clamp()
    assert r.neurons == 2
    rng = np.random.default_rng(0)
    near0 = np.concatenate([rng.uniform(-THIRD, THIRD, 5000), [-THIRD, THIRD, np.nextafter(THIRD, 0)]])
    near1 = np.concatenate([rng.uniform(1 - THIRD, 1 + THIRD, 5000), [1 - THIRD, 1 + THIRD, 2 / 3]])
    np.testing.assert_array_equal(r(near0[:, None])[:, 0], 0.0)
    np.testing.assert_array_equal(r(near1[:, None])[:, 0], 1.0)
    assert 0 < r(np.array([[0.5]]))[0, 0] < 1


def test_scaling_reaches_the_target_from_below() -> None:
    rng = np.random.default_rng(1)
    net = inner_product_network(3)
    numbers = np.arange(64)
    x, f = boolean_inputs(numbers, 6), boolean_values("IP", numbers, 3)
    direction = random_direction(net, rng)
    error = sup_error_along(net, direction, x, f)
    assert error(0.0) == 0.0
    t, achieved = scale_to_sup_error(error, 0.3)
    assert 0.3 - 1e-9 < achieved <= 0.3
    assert achieved == float(np.abs(perturbed(net, direction, t)(x)[:, 0] - f).max())


def test_rounded_network_is_the_two_stage_evaluation() -> None:
    net = output_shifted(disjointness_network(3), 0.2)
    x = boolean_inputs(np.arange(64), 6)
    np.testing.assert_allclose(rounded_network(net)(x), output_clamp()(net(x)), atol=1e-12)
    assert rounded_network(net).neurons == net.neurons + 2


def test_rows_below_are_exact_and_the_shift_above_breaks() -> None:
    rng = np.random.default_rng(2)
    rows = rounding_rows("DISJ", 3, disjointness_network(3), rng, (0.2, THIRD - 1e-9), 1e-3, 3)
    metrics = rounding_metrics(rows)
    assert metrics["below_max_abs_error"] == 0.0
    assert THIRD - 1e-8 < metrics["below_max_sup_error"] < THIRD
    assert metrics["above_min_sup_error"] > THIRD
    assert metrics["above_min_abs_error"] == pytest.approx(3e-3, rel=1e-9)
    assert metrics["below_perturbations"] == 2 * (3 + 2)


def test_a_clamp_with_the_wrong_slope_is_not_exact() -> None:
    rng = np.random.default_rng(3)
    rows = rounding_rows("IP", 2, inner_product_network(2), rng, (0.3,), 1e-3, 2, clamp=output_clamp(2.0))
    assert rounding_metrics(rows)["below_max_abs_error"] > 0.1
