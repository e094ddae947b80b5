"""Figures of the depth_separation paper: B1-B3 (training curves, final RMSE) and C-F1-C-F3 (companion)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from thundeep.depth_separation.config import BallTraining, RandomFeatureWidths
from thundeep.figures import method_color, new_figure, save_figure
from thundeep.io import load_arrays, read_csv
from thundeep.stage import Inputs, Outputs

LAW_NAMES = {"uniform_radius": "x = r s, r ~ U[0, 2]", "gaussian_shell": "x ~ N(0, I/d)"}


def plot_rmse_curves(curves: Sequence[Mapping[str, np.ndarray]], title: str):
    """Validation RMSE against batches processed: seed mean (line) and min-max (band) per net."""
    fig, ax = new_figure(width=5.4, height=3.8, layout="constrained")
    for c in curves:
        name, rmse = str(c["net"]), c["rmse"]
        style = "-" if int(c["depth"]) == 2 else "--"
        label = f"{name} ({int(c['parameters']):,} parameters)"
        ax.plot(c["steps"], rmse.mean(axis=1), style, color=method_color(name), label=label)
        ax.fill_between(c["steps"], rmse.min(axis=1), rmse.max(axis=1), color=method_color(name), alpha=0.2, lw=0)
    constant = float(curves[0]["constant_rmse"])
    ax.axhline(constant, color="black", lw=0.8, ls=":", label=f"constant predictor ({constant:.2f})")
    ax.set(xlabel="batches processed", ylabel="validation RMSE", title=title)
    ax.set_ylim(0.0, constant * 1.15)
    ax.legend(fontsize=7, ncol=2)
    return fig


def plot_final_rmse(rows: Sequence[Mapping[str, str]]):
    """Final RMSE against parameter count (log x): depth 2 joined by a line, depth 3 as points; bars = min-max."""
    fig, ax = new_figure(width=5.0, height=3.6, layout="constrained")
    for law in dict.fromkeys(r["input_law"] for r in rows):
        filled = law == rows[0]["input_law"]
        for depth in (2, 3):
            chosen = sorted(
                (r for r in rows if r["input_law"] == law and int(r["depth"]) == depth),
                key=lambda r: int(r["parameters"]),
            )
            if not chosen:
                continue
            x = np.array([int(r["parameters"]) for r in chosen])
            mean = np.array([float(r["final_rmse_mean"]) for r in chosen])
            low = np.array([float(r["final_rmse_min"]) for r in chosen])
            high = np.array([float(r["final_rmse_max"]) for r in chosen])
            bars = [mean - low, high - mean]
            color = method_color(f"depth {depth}")
            ax.errorbar(
                x,
                mean,
                yerr=bars,
                fmt="o-" if depth == 2 else "s",
                color=color,
                mfc=color if filled else "white",
                capsize=3,
                label=f"depth {depth}, {LAW_NAMES.get(law, law)}",
            )
            for xi, yi, r in zip(x, mean, chosen, strict=True):
                ax.annotate(r["net"], (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=6)
    ax.set_xscale("log")
    ax.set(xlabel="parameters (weights and biases)", ylabel="final validation RMSE")
    ax.legend(fontsize=7)
    return fig


def _capped_log_plot(ax, dims: np.ndarray, frequencies: np.ndarray, widths: np.ndarray, cap: float | None) -> None:
    for b, f in enumerate(frequencies):
        color = method_color(f"L = {f:g}")
        reached = np.isfinite(widths[:, b])
        ax.plot(dims[reached], widths[reached, b], "o-", color=color, label=f"L = {f:g}")
        if cap is not None and (~reached).any():
            ax.plot(dims[~reached], np.full((~reached).sum(), cap), "^", color=color, mfc="white", ms=8)
    if cap is not None:
        ax.axhline(cap, color="grey", ls=":", lw=0.8, label=f"largest N tried ({int(cap)}); open = not reached")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")


def plot_random_feature_widths(rf: Mapping[str, np.ndarray], limits: tuple[float, float]):
    """C-F1: N_0.05 of random features against d, one curve per L; capped cells marked at the cap."""
    fig, ax = new_figure(width=4.6, height=3.6, layout="constrained")
    widths = np.where(rf["capped"], np.nan, rf["widths"])
    _capped_log_plot(ax, rf["dims"], rf["frequencies"], widths, float(rf["counts"][-1]))
    ax.set(
        xlabel="dimension d",
        ylabel=f"random features N to reach {float(rf['accuracy']):g}",
        title="depth 2: random features (upper bound)",
        ylim=limits,
    )
    ax.legend(fontsize=7)
    return fig


def plot_depth3_widths(deep: Mapping[str, np.ndarray], limits: tuple[float, float]):
    """C-F2: width of the explicit depth-3 net reaching the accuracy against d, one curve per L."""
    fig, ax = new_figure(width=4.6, height=3.6, layout="constrained")
    _capped_log_plot(ax, deep["dims"], deep["frequencies"], deep["widths"], None)
    ax.set(
        xlabel="dimension d",
        ylabel=f"hidden units to reach {float(deep['accuracy']):g}",
        title="depth 3: explicit construction (untrained)",
        ylim=limits,
    )
    ax.legend(fontsize=7)
    return fig


def plot_corner_errors(rf: Mapping[str, np.ndarray], frequency: float):
    """C-F3: random-feature error at the largest N against d for one L (seed mean, min-max bars)."""
    fig, ax = new_figure(width=4.6, height=3.6, layout="constrained")
    b = list(rf["frequencies"]).index(frequency)
    errors = rf["errors"][:, b, :, -1]  # (D, seeds)
    mean = errors.mean(axis=1)
    label = f"L = {frequency:g}, N = {int(rf['counts'][-1])}"
    ax.errorbar(
        rf["dims"],
        mean,
        yerr=[mean - errors.min(axis=1), errors.max(axis=1) - mean],
        fmt="o-",
        color=method_color(f"L = {frequency:g}"),
        capsize=3,
        label=label,
    )
    ax.axhline(float(rf["accuracy"]), color="grey", ls=":", lw=0.8, label=f"accuracy {float(rf['accuracy']):g}")
    ax.set_xscale("log", base=2)
    ax.set(xlabel="dimension d", ylabel="relative test error (MSE / Var y)", ylim=(0, None))
    ax.legend(fontsize=7)
    return fig


def _shared_limits(*widths: np.ndarray) -> tuple[float, float]:
    values = np.concatenate([w[np.isfinite(w)].ravel() for w in widths])
    return float(values.min()) / 1.5, float(values.max()) * 1.5


def rmse_curves_figure_stage(inputs: Inputs, outputs: Outputs, config: BallTraining) -> None:
    """B1 / B3: the validation RMSE curves of every net of one input law."""
    title = f"{LAW_NAMES[config.input_law]}, d = {config.dim}, {config.seeds} seed(s)"
    save_figure(plot_rmse_curves([load_arrays(p) for p in inputs["curves"]], title), outputs["pdf"], outputs["png"])


def final_rmse_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """B2: final RMSE against parameter count, from tables/final_rmse.csv."""
    save_figure(plot_final_rmse(read_csv(inputs["table"])), outputs["pdf"], outputs["png"])


def _companion_limits(rf: Mapping[str, np.ndarray], deep: Mapping[str, np.ndarray]) -> tuple[float, float]:
    """One width axis for C-F1 and C-F2, so the two can be read side by side."""
    return _shared_limits(np.where(rf["capped"], rf["counts"][-1], rf["widths"]), deep["widths"])


def random_feature_widths_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """C-F1: random-feature N_0.05 against d, on the width axis it shares with C-F2."""
    rf, deep = load_arrays(inputs["random_features"]), load_arrays(inputs["depth3"])
    save_figure(plot_random_feature_widths(rf, _companion_limits(rf, deep)), outputs["pdf"], outputs["png"])


def depth3_widths_figure_stage(inputs: Inputs, outputs: Outputs) -> None:
    """C-F2: the explicit depth-3 width against d, on the width axis it shares with C-F1."""
    rf, deep = load_arrays(inputs["random_features"]), load_arrays(inputs["depth3"])
    save_figure(plot_depth3_widths(deep, _companion_limits(rf, deep)), outputs["pdf"], outputs["png"])


def corner_figure_stage(inputs: Inputs, outputs: Outputs, config: RandomFeatureWidths) -> None:
    """C-F3: random-feature error at the largest N against d for L = config.corner_frequency."""
    fig = plot_corner_errors(load_arrays(inputs["random_features"]), config.corner_frequency)
    save_figure(fig, outputs["pdf"], outputs["png"])
