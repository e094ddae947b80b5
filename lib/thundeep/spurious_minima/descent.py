"""Batched gradient descent on F(W; I_k): every run of one (k, n) in one float64 tensor program.

Each run follows plain GD, W_{t+1} = W_t - eta grad F(W_t), and stops on its own at the first
iterate whose gradient passes the protocol's test; stopped runs are frozen at once (their update is
masked) and dropped from the batch at the next bookkeeping point, so what a run computes does not
depend on when the others stop. A run that has not passed the test after `max_steps` updates is
reported as not converged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from tqdm import tqdm

from thundeep.gaussian_relu import population_gradient

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

    def __post_init__(self) -> None:
        if self.criterion not in CRITERIA:
            raise ValueError(f"criterion must be one of {CRITERIA}, got {self.criterion!r}")


@dataclass
class Endpoints:
    """Where each run stopped: weights (runs, n, d), updates taken, converged flag, final gradient test."""

    weights: torch.Tensor
    steps: torch.Tensor
    converged: torch.Tensor
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
    the test (converged) or after the update count reaches max_steps (not converged).
    """
    runs = start.shape[0]
    weights = start.clone()
    steps = torch.zeros(runs, dtype=torch.long, device=start.device)
    converged = torch.zeros(runs, dtype=torch.bool, device=start.device)
    grad_norm = torch.full((runs,), math.inf, dtype=start.dtype, device=start.device)

    alive = torch.arange(runs, device=start.device)  # runs still in the batch
    w = weights.clone()
    active = torch.ones(runs, dtype=torch.bool, device=start.device)
    taken = torch.zeros(runs, dtype=torch.long, device=start.device)
    last = grad_norm.clone()
    bar = tqdm(total=runs, desc="runs stopped", disable=not progress, mininterval=5.0)
    iterate = 0
    while alive.numel():
        block = min(rule.check_every, rule.max_steps + 1 - iterate)
        for _ in range(block):
            grad = population_gradient(w, teacher)
            stat = gradient_test(grad, rule.criterion)
            last = torch.where(active, stat, last)
            active &= stat > rule.tolerance
            iterate += 1
            if iterate > rule.max_steps:
                break  # the last gradient test, no update after it
            w.addcmul_(grad, active.to(w.dtype)[:, None, None], value=-rule.step)
            taken += active
        done = ~active if iterate <= rule.max_steps else torch.ones_like(active)
        if done.any():
            index = alive[done]
            weights[index] = w[done]
            steps[index] = taken[done]
            converged[index] = ~active[done]
            grad_norm[index] = last[done]
            keep = ~done
            alive, w, active, taken, last = alive[keep], w[keep], active[keep], taken[keep], last[keep]
            bar.update(int(done.sum()))
    bar.close()
    return Endpoints(weights=weights, steps=steps, converged=converged, grad_norm=grad_norm)
