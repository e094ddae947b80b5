"""Random-features models: a frozen random ReLU layer and an output layer fitted by least squares.

Malach et al. (2020) Theorem 2: a neuron-subnetwork of a random depth-2 net is a random-features
model, so the least-squares output layer on the same random features is the best any
neuron-subnetwork of that layer can do (in squared loss).
"""

from __future__ import annotations

import torch


def relu_features(x: torch.Tensor, first_layer: torch.Tensor) -> torch.Tensor:
    """[x U]_+ : x (..., n, d), first_layer U (..., d, N) -> (..., n, N)."""
    return torch.relu(torch.matmul(x, first_layer))


def regularised_cholesky(gram: torch.Tensor, ridge: float) -> torch.Tensor:
    """Cholesky factor of G + ridge * mean(diag G) * I, batched, in float64.

    `ridge` is relative to the average feature energy so one value suits any feature scale. The
    factor's leading k x k block is the factor of the leading k x k block of the regularised G, so one
    factorisation serves every nested subset of the first k features.
    """
    gram = gram.to(torch.float64)
    scale = gram.diagonal(dim1=-2, dim2=-1).mean(dim=-1)[..., None, None]
    eye = torch.eye(gram.shape[-1], dtype=torch.float64, device=gram.device)
    return torch.linalg.cholesky(gram + ridge * scale * eye)


def solve_regularised(gram: torch.Tensor, moment: torch.Tensor, ridge: float) -> torch.Tensor:
    """Solve (G + ridge * mean(diag G) * I) a = b, batched, in float64."""
    return torch.cholesky_solve(moment.to(torch.float64), regularised_cholesky(gram, ridge))


def fit_least_squares(features: torch.Tensor, targets: torch.Tensor, ridge: float = 0.0) -> torch.Tensor:
    """Output weights a minimising ||features a - targets||^2 + ridge * mean feature energy * ||a||^2.

    features (..., n, N), targets (..., n, C) -> weights (..., N, C) in float64 (normal equations).
    """
    phi = features.to(torch.float64)
    gram = phi.transpose(-1, -2) @ phi
    return solve_regularised(gram, phi.transpose(-1, -2) @ targets.to(torch.float64), ridge)
