"""Seed-stacked tensors: independent random draws per seed, stacked along a leading dimension."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch


def stream_generator(seed: int, stream: int) -> torch.Generator:
    """A CPU generator for one named random stream of `seed` (streams of one seed are independent)."""
    state = np.random.SeedSequence([int(seed), int(stream)]).generate_state(2, dtype=np.uint32)
    gen = torch.Generator()
    gen.manual_seed(int(state[0]) << 32 | int(state[1]))
    return gen


def stack_over_seeds(
    seeds: Sequence[int],
    stream: int,
    shapes: Sequence[tuple[int, ...]],
    draw: Callable[[tuple[int, ...], torch.Generator], torch.Tensor],
) -> list[torch.Tensor]:
    """One tensor per shape, drawn in order from each seed's `stream` and stacked: (S, *shape) each.

    Draws happen on the CPU, so a seed's tensors are the same on every device and do not depend on
    which other seeds share the batch.
    """
    per_seed = []
    for seed in seeds:
        gen = stream_generator(seed, stream)
        per_seed.append([draw(tuple(shape), gen) for shape in shapes])
    return [torch.stack([tensors[i] for tensors in per_seed]) for i in range(len(shapes))]


def signed_constant(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Weights +-sqrt(2/fan_in) with random signs, fan_in = shape[0] (edge-popup's signed Kaiming constant)."""
    signs = torch.randint(0, 2, shape, generator=gen, dtype=torch.float32) * 2 - 1
    return signs * (2.0 / shape[0]) ** 0.5


def kaiming_normal(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Weights N(0, 2/fan_in), fan_in = shape[0]."""
    return torch.randn(shape, generator=gen) * (2.0 / shape[0]) ** 0.5


def fan_in_uniform(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Scores U[-1/sqrt(shape[0]), 1/sqrt(shape[0])] (edge-popup's score initialisation scale)."""
    return (torch.rand(shape, generator=gen) * 2 - 1) * shape[0] ** -0.5


def mlp_forward(
    x: torch.Tensor, weights: Sequence[torch.Tensor], biases: Sequence[torch.Tensor] | None = None
) -> torch.Tensor:
    """ReLU MLP for S seeds at once: x (S, B, d) or (B, d), weights (S, fan_in, fan_out).

    `biases`, when given, holds one (S, 1, fan_out) tensor per layer; without them the MLP is bias-free.
    """
    h = x
    for i, w in enumerate(weights):
        h = torch.matmul(h, w)
        if biases is not None:
            h = h + biases[i]
        if i < len(weights) - 1:
            h = torch.relu(h)
    return h
