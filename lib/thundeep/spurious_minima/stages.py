"""Pipeline stages of spurious_minima after the descent (`descent_stages`): the endpoint analysis (one job
per protocol, or its Hessians in parts and a gather), the spurious-fraction table and the published deviation."""

from __future__ import annotations

import numpy as np
import torch

from thundeep.chunks import balanced_parts, concatenate_parts
from thundeep.io import load_arrays, read_csv, read_json, save_arrays, write_csv, write_json
from thundeep.runtime import default_device
from thundeep.spurious_minima.config import Protocol
from thundeep.spurious_minima.local_minima import (
    Curvature,
    curvature_in_chunks,
    hessian_batch,
    spurious_runs,
    summarise,
)
from thundeep.spurious_minima.published import DEVIATION_COLUMNS, deviation_rows, our_series, published_series
from thundeep.spurious_minima.spurious_fraction import protocol_metrics
from thundeep.stage import Inputs, Outputs

TABLE_COLUMNS = (
    "protocol",
    "k",
    "n",
    "runs",
    "spurious_runs",
    "spurious_fraction",
    "not_converged",
    "distinct_spurious",
    "min_hessian_eig",
    "max_norm_sum",
)


def protocol_runs(config: Protocol, paths: list[str]) -> dict[str, dict[str, torch.Tensor]]:
    """The endpoints of every (k, n) of `config` (key "k{k}_n{n}", in the order of `config.ks` and
    n_extra) from the descend outputs `paths` (one per k), on the default device, with the teacher."""
    device = default_device()
    runs = {}
    for k, path in zip(config.ks, paths, strict=True):
        arrays = {name: torch.from_numpy(a).to(device) for name, a in load_arrays(path).items()}
        teacher = torch.eye(k, dtype=torch.float64, device=device)
        for extra in config.descent.n_extra:
            names = ("weights", "converged", "floored", "steps")
            runs[f"k{k}_n{k + extra}"] = {"teacher": teacher} | {name: arrays[f"n{k + extra}_{name}"] for name in names}
    return runs


def analysis_configs(
    config: Protocol, protocol: str, paths: list[str], curvatures: dict[str, np.ndarray] | None = None
) -> list[dict]:
    """The summary's configs (row and details per (k, n)); `curvatures` holds the distinct points'
    curvature per (k, n) as `analyse_chunk_stage` writes it, computed here when None."""
    configs = []
    for key, run in protocol_runs(config, paths).items():
        curv = None
        if curvatures is not None:
            curv = Curvature(
                min_eig=torch.from_numpy(curvatures[f"{key}_min_eig"]),
                block_min_eig=torch.from_numpy(curvatures[f"{key}_block_min_eig"]),
            )
        row, details = summarise(
            run["weights"],
            run["converged"],
            run["floored"],
            run["teacher"],
            config.analysis.spurious_loss,
            config.analysis.group_tolerance,
            curv,
        )
        steps = run["steps"].cpu().numpy()
        details["steps_median"] = float(np.median(steps))
        details["steps_max"] = int(steps.max())
        configs.append({"row": {"protocol": protocol, **row}, "details": details})
    return configs


def write_analysis(outputs: Outputs, config: Protocol, protocol: str, configs: list[dict]) -> None:
    """The protocol's summary and metrics from its configs."""
    write_json(outputs["summary"], {"protocol": protocol, "configs": configs})
    config.write_metrics(outputs["metrics"], protocol_metrics(configs, config.metric_offsets))


def analyse_stage(inputs: Inputs, outputs: Outputs, config: Protocol, protocol: str) -> None:
    """Table rows, per-(k, n) details and the protocol's metrics from the descend outputs.

    inputs: `runs`, one .npz per k in the order of `config.ks`.
    """
    write_analysis(outputs, config, protocol, analysis_configs(config, protocol, inputs["runs"]))


def distinct_points(config: Protocol, paths: list[str]) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Per (k, n) key: the distinct spurious points (m, n, d) in `summarise`'s order, and the teacher."""
    analysis, points = config.analysis, {}
    for key, run in protocol_runs(config, paths).items():
        found = spurious_runs(
            run["weights"], run["converged"], run["teacher"], analysis.spurious_loss, analysis.group_tolerance
        )
        points[key] = run["weights"][found.distinct], run["teacher"]
    return points


def hessian_costs(points: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> list[tuple[str, int, int]]:
    """The Hessian batches of every (k, n), in order, as (key, points in the batch, cost): `curvature_in_chunks`'s
    batches, each costing its points times (n d)^3 (the eigenvalue solver's work)."""
    batches = []
    for key, (weights, _) in points.items():
        size, cube = hessian_batch(weights), (weights.shape[-2] * weights.shape[-1]) ** 3
        batches += [
            (key, min(size, len(weights) - start), min(size, len(weights) - start) * cube)
            for start in range(0, len(weights), size)
        ]
    return batches


def part_slices(batches: list[tuple[str, int, int]], chunks: int, part: int) -> dict[str, tuple[int, int]]:
    """Per (k, n) key, the slice [start, stop) of its distinct points whose Hessian batches fall to
    `part` when `batches` (from `hessian_costs`) are cut into `chunks` parts of near-equal cost."""
    before: dict[str, int] = {}
    mine: dict[str, int] = {}
    for (key, count, _), owner in zip(batches, balanced_parts([b[2] for b in batches], chunks), strict=True):
        if owner < part:
            before[key] = before.get(key, 0) + count
        elif owner == part:
            mine[key] = mine.get(key, 0) + count
    return {key: (before.get(key, 0), before.get(key, 0) + mine.get(key, 0)) for key, _, _ in batches}


def analyse_chunk_stage(
    inputs: Inputs, outputs: Outputs, config: Protocol, protocol: str, chunk: str, chunks: int
) -> None:
    """Part `chunk` of `chunks` of `analyse_stage`'s Hessian work: the curvature of the distinct spurious
    points whose Hessian batches fall to this part (`part_slices`). Every (k, n) gets its two arrays
    (empty where the part holds none of its points), so the parts concatenated in order hold them all."""
    points = distinct_points(config, inputs["runs"])
    slices = part_slices(hessian_costs(points), chunks, int(chunk))
    arrays = {}
    for key, (weights, teacher) in points.items():
        start, stop = slices.get(key, (0, 0))
        curv = curvature_in_chunks(weights[start:stop], teacher, hessian_batch(weights))
        arrays[f"{key}_min_eig"] = curv.min_eig.cpu().numpy()
        arrays[f"{key}_block_min_eig"] = curv.block_min_eig.cpu().numpy()
    save_arrays(outputs["curvature"], **arrays)


def analyse_gather_stage(inputs: Inputs, outputs: Outputs, config: Protocol, protocol: str) -> None:
    """`analyse_stage`'s summary and metrics, with the distinct points' curvature from the parts (input
    `curvature`, in part order) instead of computed here: byte for byte the unsplit outputs."""
    curvatures = concatenate_parts([load_arrays(path) for path in inputs["curvature"]])
    write_analysis(outputs, config, protocol, analysis_configs(config, protocol, inputs["runs"], curvatures))


def table_stage(inputs: Inputs, outputs: Outputs) -> None:
    """tables/spurious_fraction.csv: one row per (protocol, k, n), protocols in the order of `summaries`."""
    rows = [c["row"] for path in inputs["summaries"] for c in read_json(path)["configs"]]
    missing = float("nan")  # JSON stores NaN as null; the table writes it as nan
    write_csv(outputs["table"], [{k: missing if v is None else v for k, v in r.items()} for r in rows], TABLE_COLUMNS)


def published_deviation_stage(inputs: Inputs, outputs: Outputs) -> None:
    """Report stage: tables/published_deviation.csv, our fractions against the published ones per series."""
    rows = deviation_rows(our_series(read_csv(inputs["table"])), published_series(inputs["icml18"], inputs["colt21"]))
    write_csv(outputs["table"], rows, DEVIATION_COLUMNS)
