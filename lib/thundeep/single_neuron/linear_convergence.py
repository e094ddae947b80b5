"""Yehudai & Shamir (2020) Lemma 6.2 and Thm 6.4 for x ~ N(0, I_d): monotone angle, linear convergence.

F(w) and its gradient come in closed form from the arc-cosine kernel (`thundeep.gaussian_relu`, the
n = k = 1 case): F(w) = |w|^2/4 - |w| (sin t + (pi - t) cos t) / (2 pi) + 1/4 for |v| = 1. At w = v the
Hessian is I/2, so the local contraction of GD with step lr is |1 - lr/2| per step. Lemma 6.2 says the
angle theta(w_t, v) never increases; Thm 6.4 that the distance to v shrinks linearly from the start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from thundeep.extremes import largest
from thundeep.gaussian_relu import population_gradient


def gaussian_gradient(w: np.ndarray, teacher: np.ndarray) -> np.ndarray:
    """grad F(w) for x ~ N(0, I_d), a batch w (B, d) against one neuron v (d,)."""
    weights = torch.from_numpy(w).unsqueeze(-2)
    target = torch.from_numpy(teacher).unsqueeze(0)
    return population_gradient(weights, target).squeeze(-2).numpy()


def angle_to_unit(w: np.ndarray, teacher: np.ndarray) -> np.ndarray:
    """theta(w, v) = atan2(|w - (w.v) v|, w.v) for a unit v: full relative accuracy near 0 and pi."""
    along = w @ teacher
    across = np.linalg.norm(w - along[..., None] * teacher, axis=-1)
    return np.arctan2(across, along)


def draw_starts(dim: int, runs: int, seed: int) -> np.ndarray:
    """`runs` inits w_0 ~ N(0, I/d) (runs, d), from a generator seeded by (seed, d)."""
    return np.random.default_rng([seed, dim]).normal(0.0, 1.0 / np.sqrt(dim), (runs, dim))


def descend(starts: np.ndarray, lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """GD on F from every start (R, d), v = e_1: |w_t - v|^2 and theta(w_t, v), each (steps + 1, R)."""
    teacher = np.eye(starts.shape[1])[0]
    w = starts.copy()
    distances = np.empty((steps + 1, len(w)))
    angles = np.empty((steps + 1, len(w)))
    for t in range(steps + 1):
        distances[t] = np.sum((w - teacher) ** 2, axis=-1)
        angles[t] = angle_to_unit(w, teacher)
        if t < steps:
            w -= lr * gaussian_gradient(w, teacher)
    return distances, angles


@dataclass(frozen=True)
class LinearFit:
    """Least-squares fit log ||w_t - v||^2 = intercept - rate * t over the tail window."""

    rate: float
    intercept: float
    r_squared: float
    points: int


def tail_fit(distances: np.ndarray, upper: float, floor: float) -> LinearFit:
    """Fit the steps whose squared distance lies in [floor, upper] (after GD reached v's basin).

    `upper` leaves out the early, non-local phase; `floor` the last steps, where rounding dominates.
    """
    steps = np.flatnonzero((distances <= upper) & (distances >= floor))
    if steps.size < 3:
        return LinearFit(float("nan"), float("nan"), float("nan"), int(steps.size))
    logs = np.log(distances[steps])
    slope, intercept = np.polyfit(steps, logs, 1)
    residual = logs - (intercept + slope * steps)
    r_squared = 1.0 - np.sum(residual**2) / np.sum((logs - logs.mean()) ** 2)
    return LinearFit(float(-slope), float(intercept), float(r_squared), int(steps.size))


def converged_steps(distances: np.ndarray, floor: float) -> np.ndarray:
    """First step with |w_t - v|^2 <= floor for every run of distances (T + 1, R); -1 if never."""
    below = distances <= floor
    return np.where(below.any(axis=0), np.argmax(below, axis=0), -1)


def whole_run_rates(distances: np.ndarray, floor: float) -> np.ndarray:
    """Average rate log(D_0 / D_T) / T of every run up to its convergence step T; nan if it never converges."""
    last = converged_steps(distances, floor)
    runs = np.arange(distances.shape[1])
    final = distances[np.maximum(last, 0), runs]
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.log(distances[0] / final) / last
    return np.where(last > 0, rates, np.nan)


def local_rate(lr: float) -> float:
    """Predicted decay rate of ||w_t - v||^2 per step near v: -2 log|1 - lr/2| (Hessian I/2)."""
    return float(-2.0 * np.log(abs(1.0 - lr / 2.0)))


def convergence_metrics(
    distances: list[np.ndarray], angles: list[np.ndarray], lr: float, upper: float, floor: float, fast_ratio: float
) -> tuple[dict[str, float], np.ndarray]:
    """Metrics of the runs at every d (one (T + 1, R) array per d) and the whole-run / local rate ratios (D, R)."""
    per_d, fits = [], []
    for dist in distances:
        local = [tail_fit(dist[:, r], upper, floor) for r in range(dist.shape[1])]
        fits += local
        per_d.append(whole_run_rates(dist, floor) / np.array([f.rate for f in local]))
    ratios = np.stack(per_d)
    fast = np.mean(ratios >= fast_ratio, axis=1)  # nan ratios (unconverged runs) count as slow
    worst = int(np.argmin(fast))
    steps = np.stack([converged_steps(dist, floor) for dist in distances])
    return {
        "angle_increase_max": largest(np.max(np.diff(a, axis=0)) for a in angles),
        "unconverged_runs": float(np.sum(steps < 0)),
        "fast_fraction_min": float(fast[worst]),
        "fast_fraction_min_se": float(np.sqrt(fast[worst] * (1.0 - fast[worst]) / ratios.shape[1])),
        "whole_over_local_median_min": float(np.min(np.nanmedian(ratios, axis=1))),
        "rate_over_local_prediction": float(np.nanmean([f.rate for f in fits]) / local_rate(lr)),
        "r_squared_min": float(np.nanmin([f.r_squared for f in fits])),
        "converged_step_max": float(steps.max()),
    }, ratios
