"""Exact linear-piece count and Lipschitz constant of a piecewise-linear function on [0, 1].

Exact when every breakpoint is a multiple of 2^-level and the values at dyadic points are computed
without rounding (true for networks with dyadic weights and biases, such as phi_k). The function is
evaluated on the grid of step 2^-(level + refine); within every cell of width 2^-level the slopes must
agree (otherwise a breakpoint is off the grid and a ValueError says so), and pieces are counted where
the slope changes between cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class PieceCount:
    """Linear pieces and the Lipschitz constant (largest |slope|) of a piecewise-linear function."""

    pieces: int
    lipschitz: float


def dyadic_grid(level: int) -> NDArray[np.float64]:
    """The points j / 2^level, j = 0..2^level."""
    return np.arange((1 << level) + 1, dtype=np.float64) / float(1 << level)


def count_linear_pieces(
    function: Callable[[NDArray[np.float64]], NDArray[np.float64]], level: int, refine: int = 2
) -> PieceCount:
    """Pieces and Lipschitz constant of `function` (maps shape (n,) to (n,)) with breakpoints in 2^-level Z."""
    fine = level + refine
    values = np.asarray(function(dyadic_grid(fine)), dtype=np.float64)
    slopes = np.diff(values) * float(1 << fine)
    cells = slopes.reshape(1 << level, 1 << refine)
    if np.any(cells != cells[:, :1]):
        raise ValueError(f"the function is not linear on every cell of width 2^-{level}: a breakpoint is off the grid")
    cell_slopes = cells[:, 0]
    return PieceCount(
        pieces=1 + int(np.count_nonzero(cell_slopes[1:] != cell_slopes[:-1])),
        lipschitz=float(np.abs(cell_slopes).max()),
    )
