"""Tables and metrics of the implicit_regularization experiments (Thm 3 limits, Sec. 6.1 sweeps)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from thundeep.extremes import largest
from thundeep.implicit_regularization.experiments import NeuronLimits, balancedness, end_to_end_weights
from thundeep.relu_neuron.descent import Trajectory

LIMIT_COLUMNS = ["gamma", "s_flow", "s_gd", "final_loss_gd", "steps_gd"]
"""Columns of tables/limits.csv: s is the third coordinate of w(inf) divided by alpha."""


def limit_rows(limits: NeuronLimits, alpha: float = 1.0) -> list[dict[str, float]]:
    """One row per gamma at the given alpha: s by the exact flow and by GD, GD's final loss and steps."""
    rows = []
    for b in np.flatnonzero(limits.alphas == alpha):
        rows.append(
            {
                "gamma": float(limits.gammas[b]),
                "s_flow": float(limits.flow_limits[b, 2] / alpha),
                "s_gd": float(limits.gd.final[b, 2] / alpha),
                "final_loss_gd": float(limits.gd.final_loss[b]),
                "steps_gd": int(limits.gd.steps[b]),
            }
        )
    return rows


def _scaling_gap(limits: np.ndarray, gammas: np.ndarray, alphas: np.ndarray) -> float:
    """max over (gamma, alpha) of |w(inf; alpha)/alpha - w(inf; 1)|_inf (needs alpha = 1 in the grid)."""
    gaps = []
    for b in range(len(gammas)):
        reference = np.flatnonzero((gammas == gammas[b]) & (alphas == 1.0))
        gaps.append(np.abs(limits[b] / alphas[b] - limits[reference[0]]).max())
    return largest(gaps)


def limit_metrics(limits: NeuronLimits, monotone_gammas: Sequence[float]) -> dict[str, float]:
    """IR1 and IR2 metrics: s at gamma = 0 and > 0, monotonicity in gamma, scaling in alpha, GD vs flow."""
    rows = {row["gamma"]: row for row in limit_rows(limits)}
    positive = [row for gamma, row in rows.items() if gamma > 0]
    zero = rows.get(0.0)
    monotone = [rows[g]["s_flow"] for g in monotone_gammas if g in rows]
    return {
        "abs_s_gamma_zero": largest((abs(zero["s_flow"]), abs(zero["s_gd"]))) if zero else float("nan"),
        "s_flow_max_positive_gamma": largest(r["s_flow"] for r in positive) if positive else float("nan"),
        "s_gd_max_positive_gamma": largest(r["s_gd"] for r in positive) if positive else float("nan"),
        "s_flow_largest_increase": (
            float(np.max(np.diff(monotone))) if len(monotone) == len(monotone_gammas) else float("nan")
        ),
        "alpha_scaling_gap_flow": _scaling_gap(limits.flow_limits, limits.gammas, limits.alphas),
        "alpha_scaling_gap_gd": _scaling_gap(limits.gd.final, limits.gammas, limits.alphas),
        "gd_flow_gap": largest(abs(r["s_gd"] - r["s_flow"]) for r in rows.values()),
        "final_loss_gd_max": float(limits.gd.final_loss.max()),
        "steps_gd_max": float(limits.gd.steps.max()),
    }


def hidden_neuron_metrics(
    trajectory: Trajectory, gammas: np.ndarray, init_scales: np.ndarray, sweep: np.ndarray, settle_below: float
) -> dict[str, float]:
    """IR3 and Fig. 2(a) metrics; `sweep` marks the runs of the eps sweep (Fig. 2(b)).

    u3_settling is the largest |u_3(eps) - u_3(eps_min)| over the sweep's eps <= `settle_below`.
    """
    u3 = end_to_end_weights(trajectory.final)[:, 2]
    drift = np.abs(balancedness(trajectory.final) - init_scales**2)
    trajectories = ~sweep
    positive = trajectories & (gammas > 0)
    zero = trajectories & (gammas == 0)
    scales = init_scales[sweep]
    smallest = u3[sweep][np.argmin(scales)]
    settling = np.abs(u3[sweep][scales <= settle_below] - smallest)
    return {
        "u3_max_sweep": float(u3[sweep].max()),
        "u3_smallest_eps": float(smallest),
        "u3_largest_eps": float(u3[sweep][np.argmax(scales)]),
        "u3_settling": float(settling.max()) if settling.size > 1 else float("nan"),
        "u3_gamma_zero": float(np.abs(u3[zero]).max()) if zero.any() else float("nan"),
        "u3_max_positive_gamma": float(u3[positive].max()) if positive.any() else float("nan"),
        "balancedness_drift_max": float(drift.max()),
        "final_loss_max": float(trajectory.final_loss.max()),
        "steps_max": float(trajectory.steps.max()),
    }
