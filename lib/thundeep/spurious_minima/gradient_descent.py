"""Batched gradient descent on F(W; I_k): every run of one (k, n) in one float64 tensor program.

Each run follows plain GD, W_{t+1} = W_t - eta grad F(W_t), and stops on its own at the first
iterate whose gradient passes the protocol's test; stopped runs are frozen at once (their update is
masked) and dropped from the batch at the next bookkeeping point (every `check_every` iterations),
so what a run computes does not depend on when the others stop. Optionally a run also stops when its
loss, checked at the bookkeeping points, is below `loss_floor`: F >= 0 vanishes only at global
minima, so such a run has reached the global-minimum value to within the floor. A run that has done
neither after `max_steps` updates is reported as capped (not converged).

The iterations run in numpy on the CPU (`StudentGradient`): with a handful of (n, d) matrices per
run, per-operation overhead dominates, and numpy's is several times smaller than torch's, on either
machine. Inputs and outputs stay torch tensors on the caller's device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from tqdm import tqdm

from thundeep.gaussian_relu import population_gradient, population_loss

_INV_TWO_PI = 1.0 / (2.0 * math.pi)
_TINY = np.finfo(np.float64).smallest_subnormal

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


def _gradient_statistic(grad: np.ndarray, criterion: str) -> np.ndarray:
    """`gradient_test` on a numpy array (runs, n, d), for the iteration loop."""
    if criterion == "neuron_max":
        return np.sqrt(np.einsum("rnd,rnd->rn", grad, grad)).max(-1)
    return np.sqrt(np.einsum("rnd,rnd->r", grad, grad))


class StudentGradient:
    """grad_W F(W; V) for a fixed teacher V (k, d), numpy float64, W (runs, n, d).

    The formula of `thundeep.gaussian_relu.population_gradient` (equal to it within a few ulps; the
    factor 1 / (2 pi) is folded into the signed rows and norms), with the teacher's norms, unit rows
    and signed rows computed once and the stacked (student, teacher) buffers reused while the batch
    size stays the same.
    """

    def __init__(self, teacher: np.ndarray) -> None:
        self.teacher = np.asarray(teacher, dtype=np.float64)
        norms = np.sqrt(np.einsum("kd,kd->k", self.teacher, self.teacher))
        self.teacher_norms = norms
        self.teacher_units = self.teacher / np.where(norms > 0, norms, 1.0)[:, None]
        self.shape: tuple[int, int] | None = None

    def _buffers(self, runs: int, n: int) -> None:
        """Stacked unit rows (transposed), signed rows and signed norms, teacher part filled."""
        k, d = self.teacher.shape
        self.units_t = np.empty((runs, d, n + k))  # transposed: a contiguous right factor is faster
        self.units_t[:, :, n:] = self.teacher_units.T
        self.signed_rows = np.empty((runs, n + k, d))  # both signed parts carry the factor 1 / (2 pi)
        self.signed_rows[:, n:] = self.teacher * -_INV_TWO_PI
        self.signed_norms = np.empty((runs, n + k, 1))
        self.signed_norms[:, n:, 0] = self.teacher_norms * -_INV_TWO_PI
        self.shape = (runs, n)

    def __call__(self, weights: np.ndarray) -> np.ndarray:
        runs, n, _ = weights.shape
        if self.shape != (runs, n):
            self._buffers(runs, n)
        norms = np.sqrt(np.einsum("rnd,rnd->rn", weights, weights))
        units = weights / np.maximum(norms, _TINY)[..., None]  # a zero row stays zero
        self.units_t[:, :, :n] = units.transpose(0, 2, 1)
        np.multiply(weights, _INV_TWO_PI, out=self.signed_rows[:, :n])
        np.multiply(norms, _INV_TWO_PI, out=self.signed_norms[:, :n, 0])
        neg_cos = np.matmul(units, self.units_t)
        np.negative(neg_cos, out=neg_cos)
        np.clip(neg_cos, -1.0, 1.0, out=neg_cos)
        sin = 1.0 - neg_cos * neg_cos
        np.sqrt(sin, out=sin)
        radial = np.matmul(sin, self.signed_norms)
        linear = np.matmul(np.arccos(neg_cos, out=neg_cos), self.signed_rows)
        linear += radial * units
        return linear


def descend(start: torch.Tensor, teacher: torch.Tensor, rule: Descent, progress: bool = False) -> Endpoints:
    """Run GD from every start (runs, n, d) against `teacher` (k, d) until each run stops.

    The gradient is evaluated at iterates 0..max_steps; a run stops at the first one that passes
    the test (converged), at the first bookkeeping point where its loss is below the floor
    (floored), or after max_steps updates (capped). A converged or capped run's `grad_norm` is
    `gradient_test(population_gradient(...))` at its endpoint; a floored run's is its last test.
    """
    device = start.device
    gradient = StudentGradient(teacher.detach().cpu().numpy())
    w = start.detach().cpu().numpy().astype(np.float64, copy=True)
    runs = w.shape[0]
    weights = w.copy()
    steps = np.zeros(runs, dtype=np.int64)
    converged = np.zeros(runs, dtype=bool)
    floored = np.zeros(runs, dtype=bool)
    grad_norm = np.full(runs, math.inf)

    alive = np.arange(runs)  # runs still in the batch, and their state:
    active, taken, last = np.ones(runs, dtype=bool), np.zeros(runs, dtype=np.int64), grad_norm.copy()
    bar = tqdm(total=runs, desc="runs stopped", disable=not progress, mininterval=5.0)
    iterate = 0
    while alive.size:
        for _ in range(min(rule.check_every, rule.max_steps + 1 - iterate)):
            grad = gradient(w)
            last = _gradient_statistic(grad, rule.criterion)  # a frozen run's repeats its last test
            active &= last > rule.tolerance
            iterate += 1
            if iterate > rule.max_steps:
                break  # the last gradient test, no update after it
            grad *= (rule.step * active)[:, None, None]
            w -= grad
            taken += active
        floor = np.zeros_like(active)
        if rule.loss_floor is not None and iterate <= rule.max_steps:
            loss = population_loss(torch.from_numpy(w), teacher.detach().cpu()).numpy()
            floor = active & (loss < rule.loss_floor)
        done = ~active | floor if iterate <= rule.max_steps else np.ones_like(active)
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
