"""Endpoint analysis: grouping up to neuron permutation, Hessian spectra, the per-(k, n) summary."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from thundeep.binomial import binomial_interval, binomial_std
from thundeep.gaussian_relu import population_hessian
from thundeep.spurious_minima.local_minima import (
    curvature,
    curvature_in_chunks,
    group_up_to_permutation,
    min_distance_between,
    norm_sum,
    permutation_distance,
    summarise,
)
from thundeep.spurious_minima.spurious_fraction import protocol_metrics

F64 = torch.float64


def test_permutation_distance_ignores_neuron_order() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 4))
    assert permutation_distance(a, a[[3, 0, 4, 1, 2]]) == 0.0
    b = a.copy()
    b[2, 0] += 1e-3
    assert permutation_distance(a, b[[1, 2, 0, 4, 3]]) == pytest.approx(1e-3, rel=1e-6)


def test_grouping_with_tolerance() -> None:
    rng = np.random.default_rng(1)
    first, second = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    moved = first.copy()
    moved[0, 0] += 2e-3
    points = np.stack([first, second, first[[1, 0, 3, 2]] + 1e-8, second[::-1], moved])
    losses = np.array([0.1, 0.2, 0.1, 0.2, 0.1])
    groups = group_up_to_permutation(points, losses, tolerance=1e-5)
    assert groups.labels.tolist() == [0, 1, 0, 1, 2]
    assert groups.representatives.tolist() == [0, 1, 4]
    assert 0 < groups.max_within < 1e-7
    assert min_distance_between(points[groups.representatives]) == pytest.approx(2e-3, rel=1e-6)
    assert min_distance_between(points[:1]) == math.inf


def test_curvature_at_global_minimum_and_blocks() -> None:
    k = 5
    teacher = torch.eye(k, dtype=F64)
    out = curvature(teacher.unsqueeze(0), teacher)
    assert out.min_eig.item() == pytest.approx(0.25 - 1 / (2 * math.pi), abs=1e-14)
    assert out.block_min_eig.abs().max().item() < 1e-15  # H_ii = I/2 at W = V
    w = torch.randn(3, 4, k, generator=torch.Generator().manual_seed(0), dtype=F64)
    chunked = curvature_in_chunks(w, teacher, chunk=2)
    hess = population_hessian(w, teacher)
    for r in range(3):
        assert chunked.min_eig[r].item() == pytest.approx(torch.linalg.eigvalsh(hess[r])[0].item(), abs=1e-13)
        for i in range(4):
            block = hess[r, i * k : (i + 1) * k, i * k : (i + 1) * k] - torch.eye(k, dtype=F64) / 2
            assert chunked.block_min_eig[r, i].item() == pytest.approx(
                torch.linalg.eigvalsh(block)[0].item(), abs=1e-13
            )


def test_summary_row_counts() -> None:
    k = 3
    teacher = torch.eye(k, dtype=F64)
    far = torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.0, 0.0]], dtype=F64)  # F well above 1e-3
    weights = torch.stack([teacher, far, far[[2, 0, 1]], teacher, far])
    converged = torch.tensor([True, True, True, False, False])
    floored = torch.tensor([False, False, False, True, False])
    row, details = summarise(weights, converged, floored, teacher, spurious_loss=1e-3, group_tolerance=1e-5)
    assert row["runs"] == 5 and row["spurious_runs"] == 2 and row["not_converged"] == 1
    assert row["spurious_fraction"] == 0.4 and row["distinct_spurious"] == 1
    assert row["max_norm_sum"] == pytest.approx(norm_sum(far).item())
    assert details["capped_above"] == 1 and details["floored"] == 1 and details["converged_global"] == 1
    assert len(details["spurious_norm_sums"]) == 2


def _config(k: int, n: int, spurious: int, capped_above: int = 0) -> dict:
    row = {
        "k": k,
        "n": n,
        "runs": 100,
        "spurious_runs": spurious,
        "spurious_fraction": spurious / 100,
        "not_converged": capped_above,
        "distinct_spurious": 0,
    }
    details = {
        "capped_above": capped_above,
        "floored": 0,
        "distinct_min_eig": [],
        "distinct_block_max": [],
        "spurious_norm_sums": [],
        "group_max_within": 0.0,
        "group_min_between": math.inf,
    }
    return {"row": row, "details": details}


def test_protocol_metrics() -> None:
    configs = [
        _config(6, 6, 1),
        _config(7, 7, 20),
        _config(8, 8, 40),
        _config(6, 7, 0),
        _config(7, 8, 4, 2),
        _config(8, 9, 8),
    ]
    out = protocol_metrics(configs, [0, 1, 2])
    assert out["fraction_n0_smallest_k"] == 0.01 and out["fraction_n0_largest_k"] == 0.4
    assert out["fraction_n0_rank_corr"] == pytest.approx(1.0)
    assert out["fraction_n1_max_ratio"] == pytest.approx(0.3)  # k = 7: (4 + 2) / 20; k = 6 skipped (< 5%)
    assert out["fraction_n1_max"] == 0.08
    assert math.isnan(out["fraction_n2_max"]) and math.isnan(out["min_hessian_eig"])
    assert out["fraction_n0_largest_k_std"] == pytest.approx(binomial_std(0.4, 100))


def test_binomial_interval_covers_and_is_exact_at_the_ends() -> None:
    assert binomial_interval(0, 20, 0.95)[0] == 0.0
    assert binomial_interval(20, 20, 0.95)[1] == 1.0
    low, high = binomial_interval(50, 200, 0.95)
    assert low < 0.25 < high and high - low == pytest.approx(0.125, abs=0.01)
