"""Figures: Theorem 1's construction against the pool size, the Gaussian neuron, and the subnetwork search.

The figure stages read only the tables (so the computing jobs never import matplotlib).
"""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from thundeep.figures import legend_below, method_color, new_figure, save_figure
from thundeep.io import read_frame, read_json
from thundeep.stage import Inputs, Outputs

CONSTRUCTION_LABELS = {
    "single_product": "best single product (Malach et al.)",
    "subset_sum": "subset sum (Pensia et al.)",
}


def powers_of_two(ax) -> None:
    """Label a log x axis at powers of two as plain numbers (2, 4, 8, ...), without minor labels."""
    ax.xaxis.set_major_locator(LogLocator(base=2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_locator(NullLocator())


def plot_construction(table: pd.DataFrame, target_accuracy: float):
    """Left: sup and mean |G~ - F| vs m (log-log); right: test accuracy of G~ vs m, target as a line.

    One legend under both panels: colour is the construction rule, line style the statistic.
    """
    fig, (left, right) = new_figure(ncols=2)
    handles = []
    for construction, group in table.groupby("construction", sort=True):
        label = CONSTRUCTION_LABELS.get(construction, construction)
        color = method_color(label)
        for column, style in (("sup_error", "-"), ("mean_error", "--")):
            sns.lineplot(
                data=group,
                x="m",
                y=column,
                ax=left,
                color=color,
                linestyle=style,
                marker="o",
                errorbar=("pi", 100),
                legend=False,
            )
        sns.lineplot(
            data=group, x="m", y="accuracy", ax=right, color=color, marker="o", errorbar=("pi", 100), legend=False
        )
        handles.append(Line2D([], [], color=color, marker="o", label=label))
    left.set(
        xscale="log",
        yscale="log",
        xlabel="pool size m (random neurons per input coordinate)",
        ylabel="|G~(x) - F(x)| over test inputs (logits)",
    )
    right.axhline(target_accuracy, color="black", linestyle=":")
    right.set(xscale="log", xlabel="pool size m", ylabel="test accuracy (%)")
    for ax in (left, right):
        powers_of_two(ax)
    handles += [
        Line2D([], [], color="grey", linestyle="-", label="left: sup over test inputs"),
        Line2D([], [], color="grey", linestyle="--", label="left: mean over test inputs"),
        Line2D([], [], color="black", linestyle=":", label="right: target network F"),
    ]
    legend_below(fig, handles, [str(h.get_label()) for h in handles], ncol=3)
    return fig


PANELS = {
    "construction": "weight-subnetwork (Theorem 1 construction)",
    "random_features": "random features, least squares (bounds neuron-subnetworks)",
}
REFERENCES = {"affine": ("best affine predictor", "--"), "zero": ("zero predictor", ":")}


FLOOR_LABEL = "floor sqrt(rho_2(d)/2): energy beyond degree 2"


def plot_gaussian_neuron(table: pd.DataFrame, floor: pd.DataFrame):
    """RMSE vs N (log-log) per method, a curve per d (range over seeds as a band), references as lines.

    Each d's harmonic floor is a dash-dotted line in its colour; on the construction panel a cross
    marks where the seed-mean RMSE crosses below it.
    """
    fig, axes = new_figure(ncols=len(PANELS), sharey=True, height=4.4)
    dims = sorted(table["d"].unique())
    palette = {d: method_color(f"d = {d}") for d in dims}
    for ax, (method, title) in zip(axes, PANELS.items(), strict=True):
        data = table[table["method"] == method]
        sns.lineplot(
            data=data,
            x="n_random",
            y="rmse",
            hue="d",
            palette=palette,
            marker="o",
            ax=ax,
            errorbar=("pi", 100),
            legend=False,
        )
        for reference, (label, style) in REFERENCES.items():
            ax.axhline(table[table["method"] == reference]["rmse"].mean(), color="black", linestyle=style, label=label)
        for i, row in enumerate(floor.itertuples()):
            ax.axhline(
                row.rmse_floor,
                color=palette[row.d],
                linestyle="-.",
                linewidth=0.9,
                label=FLOOR_LABEL if i == 0 else None,
            )
        crossed = floor.dropna(subset=["construction_crossing_n"])
        if method == "construction" and len(crossed):
            ax.scatter(
                crossed["construction_crossing_n"],
                crossed["rmse_floor"],
                marker="X",
                s=60,
                zorder=5,
                color=[palette[d] for d in crossed["d"]],
                edgecolor="black",
                label="crosses below the floor",
            )
        ax.set(
            xscale="log",
            yscale="log",
            title=title,
            xlabel="random neurons drawn, N",
            ylabel="test RMSE against [<w*, x>]+",
        )
        widths = sorted(data["n_random"].unique())
        ax.set_xticks(widths, [str(n) for n in widths], minor=False)
        ax.set_xticks([], minor=True)
        ax.title.set_fontsize(9)
    curves = [Line2D([], [], color=palette[d], marker="o", label=f"d = {d}") for d in dims]
    handles, labels = axes[0].get_legend_handles_labels()
    marks, marked = axes[-1].get_legend_handles_labels()
    handles = curves + handles + [h for h, label in zip(marks, marked, strict=True) if label not in labels]
    legend_below(fig, handles, [h.get_label() for h in handles], ncol=3, fontsize=7)
    return fig


SEARCH_LABELS = {
    "edge_popup": "weight-subnetwork (edge-popup)",
    "neuron_subnetwork": "neuron-subnetwork (score per neuron)",
    "random_features": "random features (output layer fitted)",
    "dense": "dense net, all weights trained",
}


def plot_search(table: pd.DataFrame):
    """Test accuracy vs width (log scale), one curve per method, range over seeds as a band."""
    fig, ax = new_figure(width=5.2, height=3.8)
    for method, label in SEARCH_LABELS.items():
        data = table[table["method"] == method]
        sns.lineplot(
            data=data,
            x="width",
            y="test_accuracy",
            ax=ax,
            color=method_color(label),
            marker="o",
            errorbar=("pi", 100),
            label=label,
        )
    ax.get_legend().remove()
    widths = sorted(table["width"].unique())
    ax.set(xscale="log", xlabel="hidden width of the random 2-layer network", ylabel="test accuracy (%)")
    ax.set_xticks(widths, [str(w) for w in widths], minor=False)
    ax.set_xticks([], minor=True)
    legend_below(fig, ncol=2)
    return fig


def construction_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """The construction's error and accuracy against the pool size m, from its table and the target summary."""
    fig = plot_construction(read_frame(inputs["table"]), read_json(inputs["summary"])["test_accuracy"])
    save_figure(fig, outputs["pdf"], outputs["png"])


def gaussian_neuron_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """Test RMSE against the number of random neurons N, from the Gaussian-neuron table and its floor table."""
    fig = plot_gaussian_neuron(read_frame(inputs["table"]), read_frame(inputs["floor"]))
    save_figure(fig, outputs["pdf"], outputs["png"])


def subnetwork_search_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """Test accuracy against hidden width, from the search table."""
    save_figure(plot_search(read_frame(inputs["table"])), outputs["pdf"], outputs["png"])
