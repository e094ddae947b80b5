"""Typed configs of the random_features experiments: E1/E1' (neuron), E2 (trained neuron), E3 (polynomials)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thundeep.experiment import Experiment, require
from thundeep.random_features.n_eps import width_grid


@dataclass(frozen=True)
class Search:
    """One N_eps(d) search: the smallest grid width whose mean error over the seeds is <= eps, per d."""

    eps: float
    dims: tuple[int, ...]
    seeds: int | None = None
    """Seeds of a search run on its own (`search_stage`, up to max_width); None: E1's seeds, in E1's jobs."""
    max_width: int | None = None
    """Largest width of a search run on its own (set with seeds)."""

    def __post_init__(self) -> None:
        require(0 < self.eps < 1, "search eps must be in (0, 1)")
        require(len(self.dims) >= 2 and min(self.dims) >= 3, "a search needs at least two dimensions d >= 3")
        require((self.seeds is None) == (self.max_width is None), "a search's seeds and max_width go together")
        require(
            self.seeds is None or (self.max_width is not None and self.seeds >= 2 and self.max_width >= 2),
            "seeds >= 2 and max_width >= 2",
        )


@dataclass(frozen=True)
class SampleCheck:
    """E1': least squares on n = samples_per_feature * N Gaussian samples, tested on fresh points."""

    cells: tuple[tuple[int, int], ...]
    """(d, N) pairs fitted; RF1 reads the ones it names."""
    samples_per_feature: int
    test_points: int

    def __post_init__(self) -> None:
        require(len(self.cells) >= 1 and all(d >= 3 and n >= 1 for d, n in self.cells), "cells: (d >= 3, N >= 1)")
        require(
            self.samples_per_feature >= 2 and self.test_points >= 100, "samples_per_feature >= 2, test_points >= 100"
        )


@dataclass(frozen=True)
class PopulationFeatures(Experiment):
    """E1 exact population random features against one ReLU neuron (with E1' sample least squares)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "rf1_ratio_min",
        "rf1_ratio_max",
        "rf2_increasing",
        "rf2_ratio",
        "rf2_ratio_std",
        "rf3_min_error_over_floor",
        "rf4_gamma_coarse",
        "rf4_gamma_coarse_std",
        "rf4_gamma_fine",
        "rf4_gamma_fine_std",
        "rf4_rho2_over_eps_min",
        "rf4_rho4_over_eps_max",
        "rf5_min",
        "rf5_max",
        "pseudo_inverse_fallbacks",
    )
    curve_dims: tuple[int, ...]
    """Dimensions whose error is computed at every grid width up to max_width (F1, RF2, RF3)."""
    max_width: int
    per_octave: int
    """The width grid: N = round(2^(j / per_octave)), j = 0, 1, ..., up to max_width."""
    seeds: int
    seed: int
    """Base seed; seed s of dimension d draws its features from stream (seed + s, d)."""
    cutoff: float
    """Eigenvalues of G below cutoff * lambda_max are dropped from the pseudo-inverse."""
    coarse: Search
    """RF4/RF5: eps = 0.1 over d in {16, ..., 64}."""
    fine: Search
    """RF4: eps = 0.007 over d in {4, ..., 8}, with its own seeds (the per-seed exponent is noisy there)."""
    ratio_width: int
    """RF2: the width N at which the error is compared across curve_dims."""
    floor_dims: tuple[int, ...]
    """RF3: dimensions whose error must stay above 0.9 rho_2(d) at every width up to floor_width."""
    sample: SampleCheck
    rf1_cells: tuple[tuple[int, int], ...]
    """RF1: the (d, N) cells whose sample/exact ratio is checked."""
    floor_width: int | None = None
    """RF3: the largest width checked (None: max_width)."""
    ratio_dims: tuple[int, int] = (16, 64)
    """RF2: the two dimensions (low, high) whose per-seed error ratio at ratio_width is judged."""

    def __post_init__(self) -> None:
        require(min(self.curve_dims) >= 3 and len(self.curve_dims) >= 2, "curve_dims: at least two d >= 3")
        require(self.max_width >= 2 and self.per_octave >= 1, "max_width >= 2 and per_octave >= 1")
        require(self.seeds >= 1 and self.seed >= 0, "seeds >= 1 and seed >= 0")
        require(0 < self.cutoff < 1e-4, "cutoff must be in (0, 1e-4)")
        require(self.ratio_width <= self.max_width, "ratio_width must be <= max_width")
        require(self.ratio_dims[0] < self.ratio_dims[1], "ratio_dims must be (low, high) with low < high")
        require(set(self.floor_dims) <= set(self.curve_dims), "floor_dims must be among curve_dims")
        require(self.floor_width is None or self.floor_width <= self.max_width, "floor_width must be <= max_width")
        require(set(self.rf1_cells) <= set(self.sample.cells), "rf1_cells must be among sample.cells")
        grid = set(width_grid(self.max_width, self.per_octave))
        require(
            all(d in self.curve_dims and n in grid for d, n in self.sample.cells),
            "sample.cells: each d must be in curve_dims and each N on the width grid (max_width, per_octave)",
        )


@dataclass(frozen=True)
class TrainedNeuron(Experiment):
    """E2: one ReLU neuron trained on the population loss (GD) and by online SGD."""

    metrics: ClassVar[tuple[str, ...]] = ("rf6_gd_worst_error", "rf6_gd_dims", "rf6_sgd_worst_error", "rf6_sgd_dims")
    gd_dims: tuple[int, ...]
    gd_steps: int
    gd_lr: float
    sgd_dims: tuple[int, ...]
    sgd_steps: int
    sgd_lr: float
    sgd_batch: int
    record_every: int
    """SGD errors are recorded every this many steps (GD at every step)."""
    seeds: int
    seed: int

    def __post_init__(self) -> None:
        require(min(self.gd_dims) >= 2 and min(self.sgd_dims, default=2) >= 2, "dimensions must be >= 2")
        require(min(self.gd_steps, self.sgd_steps, self.sgd_batch, self.record_every) >= 1, "step counts >= 1")
        require(self.gd_lr > 0 and self.sgd_lr > 0, "learning rates must be > 0")
        require(self.seeds >= 1 and self.seed >= 0, "seeds >= 1 and seed >= 0")


@dataclass(frozen=True)
class PolynomialFeatures(Experiment):
    """E3: biased random ReLU features fitted by least squares to He_k(<v, x>)/sqrt(k!)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "rf7_gamma_k1",
        "rf7_gamma_k1_std",
        "rf7_gamma_k2",
        "rf7_gamma_k2_std",
        "rf7_gamma_k3",
        "rf7_gamma_k3_std",
    )
    searches: tuple[tuple[int, tuple[int, ...]], ...]
    """(k, dims) pairs: the degree and the dimensions of its N_eps search."""
    eps: float
    max_width: int
    per_octave: int
    samples_per_feature: int
    test_points: int
    ridge: float
    """Normal-equation ridge relative to tr(G)/N."""
    chunk: int
    """Samples per chunk when the normal equations and the test error are accumulated."""
    seeds: int
    seed: int

    def __post_init__(self) -> None:
        require(len(self.searches) >= 1, "searches: at least one (k, dims)")
        require(all(1 <= k <= 3 and len(dims) >= 2 for k, dims in self.searches), "searches: k in 1..3, >= 2 dims")
        require(0 < self.eps < 1 and self.max_width >= 2 and self.per_octave >= 1, "eps in (0, 1), max_width >= 2")
        require(self.samples_per_feature >= 2 and self.test_points >= 100 and self.chunk >= 1, "sample sizes")
        require(self.ridge >= 0 and self.seeds >= 1 and self.seed >= 0, "ridge >= 0, seeds >= 1, seed >= 0")


EXPERIMENTS = {"population": PopulationFeatures, "trained_neuron": TrainedNeuron, "polynomials": PolynomialFeatures}
