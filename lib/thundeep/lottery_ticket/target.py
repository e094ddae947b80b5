"""The target network F of Theorem 1: a bias-free ReLU MLP trained on inputs in the unit ball."""

from __future__ import annotations

import torch
from tqdm import tqdm

from thundeep.nn.seeded import mlp_forward


def to_unit_sphere(x: torch.Tensor) -> torch.Tensor:
    """Scale each input row to norm 1 (the theorem's inputs lie in the unit ball)."""
    return x / x.norm(dim=1, keepdim=True).clamp_min(1e-12)


def target_logits(weights: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """F(x) = W_l [ ... [W_1 x]+ ... ]+ for row inputs x, with each W_l stored (out, in) as written."""
    return mlp_forward(x, [w.T for w in weights])


def init_weights(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    """He-uniform initial weights for layer sizes [d, n_1, ..., n_out]."""
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        bound = (6.0 / fan_in) ** 0.5
        weights.append((torch.rand(fan_out, fan_in, generator=gen) * 2 - 1) * bound)
    return weights


def train_target(
    x: torch.Tensor, y: torch.Tensor, sizes: list[int], epochs: int, lr: float, batch_size: int, seed: int
) -> list[torch.Tensor]:
    """Train the bias-free MLP with Adam on cross-entropy; returns its weights (float32, CPU)."""
    gen = torch.Generator().manual_seed(seed)
    weights = [w.requires_grad_() for w in init_weights(sizes, gen)]
    optimizer = torch.optim.Adam(weights, lr=lr)
    for _ in tqdm(range(epochs), desc="target epochs", leave=False):
        order = torch.randperm(len(x), generator=gen)
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss = torch.nn.functional.cross_entropy(target_logits(weights, x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return [w.detach() for w in weights]


def rescale_into_reach(weights: list[torch.Tensor], reach: float) -> tuple[list[torch.Tensor], list[float]]:
    """Divide each layer by c = max(1, max|W|/reach) so every entry is reachable by a product.

    By positive homogeneity of the ReLU (and no biases), F(x) = prod(c) * F_scaled(x).
    """
    factors = [max(1.0, float(w.abs().max()) / reach) for w in weights]
    return [w / c for w, c in zip(weights, factors, strict=True)], factors


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of rows whose largest logit is the label, in percent."""
    return float((logits.argmax(dim=1) == y).double().mean()) * 100.0
