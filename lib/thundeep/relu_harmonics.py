"""Spherical-harmonic energy of a ReLU neuron: rho_l(d), the share left beyond degree l.

For x ~ N(0, I_d) and |w| = 1, f(x) = [w.x]_+ = |x| [t]_+ with t = <w, x/|x|>, and t has density
proportional to (1 - t^2)^((d-3)/2) on [-1, 1]. The degree-l spherical harmonic part of f is the
Gegenbauer term C_l^((d-2)/2)(t), so its share of E f^2 is <[t]_+, C_l>^2 / (|C_l|^2 |[t]_+|^2) in that
weight, and rho_l(d) = 1 - sum_{j <= l} of these shares. Random ReLU features (and any bias-free ReLU
combination) are |x| times a function on the sphere, so their error against f splits the same way.

Quadrature (Gauss-Jacobi, exact for these polynomials): |C_l|^2 and <t, C_l> with the weight
(1 - t^2)^alpha, alpha = (d-3)/2, on [-1, 1]; [t]_+ = (t + |t|)/2, and for even l
<|t|, C_l> = int_0^1 C_l(sqrt v) (1 - v)^alpha dv (v = t^2), a polynomial in v against the Jacobi
weight (1 - v)^alpha. For odd l the |t| part vanishes; for odd l >= 3 so does the t part.
d -> infinity: rho_0 = 1 - 1/pi, rho_1 = 1/2 - 1/pi, rho_2 = 1/2 - 3/(2 pi).
"""

from __future__ import annotations

import numpy as np
from scipy.special import eval_gegenbauer, gammaln, roots_jacobi


def degree_shares(max_degree: int, d: int) -> np.ndarray:
    """Share of E[w.x]_+^2 in each spherical-harmonic degree 0..max_degree, for x ~ N(0, I_d), d >= 3."""
    if d < 3:
        raise ValueError(f"degree_shares needs d >= 3, got d = {d}")
    alpha, lam = (d - 3) / 2, (d - 2) / 2
    nodes = max_degree + 4
    t, wt = roots_jacobi(nodes, alpha, alpha)  # on [-1, 1], weight (1 - t)^a (1 + t)^a
    s, ws = roots_jacobi(nodes, alpha, 0.0)  # v = (1 + s)/2 on [0, 1], weight (1 - v)^a
    pt, pv, v = wt / wt.sum(), ws / ws.sum(), (1 + s) / 2  # expectations over t, and over v ~ Beta(1, a + 1)
    # E_t |t| g(t^2) = E_v g(v) * Gamma(a + 3/2) / (Gamma(1/2) Gamma(a + 2))  (substitute v = t^2)
    half_line = np.exp(gammaln(alpha + 1.5) - gammaln(0.5) - gammaln(alpha + 2))
    target_norm = 0.5 * np.sum(pt * t**2)  # E [t]_+^2 = E t^2 / 2
    shares = np.empty(max_degree + 1)
    for degree in range(max_degree + 1):
        c = eval_gegenbauer(degree, lam, t)
        linear = np.sum(pt * t * c)
        absolute = half_line * np.sum(pv * eval_gegenbauer(degree, lam, np.sqrt(v))) if degree % 2 == 0 else 0.0
        shares[degree] = (0.5 * (linear + absolute)) ** 2 / (np.sum(pt * c**2) * target_norm)
    return shares


def harmonic_residual(degree: int, d: int) -> float:
    """rho_l(d): the share of E[w.x]_+^2 outside the spherical harmonics of degree <= l."""
    return float(1.0 - degree_shares(degree, d).sum())
