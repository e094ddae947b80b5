"""Typed configs of the depth_separation experiments (values come from paper.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thundeep.depth_separation.nets import Architecture, BallNorm, InputLaw, parse_net
from thundeep.experiment import Experiment


def _ascending(**values: tuple[float, ...]) -> None:
    for name, value in values.items():
        if list(value) != sorted(set(value)):
            raise ValueError(f"{name} must be strictly increasing, got {list(value)}")


def _positive(**values: float) -> None:
    for name, value in values.items():
        if value <= 0:
            raise ValueError(f"{name} must be > 0, got {value}")


@dataclass(frozen=True)
class BallTraining(Experiment):
    """Part B: depth-2 and depth-3 ReLU nets trained online on a ball indicator; RMSE against batches."""

    metrics: ClassVar[tuple[str, ...]] = (
        "depth3_margin",
        "width_ratio",
        "wide_minus_narrow_depth3",
        "best_depth2_rmse",
        "best_depth3_rmse",
        "seed_spread",
    )
    dim: int
    nets: tuple[str, ...]
    input_law: InputLaw
    batches: int
    batch_size: int
    lr: float
    seeds: int
    validation_points: int
    evaluations: int
    final_window: int
    radius_max: float = 2.0
    target: BallNorm = "l2_ball"
    validation_seed: int = 1000
    seed: int = 0
    """Base seed: the runs use seeds seed, ..., seed + seeds - 1, and the L1 ball's reference sample draws
    from it (a seed stream shifts it; `seeds` is a count)."""

    def __post_init__(self) -> None:
        _positive(
            dim=self.dim,
            batches=self.batches,
            batch_size=self.batch_size,
            lr=self.lr,
            seeds=self.seeds,
            validation_points=self.validation_points,
            evaluations=self.evaluations,
            radius_max=self.radius_max,
        )
        self.architectures()
        if self.batches % self.evaluations:
            raise ValueError(f"batches ({self.batches}) must be a multiple of evaluations ({self.evaluations})")
        if not 1 <= self.final_window <= self.evaluations:
            raise ValueError(f"final_window must be in [1, evaluations], got {self.final_window}")

    def architectures(self) -> dict[str, Architecture]:
        """The nets by name, in paper.yaml's order."""
        return {name: parse_net(name, self.dim) for name in self.nets}


@dataclass(frozen=True)
class RandomFeatureWidths(Experiment):
    """Part C1: random-feature widths N_eps(d, L) for cos(L ||x||), an upper bound for depth 2."""

    metrics: ClassVar[tuple[str, ...]] = (
        "smooth_gamma_max",
        "smooth_unreached",
        "frequency_ratio",
        "corner_min_increase",
        "corner_error",
    )
    dims: tuple[int, ...]
    frequencies: tuple[float, ...]
    max_features: int
    samples_per_feature: int
    test_points: int
    seeds: int
    accuracy: float = 0.05
    ridge: float = 1e-9
    gamma_dims: tuple[int, ...] = (4, 8, 16, 32)
    gamma_frequencies: tuple[float, ...] = (1.0, 4.0)
    ratio_dim: int = 8
    ratio_frequencies: tuple[float, float] = (1.0, 8.0)
    corner_frequency: float = 8.0
    corner_dims: tuple[int, ...] = (8, 16, 32)
    seed: int = 0
    """Base seed: the fits use seeds seed, ..., seed + seeds - 1 (a seed stream shifts it; `seeds` is a count)."""

    def __post_init__(self) -> None:
        _positive(
            max_features=self.max_features,
            samples_per_feature=self.samples_per_feature,
            test_points=self.test_points,
            seeds=self.seeds,
            accuracy=self.accuracy,
        )
        _ascending(dims=self.dims, frequencies=self.frequencies, corner_dims=self.corner_dims)
        if min(self.dims) < 1 or min(self.frequencies) <= 0:
            raise ValueError("dims must be >= 1 and frequencies > 0")

    @property
    def train_points(self) -> int:
        """Least-squares sample size: samples_per_feature times the largest feature count."""
        return self.samples_per_feature * self.max_features


@dataclass(frozen=True)
class ExplicitDepthThree(Experiment):
    """Part C2: the narrowest explicit depth-3 construction reaching the accuracy, per (d, L)."""

    metrics: ClassVar[tuple[str, ...]] = ("unreached", "width_gamma_max", "width_at_largest")
    dims: tuple[int, ...]
    frequencies: tuple[float, ...]
    inner_pieces: tuple[int, ...]
    outer_pieces: tuple[int, ...]
    test_points: int
    accuracy: float = 0.05
    sample_seed: int = 0

    def __post_init__(self) -> None:
        _positive(test_points=self.test_points, accuracy=self.accuracy)
        _ascending(dims=self.dims, frequencies=self.frequencies)
        if min(self.inner_pieces) < 1 or min(self.outer_pieces) < 1:
            raise ValueError("inner_pieces and outer_pieces must be >= 1")


EXPERIMENTS: dict[str, type[Experiment]] = {
    "ball": BallTraining,
    "shell": BallTraining,
    "random_features": RandomFeatureWidths,
    "depth3": ExplicitDepthThree,
}
"""The experiments of paper.yaml and their configs."""
