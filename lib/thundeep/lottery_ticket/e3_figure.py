"""Figure of E3: test accuracy against hidden width for the four ways of using a random 2-layer net."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from thundeep.figures import method_color, new_figure

LABELS = {
    "edge_popup": "weight-subnetwork (edge-popup)",
    "neuron_subnetwork": "neuron-subnetwork (score per neuron)",
    "random_features": "random features (output layer fitted)",
    "dense": "dense net, all weights trained",
}


def plot_e3(table: pd.DataFrame):
    """Test accuracy vs width (log scale), one curve per method, range over seeds as a band."""
    fig, ax = new_figure(width=5.2, height=3.8)
    for method, label in LABELS.items():
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
    widths = sorted(table["width"].unique())
    ax.set(xscale="log", xlabel="hidden width of the random 2-layer network", ylabel="test accuracy (%)")
    ax.set_xticks(widths, [str(w) for w in widths], minor=False)
    ax.set_xticks([], minor=True)
    ax.legend(fontsize=7)
    return fig
