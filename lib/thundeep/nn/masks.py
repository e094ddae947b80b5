"""Top-k% masks over learned scores, with the straight-through gradient of edge-popup.

Ramanujan et al. (CVPR 2020, "What's hidden in a randomly weighted neural network?"): the forward
pass keeps the edges whose scores are in the top k% of their layer; the backward pass treats the
mask as the identity, so dL/ds = dL/d(w * mask) * w reaches every score, kept or not.
"""

from __future__ import annotations

import torch


def kept_count(size: int, fraction: float) -> int:
    """How many of `size` entries a top-`fraction` mask keeps (at least one)."""
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"keep fraction must lie in (0, 1], got {fraction}")
    return max(1, round(fraction * size))


def top_fraction_mask(scores: torch.Tensor, fraction: float) -> torch.Tensor:
    """0/1 mask of the same shape keeping exactly `kept_count` largest scores per leading index (seed)."""
    flat = scores.detach().reshape(scores.shape[0], -1)
    keep = kept_count(flat.shape[1], fraction)
    mask = torch.zeros_like(flat)
    mask.scatter_(1, flat.topk(keep, dim=1, sorted=False).indices, 1.0)
    return mask.view_as(scores)


class _StraightThroughTopFraction(torch.autograd.Function):
    """Forward: the top-fraction mask. Backward: the incoming gradient, unchanged, to the scores."""

    @staticmethod
    def forward(ctx, scores: torch.Tensor, fraction: float) -> torch.Tensor:
        return top_fraction_mask(scores, fraction)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
        return grad, None


def straight_through_mask(scores: torch.Tensor, fraction: float) -> torch.Tensor:
    """The top-`fraction` mask of `scores` per seed, differentiable by the straight-through rule."""
    return _StraightThroughTopFraction.apply(scores, fraction)
