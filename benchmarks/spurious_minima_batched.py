"""Benchmark: batched GD on the closed-form loss (ours) against plain one-run-at-a-time numpy GD.

Usage: python benchmarks/spurious_minima_batched.py [k] [runs] [max_steps]
The ICML'18 protocol (step 0.1, stop at a largest per-neuron gradient norm of 1e-9; no loss floor)
or the COLT'21 one (`COLT21`: step 5/k, stop at a gradient Frobenius norm of 1e-12) for n = k
from Xavier starts. Ours: `descend` on all runs as one batch. Baseline: the same
closed-form gradient written plainly in numpy float64, one GD at a time, the stopping test every
step (as the authors' code does). Both count CPU seconds per run-step (GD updates summed over
runs); the baseline may be timed on the first `baseline_runs` runs only (the cost per run-step does
not depend on the batch). The endpoints of both must agree within 1e-12 relative.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import torch

from thundeep.runtime import configure_torch, generator
from thundeep.spurious_minima.gradient_descent import Descent, descend, xavier_init

ICML18 = dict(step=0.1, tolerance=1e-9, criterion="neuron_max", loss_floor=None)
"""The ICML'18 rule without the loss floor (the step is absolute)."""
COLT21 = dict(step=5.0, tolerance=1e-12, criterion="frobenius", loss_floor=None)
"""The COLT'21 rule (the step is divided by k)."""


def plain_gradient(w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """grad_W F(W; V) for one student W (n, d) against V (k, d), written directly."""
    rows = np.concatenate([w, v])
    sign = np.concatenate([np.ones(len(w)), -np.ones(len(v))])
    norms = np.sqrt((rows * rows).sum(1))
    units = rows / np.where(norms > 0, norms, 1.0)[:, None]
    cos = np.clip(units[: len(w)] @ units.T, -1.0, 1.0)
    sin = np.sqrt(1.0 - cos * cos)
    radial = sin @ (sign * norms)
    return (radial[:, None] * units[: len(w)] + (np.pi - np.arccos(cos)) @ (sign[:, None] * rows)) / (2 * np.pi)


def plain_descent(w: np.ndarray, v: np.ndarray, rule: Descent) -> tuple[np.ndarray, int]:
    """One GD run: step until the gradient test passes (largest per-neuron or Frobenius norm <= the
    tolerance) or the cap."""
    for step in range(rule.max_steps + 1):
        grad = plain_gradient(w, v)
        norms = (grad * grad).sum(1)
        stat = np.sqrt(norms.sum() if rule.criterion == "frobenius" else norms.max())
        if stat <= rule.tolerance or step == rule.max_steps:
            return w, step
        w = w - rule.step * grad
    raise AssertionError("unreachable")


def measure(
    k: int = 10, runs: int = 200, max_steps: int = 4000, baseline_runs: int | None = None, protocol: dict = ICML18
) -> dict:
    """CPU microseconds per run-step of ours (all `runs`) and of the baseline (its first `baseline_runs`),
    under `protocol` (ICML18 or COLT21)."""
    configure_torch(1)
    teacher = torch.eye(k, dtype=torch.float64)
    starts = xavier_init(runs, k, k, generator(7))
    step = protocol["step"] / k if protocol is COLT21 else protocol["step"]
    settings = dict(step=step, tolerance=protocol["tolerance"], criterion=protocol["criterion"])
    rule = Descent(**settings, max_steps=max_steps, loss_floor=protocol["loss_floor"])
    descend(starts[:2], teacher, Descent(**settings, max_steps=2))
    start = time.process_time()  # after a warm-up call: the numba kernel is loaded (compiled once per machine)
    ours = descend(starts, teacher, rule)
    ours_s = time.process_time() - start
    baseline_runs = runs if baseline_runs is None else min(baseline_runs, runs)
    start = time.process_time()
    plain = [plain_descent(starts[r].numpy(), teacher.numpy(), rule) for r in range(baseline_runs)]
    plain_s = time.process_time() - start
    deviation = max(
        float(np.abs(w - ours.weights[r].numpy()).max() / np.abs(w).max()) for r, (w, _) in enumerate(plain)
    )
    same_steps = all(s == int(ours.steps[r]) or bool(ours.floored[r]) for r, (_, s) in enumerate(plain))
    ours_steps = int(ours.steps.sum())
    plain_steps = sum(s for _, s in plain)
    return {
        "ours_us_per_run_step": 1e6 * ours_s / ours_steps,
        "baseline_us_per_run_step": 1e6 * plain_s / plain_steps,
        "runs": runs,
        "baseline_runs": baseline_runs,
        "run_steps": ours_steps,
        "endpoint_max_rel_deviation": deviation,
        "same_steps_unless_floored": same_steps,
    }


def main(k: int = 10, runs: int = 200, max_steps: int = 4000) -> None:
    result = measure(k, runs, max_steps)
    print(result)
    print(f"speed-up per run-step: {result['baseline_us_per_run_step'] / result['ours_us_per_run_step']:.1f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
