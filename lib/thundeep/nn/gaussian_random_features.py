"""The population (infinite-sample) least-squares fit of random ReLU features to a ReLU neuron.

For x ~ N(0, I_d): E[u.x]_+ = |u| / sqrt(2 pi), and E[u.x]_+ [v.x]_+ is the degree-1 arc-cosine
kernel (`thundeep.gaussian_relu.relu_kernel`). The best output layer (with an intercept) for the
target f(x) = [w.x]_+ therefore solves a linear system in these moments exactly, with no sampling
error: the best predictor a random-features model of those features can reach.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from thundeep.gaussian_relu import relu_kernel
from thundeep.nn.random_features import regularised_cholesky


def relu_mean(u: torch.Tensor) -> torch.Tensor:
    """E[u_k . x]_+ for each column u_k of u (d, N): shape (N,)."""
    return u.norm(dim=0) / math.sqrt(2 * math.pi)


def population_relu_fits(
    first_layer: torch.Tensor, target: torch.Tensor, widths: Sequence[int], ridge: float
) -> list[torch.Tensor]:
    """Population least squares of [target.x]_+ on an intercept and the first N features [u_k.x]_+.

    first_layer (d, N_max), target (d,); for each N in `widths` returns weights (N + 1,), intercept
    FIRST, then the N feature weights. One Cholesky factorisation of the widest Gram matrix serves
    every width (its leading blocks); the ridge is relative to that Gram's mean diagonal. Float64.
    """
    u = first_layer.to(torch.float64)
    w = target.to(torch.float64)[:, None]
    size = u.shape[1] + 1
    gram = torch.empty(size, size, dtype=torch.float64, device=u.device)
    gram[0, 0] = 1.0
    gram[0, 1:] = gram[1:, 0] = relu_mean(u)
    gram[1:, 1:] = relu_kernel(u.T, u.T)
    moment = torch.cat([relu_mean(w), relu_kernel(u.T, w.T)[:, 0]])
    factor = regularised_cholesky(gram, ridge)
    return [torch.cholesky_solve(moment[: n + 1, None], factor[: n + 1, : n + 1])[:, 0] for n in widths]
