"""The Lemma 15 construction (Sec. 5): two points whose minority member GD classifies only late.

A fraction 1 - eps of the data is (1, 0) and a fraction eps is (-1/2, 3 gamma), so
L(w) = (1 - eps) l(w_1) + eps l(-w_1/2 + 3 gamma w_2). t* is the first iteration t (w_0 = 0, step 1)
at which the minority point has a positive margin; Lemma 15 says t* >= 19 / (480 gamma^2 eps) for
gamma, eps <= 1/8.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thundeep.separable_data.logistic import Trajectory, gradient_descent


def construction_points(gamma: float) -> np.ndarray:
    """The two (folded) points: majority (1, 0) first, minority (-1/2, 3 gamma) second."""
    return np.array([[1.0, 0.0], [-0.5, 3.0 * gamma]])


def construction_weights(eps: float) -> np.ndarray:
    """The points' loss weights (1 - eps, eps)."""
    return np.array([1.0 - eps, eps])


def lemma15_bound(gamma: np.ndarray | float, eps: np.ndarray | float) -> np.ndarray:
    """Lemma 15's lower bound on t*: 19 / (480 gamma^2 eps)."""
    return 19.0 / (480.0 * np.asarray(gamma, float) ** 2 * np.asarray(eps, float))


def first_correct_iterations(gammas: np.ndarray, epss: np.ndarray, max_steps: int) -> np.ndarray:
    """t* for every (gamma, eps) pair, all runs in one GD batch; -1 where max_steps was too few."""
    gammas, epss = np.asarray(gammas, float), np.asarray(epss, float)
    x = np.stack([construction_points(g) for g in gammas])
    p = np.stack([construction_weights(e) for e in epss])
    run = gradient_descent(x, p, max_steps, np.array([0]), track_first_correct=True, stop_when_all_correct=True)
    assert run.first_correct is not None  # asked for with track_first_correct
    return run.first_correct[:, 1]


def construction_trajectory(gamma: float, eps: float, steps: int) -> Trajectory:
    """Every GD iterate w_0 = 0, ..., w_steps of the construction (the Fig. 1 trajectory)."""
    x = construction_points(gamma)[None]
    p = construction_weights(eps)[None]
    return gradient_descent(x, p, steps, np.arange(steps + 1))


@dataclass(frozen=True)
class PowerLawFit:
    """log t* = c + a log gamma + b log eps, fitted by least squares."""

    a: float
    b: float
    c: float
    residual_rms: float


def fit_power_law(gammas: np.ndarray, epss: np.ndarray, t_star: np.ndarray) -> PowerLawFit:
    """Least-squares exponents of t* in gamma and eps (natural logs; needs >= 3 distinct points)."""
    gammas, epss, t_star = (np.asarray(v, float) for v in (gammas, epss, t_star))
    if np.any(t_star <= 0):
        raise ValueError("every t* must be positive to fit a power law (raise max_steps)")
    design = np.column_stack([np.ones_like(gammas), np.log(gammas), np.log(epss)])
    coef, *_ = np.linalg.lstsq(design, np.log(t_star), rcond=None)
    residual = np.log(t_star) - design @ coef
    return PowerLawFit(
        a=float(coef[1]), b=float(coef[2]), c=float(coef[0]), residual_rms=float(np.sqrt(np.mean(residual**2)))
    )
