"""Thm 16: DISJ_d with d + 1 ReLUs and IP_d with 2d ReLUs, checked on every Boolean input.

Inputs are (x, y) in {0,1}^{2d}, x first. Input number n in [0, 2^{2d}) has x_i = bit i of n and
y_i = bit d + i of n. The true values come from integer bit operations on n, independently of the
networks: DISJ(x, y) = 1 iff x AND y is zero, IP(x, y) = popcount(x AND y) mod 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from thundeep.extremes import largest
from thundeep.relu_network import ReLUNetwork

BOOLEAN_FUNCTIONS = ("DISJ", "IP")


def and_layer(d: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weights and biases of the d AND-neurons [x_i + y_i - 1]+ on input (x, y)."""
    weight = np.hstack([np.eye(d), np.eye(d)])
    return weight, -np.ones(d)


def disjointness_network(d: int) -> ReLUNetwork:
    """DISJ_d(x, y) = [1 - sum_i [x_i + y_i - 1]+]+: d AND-neurons and one output neuron (d + 1)."""
    w1, b1 = and_layer(d)
    return ReLUNetwork((w1, -np.ones((1, d)), np.ones((1, 1))), (b1, np.ones(1), np.zeros(1)))


def parity_coefficients(d: int) -> NDArray[np.float64]:
    """c_0 = 1, c_j = 2(-1)^j (j = 1..d-1): p(s) = sum_j c_j [s - j]+ equals s mod 2 on s = 0..d."""
    c: NDArray[np.float64] = 2.0 * (-1.0) ** np.arange(d, dtype=np.float64)
    c[0] = 1.0
    return c


def inner_product_network(d: int, coefficients: NDArray[np.float64] | None = None) -> ReLUNetwork:
    """IP_d(x, y) = p(sum_i [x_i + y_i - 1]+): d AND-neurons, then d neurons [s - j]+ (2d in all).

    `coefficients` replaces the parity coefficients c_j (for negative controls).
    """
    c = parity_coefficients(d) if coefficients is None else np.asarray(coefficients, dtype=np.float64)
    if c.shape != (d,):
        raise ValueError(f"IP_{d} needs {d} parity coefficients, got shape {c.shape}")
    w1, b1 = and_layer(d)
    return ReLUNetwork((w1, np.ones((d, d)), c[None, :]), (b1, -np.arange(d, dtype=np.float64), np.zeros(1)))


NETWORKS: dict[str, Callable[[int], ReLUNetwork]] = {"DISJ": disjointness_network, "IP": inner_product_network}
EXPECTED_NEURONS: dict[str, Callable[[int], int]] = {"DISJ": lambda d: d + 1, "IP": lambda d: 2 * d}


def boolean_values(function: str, numbers: NDArray[np.int64], d: int) -> NDArray[np.float64]:
    """DISJ_d or IP_d of the inputs numbered `numbers`, from integer bit operations."""
    common = (numbers & ((1 << d) - 1)) & (numbers >> d)
    if function == "DISJ":
        return (common == 0).astype(np.float64)
    if function == "IP":
        ones = np.zeros_like(common)
        for i in range(d):
            ones += (common >> i) & 1
        return (ones & 1).astype(np.float64)
    raise ValueError(f"unknown Boolean function {function!r}; known: {', '.join(BOOLEAN_FUNCTIONS)}")


def boolean_inputs(numbers: NDArray[np.int64], bits: int) -> NDArray[np.float64]:
    """The 0/1 vectors of the inputs numbered `numbers` (bit i in column i), shape (len(numbers), bits)."""
    if not 1 <= bits <= 64:
        raise ValueError("bits must lie in 1..64")
    octets = np.ascontiguousarray(numbers, dtype="<u8").view(np.uint8).reshape(-1, 8)
    return np.unpackbits(octets, axis=1, bitorder="little")[:, :bits].astype(np.float64)


def input_chunks(d: int, chunk_size: int) -> Iterator[NDArray[np.int64]]:
    """All input numbers 0..2^{2d}-1 of (x, y) in {0,1}^{2d}, in chunks."""
    total = 1 << (2 * d)
    for start in range(0, total, chunk_size):
        yield np.arange(start, min(start + chunk_size, total), dtype=np.int64)


@dataclass(frozen=True)
class ExhaustiveCheck:
    """The result of comparing a network with a Boolean function on every input."""

    inputs_checked: int
    max_abs_error: float


def exhaustive_check(
    net: ReLUNetwork, function: str, d: int, chunk_size: int = 1 << 18, device: torch.device | str = "cpu"
) -> ExhaustiveCheck:
    """Evaluate `net` on all 2^{2d} Boolean inputs and record the largest |net - function|."""
    if net.input_dim != 2 * d or net.output_dim != 1:
        raise ValueError(f"a network for {function}_{d} maps {2 * d} inputs to 1 output")
    checked, worst = 0, 0.0
    for numbers in input_chunks(d, chunk_size):
        values = net(boolean_inputs(numbers, 2 * d), device=device)[:, 0]
        error = np.abs(values - boolean_values(function, numbers, d))
        worst = max(worst, float(error.max()))
        checked += len(numbers)
    return ExhaustiveCheck(checked, worst)


def check_row(
    function: str, d: int, net: ReLUNetwork, chunk_size: int = 1 << 18, device: torch.device | str = "cpu"
) -> dict[str, float | int | str]:
    """One row of tables/boolean_networks.csv: `net` checked against `function`_d on every input."""
    check = exhaustive_check(net, function, d, chunk_size, device)
    return {
        "function": function,
        "d": d,
        "neurons": net.neurons,
        "expected_neurons": EXPECTED_NEURONS[function](d),
        "depth": net.depth,
        "inputs_checked": check.inputs_checked,
        "max_abs_error": check.max_abs_error,
    }


def neuron_fit(rows: list[dict]) -> dict[str, tuple[float, float]]:
    """Least-squares line neurons = slope * d + intercept, per function (needs two d values)."""
    fits = {}
    for function in BOOLEAN_FUNCTIONS:
        d = np.array([r["d"] for r in rows if r["function"] == function], dtype=np.float64)
        n = np.array([r["neurons"] for r in rows if r["function"] == function], dtype=np.float64)
        if len(np.unique(d)) >= 2:
            slope, intercept = np.polyfit(d, n, 1)
            fits[function] = (float(slope), float(intercept))
    return fits


def boolean_metrics(rows: list[dict]) -> dict[str, float]:
    """SD-B1's numbers: worst error, neuron-count deviation from d + 1 / 2d, inputs left unchecked."""
    fits = neuron_fit(rows)
    return {
        "max_abs_error": largest(float(r["max_abs_error"]) for r in rows),
        "neuron_count_deviation": float(max(abs(r["neurons"] - r["expected_neurons"]) for r in rows)),
        "inputs_unchecked": float(sum((1 << (2 * r["d"])) - r["inputs_checked"] for r in rows)),
        "largest_d": float(max(r["d"] for r in rows)),
        "disj_neurons_slope": fits.get("DISJ", (float("nan"), 0.0))[0],
        "ip_neurons_slope": fits.get("IP", (float("nan"), 0.0))[0],
    }
