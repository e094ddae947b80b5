"""Plain gradient descent on a batch of independent runs, with a per-run stopping rule and recording."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

Objective = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
"""Maps parameters (B, P) to (losses (B,), gradients (B, P))."""


@dataclass(frozen=True)
class Trajectory:
    """Recorded iterates of B runs of gradient descent.

    `iterates[r]` and `losses[r]` are the parameters and losses after `recorded_steps[r]` steps (a run
    that has stopped keeps its final value). `steps[b]` is the number of steps run b took: the first t
    with loss(w_t) < loss_target, or max_steps when the target was never reached.
    """

    recorded_steps: np.ndarray
    iterates: np.ndarray
    losses: np.ndarray
    final: np.ndarray
    final_loss: np.ndarray
    steps: np.ndarray


def gradient_descent(
    objective: Objective,
    start: np.ndarray,
    lr: float | np.ndarray,
    max_steps: int,
    record_every: int = 1,
    loss_target: float | None = None,
    desc: str | None = None,
) -> Trajectory:
    """Run w_{t+1} = w_t - lr * grad L(w_t) on every run of `start` (B, P) for up to `max_steps` steps.

    `lr` is a scalar or one step size per run. With `loss_target`, each run stops (is frozen) at the
    first iterate whose loss is below the target, exactly as if it ran alone. Iterates are recorded
    every `record_every` steps and at the end. `desc` turns on a progress bar on stderr.
    """
    w = np.array(start, dtype=np.float64)
    runs = w.shape[0]
    step_size = np.broadcast_to(np.asarray(lr, dtype=np.float64), (runs,)).copy()[:, None]
    running = np.ones(runs, dtype=bool)
    steps = np.full(runs, max_steps, dtype=np.int64)
    recorded_steps: list[int] = []
    iterates: list[np.ndarray] = []
    losses: list[np.ndarray] = []
    bar = tqdm(total=max_steps, desc=desc, disable=desc is None, file=sys.stderr, mininterval=5.0)
    for t in range(max_steps + 1):
        loss, grad = objective(w)
        stopping = t == max_steps
        if loss_target is not None:
            reached = running & (loss < loss_target)
            if reached.any():
                steps[reached] = t
                running &= ~reached
                step_size[reached] = 0.0
                stopping = stopping or not running.any()
        if t % record_every == 0 or stopping:
            recorded_steps.append(t)
            iterates.append(w.copy())
            losses.append(loss.copy())
        if stopping:
            break
        w -= step_size * grad
        if (t + 1) % record_every == 0:
            bar.update(record_every)
    bar.close()
    return Trajectory(
        recorded_steps=np.asarray(recorded_steps, dtype=np.int64),
        iterates=np.stack(iterates),
        losses=np.stack(losses),
        final=w,
        final_loss=loss,
        steps=steps,
    )
