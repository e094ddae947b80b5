"""Yehudai & Shamir (2020) Thm 3.1: with a symmetric init, GD fails with probability P(Bin(d, 1/2) >= d/4).

Inputs are uniform on {b_1 e_1, ..., b_d e_d} and v = b / sqrt(d), so

    F(w) = 1/d sum_i 1/2 ([b_i w_i]+ - 1/sqrt(d))^2,
    dF/dw_i = 1/d ([b_i w_i]+ - 1/sqrt(d)) 1{b_i w_i > 0} b_i.

A coordinate with b_i w_i <= 0 sees an inactive ReLU on its only data point and never moves; it adds
1/(2 d^2) to F for ever. With at least d/4 such coordinates F(w_t) >= 1/(8d) for all t. The paper's
rule b_i = 1 if P(w_i > 0) < 1/2, else -1, gives b = -1 for any symmetric init, and the number of
stuck coordinates is Bin(d, 1/2).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

ROUNDING = 1e-12
"""Relative slack of the test F >= 1/(8d): with exactly d/4 stuck coordinates F equals 1/(8d) up to
the float64 rounding of a sum of d terms (about d eps ~ 3e-14 at d = 128), which can fall below it."""


def paper_signs(dim: int) -> np.ndarray:
    """The paper's b for a symmetric init: b_i = 1 if P(w_i > 0) < 1/2, else -1; here P(w_i > 0) = 1/2."""
    return np.full(dim, -1.0)


def loss(w: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """F(w) for a batch w (R, d) against v = b / sqrt(d)."""
    dim = w.shape[-1]
    return np.sum(0.5 * (np.maximum(w * signs, 0.0) - 1.0 / np.sqrt(dim)) ** 2, axis=-1) / dim


def descend(
    starts: np.ndarray, signs: np.ndarray, lr: float, steps: int, record_every: int
) -> tuple[np.ndarray, np.ndarray]:
    """GD on F from every start (R, d): the final iterates (R, d) and min F over the recorded steps (R,).

    F is separable, so each coordinate of each run is its own scalar recursion. A coordinate that did
    not change in a step is at a fixed point of its recursion (in float64 too) and is frozen, which
    gives exactly the iterates of all `steps` steps; F is recorded every `record_every` steps.
    """
    runs, dim = starts.shape
    w = starts.copy()
    flat = w.reshape(-1)
    target = 1.0 / np.sqrt(dim)
    moving = np.arange(flat.size)
    sign = np.tile(signs, runs)
    x, s = flat.copy(), sign.copy()
    lowest = loss(w, signs)
    t = 0
    while t < steps and moving.size:
        for _ in range(min(record_every, steps - t)):
            previous = x
            pre = x * s
            x = x - np.where(pre > 0.0, pre - target, 0.0) * (s * lr / dim)
        t += min(record_every, steps - t)
        flat[moving] = x
        keep = x != previous
        moving, x, s = moving[keep], x[keep], s[keep]
        lowest = np.minimum(lowest, loss(w, signs))
    return w, lowest


def exact_stuck_probability(dim: int | np.ndarray) -> np.ndarray:
    """P(Bin(d, 1/2) >= d/4): the probability that at least d/4 coordinates are stuck."""
    dim = np.asarray(dim)
    return binom.sf(np.ceil(dim / 4.0) - 1, dim, 0.5)


def printed_bound(dim: int | np.ndarray) -> np.ndarray:
    """The paper's lower bound on that probability, 1 - exp(-d/4)."""
    return 1.0 - np.exp(-np.asarray(dim) / 4.0)


def hoeffding_bound(dim: int | np.ndarray) -> np.ndarray:
    """Hoeffding's lower bound, 1 - exp(-2 d (1/4)^2) = 1 - exp(-d/8)."""
    return 1.0 - np.exp(-np.asarray(dim) / 8.0)


def run_summary(starts: np.ndarray, final: np.ndarray, lowest: np.ndarray, signs: np.ndarray) -> dict[str, float]:
    """One dimension's runs: the stuck fraction, and how well the theorem's mechanism held."""
    dim = starts.shape[1]
    dead = starts * signs <= 0.0
    threshold = (1.0 - ROUNDING) / (8.0 * dim)
    live_error = np.abs(final * signs - 1.0 / np.sqrt(dim))[~dead]
    return {
        "stuck_fraction": float(np.mean(loss(final, signs) >= threshold)),
        "dead_moved_max": float(np.max(np.abs(final - starts)[dead], initial=0.0)),
        "live_error_max": float(np.max(live_error, initial=0.0)),
        "bound_violations": float(np.sum((dead.sum(axis=1) >= dim / 4.0) & (lowest < threshold))),
    }


def bound_metrics(largest: int) -> dict[str, float]:
    """Where the printed and Hoeffding bounds hold against the exact tail, for every d from 1 to `largest`."""
    dims = np.arange(1, largest + 1)
    exact = exact_stuck_probability(dims)
    violated = dims[exact < printed_bound(dims)]
    holding = dims[exact >= printed_bound(dims)]
    return {
        "printed_bound_violations": float(violated.size),
        "smallest_violating_dim": float(violated.min()) if violated.size else float("nan"),
        "last_holding_dim": float(holding.max()),
        "hoeffding_bound_violations": float(np.sum(exact < hoeffding_bound(dims))),
        "failure_exponent_largest_dim": float(-np.log1p(-exact[-1]) / largest),
    }


def simulation_z(fractions: np.ndarray, dims: np.ndarray, runs: int) -> np.ndarray:
    """|simulated fraction - exact tail| in Monte Carlo standard errors sqrt(p (1 - p) / runs), per d."""
    exact = exact_stuck_probability(dims)
    return np.abs(fractions - exact) / np.sqrt(exact * (1.0 - exact) / runs)
