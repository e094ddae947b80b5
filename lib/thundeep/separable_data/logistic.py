"""Logistic loss and batched gradient descent on a fixed data matrix (float64, stable at any margin).

Labels are folded into the inputs (x_i <- y_i x_i), so a point is classified correctly when its margin
x_i.w is positive. The loss of a batch member b is L_b(w) = sum_i p_bi l(x_bi.w) with l(z) = log(1 + e^-z)
and weights p_bi (1/m for the empirical loss; (1 - eps, eps) for the Lemma 15 construction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from thundeep.runtime import default_device

CPU_CHUNK_BYTES = 1 << 20
"""On the CPU, members run together only while their data matrices fit in this many bytes (about half a
core's L2 cache): both products of a step then read X from cache. Bigger batches are memory-bound and run
slower than one member at a time (benchmarks/separable_data_gd.py)."""


def logistic_loss(z: torch.Tensor) -> torch.Tensor:
    """l(z) = log(1 + exp(-z)) without overflow: max(-z, 0) + log1p(exp(-|z|))."""
    return torch.clamp(-z, min=0.0) + torch.log1p(torch.exp(-torch.abs(z)))


def logistic_loss_np(z: np.ndarray) -> np.ndarray:
    """l(z) = log(1 + exp(-z)) on numpy arrays, with the same stable form."""
    return np.maximum(-z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def inverse_logistic_loss(e: np.ndarray | float) -> np.ndarray:
    """l^{-1}(e) = -log(e^e - 1) for 0 < e < log 2 (the margin whose loss is e); NaN elsewhere."""
    e = np.asarray(e, dtype=np.float64)
    inside = (e > 0) & (e < np.log(2.0))
    safe = np.where(inside, e, 0.5)
    return np.where(inside, -np.log(np.expm1(safe)), np.nan)


def log_grid(steps: int, per_decade: int) -> np.ndarray:
    """The iterations 0, 1, ..., `steps` thinned to about `per_decade` per decade (always 0, 1 and `steps`)."""
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    points = np.unique(np.round(np.logspace(0.0, np.log10(steps), int(per_decade * np.log10(steps)) + 2)))
    return np.unique(np.concatenate([[0, 1, steps], points])).astype(np.int64)


@dataclass(frozen=True)
class Trajectory:
    """GD iterates w_t at the recorded iterations t, their losses, and (when tracked) first-correct times.

    `iterates` has shape (len(steps), B, d), `losses` (len(steps), B); `first_correct` (B, m) holds the
    first t at which point i had a positive margin (-1 if never within the run), or None.
    """

    steps: np.ndarray
    iterates: np.ndarray
    losses: np.ndarray
    first_correct: np.ndarray | None


def gradient_descent(
    x: np.ndarray,
    weights: np.ndarray,
    steps: int,
    record: np.ndarray,
    lr: float = 1.0,
    track_first_correct: bool = False,
    stop_when_all_correct: bool = False,
    device: torch.device | str | None = None,
) -> Trajectory:
    """Run GD from w_0 = 0 on B logistic problems at once and keep the iterates at `record`.

    `x` is (B, m, d) (folded points, one data matrix per batch member), `weights` (B, m). The update is
    w_{t+1} = w_t + lr sum_i p_i sigma(-x_i.w_t) x_i: two batched matrix-vector products per step.
    With `stop_when_all_correct` (which needs `track_first_correct`) the run ends early once every point
    of every member has had a positive margin; only the recorded iterations reached are returned.
    On the CPU the batch runs in chunks of members whose data fit in CPU_CHUNK_BYTES; on a GPU at once.
    """
    device = torch.device(device) if device is not None else default_device()
    if x.ndim != 3 or weights.shape != x.shape[:2]:
        raise ValueError(f"x must be (B, m, d) and weights (B, m); got {x.shape} and {weights.shape}")
    record = np.asarray(record, dtype=np.int64)
    if stop_when_all_correct and not track_first_correct:
        raise ValueError("stop_when_all_correct needs track_first_correct=True")
    if record.min() < 0 or record.max() > steps or np.any(np.diff(record) <= 0):
        raise ValueError(f"record must be increasing iterations within [0, {steps}]")
    size = len(x) if device.type != "cpu" else max(1, CPU_CHUNK_BYTES // (x[0].size * 8))
    if stop_when_all_correct or size >= len(x):
        return _descend(x, weights, steps, record, lr, track_first_correct, stop_when_all_correct, device)
    parts = [
        _descend(x[c : c + size], weights[c : c + size], steps, record, lr, track_first_correct, False, device)
        for c in range(0, len(x), size)
    ]
    return Trajectory(
        steps=record,
        iterates=np.concatenate([r.iterates for r in parts], axis=1),
        losses=np.concatenate([r.losses for r in parts], axis=1),
        first_correct=np.concatenate([r.first_correct for r in parts]) if track_first_correct else None,
    )


def _descend(
    x: np.ndarray,
    weights: np.ndarray,
    steps: int,
    record: np.ndarray,
    lr: float,
    track_first_correct: bool,
    stop_when_all_correct: bool,
    device: torch.device,
) -> Trajectory:
    """The GD loop of `gradient_descent` on one chunk of members (arguments already checked)."""
    if stop_when_all_correct and not track_first_correct:
        raise ValueError("stop_when_all_correct needs track_first_correct (it stops on the first-correct steps)")
    xt = torch.as_tensor(x, dtype=torch.float64, device=device)
    p = torch.as_tensor(weights, dtype=torch.float64, device=device)
    batch, m, d = xt.shape
    w = torch.zeros(batch, d, 1, dtype=torch.float64, device=device)
    iterates = torch.empty(len(record), batch, d, dtype=torch.float64, device=device)
    losses = torch.empty(len(record), batch, dtype=torch.float64, device=device)
    first = torch.full((batch, m), -1, dtype=torch.int64, device=device) if track_first_correct else None
    marks, slot = record.tolist() + [-1], 0
    for t in range(steps + 1):
        margins = torch.bmm(xt, w).squeeze(-1)
        if first is not None:
            first.masked_fill_((first < 0) & (margins > 0), t)
        if t == marks[slot]:
            iterates[slot] = w.squeeze(-1)
            losses[slot] = (p * logistic_loss(margins)).sum(dim=1)
            slot += 1
        if t == steps or (stop_when_all_correct and first is not None and t % 256 == 0 and bool((first >= 0).all())):
            break
        coef = (p * torch.sigmoid(-margins)).unsqueeze(1)
        w.add_(torch.bmm(coef, xt).transpose(1, 2), alpha=lr)  # row vector times X: X is read row-major
    return Trajectory(
        steps=record[:slot],
        iterates=iterates[:slot].cpu().numpy(),
        losses=losses[:slot].cpu().numpy(),
        first_correct=None if first is None else first.cpu().numpy(),
    )
