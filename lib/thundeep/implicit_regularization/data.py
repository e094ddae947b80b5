"""The three-point dataset of Vardi & Shamir (2021), Thm 3: X_gamma and y = alpha (16, 18, 0)."""

from __future__ import annotations

import numpy as np


def dataset(gamma: float, alpha: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Inputs X_gamma (rows x_1, x_2, x_3) and targets y = alpha (16, 18, 0)."""
    inputs = np.array([[3.0, -1.0, 0.0], [4.0, 2.0, 0.0], [0.0, gamma, gamma]])
    return inputs, alpha * np.array([16.0, 18.0, 0.0])


def global_minimum(alpha: float, third: float) -> np.ndarray:
    """The zero-loss point alpha (5, -1, 0) + (0, 0, third); it fits the data for every third <= alpha."""
    return np.array([5.0 * alpha, -alpha, third])
