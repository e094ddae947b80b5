"""Figure stages of size_depth_separation: neurons vs d (E1) and pieces vs depth against depth 2 (E4)."""

from __future__ import annotations

import numpy as np

from thundeep.figures import legend_below, method_color, new_figure, save_figure
from thundeep.figures.style import PALETTE
from thundeep.io import load_arrays, read_csv
from thundeep.size_depth_separation.boolean_networks import BOOLEAN_FUNCTIONS
from thundeep.size_depth_separation.config import BooleanNetworks, Sawtooth
from thundeep.stage import Inputs, Outputs


def neurons_figure_stage(inputs: Inputs, outputs: Outputs, config: BooleanNetworks) -> None:
    """E1: neurons of the DISJ_d and IP_d networks vs d with least-squares lines; inputs checked vs d."""
    rows = read_csv(inputs["table"])
    fig, (ax, ax_inputs) = new_figure(ncols=2)
    for function in BOOLEAN_FUNCTIONS:
        mine = [r for r in rows if r["function"] == function]
        d = np.array([int(r["d"]) for r in mine], dtype=np.float64)
        neurons = np.array([int(r["neurons"]) for r in mine], dtype=np.float64)
        slope, intercept = np.polyfit(d, neurons, 1)
        color = method_color(function)
        ax.plot(d, neurons, "o", color=color, label=f"{function}$_d$ (checked)")
        sign = "-" if round(float(intercept), 2) < 0 else "+"
        fit = f"fit: {slope:.2f} d {sign} {abs(intercept):.2f}"
        ax.plot(d, slope * d + intercept, "-", color=color, alpha=0.7, label=fit)
        checked = np.array([int(r["inputs_checked"]) for r in mine], dtype=np.float64)
        marker = {"DISJ": "o", "IP": "x"}[function]
        ax_inputs.plot(d, checked, marker + "-", color=color, label=function, fillstyle="none", markersize=8)
    ax.set(xlabel="d (input (x, y) in {0,1}$^{2d}$)", ylabel="ReLU neurons", title="Thm 16: O(d) neurons")
    ax.legend(fontsize=8)
    ax_inputs.set(xlabel="d", ylabel="inputs checked (all $2^{2d}$)", yscale="log", title="exhaustive check")
    ax_inputs.legend(fontsize=8)
    save_figure(fig, outputs["pdf"], outputs["png"])


def sawtooth_figure_stage(inputs: Inputs, outputs: Outputs, config: Sawtooth) -> None:
    """E4: phi_k on [0, 1] for small k; linear pieces and the neurons they cost at depth 2 vs at depth k."""
    rows = read_csv(inputs["table"])
    curves = load_arrays(inputs["curves"])
    fig, (ax_curves, ax) = new_figure(ncols=2)
    for k, values in zip(curves["ks"].tolist(), curves["values"], strict=True):
        ax_curves.plot(curves["z"], values, color=method_color(f"phi_{k}"), label=f"$\\varphi_{{{k}}}$")
    ax_curves.set(xlabel="z", ylabel="$\\varphi_k(z)$", title="Telgarsky's sawtooth")
    k = np.array([int(r["k"]) for r in rows])
    pieces = np.array([int(r["linear_pieces"]) for r in rows])
    ax.plot(
        k,
        pieces,
        "o",
        color=PALETTE[0],
        fillstyle="none",
        markersize=9,
        label="linear pieces of $\\varphi_k$ (counted)",
    )
    ax.plot(
        k,
        [int(r["depth2_neurons_needed"]) for r in rows],
        "s--",
        color=PALETTE[3],
        label="neurons needed at depth 2 (pieces - 1)",
    )
    ax.plot(
        k,
        [int(r["neurons"]) for r in rows],
        "^-",
        color=PALETTE[2],
        label="neurons of $\\varphi_k$ (k ReLU layers)",
    )
    ax.set(xlabel="k (compositions)", ylabel="count", yscale="log", title="pieces vs depth")
    legend_below(fig, ncol=4, fontsize=8)
    save_figure(fig, outputs["pdf"], outputs["png"])
