"""Prop. 17: lifting a Boolean function g on {0,1}^n to a 4-Lipschitz f on [0,1]^n, and its network.

f = sum_z g(z) h_z with h_z(x) = max(0, 1 - 4 dist(x, A_z)), A_z = {x : |x_i - z_i| <= 1/4 for all i}
(Euclidean distance). mu is uniform on ([0, 1/4] U [3/4, 1])^n. The network rounds every coordinate
with z_i = [2x_i - 1/2]+ - [2x_i - 3/2]+ (2 neurons each) and applies g's Boolean network.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from thundeep.extremes import largest
from thundeep.relu_network import ReLUNetwork, compose, parallel
from thundeep.size_depth_separation.boolean_networks import EXPECTED_NEURONS, boolean_values

Array = NDArray[np.float64]


def coordinate_rounding(dim: int) -> ReLUNetwork:
    """x -> ([2x_i - 1/2]+ - [2x_i - 3/2]+)_i: 0 on [0, 1/4], 1 on [3/4, 1]; 2 neurons per coordinate."""
    one = ReLUNetwork((np.array([[2.0], [2.0]]), np.array([[1.0, -1.0]])), (np.array([-0.5, -1.5]), np.zeros(1)))
    return parallel(*[one] * dim)


def lifted_network(boolean_net: ReLUNetwork) -> ReLUNetwork:
    """The Boolean network applied after coordinate rounding, as one network (+2n neurons)."""
    return compose(boolean_net, coordinate_rounding(boolean_net.input_dim))


def lifted_network_staged(boolean_net: ReLUNetwork, x: Array, chunk_size: int | None = 1 << 16) -> Array:
    """The lifted network evaluated stage by stage (rounding, then g): the same real function as
    `lifted_network`, but without the float rounding of the merged weights, so 0/1 stay exact."""
    rounded = coordinate_rounding(boolean_net.input_dim)(x, chunk_size)
    return boolean_net(rounded, chunk_size)[..., 0]


def corners(dim: int) -> Array:
    """All 2^dim points of {0,1}^dim; corner number n has coordinate i equal to bit i of n."""
    return ((np.arange(1 << dim)[:, None] >> np.arange(dim)) & 1).astype(np.float64)


def lifted_function(g_values: Array, x: Array, slope: float = 4.0, chunk_size: int = 1 << 14) -> Array:
    """f(x) = sum_z g(z) max(0, 1 - slope * dist(x, A_z)), summed over all 2^n corners z.

    `g_values[n]` is g at corner number n (see `corners`). The paper's f has slope 4.
    """
    x = np.asarray(x, dtype=np.float64)
    dim = x.shape[-1]
    if g_values.shape != (1 << dim,):
        raise ValueError(f"g needs {1 << dim} values on {{0,1}}^{dim}, got shape {g_values.shape}")
    z = corners(dim)
    out = np.empty(x.shape[0])
    for start in range(0, x.shape[0], chunk_size):
        rows = x[start : start + chunk_size]
        # squared excess over the 1/4-box in each coordinate, for z_i = 0 and for z_i = 1
        to_zero = np.maximum(np.abs(rows) - 0.25, 0.0) ** 2
        to_one = np.maximum(np.abs(rows - 1.0) - 0.25, 0.0) ** 2
        dist = np.sqrt(to_zero @ (1.0 - z).T + to_one @ z.T)
        out[start : start + chunk_size] = np.maximum(0.0, 1.0 - slope * dist) @ g_values
    return out


def sample_mu(rng: np.random.Generator, draws: int, dim: int) -> Array:
    """Draws from mu, uniform on ([0, 1/4] U [3/4, 1])^dim."""
    near = 0.25 * rng.random((draws, dim))
    upper = rng.random((draws, dim)) < 0.5
    return np.where(upper, 0.75 + near, near)


def close_pairs(rng: np.random.Generator, pairs: int, dim: int, radii: tuple[float, float]) -> tuple[Array, Array]:
    """Pairs (x, x'): x uniform on [0,1]^dim, x' = x + r v clipped to the cube, v a uniform direction and
    r log-uniform in `radii` (close pairs probe the steepest slopes of f)."""
    x = rng.random((pairs, dim))
    v = rng.standard_normal((pairs, dim))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    r = np.exp(rng.uniform(np.log(radii[0]), np.log(radii[1]), pairs))
    return x, np.clip(x + r[:, None] * v, 0.0, 1.0)


def lipschitz_ratios(f_x: Array, f_y: Array, x: Array, y: Array) -> Array:
    """|f(x) - f(y)| / ||x - y|| for every pair with x != y."""
    gap = np.linalg.norm(x - y, axis=1)
    keep = gap > 0
    return np.abs(f_x - f_y)[keep] / gap[keep]


def lift_row(
    function: str,
    d: int,
    boolean_net: ReLUNetwork,
    rng: np.random.Generator,
    draws: int,
    pairs: int,
    pair_radii: tuple[float, float],
    slope: float = 4.0,
) -> dict[str, float | int | str]:
    """One row of tables/lift.csv: g = `function`_d lifted to [0,1]^{2d} (f with the given bump slope)."""
    dim = 2 * d
    g = boolean_values(function, np.arange(1 << dim, dtype=np.int64), d)
    x = sample_mu(rng, draws, dim)
    f_x, net_x = lifted_function(g, x, slope), lifted_network_staged(boolean_net, x)
    merged = lifted_network(boolean_net)
    z = corners(dim)
    corner_error = max(
        np.abs(lifted_function(g, z, slope) - g).max(), np.abs(lifted_network_staged(boolean_net, z) - g).max()
    )
    a, b = close_pairs(rng, pairs, dim, pair_radii)
    ratios = lipschitz_ratios(lifted_function(g, a, slope), lifted_function(g, b, slope), a, b)
    return {
        "function": function,
        "d": d,
        "input_dim": dim,
        "neurons": merged.neurons,
        "expected_neurons": EXPECTED_NEURONS[function](d) + 2 * dim,
        "draws": draws,
        "l2_error": float(np.sqrt(np.mean((net_x - f_x) ** 2))),
        "corner_max_abs_error": float(corner_error),
        "pairs": len(ratios),
        "lipschitz_ratio_max": float(ratios.max()),
        "merged_max_abs_deviation": float(np.abs(merged(x, 1 << 16)[:, 0] - net_x).max()),
    }


def lift_metrics(rows: list[dict]) -> dict[str, float]:
    """SD-B2's numbers, worst case over the lifted functions."""
    return {
        "l2_error": largest(float(r["l2_error"]) for r in rows),
        "corner_max_abs_error": largest(float(r["corner_max_abs_error"]) for r in rows),
        "lipschitz_ratio_max": largest(float(r["lipschitz_ratio_max"]) for r in rows),
        "neuron_count_deviation": float(max(abs(r["neurons"] - r["expected_neurons"]) for r in rows)),
        "merged_max_abs_deviation": largest(float(r["merged_max_abs_deviation"]) for r in rows),
    }
