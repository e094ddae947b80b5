"""Figures: NeurIPS'21 Fig. 1 (mean log10 loss vs k) and the COLT'20 companion (errors and fitted slopes).

The figure stages read only the tables (so simulation jobs never import matplotlib).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from thundeep.figures import legend_below, method_color, new_figure, save_figure
from thundeep.io import read_csv
from thundeep.random_shuffling.config import Colt, Fig1
from thundeep.random_shuffling.published import published_series
from thundeep.stage import Inputs, Outputs

NAMES = {
    "wr": "With replacement (WR)",
    "ss": "Single shuffling (SS)",
    "rr": "Random reshuffling (RR)",
    "ig": "Incremental gradient (IG)",
}
"""Legend names of the methods, as the papers call them."""

PANEL_TITLES = {"eq1": "Construction Eq.(1)", "eq2": "Construction Eq.(2)"}


def _color(method: str):
    return method_color(NAMES[method])


def plot_fig1(rows: Sequence[Mapping], kappa: float, published: Sequence[Mapping] = ()):
    """Two panels (Eq.(1) top, Eq.(2) bottom): mean log10 final loss +- 1 std over runs vs k (log axis).

    With `published` rows (the authors' log10 of the mean loss), they are drawn as crosses beside our
    own log10 of the mean loss (dashed), the same quantity.
    """
    theirs = published_series(published)
    constructions = sorted({r["construction"] for r in rows})
    fig, axes = new_figure(
        ncols=1, nrows=len(constructions), width=6.0, height=3.4, sharex=True, squeeze=False, layout="constrained"
    )
    for ax, construction in zip(axes[:, 0], constructions, strict=True):
        for method in ("wr", "ss", "rr"):
            sel = sorted(
                (r for r in rows if r["construction"] == construction and r["method"] == method),
                key=lambda r: int(r["k"]),
            )
            k = np.array([int(r["k"]) for r in sel])
            mean = np.array([float(r["mean_log10_loss"]) for r in sel])
            std = np.array([float(r["std_log10_loss"]) for r in sel])
            ax.plot(k, mean, color=_color(method), label=NAMES[method])
            ax.fill_between(k, mean - std, mean + std, color=_color(method), alpha=0.15, linewidth=0)
            if theirs:
                ours = [float(r["log10_mean_loss"]) for r in sel]
                ax.plot(k, ours, color=_color(method), linestyle="--", linewidth=0.8)
                points = sorted(theirs.get((construction, method), {}).items())
                ax.plot(
                    [p[0] for p in points],
                    [p[1][0] for p in points],
                    linestyle="none",
                    marker="x",
                    markersize=3.5,
                    color=_color(method),
                )
        ax.axvline(kappa, color="black", linestyle=":", linewidth=1, label=f"k = kappa = {kappa:g}")
        if theirs:
            ax.plot([], [], color="grey", linestyle="--", linewidth=0.8, label="ours: log10 of the mean loss")
            ax.plot([], [], color="grey", linestyle="none", marker="x", label="published: log10 of the mean loss")
        ax.set(xscale="log", ylabel="log10(F(x_T) - F*)", title=PANEL_TITLES.get(construction, construction))
    axes[-1, 0].set_xlabel("epochs k (log scale)")
    legend_below(fig, ncol=3)
    return fig


def plot_colt(errors: Sequence[Mapping], slopes: Sequence[Mapping]):
    """(a) C1 and (b) C2 mean final error vs k at the largest n; (c) incremental gradient on C3 for every n;
    (d) fitted k-slopes beside the rates' exponents."""
    fig, axes = new_figure(ncols=2, nrows=2, width=5.0, height=3.8, layout="constrained")
    n_max = max(int(e["n"]) for e in errors)
    for ax, name in ((axes[0, 0], "c1"), (axes[0, 1], "c2")):
        for method in ("wr", "ss", "rr"):
            sel = sorted(
                (e for e in errors if e["instance"] == name and e["method"] == method and int(e["n"]) == n_max),
                key=lambda e: int(e["k"]),
            )
            k = np.array([int(e["k"]) for e in sel])
            mean = np.array([float(e["mean_error"]) for e in sel])
            sem = np.array([float(e["sem_error"]) for e in sel])
            ax.errorbar(k, mean, yerr=2 * sem, fmt="o", color=_color(method), label=NAMES[method])
            exact = np.array([float(e["exact_error"]) for e in sel])
            line = exact if np.isfinite(exact).all() else mean
            ax.plot(k, line, color=_color(method), linewidth=1 if line is exact else 0.6)
        source = "lines: exact expectation" if name == "c1" else "lines join the simulated means"
        ax.text(
            0.98,
            0.98,
            f"markers: simulated mean +- 2 SE\n{source}",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=7,
        )
        ax.set(xscale="log", yscale="log", xlabel="epochs k", ylabel="mean F(x_T) - F*")
        ax.set_title(f"{name.upper()}, n = {n_max}, theorem steps")
        ax.legend(fontsize=6)
    ax = axes[1, 0]
    for n, marker in zip(sorted({int(e["n"]) for e in errors}), "os^vD", strict=False):
        sel = sorted((e for e in errors if e["instance"] == "c3" and int(e["n"]) == n), key=lambda e: int(e["k"]))
        ax.plot([int(e["k"]) for e in sel], [float(e["mean_error"]) for e in sel], marker=marker, label=f"n = {n}")
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="epochs k",
        ylabel="F(x_T) - F*",
        title="C3, incremental gradient, theorem step",
    )
    ax.legend(fontsize=7)
    _plot_slopes(axes[1, 1], slopes)
    return fig


def _plot_slopes(ax, slopes: Sequence[Mapping]) -> None:
    """Fitted k-slopes per method: simulations and exact values at the theorem steps, best steps, exponents."""
    methods = ["wr", "ss", "rr", "ig"]
    styles = [
        ("c1", "theorem", "simulation", "o", "C1 simulated, theorem step"),
        ("c1", "theorem", "exact", "s", "C1 exact, theorem step"),
        ("c1", "best", "exact", "D", "C1 exact, best step"),
        ("c2", "theorem", "simulation", "^", "C2 simulated, theorem step"),
        ("c2", "best", "simulation", "v", "C2 simulated, best step"),
        ("c3", "theorem", "exact", "o", "C3 (IG), theorem step"),
        ("c3", "best", "exact", "D", "C3 (IG), best step"),
    ]
    for offset, (name, step, source, marker, label) in zip(np.linspace(-0.3, 0.3, len(styles)), styles, strict=True):
        xs, ys, errs = [], [], []
        for x, method in enumerate(methods):
            for r in slopes:
                if (r["instance"], r["method"], r["step"], r["source"]) == (name, method, step, source):
                    xs.append(x + offset)
                    ys.append(float(r["k_slope"]))
                    errs.append(float(r["k_slope_std"]) if np.isfinite(float(r["k_slope_std"])) else 0.0)
        if xs:
            ax.errorbar(xs, ys, yerr=errs, fmt=marker, markersize=4, label=label)
    for x, method in enumerate(methods):
        nominal = next(float(r["nominal_k_exponent"]) for r in slopes if r["method"] == method)
        model = next(float(r["model_k_slope"]) for r in slopes if r["method"] == method and r["step"] == "theorem")
        ax.hlines(nominal, x - 0.4, x + 0.4, color="black", linewidth=1.5, label="exponent" if x == 0 else None)
        model_label = "exponent with log factor" if x == 0 else None
        ax.hlines(model, x - 0.4, x + 0.4, color="gray", linestyle="--", label=model_label)
    ax.set_xticks(range(len(methods)), [m.upper() for m in methods])
    ax.set(ylabel="fitted slope of log10 error in log10 k", title="k-slopes (k < n)")
    ax.legend(fontsize=5.5, loc="lower left")


def fig1_figure_stage(inputs: Inputs, outputs: Outputs, config: Fig1) -> None:
    """Fig. 1 from our table, with the authors' published numbers overlaid."""
    fig = plot_fig1(read_csv(inputs["table"]), config.lam_max / config.lam, read_csv(inputs["published"]))
    save_figure(fig, outputs["pdf"], outputs["png"])


def colt_figure_stage(inputs: Inputs, outputs: Outputs, config: Colt) -> None:
    """The COLT'20 companion figure from the two tables."""
    fig = plot_colt(read_csv(inputs["errors"]), read_csv(inputs["slopes"]))
    save_figure(fig, outputs["pdf"], outputs["png"])
