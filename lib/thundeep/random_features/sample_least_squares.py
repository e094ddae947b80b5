"""Least squares of random features on Gaussian samples, accumulated in chunks, and its test error."""

from __future__ import annotations

from collections.abc import Callable

import torch

from thundeep.nn.random_features import solve_regularised

Map = Callable[[torch.Tensor], torch.Tensor]
"""Rows x (n, d) -> features (n, N) or targets (n,)."""


def sample_relative_error(
    features: Map,
    target: Map,
    d: int,
    n_train: int,
    n_test: int,
    energy: float,
    ridge: float,
    chunk: int,
    gen: torch.Generator,
    test_gen: torch.Generator | None = None,
    device: torch.device | str = "cpu",
) -> float:
    """E_test(f_hat - f)^2 / E f^2 of the least-squares fit on n_train fresh points x ~ N(0, I_d).

    The normal equations are summed over chunks of `chunk` points and solved with a ridge relative to
    tr(G)/N (`thundeep.nn.random_features.solve_regularised`). `energy` is the exact E f^2. Without
    `test_gen` the test points are drawn after the training points from `gen`. With it they come from
    `test_gen`, and every training chunk is drawn whole (the last one cut), so that the training points
    are the first n_train of one sequence: fits of different sizes on the same generators are nested.
    The points are drawn on the CPU (the same numbers on any device) and moved to `device`, where the
    maps, the normal equations and the solve run (the maps must accept rows there); the error is a float.
    """
    gram: torch.Tensor | None = None
    moment: torch.Tensor | None = None
    for start in range(0, n_train, chunk):
        size = min(chunk, n_train - start)
        x = torch.randn(size if test_gen is None else chunk, d, generator=gen, dtype=torch.float64)[:size].to(device)
        phi, y = features(x), target(x)
        gram = phi.T @ phi if gram is None else gram.addmm_(phi.T, phi)
        moment = phi.T @ y if moment is None else moment.addmv_(phi.T, y)
    if gram is None or moment is None:
        raise ValueError("no training points: the least-squares fit needs at least one")
    weights = solve_regularised(gram, moment[:, None], ridge)[:, 0]
    squared = 0.0
    for start in range(0, n_test, chunk):
        x = torch.randn(min(chunk, n_test - start), d, generator=test_gen or gen, dtype=torch.float64).to(device)
        squared += float((features(x) @ weights - target(x)).square().sum())
    return squared / n_test / energy
