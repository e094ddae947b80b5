"""Figures of the single_neuron paper: Fig. 1, the Thm 6.4 companion, Thm 3.1 and Lemma 5.1."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from thundeep.figures import method_color, new_figure, readable_log_ticks, save_figure
from thundeep.io import load_arrays, read_csv
from thundeep.single_neuron.config import (
    Angle,
    InitialisationProbability,
    Landmarks,
    LinearConvergence,
    StuckCoordinates,
)
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
    """Left: |w_t - v|^2 (log) of the shown runs with the local rate; middle: their angles (log);
    right: each run's whole-run rate over its local rate against its initial angle."""
    fig, (dist_ax, angle_ax, ratio_ax) = new_figure(ncols=3, width=3.6, height=3.4, layout="constrained")
    distances, angles = arrays["distances"], arrays["angles"]
    steps = np.arange(distances.shape[1])
    for k, dim in enumerate(arrays["dims"]):
        color = method_color(f"d = {dim}")
        for s in range(distances.shape[2]):
            label = f"d = {dim}" if s == 0 else None
            dist_ax.plot(steps, distances[k, :, s], color=color, linewidth=0.6, label=label)
            angle_ax.plot(steps, angles[k, :, s], color=color, linewidth=0.6, label=label)
        ratio_ax.plot(
            arrays["initial_angles"][k], arrays["ratios"][k], ".", color=color, markersize=2.5, label=f"d = {dim}"
        )
    reference = distances[:, 0, :].max() * np.exp(-predicted_rate * steps)
    dist_ax.plot(steps, reference, color="black", linestyle=":", label=f"slope -{predicted_rate:.4f} (Hessian I/2)")
    dist_ax.set(yscale="log", xlabel="iteration t", ylabel="||w_t - v||^2", ylim=(1e-32, None))
    angle_ax.set(yscale="log", xlabel="iteration t", ylabel="theta(w_t, v) (rad)", ylim=(1e-17, 4))
    ratio_ax.axhline(float(arrays["fast_ratio"]), color="black", linestyle=":", label="claim: >= this in 90% of runs")
    ratio_ax.set(xlabel="initial angle theta(w_0, v) (rad)", ylabel="whole-run rate / local rate", xlim=(0, np.pi))
    dist_ax.legend(fontsize=6)
    ratio_ax.legend(fontsize=6)
    return fig


def plot_stuck_coordinates(table: list[dict[str, str]], arrays: Mapping[str, np.ndarray]):
    """P(GD fails) = P(F(w_T) >= 1/(8d)) complement on a log scale: exact tail, the two bounds, simulation."""
    fig, ax = new_figure(width=5.0, height=3.6, layout="constrained")
    dims = arrays["dims"]
    ax.plot(dims, 1.0 - arrays["exact"], color="black", label="exact P(Bin(d, 1/2) < d/4)")
    ax.plot(dims, 1.0 - arrays["printed"], color=method_color("printed"), linestyle="--", label="paper: e^{-d/4}")
    ax.plot(
        dims, 1.0 - arrays["hoeffding"], color=method_color("Hoeffding"), linestyle=":", label="Hoeffding: e^{-d/8}"
    )
    d = np.array([float(r["d"]) for r in table])
    missed = np.array([1.0 - float(r["stuck_fraction"]) for r in table])
    error = np.array([float(r["standard_error"]) for r in table])
    seen = missed > 0
    ax.errorbar(
        d[seen],
        missed[seen],
        yerr=3 * error[seen],
        fmt="o",
        color=method_color("simulation"),
        label="GD runs not stuck (3 s.e.)",
    )
    ax.set(yscale="log", xlabel="d", ylabel="P(final F < 1/(8d))")
    ax.legend(fontsize=7)
    return fig


def plot_initialisation_probability(table: list[dict[str, str]], arrays: Mapping[str, np.ndarray], limit: float):
    """P(|w_0 - v|^2 <= 1 - 2 tau^2 d) against d: exact, Monte Carlo (3 s.e.), the printed bound, the limit."""
    fig, ax = new_figure(width=5.0, height=3.6, layout="constrained")
    ax.plot(arrays["dims"], arrays["exact"], color="black", label="exact (1-D quadrature)")
    ax.plot(
        arrays["dims"],
        arrays["printed"],
        color=method_color("printed"),
        linestyle="--",
        label="paper: 1/2 - tau d/4 - 1.2^{-d}",
    )
    ax.axhline(limit, color="grey", linestyle=":", label="limit 1 - Phi(3/(2 sqrt 2))")
    ax.errorbar(
        [float(r["d"]) for r in table],
        [float(r["monte_carlo"]) for r in table],
        yerr=[3 * float(r["standard_error"]) for r in table],
        fmt="o",
        markersize=3,
        color=method_color("simulation"),
        label="Monte Carlo (3 s.e.)",
    )
    ax.set(xscale="log", xlabel="d", ylabel="probability", ylim=(0, 0.4), title="tau = 1/(d sqrt 2)")
    readable_log_ticks(ax.xaxis, float(np.min(arrays["dims"])), float(np.max(arrays["dims"])))
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


def stuck_coordinates_figure_stage(inputs: Inputs, outputs: Outputs, config: StuckCoordinates) -> None:
    """Draw the Thm 3.1 figure from the saved table and tail arrays."""
    fig = plot_stuck_coordinates(read_csv(inputs["table"]), load_arrays(inputs["arrays"]))
    save_figure(fig, outputs["pdf"], outputs["png"])


def initialisation_probability_figure_stage(
    inputs: Inputs, outputs: Outputs, config: InitialisationProbability
) -> None:
    """Draw the Lemma 5.1 figure from the saved table and exact values."""
    arrays = load_arrays(inputs["arrays"])
    fig = plot_initialisation_probability(read_csv(inputs["table"]), arrays, float(arrays["limit"]))
    save_figure(fig, outputs["pdf"], outputs["png"])
