"""Radial input laws x = r*s (s uniform on the sphere) and the radial targets of both parts."""

from __future__ import annotations

import math

import torch


def uniform_on_sphere(n: int, d: int, gen: torch.Generator, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """n points uniform on the unit sphere S^{d-1}: normalised standard Gaussians, (n, d)."""
    g = torch.randn(n, d, generator=gen, dtype=dtype)
    return g / g.norm(dim=1, keepdim=True)


def uniform_radius_inputs(
    n: int, d: int, radius_max: float, gen: torch.Generator, dtype: torch.dtype = torch.float32
) -> torch.Tensor:
    """x = r*s with s uniform on the sphere and r ~ U[0, radius_max], (n, d)."""
    s = uniform_on_sphere(n, d, gen, dtype)
    r = torch.rand(n, 1, generator=gen, dtype=dtype) * radius_max
    return r * s


def gaussian_shell_inputs(n: int, d: int, gen: torch.Generator, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """x ~ N(0, I/d): ||x|| concentrates at 1 with spread about 1/sqrt(2d), (n, d)."""
    return torch.randn(n, d, generator=gen, dtype=dtype) / math.sqrt(d)


def ball_indicator(x: torch.Tensor, radius: float = 1.0, norm: int = 2) -> torch.Tensor:
    """1{||x||_norm <= radius} as floats, (n,)."""
    return (torch.linalg.vector_norm(x, ord=norm, dim=-1) <= radius).to(x.dtype)


def cosine_of_norm(x: torch.Tensor, frequency: float) -> torch.Tensor:
    """The L-Lipschitz radial target g_L(x) = cos(L ||x||), (n,)."""
    return torch.cos(frequency * x.norm(dim=-1))


def relative_error(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the last axis divided by the target's variance (1 = the best constant)."""
    mse = (prediction - target).square().mean(dim=-1)
    return mse / target.var(dim=-1, unbiased=False)
