"""Summaries over random seeds shared by the lottery_ticket experiments: slopes and spreads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def loglog_slope(x: Sequence[float], y: Sequence[float]) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def seed_std(values: Sequence[float]) -> float:
    """Sample standard deviation over seeds (ddof 1); NaN for a single seed (no spread measured)."""
    return float(np.std(values, ddof=1)) if len(values) > 1 else float("nan")
