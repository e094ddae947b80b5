"""Typed configs of the implicit_regularization experiments: Thm 3 / Fig. 1 and Sec. 6.1 / Fig. 2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thundeep.experiment import Experiment, require


def _descent_checks(lr: float, loss_target: float, max_steps: int, record_every: int) -> None:
    require(lr > 0 and loss_target > 0, "lr and loss_target must be > 0")
    require(max_steps >= 1 and record_every >= 1, "max_steps and record_every must be >= 1")


@dataclass(frozen=True)
class Limits(Experiment):
    """Thm 3 / Fig. 1: one neuron trained from w = 0 on X_gamma; the limit s = w_3(inf)/alpha."""

    metrics: ClassVar[tuple[str, ...]] = (
        "abs_s_gamma_zero",
        "s_flow_max_positive_gamma",
        "s_gd_max_positive_gamma",
        "s_flow_largest_increase",
        "alpha_scaling_gap_flow",
        "alpha_scaling_gap_gd",
        "gd_flow_gap",
        "final_loss_gd_max",
        "steps_gd_max",
    )
    gammas: tuple[float, ...]
    """Values of gamma in X_gamma."""
    alphas: tuple[float, ...]
    """Scales alpha of the targets; must contain 1 (the figure, table and reference)."""
    lr: float
    """Step size of gradient descent."""
    loss_target: float
    """A run stops at its first iterate with a loss below this."""
    max_steps: int
    """Step limit per run."""
    record_every: int
    """Steps between recorded iterates."""
    monotone_gammas: tuple[float, ...]
    """Gammas over which s must decrease (IR1)."""

    def __post_init__(self) -> None:
        require(len(self.gammas) >= 1 and min(self.gammas) >= 0, "gammas: at least one gamma >= 0")
        require(1.0 in self.alphas and min(self.alphas) > 0, "alphas must be > 0 and contain 1")
        _descent_checks(self.lr, self.loss_target, self.max_steps, self.record_every)


@dataclass(frozen=True)
class ScaleGrid:
    """Linear grid of eps joined with init_scales_paper."""

    start: float
    """Smallest grid value."""
    stop: float
    """Largest grid value."""
    num: int
    """Grid points."""

    def __post_init__(self) -> None:
        require(0 < self.start <= self.stop and self.num >= 1, "init_scales_grid needs 0 < start <= stop, num >= 1")


@dataclass(frozen=True)
class HiddenNeuron(Experiment):
    """Sec. 6.1 / Fig. 2: one hidden neuron x -> v [w.x]+ trained from (w, v) = (0, eps)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "u3_max_sweep",
        "u3_smallest_eps",
        "u3_largest_eps",
        "u3_settling",
        "u3_gamma_zero",
        "u3_max_positive_gamma",
        "balancedness_drift_max",
        "final_loss_max",
        "steps_max",
    )
    gammas: tuple[float, ...]
    """Gammas of Fig. 2(a)."""
    init_scale: float
    """Initial v of Fig. 2(a) (w starts at 0)."""
    sweep_gamma: float
    """Gamma of the eps sweep of Fig. 2(b)."""
    init_scales_paper: tuple[float, ...]
    """The eps values listed in the paper's text."""
    init_scales_grid: ScaleGrid
    lr: float
    """Step size of gradient descent."""
    loss_target: float
    """A run stops at its first iterate with a loss below this."""
    max_steps: int
    """Step limit per run."""
    record_every: int
    """Steps between recorded iterates."""
    settle_below: float
    """Eps at or below which u_3 must have settled (IR3)."""

    def __post_init__(self) -> None:
        require(len(self.gammas) >= 1 and min(self.gammas) >= 0 and self.sweep_gamma >= 0, "gammas must be >= 0")
        require(
            self.init_scale > 0 and min(self.init_scales_paper) > 0 and self.settle_below > 0,
            "init scales and settle_below must be > 0",
        )
        _descent_checks(self.lr, self.loss_target, self.max_steps, self.record_every)


EXPERIMENTS = {"limits": Limits, "hidden_neuron": HiddenNeuron}
