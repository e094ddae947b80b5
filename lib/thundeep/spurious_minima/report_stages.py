"""Pipeline stages of spurious_minima after the descent: analyse (one job per protocol), the table
and the figures. Params come from workflow/papers/spurious_minima/paper.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from thundeep.io import load_arrays, read_json, write_csv, write_json
from thundeep.runtime import default_device
from thundeep.spurious_minima.endpoints import summarise
from thundeep.spurious_minima.metrics import protocol_metrics
from thundeep.spurious_minima.plots import fraction_figure, norm_sum_figure

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


def analyse_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Table rows, per-(k, n) details and the protocol's metrics from the descend outputs.

    inputs: `runs`, one .npz per k in the order of params `ks`.
    """
    device = default_device()
    configs = []
    for k, path in zip(params["ks"], inputs["runs"], strict=True):
        arrays = {name: torch.from_numpy(a).to(device) for name, a in load_arrays(path).items()}
        teacher = torch.eye(k, dtype=torch.float64, device=device)
        for extra in params["n_extra"]:
            n = k + extra
            row, details = summarise(
                arrays[f"n{n}_weights"],
                arrays[f"n{n}_converged"],
                arrays[f"n{n}_floored"],
                teacher,
                params["spurious_loss"],
                params["group_tolerance"],
            )
            steps = arrays[f"n{n}_steps"].cpu().numpy()
            details["steps_median"] = float(np.median(steps))
            details["steps_max"] = int(steps.max())
            configs.append({"row": {"protocol": params["protocol"], **row}, "details": details})
    write_json(outputs["summary"], {"protocol": params["protocol"], "configs": configs})
    write_json(outputs["metrics"], protocol_metrics(configs, params["metric_offsets"]))


def table_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """papers/spurious_minima/tables/spurious_fraction.csv: one row per (protocol, k, n)."""
    rows = [c["row"] for name in params["protocols"] for c in read_json(inputs[name])["configs"]]
    missing = float("nan")  # JSON stores NaN as null; the table writes it as nan
    write_csv(outputs["table"], [{k: missing if v is None else v for k, v in r.items()} for r in rows], TABLE_COLUMNS)


def fraction_figure_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Fraction of spurious runs against k, one line per n - k, with binomial intervals."""
    summaries = {name: read_json(inputs[name]) for name in params["protocols"]}
    fraction_figure(summaries, params["confidence"], outputs["pdf"], outputs["png"])


def norm_sum_figure_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Histograms of the norm-sum at the spurious minima found, for the chosen k (COLT'21 Fig. 1)."""
    summary = read_json(inputs["summary"])
    by_k = {c["row"]["k"]: c["details"]["spurious_norm_sums"] for c in summary["configs"]}
    norm_sum_figure({k: by_k[k] for k in params["hist_ks"]}, outputs["pdf"], outputs["png"])
