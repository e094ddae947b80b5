"""Typed configs of the size_depth_separation experiments E1-E4 (the explicit constructions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment, require

BooleanFunction = Literal["DISJ", "IP"]


@dataclass(frozen=True)
class BooleanNetworks(Experiment):
    """E1 (Thm 16): DISJ_d and IP_d networks checked on all 2^{2d} Boolean inputs."""

    metrics: ClassVar[tuple[str, ...]] = (
        "max_abs_error",
        "neuron_count_deviation",
        "inputs_unchecked",
        "largest_d",
        "disj_neurons_slope",
        "ip_neurons_slope",
    )
    dims: tuple[int, ...]
    """The d values; every (x, y) in {0,1}^{2d} is checked."""
    chunk_size: int = 1 << 18
    """Inputs evaluated at once (memory only; results do not depend on it)."""

    def __post_init__(self) -> None:
        require(len(self.dims) >= 2 and all(1 <= d <= 13 for d in self.dims), "dims needs >= 2 values in 1..13")
        require(self.chunk_size >= 1, "chunk_size must be >= 1")


@dataclass(frozen=True)
class Lift(Experiment):
    """E2 (Prop. 17): the lift of g = DISJ_d, IP_d to [0,1]^{2d}, its network, L2(mu) error and Lipschitz ratio."""

    metrics: ClassVar[tuple[str, ...]] = (
        "l2_error",
        "corner_max_abs_error",
        "lipschitz_ratio_max",
        "neuron_count_deviation",
        "merged_max_abs_deviation",
    )
    functions: tuple[BooleanFunction, ...]
    d: int
    """g = DISJ_d or IP_d, so the input dimension is 2d."""
    draws: int
    """Draws from mu for the L2(mu) error."""
    pairs: int
    """Random close pairs for the empirical Lipschitz ratio."""
    pair_radii: tuple[float, float]
    """Pair distances are log-uniform in this range."""
    seed: int

    def __post_init__(self) -> None:
        require(len(self.functions) >= 1 and 1 <= self.d <= 5, "Lift needs functions and 1 <= d <= 5")
        require(self.draws >= 1 and self.pairs >= 1, "draws and pairs must be >= 1")
        require(0 < self.pair_radii[0] < self.pair_radii[1], "pair_radii needs 0 < low < high")


@dataclass(frozen=True)
class OutputRounding(Experiment):
    """E3 (Thm 19): Boolean networks perturbed to sup error below / above 1/3, then clamped."""

    metrics: ClassVar[tuple[str, ...]] = (
        "below_max_abs_error",
        "below_max_sup_error",
        "below_perturbations",
        "above_min_abs_error",
        "above_min_sup_error",
    )
    functions: tuple[BooleanFunction, ...]
    dims: tuple[int, ...]
    sup_errors_below: tuple[float, ...]
    """Targets for the sup error of the perturbed networks (each < 1/3)."""
    margin_above: float
    """The broken case shifts the output by 1/3 + margin_above."""
    trials: int
    """Random perturbation directions per (function, d, target)."""
    seed: int

    def __post_init__(self) -> None:
        require(all(0 < s < 1 / 3 for s in self.sup_errors_below), "sup_errors_below must lie in (0, 1/3)")
        require(0 < self.margin_above < 1 / 3, "margin_above must lie in (0, 1/3)")
        require(self.trials >= 1 and all(1 <= d <= 8 for d in self.dims), "trials >= 1 and dims in 1..8")


@dataclass(frozen=True)
class Sawtooth(Experiment):
    """E4 (Sec. 3): phi_k's linear pieces and Lipschitz constant, counted exactly on a dyadic grid."""

    metrics: ClassVar[tuple[str, ...]] = (
        "pieces_deviation",
        "lipschitz_deviation",
        "neuron_count_deviation",
        "largest_k",
        "depth2_neurons_at_largest_k",
    )
    ks: tuple[int, ...]
    refine: int = 2
    """The grid step is 2^-(k + refine): breakpoints of phi_k lie on 2^-k Z."""
    curves_up_to: int = 4
    """phi_k is saved for the figure for k up to this."""

    def __post_init__(self) -> None:
        require(len(self.ks) >= 1 and all(1 <= k <= 20 for k in self.ks), "ks must lie in 1..20")
        require(self.refine >= 1, "refine must be >= 1")


EXPERIMENTS = {
    "boolean_networks": BooleanNetworks,
    "lift": Lift,
    "output_rounding": OutputRounding,
    "sawtooth": Sawtooth,
}
