"""Train the seeds of a seed-stacked model together: one batched step updates every seed at once.

Each seed has its own minibatch order (its own random stream), and the loss is the SUM over seeds of
each seed's mean loss, so each seed's gradient, momentum and weight decay are exactly those it would
have if trained alone (SGD and Adam are elementwise). Training S seeds together therefore gives the
same networks as S separate runs, up to floating-point rounding, in one pass.

Two regimes: `train_seeds` makes epochs over a fixed data set (SGD, cross-entropy);
`train_seeds_online` draws every minibatch fresh from each seed's own sample stream (Adam, square loss).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F
from tqdm import tqdm

from thundeep.nn.seeded import stream_generator

SHUFFLE_STREAM = 2
"""Random stream of the minibatch order."""
FRESH_STREAM = 3
"""Random stream of the fresh samples of online training."""

Sampler = Callable[[int, torch.Generator], tuple[torch.Tensor, torch.Tensor]]
"""Draws n fresh (inputs (n, d), targets (n,)) from the generator it is given."""


@dataclass(frozen=True)
class SGDSchedule:
    """SGD with momentum and weight decay, learning rate on a per-step cosine from `lr` to 0."""

    epochs: int
    batch_size: int
    lr: float
    momentum: float = 0.9
    weight_decay: float = 1e-4


def epoch_orders(n: int, seeds: Sequence[int], epochs: int) -> torch.Tensor:
    """(epochs, S, n) permutations: seed s's minibatch order in every epoch (drawn on the CPU)."""
    orders = []
    for seed in seeds:
        gen = stream_generator(seed, SHUFFLE_STREAM)
        orders.append(torch.stack([torch.randperm(n, generator=gen) for _ in range(epochs)]))
    return torch.stack(orders, dim=1)


def seedwise_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Sum over seeds of each seed's mean cross-entropy; logits (S, B, C), labels (S, B)."""
    per_example = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), reduction="none")
    return per_example.view(labels.shape).mean(dim=1).sum()


def train_seeds(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    seeds: Sequence[int],
    schedule: SGDSchedule,
    progress: str | None = None,
) -> None:
    """Train `model` (seed-stacked, seeds in this order) in place on (x, y) with `schedule`.

    x (n, d) and y (n,) live on the model's device; the last incomplete minibatch of an epoch is kept.
    """
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.SGD(params, lr=schedule.lr, momentum=schedule.momentum, weight_decay=schedule.weight_decay)
    n = x.shape[0]
    steps_per_epoch = math.ceil(n / schedule.batch_size)
    total = schedule.epochs * steps_per_epoch
    cosine = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda t: 0.5 * (1 + math.cos(math.pi * t / total)))
    orders = epoch_orders(n, seeds, schedule.epochs).to(x.device)
    model.train()
    for epoch in tqdm(range(schedule.epochs), desc=progress, disable=progress is None, leave=False):
        for start in range(0, n, schedule.batch_size):
            index = orders[epoch, :, start : start + schedule.batch_size]
            loss = seedwise_cross_entropy(model(x[index]), y[index])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            cosine.step()


@torch.no_grad()
def seedwise_accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int = 2048) -> torch.Tensor:
    """Fraction of (x, y) each seed classifies correctly: a (S,) tensor."""
    model.eval()
    correct = None
    for start in range(0, x.shape[0], batch_size):
        logits = model(x[start : start + batch_size])
        hits = (logits.argmax(dim=-1) == y[start : start + batch_size]).sum(dim=-1)
        correct = hits if correct is None else correct + hits
    if correct is None:
        raise ValueError("no test points: accuracy needs at least one")
    return correct.double() / x.shape[0]


@dataclass(frozen=True)
class OnlineAdam:
    """Adam at a constant learning rate (default betas) on `steps` fresh minibatches of `batch_size`."""

    steps: int
    batch_size: int
    lr: float


def fresh_batches(
    sampler: Sampler, seeds: Sequence[int], batch_size: int, device: torch.device | str = "cpu"
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Endless seed-stacked minibatches (S, B, d), (S, B): seed s draws from its own stream on the CPU."""
    gens = [stream_generator(seed, FRESH_STREAM) for seed in seeds]
    while True:
        draws = [sampler(batch_size, gen) for gen in gens]
        yield torch.stack([x for x, _ in draws]).to(device), torch.stack([y for _, y in draws]).to(device)


def seedwise_squared_error(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Sum over seeds of each seed's mean squared error; outputs and targets (S, B)."""
    return (outputs - targets).square().mean(dim=1).sum()


def train_seeds_online(
    model: nn.Module,
    batches: Iterator[tuple[torch.Tensor, torch.Tensor]],
    schedule: OnlineAdam,
    evaluate: Callable[[nn.Module], torch.Tensor],
    every: int,
    progress: str | None = None,
) -> tuple[list[int], torch.Tensor]:
    """Train `model` in place with Adam on `schedule.steps` minibatches of `batches` (square loss).

    `evaluate(model)` -> (S,) runs before the first step and after every `every` steps; returns the
    steps at which it ran and the (E, S) evaluations. The model's output (S, B, 1) is read as (S, B).
    """
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=schedule.lr, foreach=True)
    steps, values = [0], [evaluate(model)]
    for step in tqdm(range(1, schedule.steps + 1), desc=progress, disable=progress is None, leave=False):
        x, y = next(batches)
        loss = seedwise_squared_error(model(x).squeeze(-1), y)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        if step % every == 0:
            steps.append(step)
            values.append(evaluate(model))
    return steps, torch.stack(values)


@torch.no_grad()
def seedwise_rmse(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int = 8192) -> torch.Tensor:
    """Root-mean-square error of each seed on (x (n, d), y (n,)): a (S,) float64 tensor."""
    total: torch.Tensor | None = None
    for start in range(0, x.shape[0], batch_size):
        residual = model(x[start : start + batch_size]).squeeze(-1) - y[start : start + batch_size]
        part = residual.double().square().sum(dim=-1)
        total = part if total is None else total + part
    if total is None:
        raise ValueError("no points: the RMSE needs at least one")
    return (total / x.shape[0]).sqrt()
