"""Figures F1-F3 (ours: the paper has none), drawn from the pipeline's tables only.

F1: E1's exact error vs width N per d, E1' sample markers, the floors rho_1(d) and rho_2(d) dashed, and
E2's trained neuron as a star at N = d. F2: N_eps vs d with the fitted exponents. F3: E2's error vs step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import NullFormatter

from thundeep.figures import new_figure, save_figure
from thundeep.figures.style import PALETTE
from thundeep.io import read_csv
from thundeep.stage import Inputs, Outputs

STAR_FLOOR_NOTE = "drawn at the axis floor when below it"
ROUNDING_FLOOR = 1e-16
"""The closed-form loss is accurate to about this (float64 rounding); F3 draws smaller values at it."""
TARGET_NAMES = {"neuron": "ReLU neuron", "poly1": "He_1 (k = 1)", "poly2": "He_2 (k = 2)", "poly3": "He_3 (k = 3)"}


def _mean_by(rows: Sequence[Mapping], key: str, value: str) -> tuple[np.ndarray, np.ndarray]:
    """(sorted keys, mean of `value` over the rows of each key), skipping empty values."""
    groups: dict[float, list[float]] = {}
    for r in rows:
        if r[value] != "":
            groups.setdefault(float(r[key]), []).append(float(r[value]))
    keys = np.array(sorted(groups))
    return keys, np.array([np.mean(groups[k]) for k in keys])


def plot_f1(population: Sequence[Mapping], floors: Sequence[Mapping], trained: Sequence[Mapping], dims: Sequence[int]):
    """Exact error vs N (log-log), one colour per d; E1' circles; rho_1, rho_2 dashed; E2 star at N = d."""
    fig, ax = new_figure(width=6.4, height=4.6)
    lowest = min(float(r["exact_relative_error"]) for r in population if int(r["d"]) in dims)
    floor = lowest / 3
    for i, d in enumerate(dims):
        color = PALETTE[i % len(PALETTE)]
        mine = [r for r in population if int(r["d"]) == d]
        n, exact = _mean_by(mine, "N", "exact_relative_error")
        ax.plot(n, exact, color=color, label=f"d = {d}")
        ns, sample = _mean_by(mine, "N", "sample_relative_error")
        if len(ns):
            ax.plot(ns, sample, "o", color=color, markerfacecolor="none", markersize=7)
        for degree, style in ((1, "--"), (2, ":")):
            rho = next(float(r["rho"]) for r in floors if int(r["d"]) == d and int(r["degree"]) == degree)
            ax.axhline(rho, color=color, linestyle=style, linewidth=0.9)
        gd = [float(r["relative_error"]) for r in trained if r["method"] == "gd" and int(r["d"]) == d]
        if gd:
            best = min(gd)
            ax.plot([d], [max(best, floor)], "*", color=color, markersize=13, markeredgecolor="black")
    ax.plot([], [], "ko", markerfacecolor="none", label="E1' sample least squares")
    ax.plot([], [], "k--", linewidth=0.9, label="rho_1(d): energy beyond degree 1")
    ax.plot([], [], "k:", linewidth=0.9, label="rho_2(d): energy beyond degree 2")
    ax.plot([], [], "k*", markersize=10, label=f"one trained neuron, N = d ({STAR_FLOOR_NOTE})")
    ax.set(
        xscale="log",
        yscale="log",
        ylim=(floor / 1.5, 1.2),
        xlabel="random features N (log scale)",
        ylabel="relative error E(f^ - f)^2 / E f^2",
    )
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def plot_f2(n_eps: Sequence[Mapping], gammas: Sequence[Mapping]):
    """N_eps vs d (log-log) per target and eps, per-seed range as error bars, fitted d^gamma lines."""
    fig, ax = new_figure(width=6.0, height=4.4)
    for i, g in enumerate(gammas):
        color = PALETTE[i % len(PALETTE)]
        rows = [r for r in n_eps if r["target"] == g["target"] and r["eps"] == g["eps"]]
        d = np.array([float(r["d"]) for r in rows])
        n = np.array([float(r["n_eps"]) for r in rows])
        low = n - np.array([float(r["n_eps_seed_min"]) for r in rows])
        high = np.array([float(r["n_eps_seed_max"]) for r in rows]) - n
        gamma, spread = float(g["gamma"]), float(g["gamma_std"])
        label = f"{TARGET_NAMES[g['target']]}, eps = {float(g['eps']):g}: gamma = {gamma:.2f} +- {spread:.2f}"
        ax.errorbar(d, n, yerr=np.abs([low, high]), fmt="o", color=color, capsize=3, label=label)
        finite = np.isfinite(n)
        if np.isfinite(gamma) and finite.sum() >= 2:
            intercept = np.mean(np.log(n[finite]) - gamma * np.log(d[finite]))
            grid = np.geomspace(d[finite].min(), d[finite].max(), 20)
            ax.plot(grid, np.exp(intercept) * grid**gamma, color=color, linewidth=1)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="input dimension d (log scale)",
        ylabel="N_eps: smallest width with mean error <= eps",
    )
    dims = sorted({int(r["d"]) for r in n_eps})
    ax.set_xticks(dims, [str(d) for d in dims])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def plot_f3(trained: Sequence[Mapping]):
    """E2: relative error vs step, (a) population GD, (b) online SGD; one line per d and seed."""
    methods = [m for m in ("gd", "sgd") if any(r["method"] == m for r in trained)]
    fig, axes = new_figure(ncols=len(methods), width=4.4, height=3.6, squeeze=False, layout="constrained")
    titles = {"gd": "(a) population gradient descent", "sgd": "(b) online SGD"}
    for ax, method in zip(axes[0], methods, strict=True):
        mine = [r for r in trained if r["method"] == method]
        for i, d in enumerate(sorted({int(r["d"]) for r in mine})):
            for j, seed in enumerate(sorted({r["seed"] for r in mine})):
                curve = [r for r in mine if int(r["d"]) == d and r["seed"] == seed]
                steps = [int(r["step"]) for r in curve]
                errors = np.maximum([float(r["relative_error"]) for r in curve], ROUNDING_FLOOR)
                ax.plot(
                    steps, errors, color=PALETTE[i % len(PALETTE)], linewidth=1, label=f"d = {d}" if j == 0 else None
                )
        ax.axhline(1e-6, color="black", linestyle=":", linewidth=0.9, label="1e-6 (RF6)")
        ax.set(
            yscale="log", xlabel="step", ylabel="relative error (exact; floor 1e-16 = rounding)", title=titles[method]
        )
        ax.legend(fontsize=7)
    return fig


def f1_figure_stage(inputs: Inputs, outputs: Outputs, dims: Sequence[int]) -> None:
    """F1 from tables/population_error.csv, tables/harmonic_floors.csv and tables/trained_neuron.csv."""
    fig = plot_f1(read_csv(inputs["population"]), read_csv(inputs["floors"]), read_csv(inputs["trained"]), dims)
    save_figure(fig, outputs["pdf"], outputs["png"])


def f2_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """F2 from tables/n_eps.csv and tables/gamma.csv."""
    save_figure(plot_f2(read_csv(inputs["n_eps"]), read_csv(inputs["gamma"])), outputs["pdf"], outputs["png"])


def f3_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """F3 from tables/trained_neuron.csv."""
    save_figure(plot_f3(read_csv(inputs["trained"])), outputs["pdf"], outputs["png"])
