"""Typed configs of the single_neuron experiments: Fig. 1, the Thm 6.4 companion, Thm 3.1 and Lemma 5.1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thundeep.experiment import Experiment, require

Vector2 = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """Grid on which F is drawn."""

    x: Vector2
    """Range of the first coordinate of w."""
    y: Vector2
    """Range of the second coordinate of w."""
    points: int
    """Grid points per axis."""

    def __post_init__(self) -> None:
        require(self.points >= 2, "surface.points must be >= 2")


@dataclass(frozen=True)
class Landmarks:
    """Steps read off the published angle plot for the first start (for the time-scale ratios)."""

    peak: float
    """Step where the angle peaks near pi."""
    first_close: float
    """First step where the angle is near 0."""

    def __post_init__(self) -> None:
        require(self.peak > 0 and self.first_close > 0, "published landmarks must be > 0")


@dataclass(frozen=True)
class Angle(Experiment):
    """Fig. 1: GD on a non-centred Gaussian input from three starts; the angle to v over the iterations."""

    metrics: ClassVar[tuple[str, ...]] = (
        "final_distance_max",
        "final_distance_max_rescaled",
        "rise_first_start",
        "rise_second_start",
        "room_second_start",
        "peak_gap_max",
        "fall_after_peak_min",
        "climb_peak_step",
        "climb_peak_step_rescaled",
        "climb_first_close_step",
        "climb_first_close_step_rescaled",
        "settled_step",
        "settled_step_rescaled",
        "time_scale_peak",
        "time_scale_first_close",
    )
    teacher: Vector2
    """Target neuron v."""
    mean: Vector2
    """Mean mu of the Gaussian inputs x ~ N(mu, I_2)."""
    starts: tuple[Vector2, ...]
    """Initial points w_0; the first is the one whose landmarks are reported, the first two are the
    starts whose angle rises (SN2; the paper's third start begins at angle pi)."""
    lr: float
    """Step size of gradient descent on F."""
    steps: int
    """Gradient steps."""
    time_scale: float
    """The second set of runs uses step lr / time_scale."""
    record_every: int
    """Steps between recorded iterates."""
    quadrature_order: int
    """Gauss-Legendre nodes per arc."""
    close_angle: float
    """Angle (rad) below which w_t counts as aligned with v."""
    surface: Surface
    published_landmarks: Landmarks

    def __post_init__(self) -> None:
        require(len(self.starts) >= 2, "starts must name at least two starts (the two rising ones first)")
        require(min(self.lr, self.time_scale, self.close_angle) > 0, "lr, time_scale and close_angle must be > 0")
        require(
            min(self.steps, self.record_every, self.quadrature_order) >= 1,
            "steps, record_every and quadrature_order must be >= 1",
        )


@dataclass(frozen=True)
class LinearConvergence(Experiment):
    """Lemma 6.2 and Thm 6.4 for x ~ N(0, I_d): GD from many inits w_0 ~ N(0, I/d) at several d.

    Every run is checked for a non-increasing angle theta(w_t, v) and for convergence, and its average
    rate over the whole run is compared with its own local rate near v.
    """

    metrics: ClassVar[tuple[str, ...]] = (
        "angle_increase_max",
        "unconverged_runs",
        "fast_fraction_min",
        "fast_fraction_min_se",
        "whole_over_local_median_min",
        "rate_over_local_prediction",
        "r_squared_min",
        "converged_step_max",
    )
    dims: tuple[int, ...]
    """Input dimensions d."""
    runs: int
    """Inits w_0 ~ N(0, I/d) per dimension."""
    seed: int
    """Seed of the inits (combined with d)."""
    lr: float
    """Constant step size (stable below 4)."""
    steps: int
    """Gradient steps."""
    fit_upper: float
    """Largest |w_t - v|^2 in the window where the local rate is fitted."""
    fit_floor: float
    """Smallest |w_t - v|^2 in that window (above rounding); a run has converged once below it."""
    fast_ratio: float
    """A run is fast when its whole-run rate is at least this fraction of its local rate."""
    shown_runs: int
    """Runs per dimension whose curves are saved for the figure."""

    def __post_init__(self) -> None:
        require(
            len(self.dims) >= 1 and min(self.dims) >= 2 and len(set(self.dims)) == len(self.dims),
            "dims: distinct dimensions >= 2",
        )
        require(self.runs >= 1 and self.seed >= 0, "runs >= 1, seed >= 0")
        require(0 < self.lr < 4, "lr must be in (0, 4) (GD on the Hessian I/2 is stable below 4)")
        require(self.steps >= 1 and 0 < self.fit_floor < self.fit_upper, "steps >= 1, 0 < fit_floor < fit_upper")
        require(
            0 < self.fast_ratio <= 1 and 1 <= self.shown_runs <= self.runs,
            "fast_ratio in (0, 1], shown_runs in [1, runs]",
        )


@dataclass(frozen=True)
class StuckCoordinates(Experiment):
    """Thm 3.1: inputs uniform on {b_i e_i}, symmetric init; coordinates with b_i w_i <= 0 never move."""

    metrics: ClassVar[tuple[str, ...]] = (
        "max_z",
        "dead_moved_max",
        "live_error_max",
        "bound_violations",
        "printed_bound_violations",
        "smallest_violating_dim",
        "last_holding_dim",
        "hoeffding_bound_violations",
        "failure_exponent_largest_dim",
    )
    dims: tuple[int, ...]
    """Input dimensions d."""
    runs: int
    """Inits w_0 ~ N(0, I/d) per dimension."""
    seed: int
    """Seed of the inits (combined with d)."""
    lr: float
    """Step size of GD."""
    steps: int
    """Gradient steps."""
    record_every: int
    """Steps between the evaluations of F (its minimum over them is checked against 1/(8d))."""

    def __post_init__(self) -> None:
        require(
            len(self.dims) >= 1 and min(self.dims) >= 1 and len(set(self.dims)) == len(self.dims),
            "dims: distinct dimensions >= 1",
        )
        require(self.runs >= 2 and self.seed >= 0, "runs >= 2, seed >= 0")
        require(0 < self.lr < 2 * min(self.dims), "lr must be in (0, 2 d): each live coordinate contracts by 1 - lr/d")
        require(self.steps >= 1 and self.record_every >= 1, "steps and record_every must be >= 1")


@dataclass(frozen=True)
class InitialisationProbability(Experiment):
    """Lemma 5.1: P(|w_0 - v|^2 <= 1 - 2 tau^2 d) for w_0 ~ N(0, tau^2 I), tau = 1/(d sqrt 2), |v| = 1."""

    metrics: ClassVar[tuple[str, ...]] = (
        "max_z",
        "exact_min",
        "exact_at_largest_dim",
        "printed_at_largest_dim",
        "gaussian_tail_limit",
        "printed_bound_violations",
        "smallest_violating_dim",
    )
    dims: tuple[int, ...]
    """Dimensions of the Monte Carlo estimates (the exact value is computed at every d up to the largest)."""
    samples: int
    """Monte Carlo draws of w_0 per dimension."""
    seed: int
    """Seed of the draws (combined with d)."""
    chunk: int
    """Draws per batch (bounds memory)."""

    def __post_init__(self) -> None:
        require(
            len(self.dims) >= 1 and min(self.dims) >= 2 and len(set(self.dims)) == len(self.dims),
            "dims: distinct dimensions >= 2",
        )
        require(self.samples >= 2 and self.seed >= 0 and self.chunk >= 1, "samples >= 2, seed >= 0, chunk >= 1")


EXPERIMENTS = {
    "angle": Angle,
    "linear_convergence": LinearConvergence,
    "stuck_coordinates": StuckCoordinates,
    "initialisation_probability": InitialisationProbability,
}
