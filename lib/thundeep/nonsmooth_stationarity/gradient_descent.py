"""Gradient descent on the randomly smoothed |x_1| (Prop. 24), vectorised over steps and starts.

Only x_1 moves, so GD is the one-dimensional map x_{t+1} = x_t - eta f~'(x_t). T(d, eps) is the best,
over constant steps eta, of the worst case over starts x_0 of the first t with |f~'(x_t)| <= eps. A
step too large for the curvature L = 2 p_d(0)/eps ends in a 2-cycle (x, x - eta f~'(x), x, ...) outside
that set: it is detected (x_t = x_{t-2} to rounding without a hit) and the step counts as never.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thundeep.nonsmooth_stationarity.randomized_smoothing import smoothed_derivative, stationary_radius

CYCLE_TOLERANCE = 1e-12
"""Relative distance |x_t - x_{t-2}| below which a run that has not hit the set is in a 2-cycle."""


def derivative(x: np.ndarray, eps: float, d: float) -> np.ndarray:
    """f~'(x), with the incomplete beta function evaluated only where |x| < eps (sign(x) elsewhere)."""
    grad = np.sign(x)
    near = np.abs(x) < eps
    grad[near] = smoothed_derivative(x[near], eps, d)
    return grad


@dataclass(frozen=True)
class BestStep:
    """T(d, eps), the step that attains it, and what happened to the other steps of the grid."""

    iterations: float  # inf when no step reaches the set from every start within the budget
    step: float
    cycling_steps: int  # steps dropped because a start was caught in a 2-cycle
    unfinished_steps: int  # steps still running when the best one finished (so slower than it)


def best_constant_step(d: float, eps: float, steps: np.ndarray, starts: np.ndarray, max_iterations: int) -> BestStep:
    """Run GD for every (step, start) in lockstep until one step has brought every start to the set.

    The hit test uses the exact stationary radius r (|f~'(x)| <= eps iff |x| <= r, as f~' is odd and
    increasing). Steps run in lockstep, so the first step whose starts have all hit has the smallest
    worst case; ties go to the smaller step. A step with a start in a 2-cycle is dropped at once.
    """
    steps, starts = np.asarray(steps, float), np.asarray(starts, float)
    radius = stationary_radius(eps, d)
    row, x = (a.ravel() for a in np.meshgrid(np.arange(steps.size), starts, indexing="ij"))
    pending = np.full(steps.size, starts.size)
    dropped = np.zeros(steps.size, bool)
    two_back = one_back = np.full(x.size, np.nan)  # x_{t-2}, x_{t-1} of the running (step, start) pairs
    for t in range(max_iterations + 1):
        hit = np.abs(x) <= radius
        np.subtract.at(pending, row[hit], 1)
        loop = ~hit & (np.abs(x - two_back) <= CYCLE_TOLERANCE * np.maximum(1.0, np.abs(x)))
        dropped[row[loop]] = True
        finished = (pending == 0) & ~dropped
        if finished.any():
            best = int(np.flatnonzero(finished)[0])
            running = np.unique(row[~hit & ~dropped[row]])
            return BestStep(float(t), float(steps[best]), int(dropped.sum()), int(running.size))
        keep = ~hit & ~dropped[row]
        if t == max_iterations or not keep.any():
            break
        row, x, two_back, one_back = row[keep], x[keep], one_back[keep], x[keep]
        x = x - steps[row] * derivative(x, eps, d)
    return BestStep(float("inf"), float("nan"), int(dropped.sum()), int((~dropped).sum()))
