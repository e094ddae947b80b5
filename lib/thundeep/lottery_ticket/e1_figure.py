"""Figure of E1: the subnetwork's error and accuracy against the pool size m."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from thundeep.figures import method_color, new_figure

LABELS = {"single_product": "best single product (Malach et al.)", "subset_sum": "subset sum (Pensia et al.)"}


def plot_e1(table: pd.DataFrame, target_accuracy: float):
    """Left: sup and mean |G~ - F| vs m (log-log); right: test accuracy of G~ vs m, target as a line."""
    fig, (left, right) = new_figure(ncols=2)
    for construction, group in table.groupby("construction", sort=True):
        color = method_color(LABELS.get(construction, construction))
        label = LABELS.get(construction, construction)
        for column, style in (("sup_error", "-"), ("mean_error", "--")):
            sns.lineplot(data=group, x="m", y=column, ax=left, color=color, linestyle=style, marker="o",
                         errorbar=("pi", 100), label=f"{label}, {column.split('_')[0]}")
        sns.lineplot(data=group, x="m", y="accuracy", ax=right, color=color, marker="o",
                     errorbar=("pi", 100), label=label)
    left.set(xscale="log", yscale="log", xlabel="pool size m (random neurons per input coordinate)",
             ylabel="|G~(x) - F(x)| over test inputs (logits)")
    right.axhline(target_accuracy, color="black", linestyle=":", label="target network F")
    right.set(xscale="log", xlabel="pool size m", ylabel="test accuracy (%)")
    left.legend(fontsize=7)
    right.legend(fontsize=7)
    return fig
