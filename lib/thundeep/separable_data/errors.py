"""Error curves of a GD run: 0-1 and margin errors, the direction's distance, and the late-rise test (SD3)."""

from __future__ import annotations

import numpy as np

from thundeep.binomial import binomial_std


def zero_one_error(x: np.ndarray, iterates: np.ndarray) -> np.ndarray:
    """Fraction of folded points with x.w <= 0, for every iterate (rows of `iterates`): shape (k,)."""
    return np.mean(iterates @ x.T <= 0, axis=1)


def margin_error(x: np.ndarray, iterates: np.ndarray, level: float) -> np.ndarray:
    """Fraction of folded points with x.w / ||w|| <= `level` (w = 0 counts every point), per iterate."""
    norms = np.linalg.norm(iterates, axis=1)
    scores = iterates @ x.T
    return np.mean(scores <= level * norms[:, None], axis=1)


def direction_distance(iterates: np.ndarray, target: np.ndarray) -> np.ndarray:
    """|| w/||w|| - w*/||w*|| || per iterate (NaN for w = 0)."""
    norms = np.linalg.norm(iterates, axis=1, keepdims=True)
    unit = iterates / np.where(norms > 0, norms, np.nan)
    return np.linalg.norm(unit - target / np.linalg.norm(target), axis=1)


def late_rise(steps: np.ndarray, test_error: np.ndarray, n_test: int) -> float:
    """SD3's excess: final test error - min after T/100 - 2 binomial standard errors (<= 0: no late rise).

    T is the last recorded iteration; the standard error is that of the final error on `n_test` points.
    """
    steps, test_error = np.asarray(steps), np.asarray(test_error, float)
    final = float(test_error[-1])
    best = float(test_error[steps >= steps[-1] / 100].min())
    return final - best - 2.0 * binomial_std(final, n_test)
