"""One ReLU neuron over Gaussian inputs (Theorem 2), weight-subnetwork vs random features.

Target f(x) = [<w*, x>]_+, x ~ N(0, I_d), |w*| = 1. For a budget of N random hidden neurons:
- construction: Theorem 1's weight-subnetwork of a random depth-2 network with pools of m = N/d
  neurons per input coordinate (best single product per weight and sign), output ReLU kept;
- random features: N random ReLU features [u_k.x]_+ (u_k with i.i.d. U[-1,1] entries, like the
  random network's first layer) and an output layer (with intercept) fitted by least squares on the
  population, i.e. infinitely many samples. A neuron-subnetwork of a depth-2 random network is a
  random-features model of its kept neurons (Theorem 2), so it can do no better than this fit;
- references: the zero predictor and the best affine predictor 1/sqrt(2 pi) + <w*, x>/2
  (E[f] and E[x f] in closed form).
All are measured by RMSE on the same fresh Gaussian test inputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from thundeep.lottery_ticket.seed_statistics import loglog_slope, seed_std
from thundeep.lottery_ticket.weight_subnetwork import prune_layer, pruned_forward
from thundeep.nn.gaussian_random_features import population_relu_fits
from thundeep.nn.random_features import relu_features
from thundeep.nn.seeded import stream_generator

TARGET_STREAM, TEST_STREAM, FEATURE_STREAM, NETWORK_STREAM = 0, 1, 2, 3
"""Random streams of one (d, seed) cell: w*, test inputs, random features, random networks."""

ROW_COLUMNS = ["method", "d", "n_random", "seed", "rmse"]
"""Columns of the Gaussian-neuron table: one row per method, dimension, width N and seed."""


def draw_target(d: int, gen: torch.Generator) -> torch.Tensor:
    """w* uniform on the unit sphere of R^d (float64)."""
    w = torch.randn(d, generator=gen, dtype=torch.float64)
    return w / w.norm()


def neuron(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """f(x) = [<w, x>]_+ for rows x."""
    return torch.relu(x @ w)


def rmse(prediction: torch.Tensor, target: torch.Tensor) -> float:
    """Root mean squared difference."""
    return float(((prediction - target) ** 2).mean().sqrt())


def construction_prediction(w: torch.Tensor, x: torch.Tensor, m: int, gen: torch.Generator) -> torch.Tensor:
    """G~(x) = [sum_j p+_j [x_j]_+ - p-_j [-x_j]_+]_+ : Theorem 1's subnetwork for the one-neuron target."""
    layer = prune_layer(w[None, :], m, gen)
    return torch.relu(pruned_forward([layer], x))[:, 0]


def random_feature_predictions(
    w: torch.Tensor, x: torch.Tensor, widths: Sequence[int], gen: torch.Generator, ridge: float, chunk: int = 4096
) -> list[torch.Tensor]:
    """Predictions on x of the population least-squares random-features fits of each width (nested features)."""
    u = torch.rand(x.shape[1], max(widths), generator=gen, dtype=torch.float64) * 2 - 1
    fits = [fit.weights for fit in population_relu_fits(u, w, widths, ridge)]
    predictions = [torch.empty(x.shape[0], dtype=torch.float64) for _ in widths]
    for start in range(0, x.shape[0], chunk):
        phi = relu_features(x[start : start + chunk], u)
        for prediction, n, a in zip(predictions, widths, fits, strict=True):
            prediction[start : start + chunk] = a[0] + phi[:, :n] @ a[1:]
    return predictions


def reference_rmse(w: torch.Tensor, x: torch.Tensor) -> dict[str, float]:
    """Test RMSE of the zero predictor and of the best affine predictor 1/sqrt(2 pi) + <w, x>/2."""
    f = neuron(w, x)
    return {"zero": rmse(torch.zeros_like(f), f), "affine": rmse(1 / math.sqrt(2 * math.pi) + x @ w / 2, f)}


def neuron_cell(d: int, seed: int, widths: Sequence[int], n_test: int, ridge: float) -> list[dict]:
    """All rows of one (d, seed): every method at every width N (references once, N = 0)."""
    w = draw_target(d, stream_generator(seed, TARGET_STREAM * 1000 + d))
    x = torch.randn(n_test, d, generator=stream_generator(seed, TEST_STREAM * 1000 + d), dtype=torch.float64)
    f = neuron(w, x)
    rows = [{"method": k, "d": d, "n_random": 0, "seed": seed, "rmse": v} for k, v in reference_rmse(w, x).items()]
    features = random_feature_predictions(w, x, widths, stream_generator(seed, FEATURE_STREAM * 1000 + d), ridge)
    for n, prediction in zip(widths, features, strict=True):
        rows.append({"method": "random_features", "d": d, "n_random": n, "seed": seed, "rmse": rmse(prediction, f)})
    for n in widths:
        if n % d or n // d < 2:
            continue  # the construction needs whole pools with room for both signs
        gen = stream_generator(seed, NETWORK_STREAM * 1_000_000 + d * 1000 + n // d)
        prediction = construction_prediction(w, x, n // d, gen)
        rows.append({"method": "construction", "d": d, "n_random": n, "seed": seed, "rmse": rmse(prediction, f)})
    return rows


SLOPE_COLUMNS = ["method", "d", "slope", "slope_std", "seeds"]
"""Columns of the Gaussian-neuron slope table: log-log slope of RMSE in N per method and d (mean, std over seeds)."""


def seed_slopes(rows: Sequence[dict], method: str, d: int) -> list[float]:
    """Per seed, the log-log slope of `method`'s RMSE against N at dimension d."""
    mine = [r for r in rows if r["method"] == method and r["d"] == d]
    slopes = []
    for seed in sorted({r["seed"] for r in mine}):
        points = sorted((r["n_random"], r["rmse"]) for r in mine if r["seed"] == seed)
        slopes.append(loglog_slope([p[0] for p in points], [p[1] for p in points]))
    return slopes


def slope_table(rows: Sequence[dict]) -> list[dict]:
    """One row per (method, d) of the fitted methods: mean and std over seeds of the slope."""
    table = []
    for method in ("construction", "random_features"):
        for d in sorted({r["d"] for r in rows}):
            slopes = seed_slopes(rows, method, d)
            table.append(
                {
                    "method": method,
                    "d": d,
                    "slope": float(np.mean(slopes)),
                    "slope_std": seed_std(slopes),
                    "seeds": len(slopes),
                }
            )
    return table


def neuron_metrics(rows: Sequence[dict]) -> dict[str, float]:
    """LT3's numbers: construction slopes at every d, random-features flattening, and the affine gap.

    - construction_slope_worst: the largest (least steep) seed-mean construction slope over d;
    - rf_slope_ratio: |RF slope at the largest d| / |RF slope at the smallest d| (per seed, then mean);
    - affine_over_rf_largest_d: affine RMSE / RF RMSE at the largest d and largest N (per seed, mean);
      <= 2 means random features end within a factor 2 of the affine reference.
    """
    dims = sorted({r["d"] for r in rows})
    construction = {d: seed_slopes(rows, "construction", d) for d in dims}
    worst = max(dims, key=lambda d: np.mean(construction[d]))
    small, large = seed_slopes(rows, "random_features", dims[0]), seed_slopes(rows, "random_features", dims[-1])
    ratios = [abs(b) / abs(a) for a, b in zip(small, large, strict=True)]
    n_max = max(r["n_random"] for r in rows if r["method"] == "random_features")
    at_large = [r for r in rows if r["d"] == dims[-1]]
    gaps = []
    for seed in sorted({r["seed"] for r in at_large}):
        affine = next(r["rmse"] for r in at_large if r["seed"] == seed and r["method"] == "affine")
        rf = next(
            r["rmse"]
            for r in at_large
            if r["seed"] == seed and r["method"] == "random_features" and r["n_random"] == n_max
        )
        gaps.append(affine / rf)
    return {
        "construction_slope_worst": float(np.mean(construction[worst])),
        "construction_slope_worst_std": seed_std(construction[worst]),
        "construction_slope_worst_d": float(worst),
        "rf_slope_smallest_d": float(np.mean(small)),
        "rf_slope_largest_d": float(np.mean(large)),
        "rf_slope_ratio": float(np.mean(ratios)),
        "rf_slope_ratio_std": seed_std(ratios),
        "affine_over_rf_largest_d": float(np.mean(gaps)),
        "affine_over_rf_largest_d_std": seed_std(gaps),
    }
