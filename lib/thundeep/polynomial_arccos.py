"""arccos in float64 from one polynomial, written so that a compiled loop over many arguments vectorises.

numpy's arccos runs as a separate pass over memory, and a compiled loop that calls libm's acos runs
one argument at a time. This version has no branches the vectoriser cannot turn into selects:

    |x| <= 1/2:  arccos x = pi/2 - asin x,        asin x = x (1 + t P(t)),  t = x^2
    |x| >  1/2:  arccos |x| = 2 asin s,            s = sqrt((1 - |x|)/2),   t = s^2 <= 1/4
                 arccos x = pi - arccos |x|  for x < 0,

with P the degree-12 polynomial interpolating (asin(sqrt t)/sqrt t - 1)/t at the 13 Chebyshev nodes of
[0, 1/4] (its error there is 1.5e-17, far below float64 rounding). `ASIN_POLYNOMIAL` holds P's
coefficients, lowest degree first, rounded to float64; tests/foundation/test_polynomial_arccos.py
recomputes them at 50 digits and checks arccos against mpmath to one ulp of pi.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

ASIN_POLYNOMIAL = (
    0.16666666666666669,
    0.07499999999998433,
    0.04464285714635543,
    0.030381944138531247,
    0.02237217294214989,
    0.017352392720869973,
    0.013971212973552933,
    0.011479177415184906,
    0.01032281435018578,
    0.005457506718640358,
    0.01740087944269402,
    -0.014851887071247204,
    0.028757851367421566,
)
_P0, _P1, _P2, _P3, _P4, _P5, _P6, _P7, _P8, _P9, _P10, _P11, _P12 = ASIN_POLYNOMIAL
_PI = math.pi
_HALF_PI = 0.5 * math.pi

FASTMATH = {"contract"}
"""LLVM may fuse a multiply and an add into one FMA (one rounding fewer); nothing else is relaxed."""


@njit(cache=True, inline="always", fastmath=FASTMATH)
def arccos(x: float) -> float:
    """arccos(x) for x in [-1, 1], within one ulp of pi of the exact value."""
    a = abs(x)
    small = a <= 0.5
    far_t = 0.5 * (1.0 - a)
    root = math.sqrt(far_t)  # computed for every argument, so the loop has no branch
    t = x * x if small else far_t
    s = a if small else root
    p = _P12 * t + _P11  # Horner, unrolled: a loop over a coefficient array did not vectorise (2.6x slower)
    p = p * t + _P10
    p = p * t + _P9
    p = p * t + _P8
    p = p * t + _P7
    p = p * t + _P6
    p = p * t + _P5
    p = p * t + _P4
    p = p * t + _P3
    p = p * t + _P2
    p = p * t + _P1
    p = p * t + _P0
    asin = s + s * (t * p)
    near = _HALF_PI - asin if x >= 0 else _HALF_PI + asin
    far = 2.0 * asin if x >= 0 else _PI - 2.0 * asin
    return near if small else far


@njit(cache=True, fastmath=FASTMATH)
def _arccos_into(x: np.ndarray, out: np.ndarray) -> None:
    for i in range(x.size):
        out[i] = arccos(x[i])


def arccos_array(x: np.ndarray) -> np.ndarray:
    """`arccos` elementwise over a float64 array (for tests and comparisons)."""
    flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
    out = np.empty_like(flat)
    _arccos_into(flat, out)
    return out.reshape(np.shape(x))
