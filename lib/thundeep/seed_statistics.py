"""Summaries over random seeds that several papers report: log-log slopes and seed-to-seed spreads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def loglog_slope(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def seed_std(values: Sequence[float] | np.ndarray) -> float:
    """Sample standard deviation over seeds (ddof 1); NaN for a single seed (no spread measured)."""
    return float(np.std(values, ddof=1)) if len(values) > 1 else float("nan")
