"""Figures of the single_neuron paper: Fig. 1 (trajectories and angle) and the linear-convergence plot."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from thundeep.figures import method_color, new_figure, save_figure
from thundeep.io import load_arrays
from thundeep.single_neuron.config import Angle, Landmarks, LinearConvergence
from thundeep.single_neuron.linear_convergence import local_rate
from thundeep.stage import Inputs, Outputs


def start_label(start: np.ndarray) -> str:
    """Legend name of a start point, as the paper writes it: w_0 = (-1, 0.5)."""
    return f"w0 = ({start[0]:g}, {start[1]:g})"


def plot_angle_figure(arrays: Mapping[str, np.ndarray], published: Landmarks):
    """Left: GD trajectories over contours of F, v marked; right: theta(w_t, v) against the iteration.

    Solid: F as stated with the paper's step; dashed: the rescaled run (step / time scale). Black
    crosses: landmarks of the first start read off the published plot.
    """
    fig, (left, right) = new_figure(ncols=2, width=4.8, height=3.8, layout="constrained")
    levels = np.unique(np.quantile(arrays["surface"], np.linspace(0.0, 1.0, 16) ** 2))
    left.contourf(arrays["xs"], arrays["ys"], arrays["surface"], levels=levels, cmap="Greys", alpha=0.45)
    contours = left.contour(arrays["xs"], arrays["ys"], arrays["surface"], levels=levels, colors="grey", linewidths=0.4)
    left.clabel(contours, contours.levels[1::3], fontsize=6, fmt="%.2f")
    steps, iterates, angles = arrays["steps"], arrays["iterates"], arrays["angles"]
    scale = float(arrays["time_scale"])
    for s, start in enumerate(arrays["starts"]):
        color = method_color(start_label(start))
        left.plot(iterates[:, 0, s, 0], iterates[:, 0, s, 1], color=color, label=start_label(start))
        left.plot(*start, marker="o", color=color)
        right.plot(steps, angles[:, 0, s], color=color, label=start_label(start))
        right.plot(steps, angles[:, 1, s], color=color, linestyle="--", linewidth=0.9)
    left.plot(*arrays["teacher"], marker="*", markersize=12, color="black", linestyle="none", label="global minimum v")
    left.set(xlabel="w[1]", ylabel="w[2]", title="GD on F, x ~ N((0, 1), I)", aspect="equal")
    left.legend(fontsize=7, loc="upper right")
    right.plot(
        [published.peak, published.first_close],
        [np.pi, 0.0],
        "kx",
        markersize=8,
        label="published landmarks (read off)",
    )
    right.plot([], [], color="grey", linestyle="--", label=f"step lr/{scale:g} (F/{scale:g})")
    right.set(xlabel="iteration t", ylabel="angle theta(w_t, v) (rad)", ylim=(-0.05, np.pi + 0.1), xlim=(0, steps[-1]))
    right.set_yticks([0, np.pi / 4, np.pi / 2, 3 * np.pi / 4, np.pi], ["0", "pi/4", "pi/2", "3pi/4", "pi"])
    right.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
    right.legend(fontsize=7)
    return fig


def plot_linear_convergence(arrays: Mapping[str, np.ndarray], predicted_rate: float):
    """||w_t - v||^2 against t (log scale) for every dimension and seed, with the local rate."""
    fig, ax = new_figure(width=5.0, height=3.6, layout="constrained")
    steps = np.arange(arrays["distances"].shape[1])
    for k, dim in enumerate(arrays["dims"]):
        color = method_color(f"d = {dim}")
        for s in range(arrays["distances"].shape[2]):
            ax.plot(
                steps, arrays["distances"][k, :, s], color=color, linewidth=0.9, label=f"d = {dim}" if s == 0 else None
            )
    reference = arrays["distances"][:, 0, :].max() * np.exp(-predicted_rate * steps)
    ax.plot(steps, reference, color="black", linestyle=":", label=f"slope -{predicted_rate:.4f} (Hessian I/2)")
    ax.set(yscale="log", xlabel="iteration t", ylabel="||w_t - v||^2", ylim=(1e-32, None))
    ax.legend(fontsize=7)
    return fig


def angle_figure_stage(inputs: Inputs, outputs: Outputs, config: Angle) -> None:
    """Draw Fig. 1 from the saved trajectories."""
    fig = plot_angle_figure(load_arrays(inputs["arrays"]), config.published_landmarks)
    save_figure(fig, outputs["pdf"], outputs["png"])


def linear_convergence_figure_stage(inputs: Inputs, outputs: Outputs, config: LinearConvergence) -> None:
    """Draw the linear-convergence plot from the saved distances."""
    fig = plot_linear_convergence(load_arrays(inputs["arrays"]), local_rate(config.lr))
    save_figure(fig, outputs["pdf"], outputs["png"])
