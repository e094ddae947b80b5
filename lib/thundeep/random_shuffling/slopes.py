"""Log-log slopes of the mean final error in k (epochs) and n (components), with bootstrap spreads."""

from __future__ import annotations

import numpy as np


def fit_slopes(ns: np.ndarray, ks: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Least-squares fit log10 v[i, j] = c + s_k log10 k_j + s_n log10 n_i; returns (s_k, s_n).

    With a single n, only s_k is fitted and s_n is NaN.
    """
    ns, ks, values = np.asarray(ns, float), np.asarray(ks, float), np.asarray(values, float)
    log_n, log_k = np.meshgrid(np.log10(ns), np.log10(ks), indexing="ij")
    columns = [np.ones(log_k.size), log_k.ravel()]
    if len(ns) > 1:
        columns.append(log_n.ravel())
    coef = np.linalg.lstsq(np.stack(columns, axis=1), np.log10(values).ravel(), rcond=None)[0]
    return float(coef[1]), float(coef[2]) if len(ns) > 1 else float("nan")


def bootstrap_slopes(
    ns: np.ndarray, ks: np.ndarray, losses: np.ndarray, rng: np.random.Generator, reps: int
) -> tuple[float, float]:
    """Standard deviation of (s_k, s_n) over `reps` bootstrap resamples of the runs.

    `losses` has shape (len(ns), len(ks), runs); each (n, k) cell is resampled on its own, as its
    runs are independent of the other cells'.
    """
    runs = losses.shape[-1]
    picks = rng.integers(0, runs, size=(reps,) + losses.shape)
    resampled = np.take_along_axis(losses[None], picks, axis=-1).mean(axis=-1)
    fits = np.array([fit_slopes(ns, ks, r) for r in resampled])
    return float(fits[:, 0].std(ddof=1)), float(fits[:, 1].std(ddof=1)) if len(ns) > 1 else float("nan")
