"""Theorem 1's weight-subnetwork: each target layer built from two random U[-1,1] layers by pruning.

For a target weight w acting on a coordinate x, w x = w [x]+ - w [-x]+ . The random intermediate
layer holds a pool of m neurons for every input coordinate j (first-layer weight u from x_j only;
all its other input weights are pruned). A neuron with u > 0 computes [u x_j]+ = u [x_j]+ and one
with u < 0 computes |u| [-x_j]+, so keeping, for output i, the second-layer weight v of one neuron
of each sign gives p+ [x_j]+ - p- [-x_j]+ with p = v u. Choosing the products closest to w_ij
therefore approximates w_ij x_j, and summing over j approximates the target layer. Every other
random weight is deleted.

A construction RULE decides which second-layer weights to keep: it returns a boolean mask over
(output i, pool j, neuron k); the sign of u_jk decides the branch a kept weight serves. The
single-product rule keeps one neuron of each sign; the subset-sum rule (`subset_sum.py`) keeps the
subset of each sign whose products sum closest to w_ij.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

ROW_CHUNK_ELEMENTS = 1 << 23
"""Second-layer draws are made in chunks of output rows of at most this many elements."""


@dataclass
class PrunedLayer:
    """Effective weights of one pruned pair of random layers, z = P+ [h]+ - P- [-h]+, and weights kept."""

    positive: torch.Tensor
    negative: torch.Tensor
    kept_weights: int


def best_single_product(w: torch.Tensor, u: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Indices k+ (u>0) and k- (u<0) in each pool whose product v_ijk u_jk is closest to w_ij.

    Returns -1 where a pool has no neuron of that sign (the branch is then dropped).
    """
    gap = (v * u - w[..., None]).abs()
    inf = torch.tensor(float("inf"), dtype=gap.dtype)
    best = []
    for sign_mask in (u > 0, u < 0):
        masked = torch.where(sign_mask, gap, inf)
        index = masked.argmin(dim=-1)
        best.append(torch.where(sign_mask.any(dim=-1).expand_as(index), index, -1))
    return best[0], best[1]


Rule = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]
"""(w (rows, n_in), u (n_in, m), v (rows, n_in, m)) -> bool mask (rows, n_in, m) of kept weights v_ijk."""


def single_product_rule(w: torch.Tensor, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Theorem 1's rule: keep, for each (i, j), the best single product of each sign."""
    keep = torch.zeros(v.shape, dtype=torch.bool)
    for index in best_single_product(w, u, v):
        keep |= torch.nn.functional.one_hot(index.clamp_min(0), v.shape[-1]).bool() & (index >= 0)[..., None]
    return keep


def prune_layer(w: torch.Tensor, m: int, gen: torch.Generator, rule: Rule = single_product_rule) -> PrunedLayer:
    """Build one target layer w (n_out, n_in) from a fresh random pair of layers with pools of m.

    Kept weights count the second-layer weights the rule keeps plus the first-layer weight u_jk of
    every pool neuron that some kept weight leaves from.
    """
    n_out, n_in = w.shape
    rows = max(1, ROW_CHUNK_ELEMENTS // (n_in * m))
    u = torch.rand(n_in, m, generator=gen, dtype=torch.float64) * 2 - 1
    positive, negative = torch.empty(n_out, n_in, dtype=torch.float64), torch.empty(n_out, n_in, dtype=torch.float64)
    used_neurons = torch.zeros(n_in, m, dtype=torch.bool)
    kept_second = 0
    for start in range(0, n_out, rows):
        stop = min(n_out, start + rows)
        v = torch.rand(stop - start, n_in, m, generator=gen, dtype=torch.float64) * 2 - 1
        keep = rule(w[start:stop].double(), u, v)
        kept_products = torch.where(keep, v * u, torch.zeros_like(v))
        positive[start:stop] = torch.where(u > 0, kept_products, 0.0).sum(dim=-1)
        negative[start:stop] = torch.where(u < 0, kept_products, 0.0).sum(dim=-1)
        used_neurons |= keep.any(dim=0)
        kept_second += int(keep.sum())
    return PrunedLayer(positive, negative, kept_second + int(used_neurons.sum()))


def pruned_forward(layers: list[PrunedLayer], x: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
    """G~(x): each pair of random layers applied as P+ [h]+ - P- [-h]+, ReLU between target layers."""
    h = x.double()
    for i, layer in enumerate(layers):
        h = torch.relu(h) @ layer.positive.T - torch.relu(-h) @ layer.negative.T
        if i < len(layers) - 1:
            h = torch.relu(h)
    return h * scale


def random_network_size(sizes: list[int], m: int) -> dict[str, int]:
    """Neurons and weights of the dense random depth-2l network with pools of m per coordinate."""
    neurons = weights = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        hidden = n_in * m
        neurons += hidden + n_out
        weights += hidden * n_in + n_out * hidden
    return {"random_neurons": neurons, "random_weights": weights}
