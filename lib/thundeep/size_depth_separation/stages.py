"""Stage functions of the size_depth_separation pipeline: run each construction's checks, write tables and metrics."""

from __future__ import annotations

import sys

import numpy as np
from tqdm import tqdm

from thundeep.io import save_arrays, write_csv
from thundeep.runtime import default_device
from thundeep.size_depth_separation.boolean_networks import NETWORKS, boolean_metrics, check_row
from thundeep.size_depth_separation.config import BooleanNetworks, Lift, OutputRounding, Sawtooth
from thundeep.size_depth_separation.lifting import lift_metrics, lift_row
from thundeep.size_depth_separation.linear_pieces import dyadic_grid
from thundeep.size_depth_separation.output_rounding import rounding_metrics, rounding_rows
from thundeep.size_depth_separation.sawtooth import sawtooth_metrics, sawtooth_network, sawtooth_row
from thundeep.stage import Inputs, Outputs

BOOLEAN_COLUMNS = ("function", "d", "neurons", "inputs_checked", "max_abs_error", "expected_neurons", "depth")
LIFT_COLUMNS = (
    "function",
    "d",
    "input_dim",
    "neurons",
    "expected_neurons",
    "draws",
    "l2_error",
    "corner_max_abs_error",
    "pairs",
    "lipschitz_ratio_max",
    "merged_max_abs_deviation",
)
ROUNDING_COLUMNS = (
    "function",
    "d",
    "perturbation",
    "side",
    "target_sup_error",
    "trial",
    "sup_error",
    "neurons",
    "max_abs_error",
)
SAWTOOTH_COLUMNS = ("k", "neurons", "linear_pieces", "lipschitz", "relu_layers", "depth2_neurons_needed")


def boolean_networks_stage(inputs: Inputs, outputs: Outputs, config: BooleanNetworks) -> None:
    """E1: DISJ_d and IP_d checked on every Boolean input for each d; tables/boolean_networks.csv."""
    device = default_device()
    rows = []
    for d in tqdm(config.dims, desc="E1 exhaustive checks", file=sys.stderr):
        for function, build in NETWORKS.items():
            rows.append(check_row(function, d, build(d), config.chunk_size, device))
    write_csv(outputs["table"], rows, BOOLEAN_COLUMNS)
    config.write_metrics(outputs["metrics"], boolean_metrics(rows))


def lift_stage(inputs: Inputs, outputs: Outputs, config: Lift) -> None:
    """E2: each g lifted to [0,1]^{2d}; L2(mu) error, corners and Lipschitz ratio; tables/lift.csv."""
    rows = [
        lift_row(
            function,
            config.d,
            NETWORKS[function](config.d),
            np.random.default_rng([config.seed, i]),
            config.draws,
            config.pairs,
            config.pair_radii,
        )
        for i, function in enumerate(config.functions)
    ]
    write_csv(outputs["table"], rows, LIFT_COLUMNS)
    config.write_metrics(outputs["metrics"], lift_metrics(rows))


def output_rounding_stage(inputs: Inputs, outputs: Outputs, config: OutputRounding) -> None:
    """E3: perturbed Boolean networks clamped by r; tables/output_rounding.csv."""
    rows = []
    for i, function in enumerate(config.functions):
        for d in config.dims:
            rng = np.random.default_rng([config.seed, i, d])
            rows += rounding_rows(
                function, d, NETWORKS[function](d), rng, config.sup_errors_below, config.margin_above, config.trials
            )
    write_csv(outputs["table"], rows, ROUNDING_COLUMNS)
    config.write_metrics(outputs["metrics"], rounding_metrics(rows))


def sawtooth_stage(inputs: Inputs, outputs: Outputs, config: Sawtooth) -> None:
    """E4: pieces and Lipschitz constant of phi_k; tables/sawtooth.csv and the curves phi_k for the figure."""
    rows = [sawtooth_row(k, sawtooth_network(k), config.refine) for k in config.ks]
    write_csv(outputs["table"], rows, SAWTOOTH_COLUMNS)
    shown = [k for k in config.ks if k <= config.curves_up_to]
    z = dyadic_grid(max(shown, default=1) + config.refine)
    save_arrays(
        outputs["curves"],
        z=z,
        ks=np.array(shown, dtype=np.int64),
        values=np.array([sawtooth_network(k)(z[:, None])[:, 0] for k in shown]).reshape(len(shown), len(z)),
    )
    config.write_metrics(outputs["metrics"], sawtooth_metrics(rows))
