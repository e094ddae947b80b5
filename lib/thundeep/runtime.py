"""Torch runtime set-up: thread count, determinism, and the one device choice."""

from __future__ import annotations

import os

import torch


def configure_torch(threads: int, deterministic: bool = True) -> None:
    """Use `threads` CPU threads and, when `deterministic`, deterministic kernels (bit-identical reruns)."""
    torch.set_num_threads(max(1, int(threads)))
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    if deterministic:
        torch.use_deterministic_algorithms(True)


def default_device() -> torch.device:
    """CUDA when present, else CPU. Set THUNDEEP_DEVICE=cpu to force the CPU."""
    wanted = os.environ.get("THUNDEEP_DEVICE", "")
    if wanted:
        return torch.device(wanted)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(seed: int, device: torch.device | str = "cpu") -> torch.Generator:
    """A torch generator on `device` seeded with `seed` (pass it explicitly; no global RNG)."""
    gen = torch.Generator(device=device)
    gen.manual_seed(int(seed))
    return gen
