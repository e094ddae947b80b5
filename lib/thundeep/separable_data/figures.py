"""Figure stages of separable_data: Fig. 1 (construction), the E2 rate plots, and Fig. 2 (MNIST 4 vs 7)."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from thundeep.figures import method_color, new_figure, readable_log_ticks, save_figure
from thundeep.io import load_arrays
from thundeep.separable_data.config import Construction, Mnist, Rates
from thundeep.separable_data.rates import lemma8_bound
from thundeep.stage import Inputs, Outputs


def plot_construction(run: dict[str, np.ndarray]) -> Figure:
    """Fig. 1: the GD path in the (w_1, w_2) plane with the two points and the region where both are
    correct; beside it t* against 1/(gamma^2 eps) with Lemma 15's bound."""
    fig, (path, tstar) = new_figure(ncols=2)
    gamma, w = float(run["figure_gamma"]), run["trajectory_w"]
    grid = np.linspace(-1.0, 4.0, 401)
    w1, w2 = np.meshgrid(grid, grid)
    both = (w1 > 0) & (-0.5 * w1 + 3 * gamma * w2 > 0)
    path.contourf(w1, w2, both.astype(float), levels=[0.5, 1.5], colors=[method_color("both correct")], alpha=0.25)
    path.plot(w[:, 0], w[:, 1], ".-", ms=2, lw=0.8, color="black", label="GD iterates $w_t$")
    for point, name in (((1.0, 0.0), "majority $(1, 0)$"), ((-0.5, 3 * gamma), f"minority $(-1/2, {3 * gamma:g})$")):
        path.annotate("", xy=point, xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": method_color(name)})
        path.plot([], [], color=method_color(name), label=name)
    t_flip = int(run["figure_tstar"])
    if t_flip >= 0 and t_flip < len(w):
        path.plot(*w[t_flip], "o", color=method_color("t*"), ms=6, label=f"$w_{{t^*}}$, $t^* = {t_flip}$")
    path.set(
        xlim=(-1, 4),
        ylim=(-1, 4),
        xlabel="$w_1$",
        ylabel="$w_2$",
        title=f"$\\gamma = {gamma:g}$, $\\epsilon = {float(run['figure_eps']):g}$ (shaded: both correct)",
    )
    path.legend(fontsize=7, loc="upper left")
    scale = 1.0 / (run["gamma"] ** 2 * run["eps"])
    for g, marker in zip(np.unique(run["gamma"]), "osD^v<>p", strict=False):
        at = run["gamma"] == g
        tstar.loglog(
            scale[at], run["t_star"][at], marker, color=method_color(f"gamma {g:g}"), label=f"$\\gamma = {g:g}$"
        )
    line = np.geomspace(scale.min(), scale.max(), 50)
    tstar.loglog(line, 19.0 / 480.0 * line, "k--", label="Lemma 15: $19/(480\\gamma^2\\epsilon)$")
    readable_log_ticks(tstar.xaxis, scale.min(), scale.max())
    tstar.set(xlabel="$1/(\\gamma^2 \\epsilon)$", ylabel="$t^*$ (iterations)", title="first iteration with all correct")
    tstar.legend(fontsize=7)
    return fig


def plot_rates(run: dict[str, np.ndarray]) -> Figure:
    """E2: loss with Lemma 8's bound, Thm 9's margin levels against the measured quantiles (one panel
    per gamma), and the test error, all against t (log axes, first seed drawn darker)."""
    gammas = np.unique(run["gammas"])
    first_seed = int(run["seeds"].min())
    fig, axes = new_figure(ncols=2 + len(gammas), width=4.0, layout="constrained")
    steps, later = run["steps"], run["steps"] >= 1
    loss_ax, error_ax = axes[0], axes[-1]
    for b, g in enumerate(run["gammas"]):
        color = method_color(f"gamma {g:g}")
        first = run["seeds"][b] == first_seed
        label = f"$\\gamma = {g:g}$" if first else None
        loss_ax.loglog(steps[later], run["losses"][later, b], color=color, alpha=1.0 if first else 0.4, label=label)
        error_ax.semilogx(
            steps[later], run["test_error"][later, b], color=color, alpha=1.0 if first else 0.4, label=label
        )
    for g in gammas:
        loss_ax.loglog(
            steps[steps >= 2],
            lemma8_bound(steps[steps >= 2], g),
            "--",
            color=method_color(f"gamma {g:g}"),
            label=f"Lemma 8 bound, $\\gamma = {g:g}$",
        )
    loss_ax.set(xlabel="iteration $t$", ylabel="training loss $L(w_t)$", title="loss")
    loss_ax.legend(fontsize=7)
    for ax, g in zip(axes[1:-1], gammas, strict=True):
        b = int(np.flatnonzero((run["gammas"] == g) & (run["seeds"] == first_seed))[0])
        for j, p in enumerate(run["levels"]):
            color = method_color(f"p {p:g}")
            ax.semilogx(steps[later], run["margin_quantiles"][later, b, j], color=color, label=f"{p:g}-quantile")
            ax.semilogx(
                steps[later], run["thm9_thresholds"][later, b, j], "--", color=color, label=f"Thm 9 level, $p = {p:g}$"
            )
        ax.axhline(g / 2, color="black", lw=0.8, ls=":", label="$\\gamma/2$")
        ax.set(
            xlabel="iteration $t$",
            ylabel="normalised margin $x_i \\cdot w/\\|w\\|$",
            title=f"margins, $\\gamma = {g:g}$ (seed {first_seed})",
        )
    # The margin panels share their entries: one legend under the figure, where no curve runs.
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=7, frameon=False)
    error_ax.set(xlabel="iteration $t$", ylabel="test error (fresh points)", title="test error")
    error_ax.legend(fontsize=7)
    return fig


def plot_mnist(run: dict[str, np.ndarray]) -> Figure:
    """Fig. 2: training 0-1 error, training gamma/2-margin error and test error vs t (left), and the
    distance of w_t/||w_t|| to the max-margin direction vs t (right); every split, the first darker."""
    fig, (errors, distance) = new_figure(ncols=2)
    steps = run["steps"]
    later = steps >= 1
    curves = (
        ("train_error", "training 0-1 error"),
        ("margin_error", "training $\\gamma/2$-margin error"),
        ("test_error", "test 0-1 error"),
    )
    for s in range(run["train_error"].shape[1]):
        alpha = 1.0 if s == 0 else 0.35
        for key, name in curves:
            errors.semilogx(
                steps[later], run[key][later, s], color=method_color(name), alpha=alpha, label=name if s == 0 else None
            )
        distance.semilogx(
            steps[later],
            run["distance"][later, s],
            color=method_color("distance"),
            alpha=alpha,
            label="$\\|w_t/\\|w_t\\| - w^*/\\|w^*\\|\\|$" if s == 0 else None,
        )
    errors.set(
        xlabel="iteration $t$",
        ylabel="error",
        ylim=(0, None),
        title=f"MNIST 4 vs 7: {int(run['n_train'])} train / {int(run['n_test'])} test",
    )
    errors.legend(fontsize=7)
    distance.set(xlabel="iteration $t$", ylabel="distance to max-margin direction", ylim=(0, None), title="direction")
    distance.legend(fontsize=7)
    return fig


def construction_figure_stage(inputs: Inputs, outputs: Outputs, config: Construction, **wildcards: Any) -> None:
    """Draw Fig. 1 from the E1 arrays."""
    save_figure(plot_construction(load_arrays(inputs["arrays"])), outputs["pdf"], outputs["png"])


def rates_figure_stage(inputs: Inputs, outputs: Outputs, config: Rates, **wildcards: Any) -> None:
    """Draw the E2 rate plots from the E2 arrays."""
    save_figure(plot_rates(load_arrays(inputs["arrays"])), outputs["pdf"], outputs["png"])


def mnist_figure_stage(inputs: Inputs, outputs: Outputs, config: Mnist, **wildcards: Any) -> None:
    """Draw Fig. 2 from the E3 arrays."""
    save_figure(plot_mnist(load_arrays(inputs["arrays"])), outputs["pdf"], outputs["png"])
