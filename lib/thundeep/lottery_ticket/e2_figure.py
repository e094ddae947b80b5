"""Figure of E2: test RMSE against the number of random neurons N, one panel per method."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from thundeep.figures import method_color, new_figure

PANELS = {
    "construction": "weight-subnetwork (Theorem 1 construction)",
    "random_features": "random features, least squares (bounds neuron-subnetworks)",
}
REFERENCES = {"affine": ("best affine predictor", "--"), "zero": ("zero predictor", ":")}


def plot_e2(table: pd.DataFrame):
    """RMSE vs N (log-log) per method, a curve per d (range over seeds as a band), references as lines."""
    fig, axes = new_figure(ncols=len(PANELS), sharey=True)
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
            legend=ax is axes[0],
        )
        for reference, (label, style) in REFERENCES.items():
            ax.axhline(table[table["method"] == reference]["rmse"].mean(), color="black", linestyle=style, label=label)
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
    axes[0].legend(title="input dimension d", fontsize=7)
    handles, labels = axes[1].get_legend_handles_labels()
    axes[1].legend(handles, labels, fontsize=7)
    return fig
