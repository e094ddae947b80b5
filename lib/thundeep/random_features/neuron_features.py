"""E1 and E1': random ReLU features against one ReLU neuron, exactly (population) and from samples.

Target f(x) = [<w*, x>]_+ with w* = e_1 (the feature law is rotation invariant, so any unit w* gives
the same errors), x ~ N(0, I_d), E f^2 = 1/2. Features [<u_i, x>]_+ with u_i uniform on the unit
sphere, no bias, no intercept. E1 computes E(f_hat - f)^2 / E f^2 of the best output layer exactly
(`thundeep.nn.gaussian_random_features.population_relu_fits`); E1' fits the same features by least
squares on n = samples_per_feature * N samples and tests on fresh points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from thundeep.nn.gaussian_random_features import population_relu_fits
from thundeep.nn.random_features import relu_features
from thundeep.nn.seeded import stream_generator
from thundeep.random_features.n_eps import search_done
from thundeep.random_features.sample_least_squares import sample_relative_error

FEATURE_STREAM, SAMPLE_STREAM = 0, 1
"""Random streams of seed s at dimension d: (s, STREAM * 1000 + d)."""


def unit_target(d: int) -> torch.Tensor:
    """w* = e_1 in R^d (float64)."""
    w = torch.zeros(d, dtype=torch.float64)
    w[0] = 1.0
    return w


def sphere_features(d: int, width: int, seed: int) -> torch.Tensor:
    """u_1..u_width uniform on the unit sphere of R^d, as columns (d, width); nested in width."""
    gen = stream_generator(seed, FEATURE_STREAM * 1000 + d)
    u = torch.randn(width, d, generator=gen, dtype=torch.float64)
    return (u / u.norm(dim=1, keepdim=True)).T


@dataclass(frozen=True)
class ExactCurve:
    """E1's exact relative errors at dimension d: errors[i, s] at widths[i] for seeds[s]."""

    d: int
    seeds: list[int]
    widths: list[int]
    errors: np.ndarray
    fallbacks: int
    """Widths whose pseudo-inverse needed the eigendecomposition (the Cholesky certificate failed)."""


def exact_curve(
    d: int,
    seeds: Sequence[int],
    widths: Sequence[int],
    cutoff: float,
    stop_eps: float | None,
    device: torch.device | str = "cpu",
) -> ExactCurve:
    """Exact errors of every seed (batched) at each width, up to the first width where all seeds reach
    stop_eps (every width when stop_eps is None). The features are drawn on the CPU; the Gram matrices and
    their factors are built on `device`."""
    u = torch.stack([sphere_features(d, max(widths), s) for s in seeds]).to(device)
    w = unit_target(d).to(device).expand(len(seeds), d)
    stop = None if stop_eps is None else (lambda errors: search_done(errors.cpu().numpy(), stop_eps))
    fits = population_relu_fits(u, w, widths, intercept=False, cutoff=cutoff, stop=stop)
    return ExactCurve(
        d=d,
        seeds=list(seeds),
        widths=[f.width for f in fits],
        errors=np.stack([f.relative_error.cpu().numpy() for f in fits]),
        fallbacks=sum(f.solver == "eigh" for f in fits),
    )


def sample_error(
    d: int,
    width: int,
    seed: int,
    samples_per_feature: int,
    test_points: int,
    chunk: int = 8192,
    device: torch.device | str = "cpu",
) -> float:
    """E1': test relative error of least squares on the first `width` features of `seed` (n = spf * width),
    drawn on the CPU and fitted on `device`."""
    u = sphere_features(d, width, seed).to(device)
    w = unit_target(d).to(device)
    return sample_relative_error(
        lambda x: relu_features(x, u),
        lambda x: torch.relu(x @ w),
        d,
        samples_per_feature * width,
        test_points,
        energy=0.5,
        ridge=0.0,
        chunk=chunk,
        gen=stream_generator(seed, SAMPLE_STREAM * 1000 + d),
        device=device,
    )
