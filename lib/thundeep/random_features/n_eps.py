"""N_eps(d): the smallest width on the grid whose mean error is <= eps, and the fitted exponent gamma.

The grid is N = round(2^(j / per_octave)), j = 0, 1, ... A search walks it upwards and stops at the
first width where every seed's error is <= eps (by then the seed mean is too), so that N_eps of the
mean and of each seed are both known. gamma is the log-log least-squares slope of N_eps against d;
its spread is the standard deviation of the per-seed slopes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from thundeep.seed_statistics import loglog_slope, seed_std


def width_grid(max_width: int, per_octave: int) -> list[int]:
    """The distinct widths round(2^(j / per_octave)) <= max_width, increasing."""
    top = int(math.floor(per_octave * math.log2(max_width) + 1e-9))
    return sorted({round(2 ** (j / per_octave)) for j in range(top + 1)} | {max_width} - {0})


def search_done(errors: np.ndarray, eps: float) -> bool:
    """Stop rule of a search: every seed's error (the last axis) is <= eps."""
    return bool(np.all(np.asarray(errors) <= eps))


def first_width(widths: Sequence[int], errors: np.ndarray, eps: float) -> float:
    """The first width whose error is <= eps (errors aligned with widths), NaN if none is, and NaN if an
    error up to it is NaN (a failed fit is not "above eps": it must not be stepped over)."""
    for n, e in zip(widths, errors, strict=True):
        if math.isnan(e):
            return float("nan")
        if e <= eps:
            return float(n)
    return float("nan")


def n_eps(widths: Sequence[int], errors: np.ndarray, eps: float) -> tuple[float, list[float]]:
    """(N_eps of the seed mean, N_eps of each seed) from errors (len(widths), seeds)."""
    errors = np.asarray(errors, dtype=float)
    return first_width(widths, errors.mean(axis=1), eps), [first_width(widths, e, eps) for e in errors.T]


def fitted_exponent(
    dims: Sequence[int], n_eps_mean: Mapping[int, float], n_eps_seeds: Mapping[int, Sequence[float]]
) -> tuple[float, float]:
    """(gamma of the seed-mean N_eps, std over seeds of the per-seed gamma); NaN where any N_eps is missing."""

    def slope(values: Sequence[float]) -> float:
        return loglog_slope(dims, values) if all(math.isfinite(v) for v in values) else float("nan")

    gamma = slope([n_eps_mean[d] for d in dims])
    seeds = len(next(iter(n_eps_seeds.values())))
    return gamma, seed_std([slope([n_eps_seeds[d][s] for d in dims]) for s in range(seeds)])
