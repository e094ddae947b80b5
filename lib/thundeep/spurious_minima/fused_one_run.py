"""GD iterations of one run at a time, vectorised within the run (numba, float64): the kernel for the
few runs left once most have stopped, where `fused_descent`'s tiles, vectorised over runs, would run
nearly empty.

Every floating-point operation of a run is the one `fused_descent._gradient` does on its lane, in the
same order (the same products fused into FMAs, the same sums in the same order), so a run's iterates
are bit-identical whichever kernel takes it. Only independent work is regrouped: all the cosines of
an iterate (student pairs and student-teacher) first, as dot products in the tile's order, then their
sines and angles in one vectorised pass, then the sums into the gradient in the tile's order.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from thundeep.polynomial_arccos import FASTMATH, arccos

_INV_TWO_PI = 1.0 / (2.0 * math.pi)


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _unit_rows(x, grad, units, units_t, norms, radial):
    """Each row's norm, unit row (also stored transposed) and the diagonal term g(w, w) = w / 2."""
    n, d = x.shape
    for i in range(n):
        acc = 0.0
        for q in range(d):
            acc += x[i, q] * x[i, q]
        norm = math.sqrt(acc)
        norms[i] = norm
        inverse = 1.0 / norm if norm > 0.0 else 0.0
        radial[i] = 0.0
        for q in range(d):
            units[i, q] = x[i, q] * inverse
            units_t[q, i] = units[i, q]
            grad[i, q] = 0.5 * x[i, q]


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _row_cosines(units, i, columns_t, first, out, offset):
    """out[offset + c] = units[i] . columns_t[:, first + c] for every column from `first` on, summed over q in
    order."""
    width = columns_t.shape[1] - first
    for c in range(width):
        out[offset + c] = 0.0
    for q in range(units.shape[1]):
        u = units[i, q]
        for c in range(width):
            out[offset + c] += u * columns_t[q, first + c]


@njit(cache=True, inline="always", fastmath=FASTMATH)
def gradient_one(
    x, identity, teacher_units_t, teacher_rows, teacher_norms, grad, units, units_t, norms, radial, pair, tie
):
    """grad (n, d) of F at x (n, d), as `fused_descent._gradient` computes one lane (teacher as there,
    its unit rows transposed to (d, k)). Scratch: units (n, d) and (d, n), norms and radial (n),
    pair (3, n (n - 1) / 2) for the student pairs' cosines, sines and angles, tie (3, n k) for the
    student-teacher ones."""
    n, d = x.shape
    k = teacher_rows.shape[0]
    _unit_rows(x, grad, units, units_t, norms, radial)
    cosines, sines, angles = pair[0], pair[1], pair[2]
    p = 0
    for i in range(n - 1):
        _row_cosines(units, i, units_t, i + 1, cosines, p)
        p += n - 1 - i
    for p in range(cosines.size):
        cos = min(max(cosines[p], -1.0), 1.0)
        sines[p] = math.sqrt(1.0 - cos * cos) * _INV_TWO_PI
        angles[p] = arccos(-cos) * _INV_TWO_PI
    t_cos, t_sin, t_angle = tie[0], tie[1], tie[2]
    for i in range(n):
        if identity:
            for j in range(k):
                t_cos[i * k + j] = units[i, j]
        else:
            _row_cosines(units, i, teacher_units_t, 0, t_cos, i * k)
    for p in range(n * k):
        cos = min(max(t_cos[p], -1.0), 1.0)
        t_sin[p] = math.sqrt(1.0 - cos * cos)
        t_angle[p] = arccos(-cos)
    p = 0
    for i in range(n):
        for j in range(i + 1, n):  # the tile's order: pair (i, j) adds to row i, then to row j
            radial[i] += sines[p] * norms[j]
            radial[j] += sines[p] * norms[i]
            a = angles[p]
            for q in range(d):
                grad[i, q] += a * x[j, q]
            for q in range(d):
                grad[j, q] += a * x[i, q]
            p += 1
        row = i * k
        if identity:
            for j in range(k):
                radial[i] -= t_sin[row + j] * _INV_TWO_PI
            for j in range(k):
                grad[i, j] -= t_angle[row + j] * _INV_TWO_PI
        else:
            for j in range(k):
                radial[i] -= t_sin[row + j] * teacher_norms[j]
            for j in range(k):
                a = t_angle[row + j]
                for q in range(d):
                    grad[i, q] -= a * teacher_rows[j, q]
        for q in range(d):
            grad[i, q] += radial[i] * units[i, q]


@njit(cache=True, fastmath=FASTMATH)
def iterate_one(
    x: np.ndarray,
    identity: bool,
    teacher_units: np.ndarray,
    teacher_rows: np.ndarray,
    teacher_norms: np.ndarray,
    step: float,
    tolerance: float,
    frobenius: bool,
    iterations: int,
    last_update: int,
    moving: bool,
    taken: int,
    last: float,
) -> tuple[bool, int, float]:
    """`fused_descent.iterate_runs`'s iterations for one run x (n, d), in place, from its state (active,
    updates taken, last gradient statistic): returns the new state."""
    n, d = x.shape
    k = teacher_rows.shape[0]
    teacher_units_t = np.ascontiguousarray(teacher_units.T)
    grad, units, units_t = np.empty((n, d)), np.empty((n, d)), np.empty((d, n))
    norms, radial = np.empty(n), np.empty(n)
    pair, tie = np.empty((3, n * (n - 1) // 2)), np.empty((3, n * k))
    for it in range(iterations):
        if not moving:
            break
        gradient_one(
            x, identity, teacher_units_t, teacher_rows, teacher_norms, grad, units, units_t, norms, radial, pair, tie
        )
        test = 0.0
        nan = False
        for i in range(n):
            acc = 0.0
            for q in range(d):
                acc += grad[i, q] * grad[i, q]
            test = test + acc if frobenius else max(test, acc)
            nan = nan or acc != acc
        last = math.nan if nan else math.sqrt(test)
        moving = moving and last > tolerance
        rate = step if moving else 0.0
        if it == last_update:
            break
        taken += moving
        for i in range(n):
            for q in range(d):
                x[i, q] -= rate * grad[i, q]
    return moving, taken, last
