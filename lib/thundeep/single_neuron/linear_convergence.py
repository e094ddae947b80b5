"""Companion to Yehudai & Shamir (2020) Thm 6.4: linear convergence of GD for x ~ N(0, I_d).

F(w) and its gradient come in closed form from the arc-cosine kernel (`thundeep.gaussian_relu`, the
n = k = 1 case): F(w) = |w|^2/4 - |w| (sin t + (pi - t) cos t) / (2 pi) + 1/4 for |v| = 1. At w = v the
Hessian is I/2, so the local contraction of GD with step lr is |1 - lr/2| per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from thundeep.gaussian_relu import population_gradient, population_loss
from thundeep.relu_neuron.descent import gradient_descent


def gaussian_loss_and_gradient(w: np.ndarray, teacher: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F(w) and grad F(w) for x ~ N(0, I_d), a batch w (B, d) against one neuron v (d,)."""
    weights = torch.from_numpy(w).unsqueeze(-2)
    target = torch.from_numpy(teacher).unsqueeze(0)
    loss = population_loss(weights, target)
    gradient = population_gradient(weights, target).squeeze(-2)
    return loss.numpy(), gradient.numpy()


def squared_distances(dim: int, seeds: list[int], lr: float, steps: int) -> np.ndarray:
    """||w_t - v||^2 (steps + 1, S) of GD from w_0 ~ N(0, I/d) (one draw per seed), v = e_1."""
    teacher = np.zeros(dim)
    teacher[0] = 1.0
    starts = np.stack([np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(dim), dim) for seed in seeds])
    trajectory = gradient_descent(
        lambda w: gaussian_loss_and_gradient(w, teacher), starts, lr, steps, desc=f"Gaussian GD d={dim}"
    )
    return np.sum((trajectory.iterates - teacher) ** 2, axis=-1)


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


def local_rate(lr: float) -> float:
    """Predicted decay rate of ||w_t - v||^2 per step near v: -2 log|1 - lr/2| (Hessian I/2)."""
    return float(-2.0 * np.log(abs(1.0 - lr / 2.0)))
