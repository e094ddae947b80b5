"""Thm 16's networks, weight by weight, and their exhaustive check on every Boolean input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from thundeep.size_depth_separation.boolean_networks import (
    boolean_inputs,
    boolean_metrics,
    boolean_values,
    check_row,
    disjointness_network,
    exhaustive_check,
    inner_product_network,
    parity_coefficients,
)


def test_disjointness_weights_follow_the_formula() -> None:
    net = disjointness_network(3)
    assert net.widths == (3, 1) and net.neurons == 4
    np.testing.assert_array_equal(net.weights[0], [[1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1]])
    np.testing.assert_array_equal(net.biases[0], [-1, -1, -1])
    np.testing.assert_array_equal(net.weights[1], [[-1, -1, -1]])
    np.testing.assert_array_equal(net.biases[1], [1])
    np.testing.assert_array_equal(net.weights[2], [[1]])


def test_parity_coefficients_interpolate_s_mod_2() -> None:
    for d in range(1, 12):
        c = parity_coefficients(d)
        assert c[0] == 1 and all(c[j] == 2 * (-1) ** j for j in range(1, d))
        s = np.arange(d + 1)
        p = np.maximum(s[:, None] - np.arange(d)[None, :], 0) @ c
        np.testing.assert_array_equal(p, s % 2)


def test_inner_product_weights_follow_the_formula() -> None:
    net = inner_product_network(3)
    assert net.widths == (3, 3) and net.neurons == 6
    np.testing.assert_array_equal(net.weights[1], np.ones((3, 3)))
    np.testing.assert_array_equal(net.biases[1], [0, -1, -2])
    np.testing.assert_array_equal(net.weights[2], [[1, -2, 2]])


def test_truth_tables_against_a_plain_loop() -> None:
    d = 3
    for number, bits in enumerate(itertools.product([0, 1], repeat=2 * d)):
        bits = bits[::-1]  # bit i of the number is coordinate i
        x, y = bits[:d], bits[d:]
        n = np.array([number])
        np.testing.assert_array_equal(boolean_inputs(n, 2 * d)[0], bits)
        assert boolean_values("DISJ", n, d)[0] == float(not any(a and b for a, b in zip(x, y, strict=True)))
        assert boolean_values("IP", n, d)[0] == float(sum(a * b for a, b in zip(x, y, strict=True)) % 2)


@pytest.mark.parametrize("d", range(1, 8))
def test_both_networks_are_exact_on_every_input(d: int) -> None:
    for function, net in (("DISJ", disjointness_network(d)), ("IP", inner_product_network(d))):
        check = exhaustive_check(net, function, d, chunk_size=97)
        assert check.inputs_checked == 4**d
        assert check.max_abs_error == 0.0


def test_one_parity_coefficient_off_is_caught() -> None:
    c = parity_coefficients(5)
    c[3] += 0.5
    # the error grows as 0.5 (s - 3), largest at s = 5
    assert exhaustive_check(inner_product_network(5, c), "IP", 5).max_abs_error == 0.5 * (5 - 3)
    assert exhaustive_check(disjointness_network(4), "IP", 4).max_abs_error == 1.0


def test_metrics_of_the_true_networks() -> None:
    rows = [
        check_row(f, d, net(d))
        for d in (1, 2, 3, 4)
        for f, net in (("DISJ", disjointness_network), ("IP", inner_product_network))
    ]
    metrics = boolean_metrics(rows)
    assert metrics["max_abs_error"] == 0.0 and metrics["neuron_count_deviation"] == 0.0
    assert metrics["inputs_unchecked"] == 0.0 and metrics["largest_d"] == 4.0
    assert metrics["disj_neurons_slope"] == pytest.approx(1.0) and metrics["ip_neurons_slope"] == pytest.approx(2.0)
