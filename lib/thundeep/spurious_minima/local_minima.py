"""Endpoint analysis: which runs are spurious, which endpoints coincide up to a permutation of the
neurons, and the curvature and norm-sum of each distinct spurious point (COLT'21, Sec. 4.2)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from thundeep.gaussian_relu import population_hessian, population_loss
from thundeep.spurious_minima.min_eig import smallest_eigenvalues

HESSIAN_BATCH_ENTRIES = 1 << 22
"""Hessian entries built at once in `summarise` (a few times this many doubles of memory)."""


def norm_sum(weights: torch.Tensor) -> torch.Tensor:
    """sum_i |w_i| for each run of weights (..., n, d)."""
    return torch.linalg.vector_norm(weights, dim=-1).sum(-1)


def permutation_distance(a: np.ndarray, b: np.ndarray) -> float:
    """min over permutations P of the neurons of |a - P b|_F, for a, b of shape (n, d)."""
    cost = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    return float(np.sqrt(cost[rows, cols].sum()))


@dataclass
class Groups:
    """Labels of points equal up to neuron permutation (0, 1, ... in order of first appearance),
    the index of each group's first point, and the largest distance of a point to its group's
    first point (how tight the groups are; compare it with the tolerance)."""

    labels: np.ndarray
    representatives: np.ndarray
    max_within: float


def group_up_to_permutation(points: np.ndarray, losses: np.ndarray, tolerance: float) -> Groups:
    """Group points (m, n, d) whose permutation distance to a group's first point is <= tolerance.

    Candidates are compared only when their losses differ by at most `tolerance` (F is
    1/2-Lipschitz-bounded near a critical point, so equal points have equal losses).
    """
    labels = np.full(len(points), -1, dtype=np.int64)
    firsts: list[int] = []
    max_within = 0.0
    for i, point in enumerate(points):
        for label, j in enumerate(firsts):
            if abs(losses[i] - losses[j]) > tolerance:
                continue
            distance = permutation_distance(point, points[j])
            if distance <= tolerance:
                labels[i] = label
                max_within = max(max_within, distance)
                break
        else:
            labels[i] = len(firsts)
            firsts.append(i)
    return Groups(labels=labels, representatives=np.asarray(firsts, dtype=np.int64), max_within=max_within)


@dataclass
class Curvature:
    """Smallest Hessian eigenvalue of each point, and of each diagonal block H_ii - I/2."""

    min_eig: torch.Tensor
    block_min_eig: torch.Tensor


def curvature(points: torch.Tensor, teacher: torch.Tensor) -> Curvature:
    """Spectra at points (m, n, d): min eig of the Hessian (m,) and of every H_ii - I/2 (m, n)."""
    n, d = points.shape[-2:]
    hessian = population_hessian(points, teacher)
    min_eig = smallest_eigenvalues(hessian)
    blocks = hessian.reshape(*points.shape[:-2], n, d, n, d).diagonal(dim1=-4, dim2=-2)  # (m, d, d, n)
    blocks = blocks.permute(*range(blocks.dim() - 3), -1, -3, -2)
    eye = torch.eye(d, dtype=points.dtype, device=points.device)
    block_min = torch.linalg.eigvalsh(blocks - eye / 2)[..., 0]
    return Curvature(min_eig=min_eig, block_min_eig=block_min)


def min_distance_between(points: np.ndarray) -> float:
    """Smallest permutation distance between any two of `points` (m, n, d); inf when m < 2."""
    best = np.inf
    for i in range(len(points)):
        for j in range(i):
            best = min(best, permutation_distance(points[i], points[j]))
    return float(best)


def curvature_in_chunks(points: torch.Tensor, teacher: torch.Tensor, chunk: int) -> Curvature:
    """`curvature` over points (m, n, d) in chunks of `chunk` points (the Hessian is (n d)^2 each)."""
    parts = [curvature(points[i : i + chunk], teacher) for i in range(0, len(points), chunk)]
    if not parts:
        empty = points.new_zeros((0,))
        return Curvature(min_eig=empty, block_min_eig=points.new_zeros((0, points.shape[-2])))
    return Curvature(
        min_eig=torch.cat([p.min_eig for p in parts]),
        block_min_eig=torch.cat([p.block_min_eig for p in parts]),
    )


def hessian_batch(weights: torch.Tensor) -> int:
    """Points per `curvature_in_chunks` chunk for weights (..., n, d): HESSIAN_BATCH_ENTRIES entries, at least one."""
    return max(1, HESSIAN_BATCH_ENTRIES // (weights.shape[-2] * weights.shape[-1]) ** 2)


@dataclass
class Spurious:
    """The spurious runs of one (k, n): every run's loss, their mask and indices, their grouping up to
    neuron permutation, and the run index of each distinct point (its group's first run)."""

    loss: torch.Tensor
    mask: torch.Tensor
    index: torch.Tensor
    groups: Groups
    distinct: torch.Tensor


def spurious_runs(
    weights: torch.Tensor, converged: torch.Tensor, teacher: torch.Tensor, spurious_loss: float, group_tolerance: float
) -> Spurious:
    """Runs that passed the gradient test with F >= spurious_loss, grouped up to neuron permutation."""
    loss = population_loss(weights, teacher)
    mask = converged & (loss >= spurious_loss)
    index = mask.nonzero().flatten()
    groups = group_up_to_permutation(weights[index].cpu().numpy(), loss[index].cpu().numpy(), group_tolerance)
    distinct = index[torch.as_tensor(groups.representatives, dtype=torch.long, device=index.device)]
    return Spurious(loss=loss, mask=mask, index=index, groups=groups, distinct=distinct)


def summarise(
    weights: torch.Tensor,
    converged: torch.Tensor,
    floored: torch.Tensor,
    teacher: torch.Tensor,
    spurious_loss: float,
    group_tolerance: float,
    curv: Curvature | None = None,
) -> tuple[dict, dict]:
    """The table row of one (k, n) and per-run arrays.

    A run is spurious when it passed the gradient test with F >= spurious_loss; capped runs (neither
    converged nor floored) are counted apart, and `capped_above` counts those whose loss is still
    >= spurious_loss (undecided). Distinct spurious points are groups up to neuron permutation;
    `curv` is their curvature when computed elsewhere (by parts), else it is computed here.
    Returns (row, details): the row has the table's columns (NaN where there is no spurious run).
    """
    k = teacher.shape[0]
    found = spurious_runs(weights, converged, teacher, spurious_loss, group_tolerance)
    loss, spurious, index, groups, reps = found.loss, found.mask, found.index, found.groups, found.distinct
    sums = norm_sum(weights)
    capped = ~converged & ~floored
    if curv is None:
        curv = curvature_in_chunks(weights[reps], teacher, hessian_batch(weights))
    nan = float("nan")
    row = {
        "k": k,
        "n": weights.shape[-2],
        "runs": len(weights),
        "spurious_runs": int(spurious.sum()),
        "spurious_fraction": float(spurious.double().mean()),
        "not_converged": int(capped.sum()),
        "distinct_spurious": len(reps),
        "min_hessian_eig": float(curv.min_eig.min()) if len(reps) else nan,
        "max_norm_sum": float(sums[index].max()) if len(index) else nan,
    }
    details = {
        "floored": int(floored.sum()),
        "converged_global": int((converged & (loss < spurious_loss)).sum()),
        "capped_above": int((capped & (loss >= spurious_loss)).sum()),
        "group_max_within": groups.max_within,
        "group_min_between": min_distance_between(weights[reps].cpu().numpy()),
        "distinct_losses": sorted({round(float(v), 9) for v in loss[reps]}),
        "distinct_min_eig": curv.min_eig.tolist(),
        "distinct_block_max": curv.block_min_eig.amax(-1).tolist(),
        "spurious_norm_sums": sums[index].tolist(),
    }
    return row, details
