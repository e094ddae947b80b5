"""Figures of spurious_minima and their stages: spurious fraction against k (ICML'18 Tables 1-2 as a
plot) and the norm-sum histograms at spurious minima (COLT'21 Fig. 1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.ticker import MaxNLocator

from thundeep.binomial import binomial_interval
from thundeep.figures import method_color, new_figure, save_figure
from thundeep.io import read_json
from thundeep.spurious_minima.config import Colt21, Icml18
from thundeep.spurious_minima.published import Series, published_series
from thundeep.stage import Inputs, Outputs

PROTOCOL_NAMES = {"icml18": "ICML'18 (step 0.1)", "colt21": "COLT'21 (step 5/k)"}


def fraction_figure(
    summaries: Mapping[str, Mapping[str, Any]], confidence: float, published: Series, pdf: Path, png: Path
) -> None:
    """Spurious fraction (percent) against k; one line per (protocol, n - k), exact binomial bars.

    The published fractions of the same series are overlaid as black crosses labelled "published".
    """
    fig, ax = new_figure(width=8.0, height=3.8)
    markers = {0: "o", 1: "s", 2: "^"}
    published_drawn = False
    for protocol, summary in summaries.items():
        lines: dict[int, list[dict[str, Any]]] = {}
        for config in summary["configs"]:
            row = config["row"]
            lines.setdefault(row["n"] - row["k"], []).append(row)
        for offset, rows in sorted(lines.items()):
            rows = sorted(rows, key=lambda r: r["k"])
            ks = np.array([r["k"] for r in rows])
            frac = np.array([r["spurious_fraction"] for r in rows])
            bounds = np.array([binomial_interval(r["spurious_runs"], r["runs"], confidence) for r in rows])
            label = f"n = k{'' if offset == 0 else f' + {offset}'}, {PROTOCOL_NAMES.get(protocol, protocol)}"
            shift = 0.12 if protocol == "colt21" else 0.0
            ax.errorbar(
                ks + shift,
                100 * frac,
                yerr=100 * np.abs(bounds.T - frac),
                marker=markers.get(offset, "D"),
                linestyle="-" if protocol == "icml18" else "--",
                color=method_color(f"n = k + {offset}" if protocol == "icml18" else protocol),
                capsize=2,
                label=label,
            )
            shown = published.get((protocol, offset), {})
            within = sorted(k for k in shown if ks.min() <= k <= ks.max())
            if within:
                ax.plot(
                    np.array(within) + shift,
                    [100 * shown[k][0] for k in within],
                    linestyle="none",
                    marker="x",
                    color="black",
                    markersize=6,
                    zorder=5,
                    label="published (ICML'18 Tables 1-2, COLT'21 Sec. 4.2)" if not published_drawn else None,
                )
                published_drawn = True
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("teacher neurons k (= input dimension d)")
    ax.set_ylabel("runs ending at a spurious minimum (%)")
    ax.set_ylim(bottom=-2)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    save_figure(fig, pdf, png)


def norm_sum_figure(norm_sums: Mapping[int, Sequence[float]], pdf: Path, png: Path) -> None:
    """One histogram per k of sum_i |w_i| - k over the spurious runs (with multiplicity); 0 marked."""
    ks = sorted(norm_sums)
    fig, axes = new_figure(ncols=len(ks), width=3.6, height=3.0, squeeze=False)
    for ax, k in zip(axes[0], ks, strict=True):
        excess = np.asarray(norm_sums[k], dtype=float) - k
        low, high = min(excess.min(initial=0.0), 0.0), max(excess.max(initial=0.0), 0.0)
        pad = max(0.1 * (high - low), 1e-3)
        ax.hist(excess, bins=np.linspace(low - pad, high + pad, 41), color=method_color("colt21"))
        ax.axvline(0.0, color="black", linestyle=":", label="norm-sum = k")
        ax.set_title(f"k = n = {k} ({len(excess)} spurious runs)")
        ax.set_xlabel(r"norm-sum minus k,  $\sum_i \|w_i\| - k$")
        ax.set_ylabel("spurious runs")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
    save_figure(fig, pdf, png)


def fraction_figure_stage(inputs: Inputs, outputs: Outputs, config: Icml18) -> None:
    """Fraction of spurious runs against k, one line per (protocol, n - k), with binomial intervals."""
    summaries = {summary["protocol"]: summary for summary in map(read_json, inputs["summaries"])}
    published = published_series(inputs["icml18"], inputs["colt21"])
    fraction_figure(summaries, config.confidence, published, outputs["pdf"], outputs["png"])


def norm_sum_figure_stage(inputs: Inputs, outputs: Outputs, config: Colt21) -> None:
    """Histograms of the norm-sum at the spurious minima found, for the chosen k (COLT'21 Fig. 1)."""
    summary = read_json(inputs["summary"])
    by_k = {c["row"]["k"]: c["details"]["spurious_norm_sums"] for c in summary["configs"]}
    norm_sum_figure({k: by_k[k] for k in config.hist_ks}, outputs["pdf"], outputs["png"])
