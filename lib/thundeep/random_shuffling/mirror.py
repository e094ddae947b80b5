"""Eq.(2) and its mirror (curvature on the +1 class) under with-replacement SGD: exact expected loss.

With-replacement SGD picks each class with probability 1/2 at every step, so on one coordinate
x <- a_s x + b_s with s a fair coin, and the first two moments follow a linear recursion:
E x' = E[a] E x + E[b], E x'^2 = E[a^2] E x^2 + 2 E[ab] E x + E[b^2]. After T = n k steps the
expected suboptimality sum_j c_j/2 E (x_j - x*_j)^2 is exact (x* = 0 in both constructions).
Moving the curvature to the other class flips the sign of E[ab], which matters only through E x,
the start's trace, which decays like E[a]^T.
"""

from __future__ import annotations

import numpy as np

from thundeep.random_shuffling.instances import Construction


def with_replacement_expected_loss(problem: Construction, n: int, k: int, eta: float) -> float:
    """E[F(x_T) - F*] of with-replacement SGD after T = n k steps of size `eta`, exactly (float64)."""
    total = 0.0
    for coord in problem.coordinates:
        a, b = coord.step_maps(eta)
        moments = np.array(
            [[1.0, 0.0, 0.0], [b.mean(), a.mean(), 0.0], [(b * b).mean(), 2.0 * (a * b).mean(), (a * a).mean()]]
        )
        _, mean, square = np.linalg.matrix_power(moments, n * k) @ np.array([1.0, coord.start, coord.start**2])
        x_star = coord.minimiser
        total += 0.5 * coord.mean_curvature * (square - 2.0 * x_star * mean + x_star**2)
    return float(total)
