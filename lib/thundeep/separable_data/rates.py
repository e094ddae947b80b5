"""Secs. 3-4 rates: margin-gamma data in the unit ball, Lemma 8's loss bound and Thm 9's margin thresholds."""

from __future__ import annotations

import numpy as np

from thundeep.separable_data.logistic import inverse_logistic_loss


def margin_ball_sample(n: int, d: int, gamma: float, w0: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`n` points uniform in the unit ball of R^d conditioned on |w0.x| >= gamma, folded by sign(w0.x).

    Rejection sampling: a uniform point is a Gaussian direction times U^(1/d); points inside the slab
    |w0.x| < gamma are drawn again. Every returned point has x.w0 >= gamma and ||x|| <= 1.
    """
    if not 0 < gamma < 1:
        raise ValueError(f"gamma must be in (0, 1), got {gamma}")
    kept: list[np.ndarray] = []
    count = 0
    while count < n:
        z = rng.standard_normal((2 * n, d))
        x = z / np.linalg.norm(z, axis=1, keepdims=True) * rng.random((2 * n, 1)) ** (1.0 / d)
        s = x @ w0
        x = x[np.abs(s) >= gamma] * np.sign(s[np.abs(s) >= gamma])[:, None]
        kept.append(x)
        count += len(x)
    return np.concatenate(kept)[:n]


def lemma8_bound(t: np.ndarray, gamma: float | np.ndarray) -> np.ndarray:
    """Lemma 8: L(w_T) <= 1/T + log(T)^2 / (2 gamma^2 T) for logistic GD with step 1 (T >= 1)."""
    t = np.asarray(t, dtype=np.float64)
    return 1.0 / t + np.log(t) ** 2 / (2.0 * gamma**2 * t)


def loss_over_lemma8(steps: np.ndarray, losses: np.ndarray, gammas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The recorded T >= 2 (k,) and each run's loss over Lemma 8's bound there (k, B); losses (K, B) are
    recorded at `steps` (K,) for runs of margins `gammas` (B,). SD2 needs every ratio <= 1."""
    later = steps >= 2
    return steps[later], losses[later] / lemma8_bound(steps[later][:, None], gammas[None, :])


def thm9_threshold(loss: np.ndarray, gamma: float, p: float) -> np.ndarray:
    """Thm 9's margin level (gamma/2) l^{-1}(e/p) / l^{-1}(e) at loss e; NaN where e/p >= log 2 (no statement)."""
    loss = np.asarray(loss, dtype=np.float64)
    return 0.5 * gamma * inverse_logistic_loss(loss / p) / inverse_logistic_loss(loss)


def normalized_margins(x: np.ndarray, iterates: np.ndarray) -> np.ndarray:
    """x_i.w / ||w|| for every iterate (rows of `iterates`, shape (k, d)) and point: shape (k, m).

    The zero vector (w_0) gets margin 0 for every point.
    """
    norms = np.linalg.norm(iterates, axis=1, keepdims=True)
    return (iterates @ x.T) / np.where(norms > 0, norms, 1.0)


def thm9_excess(margins: np.ndarray, losses: np.ndarray, gamma: float, p: float) -> np.ndarray:
    """Per recorded iterate: the fraction of points with normalised margin <= Thm 9's level, minus p.

    Thm 9 says this is <= 0; NaN where the theorem says nothing (e/p >= log 2).
    """
    level = thm9_threshold(losses, gamma, p)
    fraction = np.mean(margins <= level[:, None], axis=1)
    return np.where(np.isfinite(level), fraction - p, np.nan)
