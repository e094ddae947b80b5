"""Typed configs of the separable_data experiments (E1 construction, E2 rates, E3 MNIST 4 vs 7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment


def _check_fractions(name: str, values: tuple[float, ...], upper: float) -> None:
    """ValueError unless `values` is non-empty and inside (0, upper). (gamma < 1/4 keeps the Lemma 15
    minority point (-1/2, 3 gamma) inside the unit ball.)"""
    if not values or any(not 0 < v < upper for v in values):
        raise ValueError(f"{name} must be a non-empty list of numbers in (0, {upper}), got {list(values)}")


@dataclass(frozen=True)
class Construction(Experiment):
    """E1: t* of GD on the Lemma 15 construction over a (gamma, eps) grid, and the Fig. 1 trajectory."""

    metrics: ClassVar[tuple[str, ...]] = (
        "tstar_over_bound_min",
        "exponent_gamma",
        "exponent_eps",
        "fit_residual_rms",
        "figure_tstar",
    )
    gammas: tuple[float, ...]
    epss: tuple[float, ...]
    max_steps: int
    figure_gamma: float
    figure_eps: float
    figure_steps: int

    def __post_init__(self) -> None:
        _check_fractions("gammas", self.gammas, 0.25)
        _check_fractions("epss", self.epss, 1.0)
        if len(self.gammas) * len(self.epss) < 3 or len(set(self.gammas)) < 2 or len(set(self.epss)) < 2:
            raise ValueError("the power-law fit needs at least two gammas and two epss")
        if self.max_steps < 1 or self.figure_steps < 1:
            raise ValueError("max_steps and figure_steps must be >= 1")
        _check_fractions("figure_gamma", (self.figure_gamma,), 0.25)
        _check_fractions("figure_eps", (self.figure_eps,), 1.0)


@dataclass(frozen=True)
class Rates(Experiment):
    """E2: logistic GD on margin-gamma points in the unit ball of R^d: loss, margins and test error vs t."""

    metrics: ClassVar[tuple[str, ...]] = (
        "loss_over_lemma8_max",
        "thm9_excess_max",
        "test_late_rise_max",
        "test_error_final_mean",
        "test_error_final_std",
        "loss_final_max",
    )
    dim: int
    gammas: tuple[float, ...]
    m: int
    n_test: int
    steps: int
    seeds: int
    per_decade: int
    levels: tuple[float, ...]
    seed: int = 0
    """The first seed: the runs use seeds seed, ..., seed + seeds - 1 (a seed stream shifts `seed`)."""

    def __post_init__(self) -> None:
        _check_fractions("gammas", self.gammas, 1.0)
        _check_fractions("levels", self.levels, 1.0)
        if min(self.dim, self.m, self.n_test, self.steps, self.seeds, self.per_decade) < 1:
            raise ValueError("dim, m, n_test, steps, seeds and per_decade must all be >= 1")


@dataclass(frozen=True)
class SmallSamples(Experiment):
    """E2 with m of the order of d: the same runs for each m in `ms`, where a late rise of the test error
    could be measured (SD3's synthetic half) and Lemma 8 and Thm 9 are checked again."""

    metrics: ClassVar[tuple[str, ...]] = (
        "loss_over_lemma8_max",
        "thm9_excess_max",
        "test_late_rise_max",
        "test_error_final_max",
        "loss_final_max",
    )
    dim: int
    gammas: tuple[float, ...]
    ms: tuple[int, ...]
    n_test: int
    steps: int
    seeds: int
    per_decade: int
    levels: tuple[float, ...]
    seed: int = 0
    """The first seed, as in E2's `Rates.seed`."""

    def __post_init__(self) -> None:
        if not self.ms or min(self.ms) < 1:
            raise ValueError(f"ms must be a non-empty list of sample sizes >= 1, got {list(self.ms)}")
        self.rates(self.ms[0])  # the shared fields are checked as E2's

    def rates(self, m: int) -> Rates:
        """E2's config for `m` training points."""
        return Rates(
            dim=self.dim,
            gammas=self.gammas,
            m=m,
            n_test=self.n_test,
            steps=self.steps,
            seeds=self.seeds,
            per_decade=self.per_decade,
            levels=self.levels,
            seed=self.seed,
        )


@dataclass(frozen=True)
class Mnist(Experiment):
    """E3: MNIST 4 vs 7: phase 1 cleaning, the max-margin direction, and GD's errors and distance vs t."""

    metrics: ClassVar[tuple[str, ...]] = (
        "points",
        "fours",
        "phase1_misclassified",
        "phase1_misclassified_at_half",
        "gamma",
        "gamma_train_min",
        "train_error_final_max",
        "margin_error_final_max",
        "margin_gap_final_max",
        "test_error_final_mean",
        "test_late_rise_max",
        "distance_at_reference_min",
        "distance_final_min",
        "distance_ratio_min",
    )
    dataset: Literal["mnist_5k", "mnist"]
    pool_train: int
    pool_test: int
    max_points: int | None
    phase1_steps: int
    n_train: int | None
    train_fraction: float
    split_seeds: tuple[int, ...]
    steps: int
    per_decade: int
    reference_step: int
    pool_seed: int = 0
    """Draws the pool (the points kept under `max_points`, and the loader's order; a seed stream shifts it)."""

    def __post_init__(self) -> None:
        if min(self.pool_train, self.phase1_steps, self.steps, self.per_decade) < 1:
            raise ValueError("pool_train, phase1_steps, steps and per_decade must be >= 1")
        if not 0 < self.train_fraction < 1:
            raise ValueError(f"train_fraction must be in (0, 1), got {self.train_fraction}")
        if not self.split_seeds:
            raise ValueError("split_seeds must name at least one split")
        if not 1 <= self.reference_step < self.steps:
            raise ValueError(f"reference_step must be in [1, steps), got {self.reference_step}")


EXPERIMENTS = {"construction": Construction, "rates": Rates, "small_samples": SmallSamples, "mnist": Mnist}
"""The paper's experiment ids and their configs."""
