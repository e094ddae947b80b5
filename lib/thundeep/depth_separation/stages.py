"""Stage functions of the depth_separation pipeline (called by workflow/papers/depth_separation/rules.smk)."""

from __future__ import annotations

import numpy as np
import torch

from thundeep.chunks import chunk_bounds
from thundeep.depth_separation.config import BallTraining, ExplicitDepthThree, RandomFeatureWidths
from thundeep.depth_separation.depth_width_tradeoff import (
    ball_sampler,
    depth_metrics,
    final_rmse,
    train_architecture,
    validation_set,
)
from thundeep.depth_separation.explicit_depth3 import (
    depth3_errors,
    depth3_metrics,
    depth3_network_error,
    smallest_depth3,
)
from thundeep.depth_separation.radial_inputs import uniform_radius_inputs
from thundeep.depth_separation.random_features_depth2 import (
    feature_counts,
    random_feature_errors,
    random_feature_metrics,
    width_table,
)
from thundeep.io import load_arrays, read_csv, save_arrays, write_csv
from thundeep.nn.seeded import stream_generator
from thundeep.nn.trainer import OnlineAdam
from thundeep.runtime import default_device
from thundeep.seed_streams import run_seeds
from thundeep.stage import Inputs, Outputs

FINAL_RMSE_COLUMNS = (
    "net",
    "depth",
    "parameters",
    "input_law",
    "final_rmse_mean",
    "final_rmse_min",
    "final_rmse_max",
    "final_rmse_std",
    "seeds",
    "batches",
)
COMPANION_COLUMNS = (
    "d",
    "L",
    "rf_n_005",
    "rf_capped",
    "depth3_width_005",
    "rf_error_at_cap",
    "depth3_m",
    "depth3_K",
    "depth3_error",
)
SAMPLE_STREAM = 30
"""Random stream (of the sample seed) of the Monte Carlo sample of C2."""


def train_net_stage(inputs: Inputs, outputs: Outputs, config: BallTraining, net: str) -> None:
    """Train every seed of one net at once; save its validation RMSE curves."""
    architecture = config.architectures()[net]
    sampler = ball_sampler(config.input_law, config.target, config.dim, config.radius_max, config.seed)
    validation = validation_set(sampler, config.validation_points, config.validation_seed)
    steps, rmse = train_architecture(
        architecture,
        run_seeds(config.seed, config.seeds),
        sampler,
        OnlineAdam(config.batches, config.batch_size, config.lr),
        validation,
        config.evaluations,
        default_device(),
        progress=net,
    )
    save_arrays(
        outputs["curves"],
        steps=steps,
        rmse=rmse,
        net=net,
        depth=architecture.depth,
        parameters=architecture.parameters,
        constant_rmse=float(validation[1].double().std(unbiased=False)),
    )


def final_rmse_stage(inputs: Inputs, outputs: Outputs, config: BallTraining) -> None:
    """Final RMSE per net (mean of the last evaluations, over seeds) and the DS metrics."""
    curves = [load_arrays(path) for path in inputs["curves"]]
    finals = {str(c["net"]): final_rmse(c["rmse"], config.final_window) for c in curves}
    depths = {str(c["net"]): int(c["depth"]) for c in curves}
    rows = [
        {
            "net": str(c["net"]),
            "depth": int(c["depth"]),
            "parameters": int(c["parameters"]),
            "input_law": config.input_law,
            "final_rmse_mean": float(finals[str(c["net"])].mean()),
            "final_rmse_min": float(finals[str(c["net"])].min()),
            "final_rmse_max": float(finals[str(c["net"])].max()),
            "final_rmse_std": float(finals[str(c["net"])].std()),
            "seeds": config.seeds,
            "batches": config.batches,
        }
        for c in curves
    ]
    write_csv(outputs["rows"], rows, FINAL_RMSE_COLUMNS)
    config.write_metrics(outputs["metrics"], depth_metrics(finals, depths))


def final_rmse_table_stage(inputs: Inputs, outputs: Outputs) -> None:
    """tables/final_rmse.csv: the rows of every input law, one after another."""
    rows = [row for path in inputs["rows"] for row in read_csv(path)]
    write_csv(outputs["table"], rows, FINAL_RMSE_COLUMNS)


def seed_errors(config: RandomFeatureWidths, d: int, seeds: range) -> dict[str, np.ndarray | np.number]:
    """C1 at dimension d for `seeds`: relative test errors (L, seed, N) of the nested least-squares
    fits (each seed from its own streams), with the feature counts and d."""
    counts = feature_counts(config.max_features)
    errors = np.stack(
        [
            random_feature_errors(
                d,
                config.frequencies,
                counts,
                config.train_points,
                config.test_points,
                config.ridge,
                seed,
                default_device(),
            )
            for seed in seeds
        ],
        axis=1,
    )
    return {"errors": errors, "counts": counts, "d": np.int64(d)}


def random_features_stage(inputs: Inputs, outputs: Outputs, config: RandomFeatureWidths, d: str) -> None:
    """C1 at one dimension: relative test errors (L, seed, N) of the nested least-squares fits."""
    save_arrays(outputs["errors"], **seed_errors(config, int(d), run_seeds(config.seed, config.seeds)))


def random_features_chunk_stage(
    inputs: Inputs, outputs: Outputs, config: RandomFeatureWidths, d: str, chunk: str, chunks: int
) -> None:
    """Part `chunk` of `chunks` of `random_features_stage`: the fits of a contiguous slice of the seeds."""
    first, stop = chunk_bounds(config.seeds, chunks, int(chunk))
    save_arrays(outputs["errors"], **seed_errors(config, int(d), run_seeds(config.seed, config.seeds)[first:stop]))


def random_features_gather_stage(inputs: Inputs, outputs: Outputs, d: str) -> None:
    """`random_features_stage`'s file for one d from its parts (input `chunks`, in seed order), byte for
    byte: the errors concatenated over the seed axis, the counts and d as every part holds them."""
    parts = [load_arrays(path) for path in inputs["chunks"]]
    for part in parts[1:]:
        if not (np.array_equal(part["counts"], parts[0]["counts"]) and part["d"] == parts[0]["d"]):
            raise ValueError(f"parts of d = {d} disagree on the feature counts or d: rebuild them")
    errors = np.concatenate([part["errors"] for part in parts], axis=1)
    save_arrays(outputs["errors"], errors=errors, counts=parts[0]["counts"], d=parts[0]["d"])


def random_features_summary_stage(inputs: Inputs, outputs: Outputs, config: RandomFeatureWidths) -> None:
    """C1 over every dimension: N_eps(d, L), capped flags, the errors at N_max, and the DSC1-DSC3 metrics."""
    per_d = {int(a["d"]): a for a in (load_arrays(p) for p in inputs["errors"])}
    dims = list(config.dims)
    counts = per_d[dims[0]]["counts"]
    mean_errors = np.stack([per_d[d]["errors"].mean(axis=1) for d in dims])  # (D, L, N)
    widths, capped = width_table(mean_errors, counts, config.accuracy)
    errors_at_cap = mean_errors[:, :, -1]
    save_arrays(
        outputs["arrays"],
        dims=np.array(dims),
        frequencies=np.array(config.frequencies),
        counts=counts,
        errors=np.stack([per_d[d]["errors"] for d in dims]),
        widths=widths,
        capped=capped,
        accuracy=config.accuracy,
    )
    metrics = random_feature_metrics(
        widths,
        capped,
        errors_at_cap,
        dims,
        config.frequencies,
        config.max_features,
        config.gamma_dims,
        config.gamma_frequencies,
        config.ratio_dim,
        config.ratio_frequencies,
        config.corner_frequency,
        config.corner_dims,
    )
    config.write_metrics(outputs["metrics"], metrics)


def depth3_stage(inputs: Inputs, outputs: Outputs, config: ExplicitDepthThree) -> None:
    """C2: error of every (m, K) per (d, L); the narrowest construction reaching the accuracy, as a network."""
    shape = (len(config.dims), len(config.frequencies))
    errors = np.zeros((*shape, len(config.inner_pieces), len(config.outer_pieces)))
    best = np.full((*shape, 3), np.nan)
    network_error = np.full(shape, np.nan)
    for a, d in enumerate(config.dims):
        gen = stream_generator(config.sample_seed, SAMPLE_STREAM + d)
        x = uniform_radius_inputs(config.test_points, d, 1.0, gen, torch.float64).numpy()
        for b, frequency in enumerate(config.frequencies):
            errors[a, b] = depth3_errors(x, frequency, config.inner_pieces, config.outer_pieces)
            found = smallest_depth3(errors[a, b], d, config.inner_pieces, config.outer_pieces, config.accuracy)
            if found is not None:
                best[a, b] = found
                network_error[a, b] = depth3_network_error(x, found[1], found[2], frequency)
    save_arrays(
        outputs["arrays"],
        dims=np.array(config.dims),
        frequencies=np.array(config.frequencies),
        inner_pieces=np.array(config.inner_pieces),
        outer_pieces=np.array(config.outer_pieces),
        errors=errors,
        widths=best[..., 0],
        inner=best[..., 1],
        outer=best[..., 2],
        network_error=network_error,
        accuracy=config.accuracy,
    )
    metrics = depth3_metrics(best[..., 0], config.dims, config.inner_pieces, config.outer_pieces)
    config.write_metrics(outputs["metrics"], metrics)


def companion_table_stage(inputs: Inputs, outputs: Outputs) -> None:
    """tables/companion.csv: per (d, L), the random-feature N_0.05 and the explicit depth-3 width."""
    rf, deep = load_arrays(inputs["random_features"]), load_arrays(inputs["depth3"])
    rf_cells = {(int(d), float(f)): (a, b) for a, d in enumerate(rf["dims"]) for b, f in enumerate(rf["frequencies"])}
    rows = []
    for a, d in enumerate(deep["dims"]):
        for b, f in enumerate(deep["frequencies"]):
            cell = rf_cells.get((int(d), float(f)))
            width = deep["widths"][a, b]
            rows.append(
                {
                    "d": int(d),
                    "L": float(f),
                    "rf_n_005": "" if cell is None or not np.isfinite(rf["widths"][cell]) else int(rf["widths"][cell]),
                    "rf_capped": "" if cell is None else bool(rf["capped"][cell]),
                    "rf_error_at_cap": "" if cell is None else float(rf["errors"][cell[0], cell[1], :, -1].mean()),
                    "depth3_width_005": int(width) if np.isfinite(width) else "",
                    "depth3_m": int(deep["inner"][a, b]) if np.isfinite(width) else "",
                    "depth3_K": int(deep["outer"][a, b]) if np.isfinite(width) else "",
                    "depth3_error": float(deep["network_error"][a, b]),
                }
            )
    write_csv(outputs["table"], rows, COMPANION_COLUMNS)
