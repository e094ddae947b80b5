"""Thm 19: the clamp r(y) = [3y - 1]+ - [3y - 2]+ turns any N with |N - f| <= 1/3 on Boolean inputs into f.

Perturbed networks: the Boolean network's weights plus t times a random Gaussian direction, with t
chosen by bisection so that the sup error over all Boolean inputs is just below a target; and the
worst case, the output bias shifted by a constant. The clamp is evaluated on N's float output (two
stages), which keeps exact 0/1 values exact; `rounded_network` is the same function as one network.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from thundeep.extremes import largest, smallest
from thundeep.relu_network import ReLUNetwork, compose
from thundeep.size_depth_separation.boolean_networks import boolean_inputs, boolean_values

Array = NDArray[np.float64]
THIRD = 1.0 / 3.0


def output_clamp(slope: float = 3.0) -> ReLUNetwork:
    """r(y) = [3y - 1]+ - [3y - 2]+ (2 neurons); `slope` replaces the 3 (for negative controls)."""
    return ReLUNetwork((np.array([[slope], [slope]]), np.array([[1.0, -1.0]])), (np.array([-1.0, -2.0]), np.zeros(1)))


def rounded_network(net: ReLUNetwork, clamp: ReLUNetwork | None = None) -> ReLUNetwork:
    """r o N as one network (N's neurons + 2)."""
    return compose(output_clamp() if clamp is None else clamp, net)


def random_direction(net: ReLUNetwork, rng: np.random.Generator) -> ReLUNetwork:
    """A network of the same shape whose weights and biases are independent standard normals."""
    return ReLUNetwork(
        tuple(rng.standard_normal(w.shape) for w in net.weights),
        tuple(rng.standard_normal(b.shape) for b in net.biases),
    )


def perturbed(net: ReLUNetwork, direction: ReLUNetwork, t: float) -> ReLUNetwork:
    """The network with parameters net + t * direction."""
    return ReLUNetwork(
        tuple(w + t * dw for w, dw in zip(net.weights, direction.weights, strict=True)),
        tuple(b + t * db for b, db in zip(net.biases, direction.biases, strict=True)),
    )


def output_shifted(net: ReLUNetwork, shift: float) -> ReLUNetwork:
    """The network plus the constant `shift` (its output bias moved)."""
    return ReLUNetwork(net.weights, net.biases[:-1] + (net.biases[-1] + shift,))


def sup_error_along(net: ReLUNetwork, direction: ReLUNetwork, x: Array, f: Array) -> Callable[[float], float]:
    """t -> max over the rows of x of |(net + t * direction)(x) - f|."""
    return lambda t: float(np.abs(perturbed(net, direction, t)(x)[:, 0] - f).max())


def scale_to_sup_error(sup_error: Callable[[float], float], target: float, iterations: int = 60) -> tuple[float, float]:
    """(t, sup_error(t)) with sup_error(t) <= target and t at the edge found by doubling then bisection.

    `sup_error(0)` must be 0; the error is continuous in t, so bisection on the bracket [lo, hi] with
    sup_error(lo) <= target < sup_error(hi) ends just below the target.
    """
    lo, hi = 0.0, 1e-3
    while sup_error(hi) <= target:
        lo, hi = hi, 2.0 * hi
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if sup_error(mid) <= target:
            lo = mid
        else:
            hi = mid
    return lo, sup_error(lo)


def rounding_rows(
    function: str,
    d: int,
    net: ReLUNetwork,
    rng: np.random.Generator,
    sup_errors_below: tuple[float, ...],
    margin_above: float,
    trials: int,
    clamp: ReLUNetwork | None = None,
) -> list[dict[str, float | int | str]]:
    """Rows of tables/output_rounding.csv for one Boolean network: every perturbation, its sup error on
    {0,1}^{2d} before the clamp and the largest error after it."""
    clamp = output_clamp() if clamp is None else clamp
    numbers = np.arange(1 << (2 * d), dtype=np.int64)
    x, f = boolean_inputs(numbers, 2 * d), boolean_values(function, numbers, d)

    def row(kind: str, target: float, trial: int, perturbed_net: ReLUNetwork) -> dict[str, float | int | str]:
        y = perturbed_net(x)
        return {
            "function": function,
            "d": d,
            "perturbation": kind,
            "side": "below" if abs(target) < THIRD else "above",
            "target_sup_error": target,
            "trial": trial,
            "sup_error": float(np.abs(y[:, 0] - f).max()),
            "neurons": rounded_network(perturbed_net, clamp).neurons,
            "max_abs_error": float(np.abs(clamp(y)[:, 0] - f).max()),
        }

    rows = []
    for target in sup_errors_below:
        for trial in range(trials):
            direction = random_direction(net, rng)
            t, _ = scale_to_sup_error(sup_error_along(net, direction, x, f), target)
            rows.append(row("random_weights", target, trial, perturbed(net, direction, t)))
        for sign in (1.0, -1.0):
            rows.append(row("output_shift", sign * target, 0, output_shifted(net, sign * target)))
    above = THIRD + margin_above
    for sign in (1.0, -1.0):
        rows.append(row("output_shift", sign * above, 0, output_shifted(net, sign * above)))
    return rows


def rounding_metrics(rows: list[dict]) -> dict[str, float]:
    """SD-B3's numbers: errors after the clamp below 1/3 (should be 0) and above (should not)."""
    below = [r for r in rows if r["side"] == "below"]
    above = [r for r in rows if r["side"] == "above"]
    return {
        "below_max_abs_error": largest(float(r["max_abs_error"]) for r in below),
        "below_max_sup_error": largest(float(r["sup_error"]) for r in below),
        "below_perturbations": float(len(below)),
        "above_min_abs_error": smallest(float(r["max_abs_error"]) for r in above),
        "above_min_sup_error": smallest(float(r["sup_error"]) for r in above),
    }
