"""Seed-stacked bias-free ReLU nets whose frozen random weights are pruned by learned scores.

- `EdgePopupMLP`: one score per weight; each layer keeps the top-k% of its scores (Ramanujan et al.
  2020). A subnetwork obtained by deleting weights, as in Malach et al. (2020) Theorem 1.
- `NeuronSubnetworkMLP`: one score per hidden neuron; each hidden layer keeps its top-k% neurons. A
  subnetwork obtained by deleting neurons, which Malach et al. (2020) Theorem 2 shows is no stronger
  than a random-features model.
- `DenseMLP`: the same architecture with every weight trained (the reference).
Frozen weights are buffers: no optimiser ever sees them. The same seed gives every method the same
random network (stream `WEIGHT_STREAM`).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from thundeep.nn.masks import straight_through_mask, top_fraction_mask
from thundeep.nn.seeded import fan_in_uniform, kaiming_normal, mlp_forward, signed_constant, stack_over_seeds

WEIGHT_STREAM = 0
"""Random stream of the network weights."""
SCORE_STREAM = 1
"""Random stream of the initial scores."""


def layer_shapes(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """(fan_in, fan_out) of each layer of an MLP with layer widths `sizes` (input first, output last)."""
    return list(zip(sizes[:-1], sizes[1:], strict=True))


def frozen_random_weights(sizes: Sequence[int], seeds: Sequence[int]) -> list[torch.Tensor]:
    """Signed-constant weights of the random net with widths `sizes`: one (S, fan_in, fan_out) per layer."""
    return stack_over_seeds(seeds, WEIGHT_STREAM, layer_shapes(sizes), signed_constant)


class _FrozenRandomMLP(nn.Module):
    """Holds the frozen random weights as buffers `weight0`, `weight1`, ..."""

    def __init__(self, sizes: Sequence[int], seeds: Sequence[int]) -> None:
        super().__init__()
        self.depth = len(sizes) - 1
        for i, weight in enumerate(frozen_random_weights(sizes, seeds)):
            self.register_buffer(f"weight{i}", weight)

    def weights(self) -> list[torch.Tensor]:
        """The frozen random weights, one (S, fan_in, fan_out) tensor per layer."""
        return [getattr(self, f"weight{i}") for i in range(self.depth)]


class EdgePopupMLP(_FrozenRandomMLP):
    """Frozen signed-constant weights, a learned score per weight, top-`keep` fraction per layer."""

    def __init__(self, sizes: Sequence[int], seeds: Sequence[int], keep: float) -> None:
        super().__init__(sizes, seeds)
        self.keep = float(keep)
        initial = stack_over_seeds(seeds, SCORE_STREAM, layer_shapes(sizes), fan_in_uniform)
        self.scores = nn.ParameterList(nn.Parameter(s) for s in initial)

    def masks(self) -> list[torch.Tensor]:
        """The 0/1 masks the forward pass uses now, one (S, fan_in, fan_out) per layer."""
        return [top_fraction_mask(s, self.keep) for s in self.scores]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pruned = [w * straight_through_mask(s, self.keep) for w, s in zip(self.weights(), self.scores, strict=True)]
        return mlp_forward(x, pruned)


class NeuronSubnetworkMLP(_FrozenRandomMLP):
    """Frozen signed-constant weights, a learned score per hidden neuron, top-`keep` neurons per layer."""

    def __init__(self, sizes: Sequence[int], seeds: Sequence[int], keep: float) -> None:
        super().__init__(sizes, seeds)
        self.keep = float(keep)
        initial = stack_over_seeds(seeds, SCORE_STREAM, [(h,) for h in sizes[1:-1]], fan_in_uniform)
        self.scores = nn.ParameterList(nn.Parameter(s) for s in initial)

    def masks(self) -> list[torch.Tensor]:
        """The 0/1 masks over hidden neurons the forward pass uses now, one (S, width) per hidden layer."""
        return [top_fraction_mask(s, self.keep) for s in self.scores]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weights = self.weights()
        h = x
        for w, s in zip(weights[:-1], self.scores, strict=True):
            h = torch.relu(torch.matmul(h, w)) * straight_through_mask(s, self.keep)[:, None, :]
        return torch.matmul(h, weights[-1])


class DenseMLP(nn.Module):
    """Every weight trained; Kaiming-normal initialisation, stacked over seeds.

    With `bias=True` every layer also has a trained bias, initialised to zero: (S, 1, fan_out).
    """

    def __init__(self, sizes: Sequence[int], seeds: Sequence[int], bias: bool = False) -> None:
        super().__init__()
        initial = stack_over_seeds(seeds, WEIGHT_STREAM, layer_shapes(sizes), kaiming_normal)
        self.layers = nn.ParameterList(nn.Parameter(w) for w in initial)
        self.biases = (
            nn.ParameterList(nn.Parameter(torch.zeros(len(seeds), 1, w.shape[-1])) for w in initial) if bias else None
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return mlp_forward(x, list(self.layers), None if self.biases is None else list(self.biases))
