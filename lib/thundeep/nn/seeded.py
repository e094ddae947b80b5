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
    seeds: Sequence[int], stream: int, draw: Callable[[torch.Generator], torch.Tensor]
) -> torch.Tensor:
    """Stack `draw(gen)` over seeds, each with its own generator for `stream` (drawn on the CPU).

    Drawing on the CPU makes a seed's tensors the same on every device and independent of which
    other seeds share the batch.
    """
    return torch.stack([draw(stream_generator(seed, stream)) for seed in seeds])


def signed_constant(fan_in: int, fan_out: int, gen: torch.Generator) -> torch.Tensor:
    """(fan_in, fan_out) weights +-sqrt(2/fan_in) with random signs (edge-popup's signed Kaiming constant)."""
    signs = torch.randint(0, 2, (fan_in, fan_out), generator=gen, dtype=torch.float32) * 2 - 1
    return signs * (2.0 / fan_in) ** 0.5


def kaiming_normal(fan_in: int, fan_out: int, gen: torch.Generator) -> torch.Tensor:
    """(fan_in, fan_out) weights N(0, 2/fan_in)."""
    return torch.randn(fan_in, fan_out, generator=gen) * (2.0 / fan_in) ** 0.5


def symmetric_uniform(shape: Sequence[int], bound: float, gen: torch.Generator) -> torch.Tensor:
    """Weights U[-bound, bound] of the given shape."""
    return (torch.rand(*shape, generator=gen) * 2 - 1) * bound


def mlp_forward(x: torch.Tensor, weights: Sequence[torch.Tensor]) -> torch.Tensor:
    """Bias-free ReLU MLP for S seeds at once: x (S, B, d) or (B, d), weights (S, fan_in, fan_out)."""
    h = x
    for i, w in enumerate(weights):
        h = torch.matmul(h, w)
        if i < len(weights) - 1:
            h = torch.relu(h)
    return h
