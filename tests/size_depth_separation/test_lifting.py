"""Prop. 17: coordinate rounding, the lifted function f and the lifted network."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.size_depth_separation.boolean_networks import (
    boolean_values,
    disjointness_network,
    inner_product_network,
)
from thundeep.size_depth_separation.lifting import (
    close_pairs,
    coordinate_rounding,
    corners,
    lift_metrics,
    lift_row,
    lifted_function,
    lifted_network,
    lifted_network_staged,
    lipschitz_ratios,
    sample_mu,
)


def test_coordinate_rounding_is_0_then_1_and_linear_between() -> None:
    net = coordinate_rounding(1)
    assert net.neurons == 2
    x = np.linspace(0, 1, 4001)[:, None]
    z = net(x)[:, 0]
    np.testing.assert_array_equal(z[x[:, 0] <= 0.25], 0.0)
    np.testing.assert_array_equal(z[x[:, 0] >= 0.75], 1.0)
    middle = (x[:, 0] > 0.25) & (x[:, 0] < 0.75)
    np.testing.assert_allclose(z[middle], 2 * x[middle, 0] - 0.5, atol=1e-15)
    assert coordinate_rounding(6).neurons == 12


def _brute_lift(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """f by its definition, corner by corner, with the projection onto the box A_z."""
    out = np.zeros(len(x))
    for n, z in enumerate(corners(x.shape[1])):
        projection = np.clip(x, z - 0.25, z + 0.25)
        out += g[n] * np.maximum(0.0, 1.0 - 4.0 * np.linalg.norm(x - projection, axis=1))
    return out


def test_lifted_function_matches_its_definition() -> None:
    rng = np.random.default_rng(0)
    g = boolean_values("IP", np.arange(16), 2)
    x = rng.random((500, 4))
    np.testing.assert_allclose(lifted_function(g, x, chunk_size=64), _brute_lift(g, x), atol=1e-14)


def test_lift_equals_g_on_mu_and_the_network_equals_f() -> None:
    rng = np.random.default_rng(1)
    for function, net in (("DISJ", disjointness_network(2)), ("IP", inner_product_network(2))):
        g = boolean_values(function, np.arange(16), 2)
        x = sample_mu(rng, 2000, 4)
        assert ((x <= 0.25) | (x >= 0.75)).all()
        np.testing.assert_array_equal(lifted_function(g, x), g[np.round(x).astype(int) @ (1 << np.arange(4))])
        np.testing.assert_array_equal(lifted_network_staged(net, x), lifted_function(g, x))
        np.testing.assert_allclose(lifted_network(net)(x)[:, 0], lifted_function(g, x), atol=1e-12)
        np.testing.assert_array_equal(lifted_function(g, corners(4)), g)
        assert lifted_network(net).neurons == net.neurons + 8


def test_lipschitz_ratio_approaches_but_never_exceeds_4() -> None:
    rng = np.random.default_rng(2)
    g = boolean_values("DISJ", np.arange(16), 2)
    a, b = close_pairs(rng, 20000, 4, (1e-3, 0.3))
    ratios = lipschitz_ratios(lifted_function(g, a), lifted_function(g, b), a, b)
    assert 3.5 < ratios.max() <= 4.0 + 1e-12
    steep = lipschitz_ratios(lifted_function(g, a, 8.0), lifted_function(g, b, 8.0), a, b)
    assert steep.max() > 7.0


def test_lift_row_and_metrics() -> None:
    rng = np.random.default_rng(3)
    row = lift_row("IP", 2, inner_product_network(2), rng, 3000, 3000, (1e-3, 0.3))
    assert row["l2_error"] == 0.0 and row["corner_max_abs_error"] == 0.0
    assert row["neurons"] == row["expected_neurons"] == 12
    wrong = lift_row("IP", 2, disjointness_network(2), rng, 3000, 3000, (1e-3, 0.3))
    metrics = lift_metrics([row, wrong])
    assert metrics["l2_error"] > 0.1 and metrics["corner_max_abs_error"] == 1.0
    assert metrics["neuron_count_deviation"] == pytest.approx(1.0)
