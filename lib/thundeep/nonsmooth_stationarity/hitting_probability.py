"""Thm 1's mechanism: how often a query sequence fixed in advance comes close to a hidden direction.

For w uniform on the unit sphere of R^d and unit queries u_1..u_T drawn once, independently of w, the
proof needs P(max_t <w, u_t> >= 1/3) <= 2 T e^{-d/36}. We estimate that probability by Monte Carlo
(the first T of one fixed sequence of queries, for every T at once) and give the exact single-query
tail, whose union bound T * tail(d) lies between the estimate and the paper's bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from thundeep.runtime import generator


def unit_directions(count: int, d: int, gen: torch.Generator, device: torch.device | str = "cpu") -> torch.Tensor:
    """`count` independent uniform unit vectors of R^d (normalised Gaussians), float64, one per row."""
    g = torch.randn(count, d, generator=gen, device=device, dtype=torch.float64)
    return g / torch.linalg.vector_norm(g, dim=1, keepdim=True)


def count_hits(
    d: int,
    queries: Sequence[int],
    threshold: float,
    draws: int,
    seed: int,
    chunk: int,
    device: torch.device | str = "cpu",
) -> np.ndarray:
    """Number of the `draws` hidden directions w with max_{t <= T} <w, u_t> >= threshold, for each T.

    The queries u_1..u_{max T} are drawn first from `seed`, then w in chunks from the same generator,
    so each T uses the first T queries of one fixed sequence and the same hidden directions.
    """
    gen = generator(seed, device)
    u = unit_directions(max(queries), d, gen, device)
    cumulative = torch.zeros(len(queries), dtype=torch.int64, device=device)
    prefix = torch.as_tensor(list(queries), device=device) - 1
    for start in range(0, draws, chunk):
        w = unit_directions(min(chunk, draws - start), d, gen, device)
        best_so_far = torch.cummax(w @ u.T, dim=1).values  # (n, max T): max over the first T queries
        cumulative += (best_so_far[:, prefix] >= threshold).sum(dim=0)
    return cumulative.cpu().numpy()


def paper_bound(d: int, queries: int) -> float:
    """Thm 1's bound on the hitting probability: 2 T e^{-d/36}."""
    return 2.0 * queries * math.exp(-d / 36.0)
