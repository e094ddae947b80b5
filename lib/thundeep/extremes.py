"""Largest and smallest of a claim metric's values, NaN when any value is NaN.

Python's `max` and `min` skip a NaN unless it comes first (every comparison with NaN is False), so a
diverged run could vanish from a worst case; these reductions let it reach the verdict as NaN.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def largest(values: Iterable[float]) -> float:
    """max of `values` (at least one), NaN if any is NaN."""
    return float(np.max(np.fromiter(values, dtype=float)))


def smallest(values: Iterable[float]) -> float:
    """min of `values` (at least one), NaN if any is NaN."""
    return float(np.min(np.fromiter(values, dtype=float)))
