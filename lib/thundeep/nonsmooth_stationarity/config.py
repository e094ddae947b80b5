"""Typed configs of the three nonsmooth_stationarity experiments (values come from paper.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from thundeep.experiment import Experiment


@dataclass(frozen=True)
class LogGrid:
    """`points` values spaced evenly in log between `low` and `high` (both included)."""

    low: float
    high: float
    points: int

    def __post_init__(self) -> None:
        if not 0 < self.low < self.high:
            raise ValueError(f"a log grid needs 0 < low < high, got low={self.low}, high={self.high}")
        if self.points < 2:
            raise ValueError(f"a log grid needs at least 2 points, got {self.points}")

    def values(self) -> np.ndarray:
        """The grid as floats."""
        return np.geomspace(self.low, self.high, self.points)

    def integers(self) -> np.ndarray:
        """The grid rounded to distinct integers (for dimensions)."""
        return np.unique(np.rint(self.values()).astype(int))


@dataclass(frozen=True)
class Smoothing(Experiment):
    """E1: gradient-Lipschitz constants of randomized and Moreau (Huber) smoothing of |x_1| against d."""

    metrics: ClassVar[tuple[str, ...]] = (
        "ns1_slope",
        "ns1_slope_stderr",
        "ns1_huber_max_deviation",
        "ns1_min_l_times_eps",
    )
    dims: LogGrid
    eps: float
    huber_grid_points: int  # grid of x_1 in [-2 eps, 2 eps] for Huber's difference quotients

    def __post_init__(self) -> None:
        if self.dims.low < 1:
            raise ValueError(f"dims.low must be >= 1, got {self.dims.low}")
        if not 0 < self.eps:
            raise ValueError(f"eps must be positive, got {self.eps}")
        if self.huber_grid_points < 3:
            raise ValueError(f"huber_grid_points must be >= 3, got {self.huber_grid_points}")


@dataclass(frozen=True)
class GdIterations(Experiment):
    """E2 (Prop. 24): T(d, eps), best constant step's worst case over starts, and its exponents."""

    metrics: ClassVar[tuple[str, ...]] = (
        "ns2_d_exponent",
        "ns2_d_exponent_stderr",
        "ns2_eps_exponent",
        "ns2_eps_exponent_stderr",
        "ns2_fit_r2",
        "e2_unreached_settings",
    )
    dims: tuple[int, ...]
    eps: tuple[float, ...]
    steps: LogGrid
    starts: int  # uniform random starts in [-1, 1], plus the end points -1 and 1
    seed: int
    max_iterations: int

    def __post_init__(self) -> None:
        if len(set(self.dims)) < 2 or min(self.dims) < 1:
            raise ValueError(f"dims needs at least two distinct dimensions >= 1, got {self.dims}")
        if len(set(self.eps)) < 2 or not all(0 < e < 1 for e in self.eps):
            raise ValueError(f"eps needs at least two distinct values in (0, 1), got {self.eps}")
        if self.starts < 0 or self.max_iterations < 1:
            raise ValueError("starts must be >= 0 and max_iterations >= 1")

    def start_points(self) -> np.ndarray:
        """The starts: -1, 1 and `starts` seeded uniform points of [-1, 1], sorted."""
        rng = np.random.default_rng(self.seed)
        return np.sort(np.concatenate([[-1.0, 1.0], rng.uniform(-1.0, 1.0, self.starts)]))


@dataclass(frozen=True)
class Hitting(Experiment):
    """E3 (Thm 1's mechanism): P(max_t <w, u_t> >= 1/3) by Monte Carlo, with the exact one-query tail."""

    metrics: ClassVar[tuple[str, ...]] = (
        "ns3_max_excess_beyond_3se",
        "ns3_min_r2",
        "ns3_max_log_slope",
        "e3_single_query_max_abs_z",
    )
    dims: tuple[int, ...]
    queries: tuple[int, ...]
    threshold: float
    draws: int
    chunk: int
    seed: int

    def __post_init__(self) -> None:
        if min(self.dims) < 2:
            raise ValueError(f"dims must be >= 2 (a sphere), got {self.dims}")
        if min(self.queries) < 1:
            raise ValueError(f"queries must be >= 1, got {self.queries}")
        if not 0 < self.threshold < 1:
            raise ValueError(f"threshold must lie in (0, 1), got {self.threshold}")
        if self.draws < 1 or self.chunk < 1:
            raise ValueError("draws and chunk must be >= 1")


EXPERIMENTS = {"smoothing": Smoothing, "gd_iterations": GdIterations, "hitting": Hitting}
