"""The Moreau envelope (Huber function) of |x_1|: the dimension-free smoothing of Cor. 9 and Lemma 30.

min_y |y_1| + ||x - y||^2 / (2 mu) separates: the coordinates other than x_1 are matched exactly, and
in x_1 the envelope is Huber's function h_mu (x^2 / (2 mu) for |x| <= mu, |x| - mu/2 beyond), whose
gradient (x - prox(x))/mu = clip(x_1/mu, -1, 1) is 1/mu-Lipschitz whatever the dimension.
"""

from __future__ import annotations

import numpy as np


def huber_value(x1: np.ndarray | float, mu: float) -> np.ndarray:
    """h_mu(x_1)."""
    x1 = np.asarray(x1, float)
    return np.where(np.abs(x1) <= mu, x1 * x1 / (2.0 * mu), np.abs(x1) - mu / 2.0)


def huber_derivative(x1: np.ndarray | float, mu: float) -> np.ndarray:
    """h_mu'(x_1) = (x_1 - soft_threshold(x_1, mu)) / mu."""
    x1 = np.asarray(x1, float)
    soft = np.sign(x1) * np.maximum(np.abs(x1) - mu, 0.0)
    return (x1 - soft) / mu


def difference_quotient_lipschitz(derivative: np.ndarray, grid: np.ndarray) -> float:
    """max |g(x_{i+1}) - g(x_i)| / (x_{i+1} - x_i) over a sorted grid: a lower estimate of Lip(g)."""
    return float(np.max(np.abs(np.diff(derivative)) / np.diff(grid)))
