"""Exact gradient flow of a single ReLU neuron on a finite dataset, phase by phase.

While the set S of examples with x_i.w >= 0 does not change, the flow dw/dt = -sum_{i in S}
(x_i.w - y_i) x_i is linear: with A = X_S^T X_S and an equilibrium w_eq (A w_eq = X_S^T y_S),

    w(t) = w_eq + exp(-(t - t0) A) (w(t0) - w_eq).

The matrix exponential is evaluated through the eigendecomposition of the symmetric A. A phase ends
when a pre-activation changes sign, at a time found by a scan on a geometric grid and a root-find
(brentq); the next phase starts there with that example toggled. For the data of Vardi & Shamir
(Thm 3) started at w = 0 this gives two phases: all examples active until x_3.w reaches 0 at t_1,
then w_3 frozen at w_3(t_1).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import brentq

SCAN_POINTS = 4000
"""Grid points per phase on which a sign change of a pre-activation is looked for."""


@dataclass(frozen=True)
class LinearPhase:
    """The flow on [start_time, end_time] with a fixed set of active examples."""

    start_time: float
    end_time: float
    active: np.ndarray
    start: np.ndarray
    equilibrium: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray

    def at(self, times: np.ndarray) -> np.ndarray:
        """w(t) for each t (T,) -> (T, d): w_eq + exp(-(t - t0) A) (w(t0) - w_eq)."""
        elapsed = np.asarray(times, dtype=np.float64) - self.start_time
        decay = np.exp(-np.outer(elapsed, self.eigenvalues))
        offset = (self.start - self.equilibrium) @ self.eigenvectors
        return self.equilibrium + (decay * offset) @ self.eigenvectors.T


def linear_phase(
    inputs: np.ndarray, targets: np.ndarray, active: np.ndarray, start: np.ndarray, start_time: float
) -> LinearPhase:
    """The linear flow from `start` at `start_time` with the examples `active` (end time still open)."""
    included = inputs[active]
    hessian = included.T @ included
    eigenvalues, eigenvectors = np.linalg.eigh(hessian)
    eigenvalues = np.where(eigenvalues > 1e-12 * max(eigenvalues.max(), 1.0), eigenvalues, 0.0)
    # The equilibrium nearest to `start`: move only along eigenvectors with a positive eigenvalue.
    drive = eigenvectors.T @ (included.T @ targets[active] - hessian @ start)
    step = np.divide(drive, eigenvalues, out=np.zeros_like(drive), where=eigenvalues > 0)
    return LinearPhase(
        start_time=start_time,
        end_time=np.inf,
        active=active.copy(),
        start=start.copy(),
        equilibrium=start + eigenvectors @ step,
        eigenvalues=eigenvalues,
        eigenvectors=eigenvectors,
    )


def _first_sign_change(phase: LinearPhase, inputs: np.ndarray) -> tuple[float, int] | None:
    """(time, example) of the first active pre-activation to turn negative or inactive one positive."""
    positive = phase.eigenvalues[phase.eigenvalues > 0]
    if positive.size == 0:
        return None
    offsets = np.geomspace(1e-9 / positive.max(), 60.0 / positive.min(), SCAN_POINTS)
    times = phase.start_time + np.concatenate([[0.0], offsets])
    pre = phase.at(times) @ inputs.T
    tolerance = 1e-12 * (1.0 + np.abs(pre).max())
    wrong_side = np.where(phase.active, pre < -tolerance, pre > tolerance)
    wrong_side[0] = False
    if not wrong_side.any():
        return None
    hits = [(int(np.argmax(wrong_side[:, i])), i) for i in range(inputs.shape[0]) if wrong_side[:, i].any()]
    index, example = min(hits)

    def preactivation(t: float) -> float:
        return float(phase.at(np.array([t]))[0] @ inputs[example])

    lower, upper = times[index - 1], times[index]
    if np.sign(preactivation(lower)) == np.sign(preactivation(upper)):
        return lower, example
    return brentq(preactivation, lower, upper, xtol=1e-15, rtol=4 * np.finfo(float).eps), example


def exact_flow(inputs: np.ndarray, targets: np.ndarray, start: np.ndarray, max_phases: int = 20) -> list[LinearPhase]:
    """The phases of the gradient flow of 1/2 sum_i ([x_i.w]+ - y_i)^2 from `start` (ReLU'(0) = 1).

    The last phase has end_time = inf; its equilibrium is the limit w(inf).
    """
    active = inputs @ start >= 0.0
    phases = [linear_phase(inputs, targets, active, start, 0.0)]
    while (change := _first_sign_change(phases[-1], inputs)) is not None:
        if len(phases) == max_phases:
            raise RuntimeError(f"gradient flow changed its active set more than {max_phases} times")
        time, example = change
        current = phases[-1]
        phases[-1] = replace(current, end_time=time)
        active = current.active.copy()
        active[example] = not active[example]
        phases.append(linear_phase(inputs, targets, active, current.at(np.array([time]))[0], time))
    return phases


def flow_path(phases: list[LinearPhase], times: np.ndarray) -> np.ndarray:
    """w(t) (T, d) at the given times, each evaluated in the phase that contains it."""
    ends = np.array([phase.end_time for phase in phases])
    which = np.searchsorted(ends, times, side="left")
    path = np.empty((len(times), phases[0].start.shape[0]))
    for k, phase in enumerate(phases):
        mask = which == k
        if mask.any():
            path[mask] = phase.at(times[mask])
    return path
