"""Binomial proportions shared by the papers: standard errors and exact (Clopper-Pearson) intervals."""

from __future__ import annotations

import math

from scipy.stats import beta


def binomial_std(fraction: float, runs: int) -> float:
    """Standard error of a fraction of `runs` Bernoulli outcomes, sqrt(p (1 - p) / runs)."""
    return math.sqrt(fraction * (1 - fraction) / runs)


def binomial_interval(successes: int, trials: int, confidence: float) -> tuple[float, float]:
    """Clopper-Pearson (exact) interval for a binomial proportion."""
    alpha = 1.0 - confidence
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, trials - successes + 1))
    high = 1.0 if successes == trials else float(beta.ppf(1 - alpha / 2, successes + 1, trials - successes))
    return low, high
