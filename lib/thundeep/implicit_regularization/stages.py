"""Stage functions of the implicit_regularization pipeline (workflow/papers/implicit_regularization/rules.smk)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from thundeep.figures import save_figure
from thundeep.implicit_regularization.experiments import (
    end_to_end_weights,
    flow_paths_at,
    hidden_neuron_runs,
    single_neuron_limits,
)
from thundeep.implicit_regularization.figures import plot_hidden_neuron_figure, plot_limits_figure
from thundeep.implicit_regularization.summaries import (
    LIMIT_COLUMNS,
    hidden_neuron_metrics,
    limit_metrics,
    limit_rows,
)
from thundeep.io import load_arrays, save_arrays, write_csv, write_json


def limits_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Thm 3 / Fig. 1: GD and the exact flow from w = 0 for every gamma and alpha; table and metrics."""
    limits = single_neuron_limits(
        params["gammas"],
        params["alphas"],
        params["lr"],
        params["loss_target"],
        params["max_steps"],
        params["record_every"],
    )
    unit = np.flatnonzero(limits.alphas == 1.0)
    times = limits.gd.recorded_steps * params["lr"]
    save_arrays(
        outputs["arrays"],
        gammas=limits.gammas[unit],
        times=times,
        gd_paths=limits.gd.iterates[:, unit],
        flow_paths=flow_paths_at(limits.gammas[unit], 1.0, times),
        flow_exit_times=limits.flow_exit_times[unit],
    )
    write_csv(outputs["table"], limit_rows(limits), LIMIT_COLUMNS)
    write_json(outputs["metrics"], limit_metrics(limits, params["monotone_gammas"]))


def limits_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Draw Fig. 1 from the saved trajectories."""
    save_figure(plot_limits_figure(load_arrays(inputs["arrays"])), outputs["pdf"], outputs["png"])


def sweep_scales(params: Mapping[str, Any]) -> np.ndarray:
    """The union of the paper's eps = 10^-i and the linear grid of the published plot, ascending."""
    grid = params["init_scales_grid"]
    linear = np.linspace(grid["start"], grid["stop"], grid["num"])
    return np.unique(np.round(np.concatenate([params["init_scales_paper"], linear]), 12))


def hidden_neuron_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Sec. 6.1 / Fig. 2: one GD batch with the gamma runs (Fig. 2(a)) and the eps sweep (Fig. 2(b))."""
    scales = sweep_scales(params)
    gammas = np.concatenate([params["gammas"], np.full(len(scales), params["sweep_gamma"])]).astype(float)
    init_scales = np.concatenate([np.full(len(params["gammas"]), params["init_scale"]), scales])
    sweep = np.arange(len(gammas)) >= len(params["gammas"])
    trajectory = hidden_neuron_runs(
        gammas, init_scales, params["lr"], params["loss_target"], params["max_steps"], params["record_every"]
    )
    save_arrays(
        outputs["arrays"],
        gammas=gammas,
        init_scales=init_scales,
        sweep=sweep,
        u_paths=end_to_end_weights(trajectory.iterates),
        u3_final=end_to_end_weights(trajectory.final)[:, 2],
    )
    write_json(
        outputs["metrics"],
        hidden_neuron_metrics(trajectory, gammas, init_scales, sweep, params["settle_below"]),
    )


def hidden_neuron_figure_stage(
    inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]
) -> None:
    """Draw Fig. 2 from the saved runs."""
    fig = plot_hidden_neuron_figure(load_arrays(inputs["arrays"]), list(params["init_scales_paper"]))
    save_figure(fig, outputs["pdf"], outputs["png"])
