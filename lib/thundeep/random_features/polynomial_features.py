"""E3: biased random ReLU features learn a degree-k polynomial (the upper bound), by least squares.

Target f(x) = He_k(<v, x>) / sqrt(k!) (probabilists' Hermite, so E f^2 = 1), v = e_1, x ~ N(0, I_d).
Features [<u_i, x> + c_i]_+ with u_i uniform on the sphere and c_i ~ N(0, 1), plus a constant
feature. The output layer is least squares on n = samples_per_feature * N samples (normal equations
in chunks with a ridge relative to tr(G)/N), tested on fresh points. As in E1, the widths of one
(k, d, seed) are nested: width N uses the first N features of one draw of max_width, the first n
points of one training sequence and one fixed test set, so N_eps is read off one curve.
"""

from __future__ import annotations

import math

import torch
from numpy.polynomial.hermite_e import hermeval

from thundeep.nn.seeded import stream_generator
from thundeep.random_features.sample_least_squares import sample_relative_error

FEATURE_STREAM, SAMPLE_STREAM, TEST_STREAM = 0, 1, 2


def hermite_target(k: int):
    """x -> He_k(x_1) / sqrt(k!) on rows x (n, d), evaluated by numpy on the CPU, on x's device."""
    coefficients = [0.0] * k + [1.0 / math.sqrt(math.factorial(k))]
    return lambda x: torch.from_numpy(hermeval(x[:, 0].cpu().numpy(), coefficients)).to(x.device)


def biased_features(d: int, width: int, seed: int, k: int, max_width: int, device: torch.device | str = "cpu"):
    """x -> [1, [x u_i + c_i]_+] (n, width + 1): the first `width` of max_width features u_i uniform on
    the sphere, c_i ~ N(0, 1), drawn on the CPU for (seed, k, d), so that every width's features are
    nested, and held on `device` (rows x must be there too)."""
    gen = stream_generator(seed, FEATURE_STREAM * 100_000 + k * 10_000 + d * 10 + 0)
    u = torch.randn(max_width, d, generator=gen, dtype=torch.float64)[:width]
    u = (u / u.norm(dim=1, keepdim=True)).T.to(device)
    c = torch.randn(max_width, generator=gen, dtype=torch.float64)[:width].to(device)
    return lambda x: torch.cat(
        [torch.ones(x.shape[0], 1, dtype=torch.float64, device=x.device), torch.relu(x @ u + c)], dim=1
    )


def polynomial_error(
    k: int,
    d: int,
    width: int,
    seed: int,
    samples_per_feature: int,
    test_points: int,
    ridge: float,
    chunk: int,
    max_width: int,
    device: torch.device | str = "cpu",
) -> float:
    """Test relative error of the least-squares fit of `width` biased features to He_k / sqrt(k!), nested
    in width (features, training points and test set shared by every width of (k, d, seed)); drawn on the
    CPU, fitted on `device`."""
    stream = k * 100_000_000 + d * 100_000
    return sample_relative_error(
        biased_features(d, width, seed, k, max_width, device),
        hermite_target(k),
        d,
        samples_per_feature * width,
        test_points,
        energy=1.0,
        ridge=ridge,
        chunk=chunk,
        gen=stream_generator(seed, SAMPLE_STREAM * 1_000_000_000 + stream),
        test_gen=stream_generator(seed, TEST_STREAM * 1_000_000_000 + stream),
        device=device,
    )
