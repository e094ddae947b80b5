"""E2: one ReLU neuron learns the ReLU neuron target, by population GD and by online SGD.

F(w) = 1/2 E([w.x]_+ - [w*.x]_+)^2 for x ~ N(0, I_d), w* = e_1, in closed form (arc-cosine kernel):
grad F = w/2 - g(w, w*). The relative error E(f_w - f)^2 / E f^2 = 2 F(w) / (1/2) = 4 F(w) is exact
at every recorded step; only SGD's updates use samples. Starts w_0 ~ N(0, I/d), one per seed.
"""

from __future__ import annotations

import numpy as np
import torch

from thundeep.gaussian_relu import population_gradient, population_loss
from thundeep.nn.seeded import stream_generator
from thundeep.random_features.neuron_features import unit_target
from thundeep.relu_neuron.descent import gradient_descent

START_STREAM, SGD_STREAM = 0, 1


def gaussian_loss_and_gradient(w: np.ndarray, teacher: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F(w) and grad F(w) for x ~ N(0, I_d): a batch w (B, d) against one neuron v (d,), closed form."""
    weights = torch.from_numpy(w).unsqueeze(-2)
    target = torch.from_numpy(teacher).unsqueeze(0)
    loss = population_loss(weights, target)
    gradient = population_gradient(weights, target).squeeze(-2)
    return loss.numpy(), gradient.numpy()


def starts(d: int, seeds: list[int]) -> np.ndarray:
    """w_0 ~ N(0, I/d) for each seed: (S, d)."""
    draws = [
        torch.randn(d, generator=stream_generator(s, START_STREAM * 100_000 + d), dtype=torch.float64) for s in seeds
    ]
    return torch.stack(draws).numpy() / np.sqrt(d)


def relative_errors(w: np.ndarray) -> np.ndarray:
    """4 F(w) for a batch w (..., d) against w* = e_1."""
    teacher = unit_target(w.shape[-1])
    return 4 * population_loss(torch.from_numpy(w).unsqueeze(-2), teacher[None, :]).numpy()


def gd_errors(d: int, seeds: list[int], lr: float, steps: int) -> np.ndarray:
    """Relative error after each of 0..steps population GD steps: (steps + 1, S)."""
    teacher = unit_target(d).numpy()
    trajectory = gradient_descent(lambda w: gaussian_loss_and_gradient(w, teacher), starts(d, seeds), lr, steps)
    return 4 * trajectory.losses


def sample_gradient(w: torch.Tensor, x: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """Mini-batch gradient of 1/2 mean([w.x]_+ - [w*.x]_+)^2: w (S, d), x (S, B, d) -> (S, d)."""
    pre = (x @ w[:, :, None])[..., 0]
    residual = (torch.relu(pre) - torch.relu(x @ teacher)) * (pre > 0)
    return (residual[:, :, None] * x).mean(dim=1)


def sgd_errors(
    d: int, seeds: list[int], lr: float, batch: int, steps: int, record_every: int
) -> tuple[np.ndarray, np.ndarray]:
    """(recorded steps, relative errors (len(steps), S)) of online SGD with fresh Gaussian batches."""
    w = torch.from_numpy(starts(d, seeds))
    teacher = unit_target(d)
    gens = [stream_generator(s, SGD_STREAM * 100_000 + d) for s in seeds]
    recorded, errors = [0], [relative_errors(w.numpy())]
    for t in range(1, steps + 1):
        x = torch.stack([torch.randn(batch, d, generator=g, dtype=torch.float64) for g in gens])  # (S, B, d)
        w = w - lr * sample_gradient(w, x, teacher)
        if t % record_every == 0 or t == steps:
            recorded.append(t)
            errors.append(relative_errors(w.numpy()))
    return np.asarray(recorded), np.stack(errors)
