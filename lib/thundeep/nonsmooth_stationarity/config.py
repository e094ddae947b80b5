"""Typed configs of the three nonsmooth_stationarity experiments (values come from paper.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from thundeep.experiment import Experiment, require


@dataclass(frozen=True)
class LogGrid:
    """`points` values spaced evenly in log between `low` and `high` (both included)."""

    low: float
    """Smallest value."""
    high: float
    """Largest value."""
    points: int
    """Number of values."""

    def __post_init__(self) -> None:
        require(0 < self.low < self.high, f"a log grid needs 0 < low < high, got low={self.low}, high={self.high}")
        require(self.points >= 2, f"a log grid needs at least 2 points, got {self.points}")

    def values(self) -> npt.NDArray[np.float64]:
        """The grid as floats."""
        return np.geomspace(self.low, self.high, self.points)

    def integers(self) -> npt.NDArray[np.int64]:
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
        "ns1_min_over_accuracy_floor",
    )
    dims: LogGrid
    """Dimensions d (rounded to distinct integers)."""
    eps: float
    """Smoothing radius (L * eps does not depend on it)."""
    huber_grid_points: int
    """Points of the grid of x_1 in [-2 eps, 2 eps] for Huber's difference quotients."""

    def __post_init__(self) -> None:
        require(self.dims.low >= 1, f"dims.low must be >= 1, got {self.dims.low}")
        require(self.eps > 0, f"eps must be positive, got {self.eps}")
        require(self.huber_grid_points >= 3, f"huber_grid_points must be >= 3, got {self.huber_grid_points}")


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
    """Dimensions d."""
    eps: tuple[float, ...]
    """Smoothing radii, also the stationarity targets |f~'| <= eps."""
    steps: LogGrid
    """Constant steps eta searched."""
    starts: int
    """Seeded uniform starts in [-1, 1], besides the end points -1 and 1."""
    seed: int
    """Seed of the starts."""
    max_iterations: int
    """Budget of GD iterations (T is inf when no step finishes within it)."""

    def __post_init__(self) -> None:
        require(
            len(set(self.dims)) >= 2 and min(self.dims) >= 1, f"dims needs two distinct values >= 1, got {self.dims}"
        )
        require(
            len(set(self.eps)) >= 2 and all(0 < e < 1 for e in self.eps),
            f"eps needs two distinct values in (0, 1), got {self.eps}",
        )
        require(self.starts >= 0 and self.max_iterations >= 1, "starts must be >= 0 and max_iterations >= 1")

    def start_points(self) -> npt.NDArray[np.float64]:
        """The starts: -1, 1 and `starts` seeded uniform points of [-1, 1], sorted."""
        rng = np.random.default_rng(self.seed)
        return np.sort(np.concatenate([[-1.0, 1.0], rng.uniform(-1.0, 1.0, self.starts)]))


@dataclass(frozen=True)
class Hitting(Experiment):
    """E3 (Thm 1's mechanism): P(max_t <w, u_t> >= 1/3) by Monte Carlo, with the exact one-query tail."""

    metrics: ClassVar[tuple[str, ...]] = (
        "ns3_max_excess_beyond_3se",
        "ns3_bound_cells",
        "ns3_min_r2",
        "ns3_max_log_slope",
        "e3_single_query_max_abs_z",
    )
    dims: tuple[int, ...]
    """Dimensions d."""
    queries: tuple[int, ...]
    """Query counts T (the first T of one fixed sequence)."""
    threshold: float
    """Correlation that counts as a hit (1/3 in Thm 1)."""
    draws: int
    """Monte Carlo draws of the hidden direction w per d."""
    chunk: int
    """Draws per matrix product (memory)."""
    seed: int
    """Seed (each d uses seed * 100003 + d)."""

    def __post_init__(self) -> None:
        require(min(self.dims) >= 2, f"dims must be >= 2 (a sphere), got {self.dims}")
        require(min(self.queries) >= 1, f"queries must be >= 1, got {self.queries}")
        require(0 < self.threshold < 1, f"threshold must lie in (0, 1), got {self.threshold}")
        require(self.draws >= 1 and self.chunk >= 1, "draws and chunk must be >= 1")


EXPERIMENTS = {"smoothing": Smoothing, "gd_iterations": GdIterations, "hitting": Hitting}
