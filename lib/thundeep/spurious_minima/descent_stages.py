"""Descent stages of spurious_minima: gradient descent of every (protocol, k), whole or in chunks of runs,
and the gather of the chunks. Kept apart from the analysis stages so that a descent job imports neither
scipy nor the analysis code, and marked as not training with torch (torch only draws the starts: the
runner then skips `torch.use_deterministic_algorithms`, about 1 s of start-up)."""

from __future__ import annotations

import ctypes
import ctypes.util

import numpy as np
import torch

from thundeep.chunks import chunk_bounds, concatenate_parts
from thundeep.io import load_arrays, save_arrays
from thundeep.runtime import default_device, generator
from thundeep.spurious_minima.config import DescentProtocol
from thundeep.spurious_minima.gradient_descent import Descent, descend, xavier_init
from thundeep.stage import Inputs, Outputs, without_torch_training


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


def descended_runs(config: DescentProtocol, k_teacher: int, first: int, stop: int) -> dict[str, np.ndarray]:
    """Endpoints of runs [first, stop) of every n = k + extra for one k: all of the (k, n) generator's
    Xavier starts are drawn, the slice is kept and descended in one batch (a run's iterates do not
    depend on the other runs in its batch, so any cut into slices gives the same runs)."""
    device = default_device()
    if device.type == "cpu":
        keep_freed_memory()
    rule = Descent(
        step=config.step_at(k_teacher),
        tolerance=config.tolerance,
        criterion=config.criterion,
        max_steps=config.max_steps,
        check_every=config.check_every,
        loss_floor=config.loss_floor,
    )
    teacher = torch.eye(k_teacher, dtype=torch.float64, device=device)
    arrays: dict[str, np.ndarray] = {}
    for extra in config.n_extra:
        n = k_teacher + extra
        starts = xavier_init(config.runs, n, k_teacher, generator(run_seed(config.seed, k_teacher, n)))
        end = descend(starts[first:stop].to(device), teacher, rule, progress=True)
        for name in ("weights", "steps", "converged", "floored", "grad_norm"):
            arrays[f"n{n}_{name}"] = getattr(end, name).cpu().numpy()
    return arrays


@without_torch_training
def descend_stage(inputs: Inputs, outputs: Outputs, config: DescentProtocol, k: str, protocol: str) -> None:
    """All runs of every n = k + extra for one k of `protocol`: Xavier starts, batched GD, endpoints to an .npz.

    `config` is the protocol's descent settings only, so that editing the analysis reruns no descent.
    """
    save_arrays(outputs["runs"], **descended_runs(config, int(k), 0, config.runs))


@without_torch_training
def descend_chunk_stage(
    inputs: Inputs, outputs: Outputs, config: DescentProtocol, k: str, protocol: str, chunk: str, chunks: int
) -> None:
    """Part `chunk` of `chunks` of `descend_stage`'s runs for one k, so that `gather_runs_stage` on
    every part gives `descend_stage`'s file byte for byte."""
    first, stop = chunk_bounds(config.runs, chunks, int(chunk))
    save_arrays(outputs["runs"], **descended_runs(config, int(k), first, stop))


@without_torch_training
def gather_runs_stage(inputs: Inputs, outputs: Outputs, k: str, protocol: str) -> None:
    """`descend_stage`'s runs file for one (protocol, k) from its parts (input `chunks`, in run order):
    each array concatenated over the parts, the arrays in the parts' order."""
    save_arrays(outputs["runs"], **concatenate_parts([load_arrays(path) for path in inputs["chunks"]]))
