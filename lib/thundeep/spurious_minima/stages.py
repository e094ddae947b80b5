"""Pipeline stages of spurious_minima: descend (one job per protocol and k), analyse (one per
protocol), the table, and the figures. Params come from workflow/papers/spurious_minima/paper.yaml."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from thundeep.io import load_arrays, read_json, save_arrays, write_csv, write_json
from thundeep.runtime import default_device, generator
from thundeep.spurious_minima.descent import Descent, descend, xavier_init
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


def keep_freed_memory() -> None:
    """Ask glibc to keep freed blocks instead of returning them to the OS (no effect elsewhere).

    Each GD step allocates and frees the same few ~1 MB tensors; by default glibc unmaps them and
    page-faults fresh zeroed pages back in on the next step, which more than doubles the step time
    on the CPU. Results are unchanged.
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return
    libc = ctypes.CDLL(name)
    if hasattr(libc, "mallopt"):
        libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD


def run_seed(seed: int, k: int, n: int) -> int:
    """The generator seed of the runs of one (k, n) of a protocol with base `seed`."""
    return seed * 1_000_000 + 1000 * k + n


def descend_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """All runs of every n = k + extra for one k: Xavier starts, batched GD, endpoints to an .npz.

    params: k, and `protocol` (runs, n_extra, step, step_divided_by_k, tolerance, criterion,
    max_steps, check_every, loss_floor, seed).
    """
    device = default_device()
    if device.type == "cpu":
        keep_freed_memory()
    k, p = int(params["k"]), params["protocol"]
    rule = Descent(
        step=p["step"] / k if p["step_divided_by_k"] else p["step"],
        tolerance=p["tolerance"],
        criterion=p["criterion"],
        max_steps=p["max_steps"],
        check_every=p["check_every"],
        loss_floor=p["loss_floor"],
    )
    teacher = torch.eye(k, dtype=torch.float64, device=device)
    arrays: dict[str, np.ndarray] = {}
    for extra in p["n_extra"]:
        n = k + extra
        starts = xavier_init(p["runs"], n, k, generator(run_seed(p["seed"], k, n))).to(device)
        end = descend(starts, teacher, rule, progress=True)
        for name in ("weights", "steps", "converged", "floored", "grad_norm"):
            arrays[f"n{n}_{name}"] = getattr(end, name).cpu().numpy()
    save_arrays(outputs["runs"], **arrays)


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
    write_csv(outputs["table"], rows, TABLE_COLUMNS)


def fraction_figure_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Fraction of spurious runs against k, one line per n - k, with binomial intervals."""
    summaries = {name: read_json(inputs[name]) for name in params["protocols"]}
    fraction_figure(summaries, params["confidence"], outputs["pdf"], outputs["png"])


def norm_sum_figure_stage(inputs: Mapping[str, Path], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Histograms of the norm-sum at the spurious minima found, for the chosen k (COLT'21 Fig. 1)."""
    summary = read_json(inputs["summary"])
    by_k = {c["row"]["k"]: c["details"]["spurious_norm_sums"] for c in summary["configs"]}
    norm_sum_figure({k: by_k[k] for k in params["hist_ks"]}, outputs["pdf"], outputs["png"])
