"""The max-margin direction (hard-margin SVM without bias): argmin ||w||^2 s.t. x_i.w >= 1, by Clarabel via cvxpy."""

from __future__ import annotations

from dataclasses import dataclass

import cvxpy as cp
import numpy as np


class NotSeparableError(ValueError):
    """The folded points admit no w with x_i.w >= 1 for all i (the hard-margin problem is infeasible)."""


@dataclass(frozen=True)
class MaxMargin:
    """The QP's solution w*, its dual variables alpha (one per point), and gamma = 1 / ||w*||."""

    w: np.ndarray
    alpha: np.ndarray
    gamma: float


def max_margin(x: np.ndarray) -> MaxMargin:
    """Solve min (1/2)||w||^2 s.t. x_i.w >= 1 for the folded points `x` (m, d) with Clarabel.

    Raises NotSeparableError when the solver certifies infeasibility (no separating direction through
    the origin), and RuntimeError for any other non-optimal solver status.
    """
    x = np.asarray(x, dtype=np.float64)
    w = cp.Variable(x.shape[1])
    constraint = x @ w >= 1.0
    problem = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(w)), [constraint])
    problem.solve(solver=cp.CLARABEL)
    if problem.status in (cp.INFEASIBLE, cp.INFEASIBLE_INACCURATE):
        raise NotSeparableError(
            f"the {len(x)} points are not linearly separable through the origin: the hard-margin QP is "
            f"infeasible (solver status {problem.status!r}). Remove the misclassified points first."
        )
    if problem.status != cp.OPTIMAL:
        raise RuntimeError(f"the max-margin QP ended with solver status {problem.status!r}")
    solution = np.asarray(w.value, dtype=np.float64)
    return MaxMargin(
        w=solution,
        alpha=np.asarray(constraint.dual_value, dtype=np.float64),
        gamma=float(1.0 / np.linalg.norm(solution)),
    )


def kkt_residuals(x: np.ndarray, solution: MaxMargin) -> dict[str, float]:
    """The KKT conditions' violations: stationarity w = sum alpha_i x_i, primal and dual feasibility,
    complementary slackness alpha_i (x_i.w - 1) = 0 (each as a max absolute value, relative to ||w||)."""
    slack = x @ solution.w - 1.0
    scale = float(np.linalg.norm(solution.w))
    return {
        "stationarity": float(np.abs(solution.w - x.T @ solution.alpha).max() / scale),
        "primal": float(max(0.0, -slack.min())),
        "dual": float(max(0.0, -solution.alpha.min())),
        "complementary": float(np.abs(solution.alpha * slack).max() / scale),
    }
