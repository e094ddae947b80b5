"""Figures of the implicit_regularization paper: Fig. 1 (single neuron) and Fig. 2 (one hidden neuron)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from thundeep.figures import legend_below, method_color, new_figure, save_figure
from thundeep.implicit_regularization.config import HiddenNeuron, Limits
from thundeep.implicit_regularization.data import global_minimum
from thundeep.io import load_arrays
from thundeep.stage import Inputs, Outputs


def gamma_label(gamma: float) -> str:
    """Legend name of a run: gamma = 5."""
    return f"gamma = {gamma:g}"


VIEW = {"xlim": (0.0, 5.5), "ylim": (-1.1, 0.6), "zlim": (-0.4, 0.2)}
"""Axis limits of the 3-D panels (alpha = 1): the trajectories, the minima and the plane near them."""


TICKS = {"xticks": (0, 1, 2, 3, 4, 5), "yticks": (-1.0, -0.5, 0.0, 0.5), "zticks": (-0.4, -0.2, 0.0, 0.2)}
"""Few enough ticks on the 3-D axes that their labels do not run into each other."""


def _minima_and_plane(ax, name: str) -> None:
    """The line of global minima (5, -1, s), s <= 1 (alpha = 1), and the plane x_3.`name` = 0 (coordinates 2 + 3 = 0).

    `name` is the plotted vector (w for the single neuron, u = v w for the hidden neuron); the axes
    are labelled name1, name2, name3.
    """
    low, high = VIEW["zlim"]
    line = np.stack([global_minimum(1.0, low), global_minimum(1.0, high)])
    ax.plot(*line.T, color="black", linewidth=2, label="global minima (5, -1, s), s <= 1")
    ax.scatter(*global_minimum(1.0, 0.0)[:, None], color="black", marker="*", s=60, label="minimum-norm fit (5, -1, 0)")
    first, second = np.meshgrid(np.linspace(*VIEW["xlim"], 2), np.linspace(-high, -low, 2))
    ax.plot_surface(first, second, -second, color="grey", alpha=0.15, linewidth=0)
    ax.plot([], [], color="grey", linewidth=6, alpha=0.3, label=f"plane x3.{name} = 0")
    ax.set(**VIEW, **TICKS)
    ax.set_xlabel(f"{name}1")
    ax.set_ylabel(f"{name}2", labelpad=8)
    ax.set_zlabel(f"{name}3", labelpad=8)
    ax.view_init(elev=18, azim=-50)


def _three_d_beside_flat():
    """A wide figure with a 3-D axes on the left and a flat one on the right."""
    fig = new_figure(width=12.0, height=5.2)[0]
    fig.clf()
    left = fig.add_subplot(1, 2, 1, projection="3d")
    right = fig.add_subplot(1, 2, 2)
    fig.subplots_adjust(wspace=0.45)
    return fig, left, right


def plot_limits_figure(arrays: Mapping[str, np.ndarray]):
    """Fig. 1: GD from w = 0 for each gamma in 3-D (left) and w_3 against time (right).

    Solid: GD; dotted black: the exact flow at the same times t = step * lr; vertical ticks: the exit
    times t_1 where x_3.w reaches 0 and w_3 freezes.
    """
    fig, left, right = _three_d_beside_flat()
    times = arrays["times"]
    shown = times > 0
    for g, gamma in enumerate(arrays["gammas"]):
        color = method_color(gamma_label(gamma))
        path, flow = arrays["gd_paths"][:, g], arrays["flow_paths"][g]
        left.plot(path[:, 0], path[:, 1], path[:, 2], color=color, label=gamma_label(gamma))
        left.plot(flow[:, 0], flow[:, 1], flow[:, 2], color="black", linestyle=":", linewidth=0.8)
        right.plot(times[shown], path[shown, 2], color=color, label=gamma_label(gamma))
        right.plot(times[shown], flow[shown, 2], color="black", linestyle=":", linewidth=0.8)
        if np.isfinite(arrays["flow_exit_times"][g]):
            right.axvline(arrays["flow_exit_times"][g], color=color, linestyle="--", linewidth=0.6)
    left.plot([], [], color="black", linestyle=":", label="exact gradient flow")
    _minima_and_plane(left, "w")
    right.plot([], [], color="grey", linestyle="--", label="right: flow exit time t1 (x3.w = 0)")
    right.set(xscale="log", xlabel="time t = step x learning rate", ylabel="w3(t)")
    legend_below(fig, ncol=4)
    return fig


def plot_hidden_neuron_figure(arrays: Mapping[str, np.ndarray], paper_scales: list[float]):
    """Fig. 2: (a) u = v w along GD for each gamma; (b) final u_3 against the initial scale eps."""
    fig, left, right = _three_d_beside_flat()
    sweep = arrays["sweep"]
    for b in np.flatnonzero(~sweep):
        gamma = arrays["gammas"][b]
        path = arrays["u_paths"][:, b]
        left.plot(path[:, 0], path[:, 1], path[:, 2], color=method_color(gamma_label(gamma)), label=gamma_label(gamma))
    _minima_and_plane(left, "u")
    left.set(title="(a) u = v w from (w, v) = (0, 0.001)")
    scales, u3 = arrays["init_scales"][sweep], arrays["u3_final"][sweep]
    order = np.argsort(scales)
    color = method_color(gamma_label(arrays["gammas"][sweep][0]))
    right.plot(scales[order], u3[order], color=color, marker=".", label="(b) all eps (union of grids)")
    listed = np.isin(scales, paper_scales)
    right.plot(
        scales[listed],
        u3[listed],
        linestyle="none",
        marker="o",
        markerfacecolor="none",
        color="black",
        label="(b) eps = 10^-i, i = 0..5 (paper's text)",
    )
    right.set(
        xscale="log",
        xlabel="initial scale eps (v_0 = eps, w_0 = 0)",
        ylabel="u3 at the end of training",
        title=f"(b) gamma = {arrays['gammas'][sweep][0]:g}",
    )
    legend_below(fig, ncol=4)
    return fig


def limits_figure_stage(inputs: Inputs, outputs: Outputs, config: Limits) -> None:
    """Draw Fig. 1 from the saved trajectories."""
    save_figure(plot_limits_figure(load_arrays(inputs["arrays"])), outputs["pdf"], outputs["png"])


def hidden_neuron_figure_stage(inputs: Inputs, outputs: Outputs, config: HiddenNeuron) -> None:
    """Draw Fig. 2 from the saved runs."""
    fig = plot_hidden_neuron_figure(load_arrays(inputs["arrays"]), list(config.init_scales_paper))
    save_figure(fig, outputs["pdf"], outputs["png"])
