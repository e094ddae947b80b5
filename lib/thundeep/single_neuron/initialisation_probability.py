"""Yehudai & Shamir (2020) Lemma 5.1: how often w_0 ~ N(0, tau^2 I) starts closer to v than |v|^2 - 2 tau^2 d.

For |v| = 1 write w_0.v = tau Z and |w_0|^2 = tau^2 (Z^2 + Q), Z ~ N(0, 1) and Q ~ chi^2_{d-1}
independent. The event |w_0 - v|^2 <= 1 - 2 tau^2 d is tau Z^2 - 2 Z + tau (Q + 2 d) <= 0: Z lies
between the roots (1 -+ sqrt(1 - a)) / tau with a = tau^2 (Q + 2 d), so

    P = E_Q[Phi(r_+) - Phi(r_-)],   r_-+ = (1 -+ sqrt(1 - a)) / tau   (0 when a > 1),

a one-dimensional integral over the chi^2_{d-1} density. At tau = 1/(d sqrt 2), a -> 0 and
r_- -> 3 / (2 sqrt 2) as d grows: P tends to the Gaussian tail 1 - Phi(3 / (2 sqrt 2)).
The paper states P > 1/2 - tau d / 4 - 1.2^{-d}.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.special import ndtr
from scipy.stats import chi2


def paper_tau(dim: int) -> float:
    """The largest tau the lemma allows, 1 / (d sqrt 2)."""
    return 1.0 / (dim * np.sqrt(2.0))


def printed_bound(dim: int, tau: float) -> float:
    """The lemma's lower bound 1/2 - tau d / 4 - 1.2^{-d}."""
    return 0.5 - tau * dim / 4.0 - 1.2 ** (-dim)


def event_probability_given(q: float | np.ndarray, dim: int, tau: float) -> np.ndarray:
    """P(event | Q = q) = Phi(r_+) - Phi(r_-) = Phi(-r_-) - Phi(-r_+), written to keep r_- accurate."""
    a = tau**2 * (np.asarray(q, dtype=np.float64) + 2.0 * dim)
    root = np.sqrt(np.maximum(1.0 - a, 0.0))
    lower = a / (tau * (1.0 + root))  # (1 - root) / tau without cancellation
    upper = (1.0 + root) / tau
    return np.where(a <= 1.0, ndtr(-lower) - ndtr(-upper), 0.0)


def exact_probability(dim: int, tau: float) -> float:
    """P(|w_0 - v|^2 <= 1 - 2 tau^2 d) = int_0^1 P(event | Q = F^{-1}(u)) du, F the chi^2_{d-1} cdf.

    The substitution keeps the integrand bounded and smooth at every d (adaptive quadrature, abs.
    error below 1e-12).
    """
    quantile = chi2(dim - 1).ppf
    value, _ = quad(
        lambda u: float(event_probability_given(quantile(u), dim, tau)), 0.0, 1.0, epsabs=1e-13, epsrel=1e-12, limit=200
    )
    return value


def monte_carlo(dim: int, tau: float, samples: int, rng: np.random.Generator, chunk: int) -> float:
    """Fraction of draws w_0 ~ N(0, tau^2 I_d) with |w_0 - v|^2 <= 1 - 2 tau^2 d, v = e_1."""
    hits, done = 0, 0
    threshold = 1.0 - 2.0 * tau**2 * dim
    while done < samples:
        size = min(chunk, samples - done)
        w = tau * rng.standard_normal((size, dim))
        w[:, 0] -= 1.0
        hits += int(np.sum(np.sum(w**2, axis=1) <= threshold))
        done += size
    return hits / samples


def gaussian_tail_limit() -> float:
    """The large-d limit of P at tau = 1/(d sqrt 2): 1 - Phi(3 / (2 sqrt 2))."""
    return float(ndtr(-3.0 / (2.0 * np.sqrt(2.0))))
