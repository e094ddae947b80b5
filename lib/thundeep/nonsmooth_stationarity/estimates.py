"""Monte Carlo proportions with their standard errors and one-sided 95% upper limits, and line fits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thundeep.binomial import binomial_interval


def proportion(hits: int, draws: int) -> tuple[float, float, float]:
    """(estimate, standard error, one-sided 95% Clopper-Pearson upper limit); the limit is > 0 at 0 hits."""
    p = hits / draws
    upper = binomial_interval(hits, draws, 0.90)[1]  # the upper end of the 90% two-sided interval
    return p, float(np.sqrt(p * (1.0 - p) / draws)), upper


@dataclass(frozen=True)
class LinearFit:
    """Least-squares coefficients of y on [1, x_1, ..., x_k], their standard errors, and R^2."""

    coef: np.ndarray
    stderr: np.ndarray
    r2: float


def least_squares(columns: np.ndarray, y: np.ndarray) -> LinearFit:
    """Fit y = c + columns @ b; standard errors from the residual variance (NaN without spare points)."""
    y = np.asarray(y, float)
    design = np.column_stack([np.ones(y.size), np.asarray(columns, float).reshape(y.size, -1)])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    spare = y.size - design.shape[1]
    total = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(residual @ residual) / total if total > 0 else float("nan")
    if spare > 0:
        covariance = float(residual @ residual) / spare * np.linalg.inv(design.T @ design)
        stderr = np.sqrt(np.diag(covariance))
    else:
        stderr = np.full(design.shape[1], np.nan)
    return LinearFit(coef, stderr, r2)
