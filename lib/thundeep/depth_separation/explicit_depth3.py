"""Part C2: an explicit, untrained depth-3 ReLU net for cos(L ||x||), built weight by weight.

Hidden layer 1 computes, for every coordinate, q_m(x_i): the piecewise-linear interpolant of t^2 on
m uniform pieces of [-1, 1], with m + 1 ReLUs (kinks at every knot; the last one makes q_m flat
beyond 1, as it is flat below -1). Their sum s = sum_i q_m(x_i) lies in [||x||^2, ||x||^2 + d/m^2],
because the interpolant of t^2 overshoots by at most (1/m)^2. Hidden layer 2 computes the interpolant
of G(s) = cos(L sqrt(s)) on K uniform pieces of [0, 1 + d/m^2] with K + 1 ReLUs, and the output adds
them. Width d(m + 1) + K + 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch

from thundeep.depth_separation.radial_inputs import relative_error
from thundeep.depth_separation.random_features_depth2 import width_exponent
from thundeep.extremes import largest
from thundeep.relu_network import ReLUNetwork, affine, compose, parallel


def relu_interpolant(f: Callable[[np.ndarray], np.ndarray], low: float, high: float, pieces: int):
    """f's piecewise-linear interpolant on `pieces` uniform pieces of [low, high], as ReLUs.

    Returns (knots (p + 1,), coefficients (p + 1,), f(low)) with interpolant(t) = f(low) +
    sum_j coefficients_j [t - knots_j]_+, constant below `low` and above `high`.
    """
    knots = np.linspace(low, high, pieces + 1)
    slopes = np.diff(f(knots)) / np.diff(knots)
    coefficients = np.diff(np.concatenate([[0.0], slopes, [0.0]]))
    return knots, coefficients, float(f(knots[:1])[0])


def square(t: np.ndarray) -> np.ndarray:
    """t^2, the function layer 1 interpolates per coordinate."""
    return t * t


def cosine_of_root(frequency: float) -> Callable[[np.ndarray], np.ndarray]:
    """G(s) = cos(L sqrt(s)), so that G(||x||^2) = cos(L ||x||)."""
    return lambda s: np.cos(frequency * np.sqrt(np.maximum(s, 0.0)))


def outer_range(d: int, m: int) -> float:
    """Upper end 1 + d/m^2 of the interval on which layer 2 interpolates G."""
    return 1.0 + d / m**2


def depth3_formula(x: np.ndarray, m: int, pieces: int, frequency: float) -> np.ndarray:
    """The construction evaluated from its definition (np.interp of both interpolants), (n,)."""
    knots = np.linspace(-1.0, 1.0, m + 1)
    s = np.interp(x, knots, square(knots)).sum(axis=-1)
    outer = np.linspace(0.0, outer_range(x.shape[-1], m), pieces + 1)
    return np.interp(s, outer, cosine_of_root(frequency)(outer))


def interpolant_network(f: Callable[[np.ndarray], np.ndarray], low: float, high: float, pieces: int) -> ReLUNetwork:
    """f's interpolant on [low, high] as a one-hidden-layer network 1 -> pieces + 1 -> 1, weight by weight."""
    knots, coefficients, start = relu_interpolant(f, low, high, pieces)
    return ReLUNetwork((np.ones((pieces + 1, 1)), coefficients[None, :]), (-knots, np.array([start])))


def depth3_network(d: int, m: int, pieces: int, frequency: float) -> ReLUNetwork:
    """The construction as a depth-3 network: G's interpolant after the sum of d interpolants of t^2.

    Layer 1: d copies of q_m side by side (`parallel`); their outputs are summed into s by an affine
    map that `compose` merges into layer 2's input weights, so no neuron is added.
    """
    squares = compose(affine(np.ones((1, d))), parallel(*[interpolant_network(square, -1.0, 1.0, m)] * d))
    return compose(interpolant_network(cosine_of_root(frequency), 0.0, outer_range(d, m), pieces), squares)


def depth3_network_error(x: np.ndarray, m: int, pieces: int, frequency: float) -> float:
    """Relative error of the construction, evaluated as a network, on the sample x (n, d)."""
    prediction = depth3_network(x.shape[-1], m, pieces, frequency)(x, chunk_size=2048)[:, 0]
    y = np.cos(frequency * np.linalg.norm(x, axis=-1))
    return float(relative_error(torch.as_tensor(prediction), torch.as_tensor(y)))


def depth3_width(d: int, m: int, pieces: int) -> int:
    """Hidden units of the construction: d(m + 1) + K + 1."""
    return d * (m + 1) + pieces + 1


def depth3_errors(x: np.ndarray, frequency: float, ms: Sequence[int], pieces: Sequence[int]) -> np.ndarray:
    """Relative error of the construction for every (m, K) on the sample x, (len(ms), len(pieces))."""
    y = torch.as_tensor(np.cos(frequency * np.linalg.norm(x, axis=-1)))
    return np.array(
        [[float(relative_error(torch.as_tensor(depth3_formula(x, m, k, frequency)), y)) for k in pieces] for m in ms]
    )


def smallest_depth3(
    errors: np.ndarray, d: int, ms: Sequence[int], pieces: Sequence[int], accuracy: float
) -> tuple[int, int, int] | None:
    """(width, m, K) of the narrowest construction with error <= accuracy (ties: smaller m), or None.

    None too when an error is NaN (a broken evaluation could hide a narrower fit): the cell then counts
    as unreached, which fails DSC4 instead of letting the NaN drop out of the minimum."""
    if np.isnan(errors).any():
        return None
    fits = [
        (depth3_width(d, m, k), m, k)
        for a, m in enumerate(ms)
        for b, k in enumerate(pieces)
        if errors[a, b] <= accuracy
    ]
    return min(fits) if fits else None


def depth3_metrics(
    widths: np.ndarray, dims: Sequence[int], ms: Sequence[int], pieces: Sequence[int]
) -> dict[str, float]:
    """Claim DSC4 from the narrowest widths (D, L), NaN where the accuracy was not reached.

    `unreached`: how many (d, L) reach no accuracy. An unreached cell counts as the widest
    construction tried at its d (a lower bound on what it needs) in `width_gamma_max`, the largest
    gamma in d over the frequencies, and in `width_at_largest`, the width at the largest d and L.
    """
    widest = np.array([depth3_width(d, max(ms), max(pieces)) for d in dims], float)[:, None]
    bounded = np.where(np.isfinite(widths), widths, widest)
    return {
        "unreached": float(np.sum(~np.isfinite(widths))),
        "width_gamma_max": largest(width_exponent(dims, bounded[:, j]) for j in range(widths.shape[1])),
        "width_at_largest": float(bounded[-1, -1]),
    }
