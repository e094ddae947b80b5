"""Telgarsky's sawtooth phi_k and the exact linear-piece counter."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.relu_network import ReLUNetwork
from thundeep.size_depth_separation.linear_pieces import count_linear_pieces, dyadic_grid
from thundeep.size_depth_separation.sawtooth import (
    depth2_neurons_needed,
    sawtooth_metrics,
    sawtooth_network,
    sawtooth_row,
    tent_network,
)


def _tent(z: np.ndarray) -> np.ndarray:
    return np.where(z <= 0.5, 2 * z, 2 - 2 * z)


def test_tent_weights_and_values() -> None:
    phi = tent_network()
    np.testing.assert_array_equal(phi.weights[0], [[2], [4]])
    np.testing.assert_array_equal(phi.biases[0], [0, -2])
    np.testing.assert_array_equal(phi.weights[1], [[1, -1]])
    z = dyadic_grid(10)
    np.testing.assert_array_equal(phi(z[:, None])[:, 0], _tent(z))


@pytest.mark.parametrize("k", [1, 2, 5, 9])
def test_sawtooth_is_the_k_fold_tent(k: int) -> None:
    net = sawtooth_network(k)
    assert net.neurons == 2 * k and net.hidden_layers == k
    z = dyadic_grid(k + 3)
    expected = z.copy()
    for _ in range(k):
        expected = _tent(expected)
    np.testing.assert_array_equal(net(z[:, None])[:, 0], expected)


def test_counter_on_known_functions() -> None:
    assert count_linear_pieces(lambda z: np.abs(z - 0.5), 1).pieces == 2
    assert count_linear_pieces(lambda z: 3 * z + 1, 0).pieces == 1
    count = count_linear_pieces(lambda z: np.maximum(z - 0.25, 0) - 2 * np.maximum(z - 0.75, 0), 2)
    assert (count.pieces, count.lipschitz) == (3, 1.0)
    # a kink that is not a new piece: equal slopes on both sides of a grid point
    assert count_linear_pieces(lambda z: 0.5 * z, 4).pieces == 1


def test_counter_refuses_a_breakpoint_off_the_grid() -> None:
    with pytest.raises(ValueError, match="off the grid"):
        count_linear_pieces(lambda z: np.maximum(z - 1 / 3, 0), 3)


def test_rows_give_2_to_the_k_pieces_and_lipschitz() -> None:
    rows = [sawtooth_row(k, sawtooth_network(k)) for k in range(1, 9)]
    for row in rows:
        assert row["linear_pieces"] == 2 ** row["k"] and row["lipschitz"] == 2.0 ** row["k"]
        assert row["depth2_neurons_needed"] == 2 ** row["k"] - 1 == depth2_neurons_needed(row["linear_pieces"])
    metrics = sawtooth_metrics(rows)
    assert metrics["pieces_deviation"] == metrics["lipschitz_deviation"] == metrics["neuron_count_deviation"] == 0
    assert (metrics["largest_k"], metrics["depth2_neurons_at_largest_k"]) == (8, 255)


def test_a_depth2_network_has_at_most_one_more_piece_than_neurons() -> None:
    rng = np.random.default_rng(0)
    for n in (1, 3, 8):
        breaks = rng.integers(0, 64, n) / 64
        net = ReLUNetwork((np.ones((n, 1)), rng.integers(-3, 4, (1, n)).astype(float)), (-breaks, np.zeros(1)))
        assert count_linear_pieces(lambda z, net=net: net(z[:, None])[:, 0], 6).pieces <= n + 1
