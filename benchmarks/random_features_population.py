"""Benchmark: where E1's time goes, and the nested factor against one eigendecomposition per width.

Usage: python benchmarks/random_features_population.py [d] [max_width] [seeds]
For one dimension (default d = 16, N up to 4096, 3 seeds batched, one torch thread) it times
(a) the arc-cosine Gram matrix of all features, (b) the exact errors at every width of the
quarter-octave grid with `population_relu_fits` (the nested Cholesky factor and its certificate,
grown block by block), (c) one plain Cholesky of the widest Gram and (d) one eigendecomposition of it
(what every width of the grid would cost with the spec's eigendecomposition), and checks that (b)
agrees with (d) at the widest width. CPU seconds (process time) are printed beside wall seconds, so
the numbers mean something on a shared machine.
"""

from __future__ import annotations

import sys
import time

import torch

from thundeep.gaussian_relu import relu_kernel
from thundeep.nn.gaussian_random_features import population_relu_fits
from thundeep.random_features.n_eps import width_grid
from thundeep.random_features.neuron_features import sphere_features, unit_target


def timed(label: str, function):
    """Run `function()`, print its wall and CPU seconds, return its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    print(f"{label:58s} wall {time.perf_counter() - wall:7.2f} s   cpu {time.process_time() - cpu:7.2f} s", flush=True)
    return result


def main(d: int = 16, max_width: int = 4096, seeds: int = 3) -> None:
    torch.set_num_threads(1)
    u = torch.stack([sphere_features(d, max_width, s) for s in range(seeds)])
    w = unit_target(d).expand(seeds, d)
    grid = width_grid(max_width, 4)
    gram = timed(f"(a) Gram of {max_width} features, {seeds} seeds", lambda: relu_kernel(u.mT, u.mT))
    fits = timed(
        f"(b) exact errors at all {len(grid)} widths (nested factor)",
        lambda: population_relu_fits(u, w, grid, intercept=False),
    )
    timed("(c) one Cholesky of the widest Gram", lambda: torch.linalg.cholesky(gram))
    values, vectors = timed("(d) one eigendecomposition of the widest Gram", lambda: torch.linalg.eigh(gram))
    b = relu_kernel(u.mT, w[:, None, :])[..., 0]
    projection = (vectors.mT @ b[..., None])[..., 0]
    keep = values > 1e-12 * values[..., -1:]
    eigen = 1 - 2 * torch.where(keep, projection.square() / values, torch.zeros_like(values)).sum(-1)
    print("solvers:", sorted({f.solver for f in fits}))
    print("error at the widest width, nested factor:", fits[-1].relative_error.tolist())
    print("error at the widest width, eigendecomposition:", eigen.tolist())


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
