"""Batched gradient descent on F(W; I_k): every run of one (k, n) in one float64 tensor program.

Each run follows plain GD, W_{t+1} = W_t - eta grad F(W_t), and stops on its own at the first
iterate whose gradient passes the protocol's test; stopped runs are frozen at once (their update is
masked) and dropped from the batch at the next bookkeeping point (every `check_every` iterations),
so what a run computes does not depend on when the others stop. Optionally a run also stops when its
loss, checked at the bookkeeping points, is below `loss_floor`: F >= 0 vanishes only at global
minima, so such a run has reached the global-minimum value to within the floor. A run that has done
neither after `max_steps` updates is reported as capped (not converged).

The iterations run on the CPU in one compiled kernel (`fused_descent.iterate_runs`): with a handful
of (n, d) matrices per run, per-operation overhead dominates any tensor library, on either machine.
Inputs and outputs stay torch tensors on the caller's device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from tqdm import tqdm

from thundeep.gaussian_relu import population_gradient, population_loss
from thundeep.spurious_minima.fused_descent import iterate_runs

CRITERIA = ("neuron_max", "frobenius")
"""Gradient tests: the largest per-neuron gradient norm (ICML'18) or the Frobenius norm (COLT'21)."""


@dataclass(frozen=True)
class Descent:
    """One GD protocol: step size, gradient test and tolerance, and the iteration cap."""

    step: float
    tolerance: float
    criterion: str
    max_steps: int
    check_every: int = 100
    loss_floor: float | None = None

    def __post_init__(self) -> None:
        if self.criterion not in CRITERIA:
            raise ValueError(f"criterion must be one of {CRITERIA}, got {self.criterion!r}")


@dataclass
class Endpoints:
    """Where each run stopped: weights (runs, n, d), updates taken, how it stopped (gradient test
    passed, loss floor reached; neither means capped) and its last gradient statistic."""

    weights: torch.Tensor
    steps: torch.Tensor
    converged: torch.Tensor
    floored: torch.Tensor
    grad_norm: torch.Tensor


def xavier_init(runs: int, n: int, d: int, gen: torch.Generator, device: torch.device | str = "cpu") -> torch.Tensor:
    """Xavier initialisation as in both papers: i.i.d. entries N(0, 1/d), shape (runs, n, d), float64."""
    return torch.randn(runs, n, d, generator=gen, dtype=torch.float64, device=device) / math.sqrt(d)


def gradient_test(grad: torch.Tensor, criterion: str) -> torch.Tensor:
    """The stopping statistic of each run of `grad` (..., n, d): see `CRITERIA`."""
    if criterion == "neuron_max":
        return torch.linalg.vector_norm(grad, dim=-1).amax(-1)
    return torch.linalg.vector_norm(grad, dim=(-2, -1))


def descend(start: torch.Tensor, teacher: torch.Tensor, rule: Descent, progress: bool = False) -> Endpoints:
    """Run GD from every start (runs, n, d) against `teacher` (k, d) until each run stops.

    The gradient is evaluated at iterates 0..max_steps; a run stops at the first one that passes
    the test (converged), at the first bookkeeping point where its loss is below the floor
    (floored), or after max_steps updates (capped). A converged or capped run's `grad_norm` is
    `gradient_test(population_gradient(...))` at its endpoint; a floored run's is its last test.
    """
    device = start.device
    target = teacher.detach().cpu().numpy().astype(np.float64)
    runs = start.shape[0]
    w = np.ascontiguousarray(start.detach().cpu().numpy().astype(np.float64).transpose(1, 2, 0))  # run-last
    weights = np.empty((runs, *w.shape[:2]))
    steps = np.zeros(runs, dtype=np.int64)
    converged = np.zeros(runs, dtype=bool)
    floored = np.zeros(runs, dtype=bool)
    grad_norm = np.full(runs, math.inf)

    alive = np.arange(runs)  # runs still in the batch, and their state:
    active, taken, last = np.ones(runs, dtype=bool), np.zeros(runs, dtype=np.int64), grad_norm.copy()
    bar = tqdm(total=runs, desc="runs stopped", disable=not progress, mininterval=5.0)
    iterate = 0
    while alive.size:
        block = min(rule.check_every, rule.max_steps + 1 - iterate)
        iterate_runs(
            w,
            target,
            rule.step,
            rule.tolerance,
            rule.criterion == "frobenius",
            block,
            rule.max_steps - iterate,
            active,
            taken,
            last,
        )
        iterate += block
        floor = np.zeros_like(active)
        if rule.loss_floor is not None and iterate <= rule.max_steps:
            loss = population_loss(torch.from_numpy(w.transpose(2, 0, 1)), teacher.detach().cpu()).numpy()
            floor = active & (loss < rule.loss_floor)
        done = ~active | floor if iterate <= rule.max_steps else np.ones_like(active)
        if done.any():
            index = alive[done]
            weights[index] = w[:, :, done].transpose(2, 0, 1)
            steps[index] = taken[done]
            converged[index] = ~active[done]
            floored[index] = floor[done]
            grad_norm[index] = last[done]
            keep = ~done
            alive, active, taken, last = alive[keep], active[keep], taken[keep], last[keep]
            w = np.ascontiguousarray(w[:, :, keep])
            bar.update(int(done.sum()))
    bar.close()
    stopped = ~floored  # the test at the endpoint, with the torch gradient that callers recompute
    if stopped.any():
        endpoint_grad = population_gradient(torch.from_numpy(weights[stopped]), teacher.detach().cpu())
        grad_norm[stopped] = gradient_test(endpoint_grad, rule.criterion).numpy()
    return Endpoints(
        weights=torch.from_numpy(weights).to(device),
        steps=torch.from_numpy(steps).to(device),
        converged=torch.from_numpy(converged).to(device),
        floored=torch.from_numpy(floored).to(device),
        grad_norm=torch.from_numpy(grad_norm).to(device),
    )
