"""Randomized smoothing of f(x) = |x_1| over a ball of radius eps (Thm 6 / Cor. 7, Prop. 24).

f~(x) = E_{v ~ Unif(unit ball)} |x_1 + eps v_1| depends on x_1 only. Its derivative is
f~'(x_1) = 1 - 2 P(v_1 < -x_1/eps) and its second derivative (2/eps) p_d(-x_1/eps) is largest at 0,
so the gradient-Lipschitz constant is L = 2 p_d(0)/eps, which grows like sqrt(d)/eps.
"""

from __future__ import annotations

import numpy as np

from thundeep.nonsmooth_stationarity import ball_coordinate


def smoothed_value(x1: np.ndarray | float, eps: float, d: float) -> np.ndarray:
    """f~(x_1) in closed form.

    For |x_1| < eps, f~ = x_1 (1 - 2 F(-x_1/eps)) + 2 eps p_d(0) (1 - (x_1/eps)^2)^((d+1)/2) / (d + 1),
    using E[v_1; v_1 < c] = -p_d(0) (1 - c^2)^((d+1)/2) / (d + 1); for |x_1| >= eps, f~ = |x_1|.
    """
    x1 = np.asarray(x1, float)
    c = np.clip(x1 / eps, -1.0, 1.0)
    with np.errstate(divide="ignore"):
        log_bump = ball_coordinate.log_density_at_zero(d) + (d + 1.0) / 2.0 * np.log1p(-c * c)
    bump = 2.0 * eps * np.exp(log_bump) / (d + 1.0)
    inside = x1 * (1.0 - 2.0 * ball_coordinate.cdf(-c, d)) + bump
    return np.where(np.abs(x1) < eps, inside, np.abs(x1))


def smoothed_derivative(x1: np.ndarray | float, eps: float, d: float) -> np.ndarray:
    """f~'(x_1) = 1 - 2 P(v_1 < -x_1/eps) (equal to sign(x_1) once |x_1| >= eps)."""
    return 1.0 - 2.0 * ball_coordinate.cdf(-np.asarray(x1, float) / eps, d)


def gradient_lipschitz(eps: float, d: float) -> float:
    """L = sup f~'' = 2 p_d(0) / eps."""
    return float(2.0 * np.exp(ball_coordinate.log_density_at_zero(d)) / eps)


def approximation_error(eps: float, d: float) -> float:
    """sup_x |f~(x) - |x_1|| = f~(0) = eps E|v_1|."""
    return eps * ball_coordinate.mean_abs(d)


def stationary_radius(eps: float, d: float) -> float:
    """The largest r with |f~'(x_1)| <= eps for every |x_1| <= r: eps F^{-1}((1 + eps)/2)."""
    return float(eps * ball_coordinate.quantile((1.0 + eps) / 2.0, d))
