"""Batched gradient descent on F(W; I_k): every run of one (k, n) in one float64 tensor program.

Each run follows plain GD, W_{t+1} = W_t - eta grad F(W_t), and stops on its own at the first
iterate whose gradient passes the protocol's test; stopped runs are frozen at once (their update is
masked) and dropped from the batch at the next bookkeeping point (every `check_every` iterations),
so what a run computes does not depend on when the others stop. Optionally a run also stops when its
loss, checked at the bookkeeping points, is below `loss_floor`: F >= 0 vanishes only at global
minima, so such a run has reached the global-minimum value to within the floor. A run that has done
neither after `max_steps` updates is reported as capped (not converged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from tqdm import tqdm

from thundeep.gaussian_relu import population_gradient, population_loss

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
    (floored), or after max_steps updates (capped).
    """
    runs, device = start.shape[0], start.device
    weights = start.clone()
    steps = torch.zeros(runs, dtype=torch.long, device=device)
    converged = torch.zeros(runs, dtype=torch.bool, device=device)
    floored = torch.zeros(runs, dtype=torch.bool, device=device)
    grad_norm = torch.full((runs,), math.inf, dtype=start.dtype, device=device)

    alive = torch.arange(runs, device=device)  # runs still in the batch, and their state:
    w, active, taken, last = start.clone(), torch.ones_like(converged), torch.zeros_like(steps), grad_norm.clone()
    bar = tqdm(total=runs, desc="runs stopped", disable=not progress, mininterval=5.0)
    iterate = 0
    while alive.numel():
        for _ in range(min(rule.check_every, rule.max_steps + 1 - iterate)):
            grad = population_gradient(w, teacher)
            stat = gradient_test(grad, rule.criterion)
            last = torch.where(active, stat, last)
            active &= stat > rule.tolerance
            iterate += 1
            if iterate > rule.max_steps:
                break  # the last gradient test, no update after it
            w.addcmul_(grad, active.to(w.dtype)[:, None, None], value=-rule.step)
            taken += active
        floor = torch.zeros_like(active)
        if rule.loss_floor is not None and iterate <= rule.max_steps:
            floor = active & (population_loss(w, teacher) < rule.loss_floor)
        done = ~active | floor if iterate <= rule.max_steps else torch.ones_like(active)
        if done.any():
            index = alive[done]
            weights[index] = w[done]
            steps[index] = taken[done]
            converged[index] = ~active[done]
            floored[index] = floor[done]
            grad_norm[index] = last[done]
            keep = ~done
            alive, w, active, taken, last = alive[keep], w[keep], active[keep], taken[keep], last[keep]
            bar.update(int(done.sum()))
    bar.close()
    return Endpoints(weights=weights, steps=steps, converged=converged, floored=floored, grad_norm=grad_norm)
