"""Exact expected suboptimality when every component has the same curvature (COLT'20 C1, NeurIPS'21 Eq.(1)).

With a class-independent curvature, a step is x <- a x + mu + beta s_t (a = 1 - eta c,
mu +- beta = eta g of class 1 / class 0, s_t = +-1 the sign used at step t), so after T = n k steps

    x_T = a^T x_0 + mu sum_t a^(T-1-t) + beta sum_t w_t s_t,   w_t = a^(T-1-t),

is affine in the signs. E s_t = 0 for all three samplers, hence
E (x_T - x*)^2 = (E x_T - x*)^2 + beta^2 Var(sum_t w_t s_t), and the variance is

- WR (independent signs):                 sum_t w_t^2,
- RR (one permutation per epoch):        V * sum_{e<k} a^(2 n e),
- SS (one permutation for every epoch):  V * (sum_{e<k} a^(n e))^2,

where V = Var(sum_j v_j s_j) for one epoch of a random permutation, v_j = a^(n-1-j). In a random
permutation of n/2 signs +1 and n/2 signs -1, E s_i s_j = -1/(n-1) for i != j, so
V = sum v_j^2 - (sum_{i != j} v_i v_j)/(n-1) = n/(n-1) sum_j (v_j - mean v)^2.
"""

from __future__ import annotations

import numpy as np

from thundeep.random_shuffling.affine import geometric_sum
from thundeep.random_shuffling.instances import Construction, Coordinate


def permutation_variance(a: float, n: int) -> float:
    """V = Var(sum_j a^(n-1-j) s_j) for the signs of a uniform random permutation (n/2 of each)."""
    v = a ** np.arange(n, dtype=float)
    return float(n / (n - 1) * np.sum((v - v.mean()) ** 2))


def expected_square_error(coord: Coordinate, method: str, n: int, k: int, eta: float) -> float:
    """E (x_T - x*)^2 on one coordinate whose two classes share the curvature."""
    if coord.curvature[0] != coord.curvature[1]:
        raise ValueError("the exact formula needs a class-independent curvature")
    (a, _), (b0, b1) = coord.step_maps(eta)
    mu, beta = 0.5 * (b1 + b0), 0.5 * (b1 - b0)
    steps = n * k
    mean = a**steps * coord.start + mu * geometric_sum(a, steps)
    if method == "wr":
        variance = geometric_sum(a * a, steps)
    elif method == "rr":
        variance = permutation_variance(a, n) * geometric_sum(a ** (2 * n), k)
    elif method == "ss":
        variance = permutation_variance(a, n) * geometric_sum(a**n, k) ** 2
    else:
        raise ValueError(f"no exact formula for method {method!r}")
    return float((mean - coord.minimiser) ** 2 + beta**2 * variance)


def expected_suboptimality(construction: Construction, method: str, n: int, k: int, eta: float) -> float:
    """E[F(x_T) - F*] = sum over coordinates of mean_c/2 E (x_T - x*)^2."""
    return sum(0.5 * c.mean_curvature * expected_square_error(c, method, n, k, eta) for c in construction.coordinates)
