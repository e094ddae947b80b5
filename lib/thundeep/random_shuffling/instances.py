"""The paper's problems as coordinate-wise two-class quadratics, and their suboptimality.

Every construction in both papers is a sum of independent coordinates. On one coordinate, a
component f_i belongs to one of two classes (class 1 = sign e_i = +1, class 0 = e_i = -1), half the
components in each, and

    f_i(x) = c/2 x^2 - g x        (c = curvature, g = linear coefficient of the class),

so one gradient step x <- x - eta f_i'(x) is the affine map x <- (1 - eta c) x + eta g. The
components of a class are identical, so an SGD run is fully described by its sequence of classes.
For the COLT'20 instances, class 1 is the form the paper lists first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Coordinate:
    """One coordinate: curvature and linear coefficient per class (index 0: e=-1, 1: e=+1), start."""

    curvature: tuple[float, float]
    linear: tuple[float, float]
    start: float

    def step_maps(self, eta: float) -> tuple[np.ndarray, np.ndarray]:
        """Per-class affine step x <- a[s] x + b[s] for step size `eta`: a = 1 - eta c, b = eta g."""
        a = np.array([1.0 - eta * self.curvature[0], 1.0 - eta * self.curvature[1]])
        b = np.array([eta * self.linear[0], eta * self.linear[1]])
        return a, b

    @property
    def mean_curvature(self) -> float:
        """Curvature of the average F on this coordinate (equal class sizes)."""
        return 0.5 * (self.curvature[0] + self.curvature[1])

    @property
    def minimiser(self) -> float:
        """Minimiser of the average F on this coordinate."""
        return 0.5 * (self.linear[0] + self.linear[1]) / self.mean_curvature


@dataclass(frozen=True)
class Construction:
    """A problem: independent coordinates, each a two-class quadratic."""

    name: str
    coordinates: tuple[Coordinate, ...]

    @property
    def strong_convexity(self) -> float:
        """Strong-convexity constant of the average F (its smallest curvature over the coordinates)."""
        return min(coord.mean_curvature for coord in self.coordinates)

    def suboptimality(self, x: np.ndarray) -> np.ndarray:
        """F(x) - F* for iterates `x` of shape (..., d): sum of mean_c/2 (x_j - x*_j)^2."""
        total = np.zeros(x.shape[:-1])
        for j, coord in enumerate(self.coordinates):
            total = total + 0.5 * coord.mean_curvature * (x[..., j] - coord.minimiser) ** 2
        return total


def eq1(lam: float = 1.0, lam_max: float = 200.0, g: float = 1.0) -> Construction:
    """NeurIPS'21 Eq.(1): f_i = lam/2 x1^2 + lam_max/2 x2^2 - (G/2) e_i x2; x0 = (-G/2lam, -G/2lam_max).

    F(x) - F* = lam/2 x1^2 + lam_max/2 x2^2.
    """
    x1 = Coordinate(curvature=(lam, lam), linear=(0.0, 0.0), start=-g / (2 * lam))
    x2 = Coordinate(curvature=(lam_max, lam_max), linear=(-g / 2, g / 2), start=-g / (2 * lam_max))
    return Construction("eq1", (x1, x2))


def eq2(lam: float = 1.0, lam_max: float = 200.0, g: float = 1.0) -> Construction:
    """NeurIPS'21 Eq.(2): x2-curvature only where e_i = -1: f_i = lam/2 x1^2 + [e_i=-1] lam_max/2 x2^2 - (G/2) e_i x2.

    The average is lam/2 x1^2 + lam_max/4 x2^2 (the linear terms cancel), minimised at 0.
    """
    x1 = Coordinate(curvature=(lam, lam), linear=(0.0, 0.0), start=-g / (2 * lam))
    x2 = Coordinate(curvature=(lam_max, 0.0), linear=(-g / 2, g / 2), start=-g / (2 * lam_max))
    return Construction("eq2", (x1, x2))


def eq2_mirror(lam: float = 1.0, lam_max: float = 200.0, g: float = 1.0) -> Construction:
    """Eq.(2) with the x2-curvature on the e_i = +1 components instead (the authors' released
    with-replacement code): f_i = lam/2 x1^2 + [e_i=+1] lam_max/2 x2^2 - (G/2) e_i x2; same F and start."""
    x1 = Coordinate(curvature=(lam, lam), linear=(0.0, 0.0), start=-g / (2 * lam))
    x2 = Coordinate(curvature=(0.0, lam_max), linear=(-g / 2, g / 2), start=-g / (2 * lam_max))
    return Construction("eq2_mirror", (x1, x2))


def colt_c1(lam: float = 1.0, g: float = 6.0) -> Construction:
    """COLT'20 C1: f_i = lam/2 x^2 + G/2 x (class 1), lam/2 x^2 - G/2 x (class 0); F = lam/2 x^2; x0 = 1."""
    return Construction("c1", (Coordinate(curvature=(lam, lam), linear=(g / 2, -g / 2), start=1.0),))


def colt_c2(lam: float = 1.0, g: float = 6.0) -> Construction:
    """COLT'20 C2: f_i = lam/2 x^2 + G/2 x (class 1), -G/2 x (class 0); F = lam/4 x^2; x0 = -1."""
    return Construction("c2", (Coordinate(curvature=(0.0, lam), linear=(g / 2, -g / 2), start=-1.0),))


def colt_c3(lam: float = 1.0, g: float = 6.0) -> Construction:
    """COLT'20 C3 (incremental gradient): f_i = G/2 x (first half), lam x^2 - G/2 x (second half); x0 = 1.

    Class 1 is the first half, so the fixed order is "all class 1, then all class 0"; F = lam/2 x^2.
    """
    return Construction("c3", (Coordinate(curvature=(2 * lam, 0.0), linear=(g / 2, -g / 2), start=1.0),))


CONSTRUCTIONS: dict[str, Callable[..., Construction]] = {
    "eq1": eq1,
    "eq2": eq2,
    "eq2_mirror": eq2_mirror,
    "c1": colt_c1,
    "c2": colt_c2,
    "c3": colt_c3,
}
"""Builders by the name used in paper.yaml."""
