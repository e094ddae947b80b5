"""Compiled gradient-descent iterations on F(W; V) for many runs at once (numba, float64).

The runs are stored run-last, W as (n, d, runs), so that every loop of the closed-form gradient
(`thundeep.gaussian_relu.population_gradient`) runs over contiguous runs and vectorises. The runs are
taken a tile of `TILE` at a time: a tile's weights and scratch stay in the L1/L2 cache for all the
iterations of a call. Each run follows plain GD on its own; a masked-out run is frozen. The pair
terms use the symmetry of the student-student angles (each pair's arccos once) and the exact
diagonal term g(w, w) = w / 2. When few runs are left (the caller drops stopped runs between calls),
a tile would run nearly empty: the last runs go in a half tile, or one at a time through
`fused_one_run`, which vectorises within a run and does each run's arithmetic exactly as a lane here.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from thundeep.polynomial_arccos import FASTMATH, arccos
from thundeep.spurious_minima.fused_one_run import iterate_one

TILE = 32
"""Runs per tile (the tile's arrays then fit the cache of this machine's cores at k up to ~20)."""
ALONE = 8
"""The fewest runs still going that get a tile (padded to 16 lanes); fewer go one at a time. Measured on
one core of this machine: an iteration of a 16-lane tile costs as much as 6 runs alone at k = 10, 9 at
k = 20 and 11 at k = 40."""

_INV_TWO_PI = 1.0 / (2.0 * math.pi)


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _lane_dot(a, i, b, j, out):
    """out[r] = a[i, :, r] . b[j, :, r] for every lane r (a, b: (rows, d, lanes))."""
    out[:] = 0.0
    for q in range(a.shape[1]):
        for r in range(out.size):
            out[r] += a[i, q, r] * b[j, q, r]


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _minus_teacher(i, units, teacher_units, teacher_rows, teacher_norms, grad, radial, acc):
    """Subtract sum_j g(w_i, v_j) from grad[i] (its radial part from radial[i])."""
    _, d, lanes = units.shape
    for j in range(teacher_units.shape[0]):
        acc[:] = 0.0
        for q in range(d):
            unit = teacher_units[j, q]
            for r in range(lanes):
                acc[r] += units[i, q, r] * unit
        for r in range(lanes):
            cos = min(max(acc[r], -1.0), 1.0)
            radial[i, r] -= math.sqrt(1.0 - cos * cos) * teacher_norms[j]
            acc[r] = arccos(-cos)
        for q in range(d):
            row = teacher_rows[j, q]
            for r in range(lanes):
                grad[i, q, r] -= acc[r] * row


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _minus_identity_teacher(i, units, grad, radial):
    """`_minus_teacher` for V = I (k = d): the cosine with v_j is units[i, j], and g(w_i, v_j)'s row
    part is (pi - angle) e_j / (2 pi)."""
    _, d, lanes = units.shape
    for j in range(d):
        for r in range(lanes):
            cos = min(max(units[i, j, r], -1.0), 1.0)
            radial[i, r] -= math.sqrt(1.0 - cos * cos) * _INV_TWO_PI
            grad[i, j, r] -= arccos(-cos) * _INV_TWO_PI


@njit(cache=True, inline="always", fastmath=FASTMATH)
def _gradient(x, identity, teacher_units, teacher_rows, teacher_norms, grad, units, norms, radial, acc):
    """grad (n, d, T) of F at x (n, d, T) against a teacher with unit rows, rows / (2 pi) and norms / (2 pi)
    (`identity`: the teacher is I_d)."""
    n, d, lanes = x.shape
    for i in range(n):
        _lane_dot(x, i, x, i, acc)
        for r in range(lanes):
            norm = math.sqrt(acc[r])
            norms[i, r] = norm
            acc[r] = 1.0 / norm if norm > 0.0 else 0.0  # a zero row has unit row 0
            radial[i, r] = 0.0
        for q in range(d):
            for r in range(lanes):
                units[i, q, r] = x[i, q, r] * acc[r]
                grad[i, q, r] = 0.5 * x[i, q, r]  # g(w_i, w_i) = w_i / 2
    for i in range(n):
        for j in range(i + 1, n):  # g(w_i, w_j) and g(w_j, w_i) share their angle
            _lane_dot(units, i, units, j, acc)
            for r in range(lanes):
                cos = min(max(acc[r], -1.0), 1.0)
                sin = math.sqrt(1.0 - cos * cos) * _INV_TWO_PI
                radial[i, r] += sin * norms[j, r]
                radial[j, r] += sin * norms[i, r]
                acc[r] = arccos(-cos) * _INV_TWO_PI  # (pi - angle) / (2 pi)
            for q in range(d):
                for r in range(lanes):
                    grad[i, q, r] += acc[r] * x[j, q, r]
                    grad[j, q, r] += acc[r] * x[i, q, r]
        if identity:
            _minus_identity_teacher(i, units, grad, radial)
        else:
            _minus_teacher(i, units, teacher_units, teacher_rows, teacher_norms, grad, radial, acc)
        for q in range(d):
            for r in range(lanes):
                grad[i, q, r] += radial[i, r] * units[i, q, r]


@njit(cache=True, fastmath=FASTMATH)
def _iterate_tile(
    x,
    identity,
    teacher_units,
    teacher_rows,
    teacher_norms,
    step,
    tolerance,
    frobenius,
    iterations,
    last_update,
    moving,
    taken,
    last,
):
    """`iterate_runs` on one tile x (n, d, lanes), in place, with its runs' moving, taken and last."""
    n, d, lanes = x.shape
    grad, units = np.empty((n, d, lanes)), np.empty((n, d, lanes))
    norms, radial = np.empty((n, lanes)), np.empty((n, lanes))
    acc, test, nan = np.empty(lanes), np.empty(lanes), np.empty(lanes, dtype=np.bool_)
    rate = np.empty(lanes)
    for it in range(iterations):
        if not moving.any():
            break
        _gradient(x, identity, teacher_units, teacher_rows, teacher_norms, grad, units, norms, radial, acc)
        test[:] = 0.0
        nan[:] = False
        for i in range(n):
            _lane_dot(grad, i, grad, i, acc)
            for r in range(lanes):
                test[r] = test[r] + acc[r] if frobenius else max(test[r], acc[r])
                nan[r] = nan[r] or acc[r] != acc[r]
        for r in range(lanes):
            stat = math.nan if nan[r] else math.sqrt(test[r])
            last[r] = stat
            moving[r] = moving[r] and stat > tolerance
            rate[r] = step if moving[r] else 0.0
        if it == last_update:
            break
        for r in range(lanes):
            taken[r] += moving[r]
        for i in range(n):
            for q in range(d):
                for r in range(lanes):
                    x[i, q, r] -= rate[r] * grad[i, q, r]


@njit(cache=True, fastmath=FASTMATH)
def _teacher_terms(teacher):
    """Whether the teacher (k, d) is I_d, and its unit rows, its rows / (2 pi) and its row norms / (2 pi)."""
    k, d = teacher.shape
    teacher_norms = np.empty(k)
    teacher_units = np.empty((k, d))
    teacher_rows = np.empty((k, d))
    identity = k == d and np.array_equal(teacher, np.eye(d))
    for j in range(k):
        norm = math.sqrt(np.sum(teacher[j] * teacher[j]))
        teacher_norms[j] = norm * _INV_TWO_PI
        for q in range(d):
            teacher_units[j, q] = teacher[j, q] / norm if norm > 0.0 else 0.0
            teacher_rows[j, q] = teacher[j, q] * _INV_TWO_PI
    return identity, teacher_units, teacher_rows, teacher_norms


def iterate_runs(
    w: np.ndarray,
    teacher: np.ndarray,
    step: float,
    tolerance: float,
    frobenius: bool,
    iterations: int,
    last_update: int,
    active: np.ndarray,
    taken: np.ndarray,
    last: np.ndarray,
    alone: int = ALONE,
) -> None:
    """Up to `iterations` GD iterations of every run of w (n, d, runs), in place.

    An iteration evaluates the gradient and its test (the Frobenius norm, or the largest per-neuron
    norm), stores the test in `last`, and clears `active` where it is <= `tolerance` (or NaN); then,
    unless it is iteration `last_update` (the iteration cap: a test, no update), it takes the step
    on the active runs and counts it in `taken`. Inactive runs are not changed.

    The runs go in tiles of `TILE` while that many are left, then in one of `TILE // 2` (16 to 31
    left) or of fewer runs padded to `TILE // 2` lanes (`alone` to 15 left); the last fewer than
    `alone` go one at a time through `fused_one_run.iterate_one`. Every path does a run's arithmetic
    the same way, so the endpoints do not depend on how the runs are grouped. This dispatch is plain
    Python (a few calls per block of iterations), so that each compiled kernel is cached with its own
    source file: numba's cache of a kernel does not notice edits to another file's kernel it calls.
    """
    n, d, runs = w.shape
    identity, teacher_units, teacher_rows, teacher_norms = _teacher_terms(teacher)
    start = 0
    while runs - start >= max(alone, 1):
        lanes = TILE if runs - start >= TILE else min(runs - start, TILE // 2)
        stop = start + lanes
        width = max(lanes, TILE // 2)  # padded with frozen copies of its first run: 9 to 15 lanes cost more than 16
        x = np.empty((n, d, width))
        moving, steps, stats = np.zeros(width, dtype=np.bool_), np.zeros(width, dtype=np.int64), np.zeros(width)
        x[:, :, :lanes], moving[:lanes] = w[:, :, start:stop], active[start:stop]
        steps[:lanes], stats[:lanes] = taken[start:stop], last[start:stop]
        x[:, :, lanes:] = x[:, :, :1]
        _iterate_tile(
            x,
            identity,
            teacher_units,
            teacher_rows,
            teacher_norms,
            step,
            tolerance,
            frobenius,
            iterations,
            last_update,
            moving,
            steps,
            stats,
        )
        w[:, :, start:stop], active[start:stop] = x[:, :, :lanes], moving[:lanes]
        taken[start:stop], last[start:stop] = steps[:lanes], stats[:lanes]
        start = stop
    for r in range(start, runs):
        x = np.ascontiguousarray(w[:, :, r])
        active[r], taken[r], last[r] = iterate_one(
            x,
            identity,
            teacher_units,
            teacher_rows,
            teacher_norms,
            step,
            tolerance,
            frobenius,
            iterations,
            last_update,
            active[r],
            taken[r],
            last[r],
        )
        w[:, :, r] = x
