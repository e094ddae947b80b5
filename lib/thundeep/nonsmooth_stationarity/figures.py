"""Figures of nonsmooth_stationarity, drawn from the experiments' tables and metrics only.

The paper has no experiments: every figure here is ours, a picture of a statement it proves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from thundeep.figures import legend_below, method_color, new_figure, readable_log_ticks, save_figure
from thundeep.io import read_csv, read_json
from thundeep.stage import Inputs, Outputs


def _column(rows: Sequence[Mapping[str, str]], name: str) -> np.ndarray:
    return np.array([float(r[name]) for r in rows])


def plot_smoothing(rows: Sequence[Mapping[str, str]], metrics: Mapping[str, Any]):
    """E1: L * eps against d (log-log) for randomized and Huber smoothing, with Lemma 30's floor."""
    d = _column(rows, "d")
    fig, ax = new_figure(width=5.0, height=3.6)
    ax.loglog(
        d,
        _column(rows, "randomized_L_times_eps"),
        "o-",
        ms=3,
        color=method_color("randomized"),
        label=f"randomized smoothing (fitted slope {metrics['ns1_slope']:.3f})",
    )
    ax.loglog(d, np.sqrt(2 * d / np.pi), ":", color=method_color("randomized"), label=r"$\sqrt{2d/\pi}$")
    ax.loglog(
        d, _column(rows, "huber_L_times_eps"), "s-", ms=3, color=method_color("huber"), label="Moreau / Huber smoothing"
    )
    ax.loglog(d, _column(rows, "lemma30_floor"), "--", color="0.4", label="Lemma 30 floor 1/8")
    ax.set_xlabel("dimension d")
    ax.set_ylabel(r"$L \cdot \epsilon$ (gradient-Lipschitz constant times radius)")
    legend_below(fig, ncol=2, fontsize=8)
    return fig


def plot_gd_iterations(rows: Sequence[Mapping[str, str]], metrics: Mapping[str, Any]):
    """E2: T(d, eps) against d, one curve per eps, with the sqrt(d)/eps line in the same colour."""
    fig, ax = new_figure(width=5.0, height=3.6)
    d, eps, iterations = _column(rows, "d"), _column(rows, "eps"), _column(rows, "iterations")
    for value in sorted(set(eps), reverse=True):
        mine = eps == value
        color = method_color(f"eps={value:g}")
        ax.loglog(d[mine], iterations[mine], "o-", ms=4, color=color, label=rf"T(d, $\epsilon$={value:g})")
        ax.loglog(d[mine], np.sqrt(d[mine]) / value, ":", color=color)
    ax.plot([], [], ":", color="0.3", label=r"$\sqrt{d}/\epsilon$")
    readable_log_ticks(ax.xaxis, d.min(), d.max())
    ax.set_xlabel("dimension d")
    ax.set_ylabel("GD iterations to an eps-stationary point")
    ax.set_title(
        rf"fit: T $\propto d^{{{metrics['ns2_d_exponent']:.3f}}}\,\epsilon^{{{metrics['ns2_eps_exponent']:.3f}}}$",
        fontsize=9,
    )
    ax.legend(fontsize=8)
    return fig


def plot_hitting(rows: Sequence[Mapping[str, str]]):
    """E3: hitting probability against d (log y), one panel per T, with the union and the paper's bounds.

    Where Monte Carlo sees no hit, the one-sided 95% upper limit is drawn (an open triangle), not zero.
    """
    d, queries = _column(rows, "d"), _column(rows, "queries")
    p, se, upper = _column(rows, "probability"), _column(rows, "standard_error"), _column(rows, "upper_95")
    counts = sorted(set(queries))
    fig, axes = new_figure(ncols=len(counts), width=3.4, height=3.4, sharey=True, squeeze=False)
    for ax, count in zip(axes[0], counts, strict=True):
        mine = queries == count
        seen = mine & (p > 0)
        ax.errorbar(
            d[seen],
            p[seen],
            yerr=2 * se[seen],
            fmt="o",
            ms=4,
            capsize=2,
            color=method_color("monte carlo"),
            label=r"Monte Carlo ($\pm$2 s.e.)",
        )
        unseen = mine & (p == 0)
        if unseen.any():
            ax.plot(
                d[unseen],
                upper[unseen],
                "v",
                mfc="none",
                color=method_color("monte carlo"),
                label="no hit: 95% upper limit",
            )
        ax.semilogy(
            d[mine],
            _column(rows, "union_bound")[mine],
            "-",
            color=method_color("union"),
            label=r"union bound $T\cdot$tail(d) (exact)",
        )
        ax.semilogy(
            d[mine],
            _column(rows, "paper_bound")[mine],
            "--",
            color=method_color("paper"),
            label=r"paper: $2T e^{-d/36}$",
        )
        ax.set_title(f"T = {count:g} queries", fontsize=9)
        ax.set_xlabel("dimension d")
        ax.set_ylim(top=2.0)
    axes[0][0].set_ylabel(r"P(max$_t \langle w, u_t\rangle \geq 1/3$)")
    legend_below(fig, ncol=2, fontsize=7)
    return fig


def smoothing_figure_stage(inputs: Inputs, outputs: Outputs, config: Any = None, **wildcards: str) -> None:
    """Draw E1 from tables/smoothing.csv and its metrics."""
    save_figure(plot_smoothing(read_csv(inputs["table"]), read_json(inputs["metrics"])), outputs["pdf"], outputs["png"])


def gd_iterations_figure_stage(inputs: Inputs, outputs: Outputs, config: Any = None, **wildcards: str) -> None:
    """Draw E2 from tables/gd_iterations.csv and its metrics."""
    fig = plot_gd_iterations(read_csv(inputs["table"]), read_json(inputs["metrics"]))
    save_figure(fig, outputs["pdf"], outputs["png"])


def hitting_figure_stage(inputs: Inputs, outputs: Outputs, config: Any = None, **wildcards: str) -> None:
    """Draw E3 from tables/hitting.csv."""
    save_figure(plot_hitting(read_csv(inputs["table"])), outputs["pdf"], outputs["png"])
