"""Typed configs of the lottery_ticket experiments: Theorem 1's construction, the Gaussian neuron, the search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment, require


def _grid(values: tuple[int, ...], name: str) -> None:
    require(
        len(values) >= 2 and len(set(values)) == len(values) and min(values) >= 1,
        f"{name}: at least two distinct values, each >= 1",
    )


def _seeds(values: tuple[int, ...]) -> None:
    require(
        len(values) >= 1 and len(set(values)) == len(values) and min(values) >= 0,
        "seeds: at least one, distinct, each >= 0",
    )


@dataclass(frozen=True)
class Data:
    """The MNIST images an experiment uses."""

    name: Literal["mnist_5k", "mnist"]
    """Dataset (thundeep.data registry name; mnist needs `snakemake results/downloads/mnist`)."""
    n_train: int
    """Training images."""
    n_test: int
    """Test images."""
    split_seed: int
    """Seed of the train/test split."""

    def __post_init__(self) -> None:
        require(self.n_train >= 1 and self.n_test >= 1, "n_train and n_test must be >= 1")
        require(self.split_seed >= 0, "split_seed must be >= 0")


@dataclass(frozen=True)
class TargetNetwork:
    """The target MLP F and its training (Adam on cross-entropy)."""

    hidden: tuple[int, ...]
    """Hidden widths."""
    epochs: int
    """Training epochs of the target."""
    lr: float
    """Adam learning rate."""
    batch_size: int
    """Minibatch size."""
    seed: int
    """Seed of the target's init and batches."""

    def __post_init__(self) -> None:
        require(len(self.hidden) >= 1 and min(self.hidden) >= 1, "hidden: at least one width, each >= 1")
        require(self.epochs >= 1 and self.batch_size >= 1, "epochs and batch_size must be >= 1")
        require(self.lr > 0 and self.seed >= 0, "lr must be > 0 and seed >= 0")


@dataclass(frozen=True)
class Target:
    """Everything the trained target depends on (the target job receives only this)."""

    data: Data
    network: TargetNetwork
    reach: float
    """Largest |weight| a product of two U[-1,1] draws should be asked to reach."""

    def __post_init__(self) -> None:
        require(0 < self.reach <= 1, "reach must be in (0, 1]")


@dataclass(frozen=True)
class Pools:
    """One pruning rule's grid of pool sizes."""

    pool_sizes: tuple[int, ...]
    """Pool sizes m (random neurons per input coordinate)."""

    def __post_init__(self) -> None:
        _grid(self.pool_sizes, "pool_sizes")


@dataclass(frozen=True)
class PruningRules:
    """The pruning rules compared on the same random networks (both are needed by LT1 and LT2)."""

    single_product: Pools
    """Theorem 1: the best single random product per weight and sign."""
    subset_sum: Pools
    """Pensia et al.: the best subset sum of the pool's products per weight and sign."""


@dataclass(frozen=True)
class Construction(Experiment):
    """Theorem 1's weight-subnetwork of a trained MNIST target, with two pruning rules (LT1, LT2)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "target_accuracy",
        "slope_single_product",
        "slope_single_product_std",
        "accuracy_gap_single_product",
        "accuracy_gap_single_product_std",
        "sup_error_largest_m_single_product",
        "slope_subset_sum",
        "slope_subset_sum_std",
        "accuracy_gap_subset_sum",
        "accuracy_gap_subset_sum_std",
        "sup_error_largest_m_subset_sum",
        "subset_sum_pool_at_tenth",
        "subset_sum_error_ratio",
        "subset_sum_error_ratio_std",
        "subset_sum_saving",
    )
    target: Target
    pruning: PruningRules
    seeds: tuple[int, ...]
    """Seeds of the random networks."""

    def __post_init__(self) -> None:
        _seeds(self.seeds)


@dataclass(frozen=True)
class GaussianNeuron(Experiment):
    """One ReLU neuron over Gaussian inputs: weight-subnetwork against random features (LT3)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "construction_slope_worst",
        "construction_slope_worst_std",
        "construction_slope_worst_d",
        "rf_floor_ratio_min",
        "rf_floor_ratio_min_std",
        "rf_floor_ratio_min_d",
        "rf_floor_ratio_min_n",
        "rf_floor_cells",
    )
    dims: tuple[int, ...]
    """Input dimensions d (each >= 3)."""
    widths: tuple[int, ...]
    """Random neurons N drawn in total (the construction uses the N divisible by d with N/d >= 2)."""
    seeds: tuple[int, ...]
    """Seeds of the target neuron, test inputs, random features and random networks."""
    n_test: int
    """Gaussian test inputs per (d, seed)."""
    ridge: float
    """Ridge of the random-features fit, relative to the mean feature energy."""

    def __post_init__(self) -> None:
        _grid(self.dims, "dims")
        require(min(self.dims) >= 3, "dims: each d >= 3 (the harmonic floor rho_2(d) needs d >= 3)")
        _grid(self.widths, "widths")
        _seeds(self.seeds)
        require(self.n_test >= 100, "n_test must be >= 100")
        require(self.ridge >= 0, "ridge must be >= 0")


@dataclass(frozen=True)
class Sgd:
    """SGD settings of one trained method (cosine schedule to 0)."""

    epochs: int
    """Training epochs."""
    batch_size: int
    """Minibatch size."""
    lr: float
    """Peak learning rate (cosine schedule to 0)."""
    momentum: float
    """SGD momentum."""
    weight_decay: float
    """Weight decay (on scores for the pruning methods)."""

    def __post_init__(self) -> None:
        require(self.epochs >= 1 and self.batch_size >= 1, "epochs and batch_size must be >= 1")
        require(self.lr > 0, "lr must be > 0")
        require(0 <= self.momentum < 1 and self.weight_decay >= 0, "need 0 <= momentum < 1 and weight_decay >= 0")


@dataclass(frozen=True)
class SearchTraining:
    """SGD settings of each trained method."""

    edge_popup: Sgd
    neuron_subnetwork: Sgd
    dense: Sgd


@dataclass(frozen=True)
class SubnetworkSearch(Experiment):
    """Random 2-layer nets on MNIST: edge-popup vs neuron-subnetworks vs random features vs training (LT4)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "largest_width",
        "edge_popup_accuracy",
        "edge_popup_accuracy_std",
        "neuron_subnetwork_accuracy",
        "neuron_subnetwork_accuracy_std",
        "random_features_accuracy",
        "random_features_accuracy_std",
        "dense_accuracy",
        "dense_accuracy_std",
        "edge_popup_minus_neuron_subnetwork",
        "edge_popup_minus_neuron_subnetwork_std",
        "edge_popup_margin",
        "edge_popup_p_value",
        "neuron_subnetwork_minus_random_features",
        "neuron_subnetwork_minus_random_features_std",
        "neuron_subnetwork_excess",
        "neuron_subnetwork_p_value",
    )
    data: Data
    widths: tuple[int, ...]
    """Hidden widths of the random 2-layer nets."""
    seeds: tuple[int, ...]
    """Seeds of the random networks (shared by the three pruning methods) and of the training."""
    keep: float
    """Fraction of weights (edge-popup) or hidden neurons (neuron-subnetwork) kept."""
    ridge: float
    """Ridge of the random-features fit, relative to the mean feature energy."""
    sgd: SearchTraining

    def __post_init__(self) -> None:
        _grid(self.widths, "widths")
        _seeds(self.seeds)
        require(0 < self.keep <= 1, "keep must be in (0, 1]")
        require(self.ridge >= 0, "ridge must be >= 0")


EXPERIMENTS = {"construction": Construction, "gaussian_neuron": GaussianNeuron, "subnetwork_search": SubnetworkSearch}
