"""The runs behind Vardi & Shamir (2021) Fig. 1 (single neuron) and Fig. 2 (one hidden neuron)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from thundeep.implicit_regularization.data import dataset
from thundeep.implicit_regularization.flow import exact_flow, flow_path
from thundeep.relu_neuron.descent import Trajectory, gradient_descent
from thundeep.relu_neuron.neuron import hidden_neuron_loss_and_gradient, neuron_loss_and_gradient


@dataclass(frozen=True)
class NeuronLimits:
    """Single-neuron runs from w = 0 for every (gamma, alpha) pair: GD and the exact flow."""

    gammas: np.ndarray
    alphas: np.ndarray
    gd: Trajectory
    flow_limits: np.ndarray
    flow_exit_times: np.ndarray


def stacked_datasets(
    gammas: Sequence[float] | np.ndarray, alphas: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (B, 3, 3) and targets (B, 3) for every pair (gamma_b, alpha_b)."""
    pairs = [dataset(g, a) for g, a in zip(gammas, alphas, strict=True)]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def single_neuron_limits(
    gammas: Sequence[float],
    alphas: Sequence[float],
    lr: float,
    loss_target: float,
    max_steps: int,
    record_every: int,
) -> NeuronLimits:
    """GD from w = 0 (Thm 3's setting) for all gamma x alpha at once, and the exact flow limit of each.

    `flow_exit_times` is t_1, when x_3.w reaches 0 and the third example turns off (inf if never).
    """
    grid_gamma, grid_alpha = (a.ravel() for a in np.meshgrid(gammas, alphas, indexing="ij"))
    inputs, targets = stacked_datasets(grid_gamma, grid_alpha)
    gd = gradient_descent(
        lambda w: neuron_loss_and_gradient(w, inputs, targets),
        np.zeros((len(grid_gamma), 3)),
        lr,
        max_steps,
        record_every=record_every,
        loss_target=loss_target,
        desc="single neuron GD",
    )
    limits, exits = [], []
    for x, y in zip(inputs, targets, strict=True):
        phases = exact_flow(x, y, np.zeros(3))
        limits.append(phases[-1].equilibrium)
        exits.append(phases[0].end_time)
    return NeuronLimits(grid_gamma, grid_alpha, gd, np.array(limits), np.array(exits))


def flow_paths_at(gammas: Sequence[float] | np.ndarray, alpha: float, times: np.ndarray) -> np.ndarray:
    """Exact-flow iterates w(t) (G, T, 3) from w = 0 at the given times, one row per gamma."""
    paths = []
    for gamma in gammas:
        inputs, targets = dataset(gamma, alpha)
        paths.append(flow_path(exact_flow(inputs, targets, np.zeros(3)), times))
    return np.stack(paths)


def hidden_neuron_runs(
    gammas: Sequence[float] | np.ndarray,
    init_scales: Sequence[float] | np.ndarray,
    lr: float,
    loss_target: float,
    max_steps: int,
    record_every: int,
    alpha: float = 1.0,
) -> Trajectory:
    """GD on x -> v [w.x]+ from (w, v) = (0, eps) for every pair (gamma_b, eps_b) (Sec. 6.1)."""
    inputs, targets = stacked_datasets(gammas, [alpha] * len(gammas))
    start = np.zeros((len(gammas), 4))
    start[:, -1] = init_scales
    return gradient_descent(
        lambda p: hidden_neuron_loss_and_gradient(p, inputs, targets),
        start,
        lr,
        max_steps,
        record_every=record_every,
        loss_target=loss_target,
        desc="hidden neuron GD",
    )


def end_to_end_weights(params: np.ndarray) -> np.ndarray:
    """u = v w for parameters (..., d + 1) packed as (w, v)."""
    return params[..., -1:] * params[..., :-1]


def balancedness(params: np.ndarray) -> np.ndarray:
    """v^2 - ||w||^2, constant (= eps^2 from (0, eps)) under gradient flow."""
    return params[..., -1] ** 2 - np.sum(params[..., :-1] ** 2, axis=-1)
