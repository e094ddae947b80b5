"""The nets and laws of Part B by name (no torch: the typed configs import them while Snakemake parses)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

InputLaw = Literal["uniform_radius", "gaussian_shell"]
BallNorm = Literal["l2_ball", "l1_ball"]
_NET = re.compile(r"^(\d)L((?:-\d+)+)$")


@dataclass(frozen=True)
class Architecture:
    """A fully connected ReLU net with biases and one linear output: `sizes` = (d, hidden..., 1)."""

    name: str
    sizes: tuple[int, ...]

    @property
    def depth(self) -> int:
        """Number of affine layers (2 = one hidden layer)."""
        return len(self.sizes) - 1

    @property
    def parameters(self) -> int:
        """Weights and biases: sum over layers of (fan_in + 1) * fan_out."""
        return sum((a + 1) * b for a, b in zip(self.sizes[:-1], self.sizes[1:], strict=True))


def parse_net(name: str, dim: int) -> Architecture:
    """`2L-100` (one hidden layer of 100) or `3L-100-20` (two hidden layers) on inputs of dimension `dim`."""
    match = _NET.match(name)
    if not match:
        raise ValueError(f"net {name!r} is not of the form '<depth>L-<width>[-<width>...]', e.g. '3L-100-20'")
    widths = tuple(int(w) for w in match.group(2).split("-")[1:])
    if int(match.group(1)) != len(widths) + 1 or min(widths) < 1:
        raise ValueError(f"net {name!r}: depth {match.group(1)} needs {int(match.group(1)) - 1} positive hidden widths")
    return Architecture(name, (dim, *widths, 1))
