"""The law of one coordinate of a uniform point in the unit d-ball, and on the unit sphere.

For v uniform in the unit ball of R^d, (v_1 + 1)/2 is Beta((d+1)/2, (d+1)/2), so v_1 has density
p_d(t) = Gamma(d/2 + 1) / (sqrt(pi) Gamma((d+1)/2)) (1 - t^2)^((d-1)/2) on [-1, 1]. A coordinate of a
uniform point on the unit sphere S^{d-1} has the ball law of dimension d - 2 (its density is
proportional to (1 - t^2)^((d-3)/2)). Everything is computed with log-gamma functions and the
regularised incomplete beta function, so d = 1e4 and beyond neither overflows nor loses the tail.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betainc, betaincinv, gammaln


def _shape(d: float) -> float:
    """The Beta shape (d+1)/2 of the ball coordinate in dimension d (d >= 1; d may be -1 < d < 1 too)."""
    if d <= -1:
        raise ValueError(f"the ball dimension must exceed -1, got {d}")
    return (d + 1.0) / 2.0


def log_density_at_zero(d: float) -> float:
    """log p_d(0) = log Gamma(d/2 + 1) - log Gamma((d+1)/2) - log(pi)/2."""
    return float(gammaln(d / 2.0 + 1.0) - gammaln((d + 1.0) / 2.0) - 0.5 * np.log(np.pi))


def density(t: np.ndarray | float, d: float) -> np.ndarray:
    """p_d(t), the density of v_1 (zero outside [-1, 1])."""
    t = np.asarray(t, float)
    inside = np.abs(t) < 1.0
    safe = np.where(inside, t, 0.0)
    log_p = log_density_at_zero(d) + (d - 1.0) / 2.0 * np.log1p(-safe * safe)
    return np.where(inside, np.exp(log_p), 0.0)


def cdf(t: np.ndarray | float, d: float) -> np.ndarray:
    """P(v_1 <= t): the regularised incomplete beta function at (t + 1)/2."""
    a = _shape(d)
    return betainc(a, a, np.clip((np.asarray(t, float) + 1.0) / 2.0, 0.0, 1.0))


def upper_tail(t: np.ndarray | float, d: float) -> np.ndarray:
    """P(v_1 >= t), computed as P(v_1 <= -t) so that small tails keep their relative accuracy."""
    return cdf(-np.asarray(t, float), d)


def quantile(q: np.ndarray | float, d: float) -> np.ndarray:
    """The t with P(v_1 <= t) = q."""
    a = _shape(d)
    return 2.0 * betaincinv(a, a, np.asarray(q, float)) - 1.0


def mean_abs(d: float) -> float:
    """E|v_1| = 2 p_d(0) / (d + 1) (integrate t (1 - t^2)^((d-1)/2) over [0, 1])."""
    return float(2.0 * np.exp(log_density_at_zero(d)) / (d + 1.0))


def sphere_upper_tail(t: np.ndarray | float, d: int) -> np.ndarray:
    """P(<w, u> >= t) for w uniform on the unit sphere of R^d and a fixed unit u (d >= 2)."""
    if d < 2:
        raise ValueError(f"the sphere needs d >= 2, got {d}")
    return upper_tail(t, d - 2)


def sample_ball_coordinate(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """n draws of v_1 for v uniform in the unit d-ball, built from Gaussians (for Monte Carlo checks)."""
    g = rng.standard_normal((n, d))
    radius = rng.random(n) ** (1.0 / d)
    return g[:, 0] / np.linalg.norm(g, axis=1) * radius
