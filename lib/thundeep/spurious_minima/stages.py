"""Pipeline stage of spurious_minima that runs gradient descent: one job per protocol and k.

The analysis, table and figure stages live in `thundeep.spurious_minima.report_stages`, so that
changing them does not invalidate the (expensive) descent results. Params come from
workflow/papers/spurious_minima/paper.yaml."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from thundeep.io import save_arrays
from thundeep.runtime import default_device, generator
from thundeep.spurious_minima.descent import Descent, descend, xavier_init


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
