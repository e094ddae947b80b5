"""Part C1: biased random ReLU features with a least-squares output layer, an upper bound for depth 2.

Features [<w, x> + b]_+ with w uniform on the sphere and b ~ U[-1, 1], plus a constant feature,
fitted to cos(L ||x||) by least squares. One Gram matrix of the first N_max features serves every
N <= N_max: the Cholesky factor of a Gram matrix's leading block is the leading block of its factor
(`thundeep.nn.random_features.regularised_cholesky`). A failure to reach an accuracy is a failure of
random features, not a proof that depth 2 cannot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from thundeep.depth_separation.radial_inputs import (
    cosine_of_norm,
    relative_error,
    uniform_on_sphere,
    uniform_radius_inputs,
)
from thundeep.extremes import largest, smallest
from thundeep.nn.random_features import regularised_cholesky, relu_features
from thundeep.nn.seeded import stream_generator

FEATURE_STREAM, TRAIN_STREAM, TEST_STREAM = 20, 21, 22
"""Random streams of a seed: the features, the training sample and the test sample."""


def feature_counts(max_features: int, smallest: int = 2) -> np.ndarray:
    """The grid N = round(2^(j/4)) from `smallest` to `max_features` (duplicates dropped), ascending."""
    top = int(np.ceil(4 * np.log2(max_features)))
    grid = np.unique(np.round(2.0 ** (np.arange(0, top + 1) / 4)).astype(int))
    return grid[(grid >= smallest) & (grid <= max_features)]


def biased_first_layer(d: int, features: int, gen: torch.Generator) -> torch.Tensor:
    """(d + 1, features) float64: rows 0..d-1 hold w uniform on the sphere, row d the offsets b ~ U[-1, 1]."""
    directions = uniform_on_sphere(features, d, gen, torch.float64).T
    offsets = torch.rand(1, features, generator=gen, dtype=torch.float64) * 2 - 1
    return torch.cat([directions, offsets])


def biased_features(x: torch.Tensor, first_layer: torch.Tensor) -> torch.Tensor:
    """[1, [<w_i, x> + b_i]_+ ...]: the constant feature first, then the ReLU features, (n, 1 + N)."""
    ones = torch.ones(x.shape[0], 1, dtype=x.dtype, device=x.device)
    return torch.cat([ones, relu_features(torch.cat([x, ones], dim=1), first_layer)], dim=1)


def random_feature_errors(
    d: int,
    frequencies: Sequence[float],
    counts: Sequence[int] | np.ndarray,
    train_points: int,
    test_points: int,
    ridge: float,
    seed: int,
    device: torch.device | str = "cpu",
    chunk: int = 4096,
) -> np.ndarray:
    """Relative test error of least squares on the first N features, (len(frequencies), len(counts)).

    x = r*s with r ~ U[0, 1]; the ridge is `ridge` times the mean feature energy (float64 throughout).
    """
    n_max = int(max(counts))
    first_layer = biased_first_layer(d, n_max, stream_generator(seed, FEATURE_STREAM)).to(device)
    train_gen, test_gen = stream_generator(seed, TRAIN_STREAM), stream_generator(seed, TEST_STREAM)
    gram = torch.zeros(n_max + 1, n_max + 1, dtype=torch.float64, device=device)
    moment = torch.zeros(n_max + 1, len(frequencies), dtype=torch.float64, device=device)
    for start in range(0, train_points, chunk):
        x = uniform_radius_inputs(min(chunk, train_points - start), d, 1.0, train_gen, torch.float64).to(device)
        phi = biased_features(x, first_layer)
        gram += phi.T @ phi
        moment += phi.T @ torch.stack([cosine_of_norm(x, f) for f in frequencies], dim=1)
    factor = regularised_cholesky(gram, ridge)
    weights = [torch.cholesky_solve(moment[: n + 1], factor[: n + 1, : n + 1]) for n in counts]
    x_test = uniform_radius_inputs(test_points, d, 1.0, test_gen, torch.float64).to(device)
    y_test = torch.stack([cosine_of_norm(x_test, f) for f in frequencies])
    predictions = torch.zeros(len(counts), len(frequencies), test_points, dtype=torch.float64, device=device)
    for start in range(0, test_points, chunk):
        phi = biased_features(x_test[start : start + chunk], first_layer)
        for k, n in enumerate(counts):
            predictions[k, :, start : start + chunk] = (phi[:, : n + 1] @ weights[k]).T
    return relative_error(predictions, y_test).T.cpu().numpy()


def smallest_count(mean_errors: np.ndarray, counts: Sequence[int] | np.ndarray, accuracy: float) -> tuple[float, bool]:
    """(the smallest N whose seed-mean error is <= accuracy, capped); NaN and True when none is, NaN and
    False when an error is NaN (a failed fit is not "not reached": it must reach the claims as NaN)."""
    if np.isnan(mean_errors).any():
        return float("nan"), False
    reached = np.flatnonzero(np.asarray(mean_errors) <= accuracy)
    return (float(counts[reached[0]]), False) if reached.size else (float("nan"), True)


def width_exponent(dims: Sequence[int], widths: Sequence[float] | np.ndarray) -> float:
    """gamma of width ~ d^gamma by least squares on log-log axes; NaN if a width is missing."""
    values = np.asarray(widths, float)
    if len(values) < 2 or not np.all(np.isfinite(values)):
        return float("nan")
    return float(np.polyfit(np.log(np.asarray(dims, float)), np.log(values), 1)[0])


def width_table(
    mean_errors: np.ndarray, counts: Sequence[int] | np.ndarray, accuracy: float
) -> tuple[np.ndarray, np.ndarray]:
    """N_eps and capped flags for every (d, L) from seed-mean errors (D, L, N): two (D, L) arrays."""
    found = [[smallest_count(row, counts, accuracy) for row in per_d] for per_d in mean_errors]
    return np.array([[n for n, _ in r] for r in found]), np.array([[c for _, c in r] for r in found])


def random_feature_metrics(
    widths: np.ndarray,
    capped: np.ndarray,
    errors_at_cap: np.ndarray,
    dims: Sequence[int],
    frequencies: Sequence[float],
    max_features: int,
    gamma_dims: Sequence[int],
    gamma_frequencies: Sequence[float],
    ratio_dim: int,
    ratio_frequencies: tuple[float, float],
    corner_frequency: float,
    corner_dims: Sequence[int],
) -> dict[str, float]:
    """Claims DSC1-DSC3 from N_eps (D, L), its capped flags and the seed-mean errors at N_max (D, L).

    - `smooth_gamma_max` (DSC1): the largest gamma of N_eps over `gamma_dims` among `gamma_frequencies`;
      a capped N_eps counts as N_max (a lower bound), so the exponent is then a lower bound too.
    - `smooth_unreached` (DSC1): how many of those (d, L) cells are capped. A lower bound on gamma
      cannot show gamma <= 2.5 (random features that reach the accuracy at d = 4 and nowhere above
      read as gamma < 2 on the default grid), so DSC1 also needs every cell reached, as DSC4 does.
    - `frequency_ratio` (DSC2): N_eps(L_hi)/N_eps(L_lo) at `ratio_dim`; a capped N_eps(L_hi) counts as
      N_max, so the ratio is then a lower bound.
    - `corner_min_increase` / `corner_error` (DSC3): the smallest step of the error at N_max along
      `corner_dims` for L = `corner_frequency`, and that error at the largest of `corner_dims`.
    NaN wherever a value it needs is outside the grid (or is NaN itself).
    """
    dims, frequencies = list(dims), [float(f) for f in frequencies]
    nan = float("nan")

    def at(d: int, f: float) -> tuple[int, int] | None:
        return (dims.index(d), frequencies.index(f)) if d in dims and f in frequencies else None

    bounded = np.where(capped, float(max_features), widths)
    gammas, unreached = [], 0.0
    for f in gamma_frequencies:
        cells = [at(d, f) for d in gamma_dims]
        gammas.append(nan if None in cells else width_exponent(gamma_dims, np.array([bounded[c] for c in cells])))
        unreached = nan if None in cells else unreached + float(sum(bool(capped[c]) for c in cells))
    low, high = at(ratio_dim, ratio_frequencies[0]), at(ratio_dim, ratio_frequencies[1])
    ratio = nan
    if low is not None and high is not None and not capped[low]:
        ratio = (max_features if capped[high] else widths[high]) / widths[low]
    corner = [at(d, corner_frequency) for d in corner_dims]
    corner_errors = np.array([nan if c is None else errors_at_cap[c] for c in corner])
    return {
        "smooth_gamma_max": largest(gammas) if gammas else nan,
        "smooth_unreached": unreached if gammas else nan,
        "frequency_ratio": float(ratio),
        "corner_min_increase": smallest(np.diff(corner_errors)) if len(corner) > 1 else nan,
        "corner_error": float(corner_errors[-1]),
    }
