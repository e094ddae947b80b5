"""The certified smallest Hessian eigenvalue (min_eig) against eigvalsh, its fallback, and the device choice."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from thundeep.experiment import build
from thundeep.gaussian_relu import population_hessian
from thundeep.paperspec import load_yaml
from thundeep.spurious_minima import min_eig
from thundeep.spurious_minima.config import EXPERIMENTS
from thundeep.spurious_minima.local_minima import curvature
from thundeep.spurious_minima.stages import distinct_points

F64 = torch.float64
ROOT = Path(__file__).parents[2]
DEFAULT_RUNS = ROOT / "results/default/spurious_minima/runs"


def near_global_minimum(k: int, seed: int) -> torch.Tensor:
    """A point W = I + 0.01 G near the global minimum (n = k): positive-definite Hessian, clustered bottom."""
    noise = torch.randn(k, k, generator=torch.Generator().manual_seed(seed), dtype=F64)
    return torch.eye(k, dtype=F64) + 0.01 * noise


@pytest.mark.parametrize("k", [6, 12, 20, 30, 40])
def test_certified_value_equals_eigvalsh(k: int) -> None:
    hessian = population_hessian(near_global_minimum(k, k), torch.eye(k, dtype=F64))
    value, certified = min_eig.certified_min_eig(hessian)
    reference = float(torch.linalg.eigvalsh(hessian)[0])
    assert certified
    assert abs(value - reference) <= 1e-9 * abs(reference)


def test_indefinite_hessian_falls_back_to_eigvalsh() -> None:
    k = 8  # a Xavier start: far from any minimum, its Hessian has negative eigenvalues
    start = torch.randn(k, k, generator=torch.Generator().manual_seed(3), dtype=F64) / k**0.5
    hessian = population_hessian(start, torch.eye(k, dtype=F64))
    reference = float(torch.linalg.eigvalsh(hessian)[0])
    assert reference < 0
    assert min_eig.certified_min_eig(hessian) == (reference, False)


def test_wrong_certificate_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shift above the smallest eigenvalue (a rough value far too high) makes the certificate's Cholesky
    factorisation fail, and the value comes from eigvalsh."""
    monkeypatch.setattr(min_eig, "ROUGH_MARGIN", -0.5)
    hessian = population_hessian(near_global_minimum(10, 1), torch.eye(10, dtype=F64))
    assert min_eig.certified_min_eig(hessian) == (float(torch.linalg.eigvalsh(hessian)[0]), False)


def test_small_hessians_keep_eigvalsh() -> None:
    """Below CERTIFIED_FROM the values are eigvalsh's bit for bit (the smoke and default builds)."""
    k = 12
    points = torch.stack([near_global_minimum(k, s) for s in range(3)])
    hessians = population_hessian(points, torch.eye(k, dtype=F64))
    assert torch.equal(min_eig.smallest_eigenvalues(hessians), torch.linalg.eigvalsh(hessians)[..., 0])


def test_large_hessians_use_the_certified_path(monkeypatch: pytest.MonkeyPatch) -> None:
    k = 10
    monkeypatch.setattr(min_eig, "CERTIFIED_FROM", k * k)
    points = torch.stack([near_global_minimum(k, s) for s in range(2)])
    hessians = population_hessian(points, torch.eye(k, dtype=F64))
    ours = min_eig.smallest_eigenvalues(hessians)
    reference = torch.linalg.eigvalsh(hessians)[..., 0]
    assert not torch.equal(ours, reference)  # a different computation ...
    assert torch.allclose(ours, reference, rtol=1e-9, atol=0)  # ... of the same values


DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("device", DEVICES)
def test_device_choice_keeps_the_curvature(device: str) -> None:
    """The analysis's Hessians run on the default device (CUDA when present): the smallest eigenvalues
    there equal the CPU's within 1e-9 relative (on a CPU-only machine only the CPU path runs)."""
    k = 8
    points = torch.stack([near_global_minimum(k, s) for s in range(3)])
    teacher = torch.eye(k, dtype=F64)
    on_cpu = curvature(points, teacher)
    there = curvature(points.to(device), teacher.to(device))
    assert torch.allclose(there.min_eig.cpu(), on_cpu.min_eig, rtol=1e-9, atol=0)
    assert torch.allclose(there.block_min_eig.cpu(), on_cpu.block_min_eig, rtol=1e-9, atol=1e-12)


@pytest.mark.skipif(not DEFAULT_RUNS.is_dir(), reason="needs the default build's descent results")
def test_certified_value_at_every_default_spurious_point() -> None:
    spec = load_yaml(ROOT / "workflow/papers/spurious_minima/paper.yaml")
    checked = 0
    for protocol, cls in EXPERIMENTS.items():
        config = build(cls, spec["experiments"][protocol]["params"], protocol)
        paths = [DEFAULT_RUNS / f"{protocol}_k{k}.npz" for k in config.ks]
        for weights, teacher in distinct_points(config, paths).values():
            for hessian in population_hessian(weights.cpu(), teacher.cpu()):
                value, certified = min_eig.certified_min_eig(hessian)
                reference = float(torch.linalg.eigvalsh(hessian)[0])
                assert certified and abs(value - reference) <= 1e-9 * abs(reference)
                checked += 1
    assert checked > 0
