"""Stage functions of the implicit_regularization pipeline (workflow/papers/implicit_regularization/rules.smk)."""

from __future__ import annotations

import numpy as np

from thundeep.implicit_regularization.config import HiddenNeuron, Limits
from thundeep.implicit_regularization.experiments import (
    end_to_end_weights,
    flow_paths_at,
    hidden_neuron_runs,
    single_neuron_limits,
)
from thundeep.implicit_regularization.summaries import (
    LIMIT_COLUMNS,
    hidden_neuron_metrics,
    limit_metrics,
    limit_rows,
)
from thundeep.io import save_arrays, write_csv
from thundeep.stage import Inputs, Outputs


def limits_stage(inputs: Inputs, outputs: Outputs, config: Limits) -> None:
    """Thm 3 / Fig. 1: GD and the exact flow from w = 0 for every gamma and alpha; table and metrics."""
    limits = single_neuron_limits(
        config.gammas, config.alphas, config.lr, config.loss_target, config.max_steps, config.record_every
    )
    unit = np.flatnonzero(limits.alphas == 1.0)
    times = limits.gd.recorded_steps * config.lr
    save_arrays(
        outputs["arrays"],
        gammas=limits.gammas[unit],
        times=times,
        gd_paths=limits.gd.iterates[:, unit],
        flow_paths=flow_paths_at(limits.gammas[unit], 1.0, times),
        flow_exit_times=limits.flow_exit_times[unit],
    )
    write_csv(outputs["table"], limit_rows(limits), LIMIT_COLUMNS)
    config.write_metrics(outputs["metrics"], limit_metrics(limits, config.monotone_gammas))


def sweep_scales(config: HiddenNeuron) -> np.ndarray:
    """The union of the paper's eps = 10^-i and the linear grid of the published plot, ascending."""
    grid = config.init_scales_grid
    linear = np.linspace(grid.start, grid.stop, grid.num)
    return np.unique(np.round(np.concatenate([config.init_scales_paper, linear]), 12))


def hidden_neuron_stage(inputs: Inputs, outputs: Outputs, config: HiddenNeuron) -> None:
    """Sec. 6.1 / Fig. 2: one GD batch with the gamma runs (Fig. 2(a)) and the eps sweep (Fig. 2(b))."""
    scales = sweep_scales(config)
    gammas = np.concatenate([config.gammas, np.full(len(scales), config.sweep_gamma)]).astype(float)
    init_scales = np.concatenate([np.full(len(config.gammas), config.init_scale), scales])
    sweep = np.arange(len(gammas)) >= len(config.gammas)
    trajectory = hidden_neuron_runs(
        gammas, init_scales, config.lr, config.loss_target, config.max_steps, config.record_every
    )
    save_arrays(
        outputs["arrays"],
        gammas=gammas,
        init_scales=init_scales,
        sweep=sweep,
        u_paths=end_to_end_weights(trajectory.iterates),
        u3_final=end_to_end_weights(trajectory.final)[:, 2],
    )
    config.write_metrics(
        outputs["metrics"], hidden_neuron_metrics(trajectory, gammas, init_scales, sweep, config.settle_below)
    )
