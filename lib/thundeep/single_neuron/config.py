"""Typed configs of the single_neuron experiments: Fig. 1's non-monotonic angle and the Thm 6.4 companion."""

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
        "final_distance_max", "final_distance_max_rescaled", "angle_rise_max", "angle_min", "angle_max",
        "angle_coverage", "climb_peak_step", "climb_peak_step_rescaled", "climb_first_close_step",
        "climb_first_close_step_rescaled", "settled_step", "settled_step_rescaled", "time_scale_peak",
        "time_scale_first_close",
    )
    teacher: Vector2
    """Target neuron v."""
    mean: Vector2
    """Mean mu of the Gaussian inputs x ~ N(mu, I_2)."""
    starts: tuple[Vector2, ...]
    """Initial points w_0; the first is the one whose angle landmarks are reported."""
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
        require(len(self.starts) >= 1, "starts must name at least one start")
        require(min(self.lr, self.time_scale, self.close_angle) > 0, "lr, time_scale and close_angle must be > 0")
        require(min(self.steps, self.record_every, self.quadrature_order) >= 1,
                "steps, record_every and quadrature_order must be >= 1")


@dataclass(frozen=True)
class LinearConvergence(Experiment):
    """Companion to Thm 6.4: GD on the closed-form Gaussian loss for several d and seeds."""

    metrics: ClassVar[tuple[str, ...]] = (
        "rate_min", "rate_max", "rate_std", "rate_over_local_prediction", "r_squared_min", "fit_points_min",
        "final_distance_max",
    )
    dims: tuple[int, ...]
    """Input dimensions d."""
    seeds: tuple[int, ...]
    """Seeds of w_0 ~ N(0, I/d)."""
    lr: float
    """Step size (stable below 4)."""
    steps: int
    """Gradient steps."""
    fit_upper: float
    """Largest |w_t - v|^2 in the fit window."""
    fit_floor: float
    """Smallest |w_t - v|^2 in the fit window (above rounding)."""

    def __post_init__(self) -> None:
        require(len(self.dims) >= 1 and min(self.dims) >= 2 and len(set(self.dims)) == len(self.dims),
                "dims: distinct dimensions >= 2")
        require(len(self.seeds) >= 1 and min(self.seeds) >= 0 and len(set(self.seeds)) == len(self.seeds),
                "seeds: distinct seeds >= 0")
        require(0 < self.lr < 4, "lr must be in (0, 4) (GD on the Hessian I/2 is stable below 4)")
        require(self.steps >= 1 and self.fit_upper > 0 and self.fit_floor > 0, "steps >= 1, fit bounds > 0")


EXPERIMENTS = {"angle": Angle, "linear_convergence": LinearConvergence}
