"""Exact float64 composition of the per-step affine maps x <- a[s] x + b[s] along class sequences.

An epoch (n steps) is the composition of n affine maps, so it is itself affine: x <- A x + B.
We read an epoch 16 steps at a time: a table maps each 16-bit class pattern to the composed map of
those 16 steps, and the epoch map is the composition of n/16 table entries (one compiled scan over
all runs and epochs). Epochs then compose by the same rule:

    x_k = (prod_e A_e) x_0 + sum_e B_e prod_{f > e} A_f,

which for single shuffling (the same map every epoch) is the geometric closed form
x_k = A^k x_0 + B (1 - A^k) / (1 - A). Only the order of floating-point operations differs from a
step-by-step loop.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

CHUNK = 16
"""Steps per table lookup (table of 2^16 maps)."""


def chunk_table(a: np.ndarray, b: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Composed maps (A[p], B[p]) of `width` steps for every pattern p; bit j of p is step j's class.

    Built by halves: the map of pattern hi << w_lo | lo is the map of `hi` after the map of `lo`.
    """
    if width == 1:
        return np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    low = width // 2
    lo_a, lo_b = chunk_table(a, b, low)
    hi_a, hi_b = chunk_table(a, b, width - low)
    big_a = (hi_a[:, None] * lo_a[None, :]).ravel()
    big_b = (hi_a[:, None] * lo_b[None, :] + hi_b[:, None]).ravel()
    return big_a, big_b


@lru_cache(maxsize=16)
def _cached_table(a0: float, a1: float, b0: float, b1: float, width: int) -> tuple[np.ndarray, np.ndarray]:
    return chunk_table(np.array([a0, a1]), np.array([b0, b1]), width)


def epoch_maps(words: np.ndarray, n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Affine map (A, B) of each epoch in `words` (..., W uint64) of n steps; A, B have shape `...`."""
    chunks = np.ascontiguousarray(words, dtype="<u8").view("<u2")
    count = -(-n // CHUNK)
    last = n - CHUNK * (count - 1)
    full_a, full_b = _cached_table(float(a[0]), float(a[1]), float(b[0]), float(b[1]), CHUNK)
    last_a, last_b = _cached_table(float(a[0]), float(a[1]), float(b[0]), float(b[1]), last)
    flat = chunks.reshape(-1, chunks.shape[-1])
    big_a, big_b = np.empty(flat.shape[0]), np.empty(flat.shape[0])
    _scan_chunks(flat, count, full_a, full_b, last_a, last_b, last, big_a, big_b)
    return big_a.reshape(words.shape[:-1]), big_b.reshape(words.shape[:-1])


@njit(cache=True)
def _scan_chunks(
    chunks: np.ndarray,
    count: int,
    full_a: np.ndarray,
    full_b: np.ndarray,
    last_a: np.ndarray,
    last_b: np.ndarray,
    last: int,
    big_a: np.ndarray,
    big_b: np.ndarray,
) -> None:
    """For each epoch (row of 16-bit chunks), compose the table maps of its `count` chunks in order
    (the last one `last` steps wide): B <- A_c B + B_c, A <- A_c A, from A = 1, B = 0."""
    mask = (1 << last) - 1
    for e in range(chunks.shape[0]):
        epoch_a, epoch_b = 1.0, 0.0
        for m in range(count - 1):
            index = chunks[e, m]
            step = full_a[index]
            epoch_b = step * epoch_b + full_b[index]
            epoch_a = step * epoch_a
        index = chunks[e, count - 1] & mask
        step = last_a[index]
        big_b[e] = step * epoch_b + last_b[index]
        big_a[e] = step * epoch_a


def compose_epochs(big_a: np.ndarray, big_b: np.ndarray, x0: float) -> np.ndarray:
    """Apply epoch maps (..., E) in order e = 0..E-1 to x0: (prod A) x0 + sum_e B_e prod_{f>e} A_f."""
    tail = np.cumprod(big_a[..., ::-1], axis=-1)[..., ::-1]  # tail[e] = prod_{f >= e} A_f
    after = np.concatenate([tail[..., 1:], np.ones(big_a.shape[:-1] + (1,))], axis=-1)
    return tail[..., 0] * x0 + np.sum(big_b * after, axis=-1)


def geometric_sum(ratio: np.ndarray, terms: int) -> np.ndarray:
    """sum_{e < terms} ratio^e, exact limit `terms` where ratio == 1."""
    ratio = np.asarray(ratio, dtype=float)
    same = ratio == 1.0
    safe = np.where(same, 0.5, ratio)
    return np.where(same, float(terms), (1.0 - safe**terms) / (1.0 - safe))


def repeat_epoch(big_a: np.ndarray, big_b: np.ndarray, epochs: int, x0: float) -> np.ndarray:
    """The same epoch map applied `epochs` times to x0 (closed form): A^k x0 + B (1 - A^k)/(1 - A)."""
    return big_a**epochs * x0 + big_b * geometric_sum(big_a, epochs)
