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
All are measured by RMSE on the same fresh Gaussian test inputs. The random-features fits also
report their exact population relative error E(f_hat - f)^2 / E f^2, which LT3 compares with the
harmonic floor rho_2(d) (`thundeep.relu_harmonics`): the share of E f^2 beyond degree 2, which N
features cannot fit while N is far below the dimension ~d^4/24 of the degree-4 harmonics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from thundeep.extremes import smallest
from thundeep.lottery_ticket.weight_subnetwork import prune_layer, pruned_forward
from thundeep.nn.gaussian_random_features import population_relu_fits
from thundeep.nn.random_features import relu_features
from thundeep.nn.seeded import stream_generator
from thundeep.relu_harmonics import harmonic_residual
from thundeep.seed_statistics import loglog_slope, seed_std

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


def random_first_layer(d: int, n: int, gen: torch.Generator) -> torch.Tensor:
    """(d, n) first-layer weights with i.i.d. U[-1,1] entries, like the random network's first layer."""
    return torch.rand(d, n, generator=gen, dtype=torch.float64) * 2 - 1


def random_feature_fits(
    w: torch.Tensor, x: torch.Tensor, u: torch.Tensor, widths: Sequence[int], ridge: float, chunk: int = 4096
) -> tuple[list[torch.Tensor], list[float]]:
    """Population least-squares fits on the first N features [u_k.x]_+ of u (d, N_max), for each N in widths.

    Returns their predictions on x and their exact population relative errors E(f_hat - f)^2 / E f^2.
    """
    fits = population_relu_fits(u, w, widths, ridge)
    weights = [fit.weights for fit in fits]
    predictions = [torch.empty(x.shape[0], dtype=torch.float64) for _ in widths]
    for start in range(0, x.shape[0], chunk):
        phi = relu_features(x[start : start + chunk], u)
        for prediction, n, a in zip(predictions, widths, weights, strict=True):
            prediction[start : start + chunk] = a[0] + phi[:, :n] @ a[1:]
    return predictions, [float(fit.relative_error) for fit in fits]


def reference_rmse(w: torch.Tensor, x: torch.Tensor) -> dict[str, float]:
    """Test RMSE of the zero predictor and of the best affine predictor 1/sqrt(2 pi) + <w, x>/2."""
    f = neuron(w, x)
    return {"zero": rmse(torch.zeros_like(f), f), "affine": rmse(1 / math.sqrt(2 * math.pi) + x @ w / 2, f)}


POPULATION_COLUMNS = ["d", "n_random", "seed", "relative_error", "rho_2", "error_over_rho_2", "in_claim"]
"""Columns of the random-features population table: exact relative error of each fit against rho_2(d).

`in_claim` marks the cells LT3 checks, N <= d^4/1000."""


def claim_width_limit(d: int) -> float:
    """LT3's largest width at dimension d, d^4/1000: far below the ~d^4/24 degree-4 harmonics."""
    return d**4 / 1000


def neuron_cell(d: int, seed: int, widths: Sequence[int], n_test: int, ridge: float) -> tuple[list[dict], list[dict]]:
    """All rows of one (d, seed): every method at every width N (references once, N = 0).

    Returns the test-RMSE rows and the random-features fits' population rows (`POPULATION_COLUMNS`).
    """
    w = draw_target(d, stream_generator(seed, TARGET_STREAM * 1000 + d))
    x = torch.randn(n_test, d, generator=stream_generator(seed, TEST_STREAM * 1000 + d), dtype=torch.float64)
    f = neuron(w, x)
    rows = [{"method": k, "d": d, "n_random": 0, "seed": seed, "rmse": v} for k, v in reference_rmse(w, x).items()]
    u = random_first_layer(d, max(widths), stream_generator(seed, FEATURE_STREAM * 1000 + d))
    features, errors = random_feature_fits(w, x, u, widths, ridge)
    for n, prediction in zip(widths, features, strict=True):
        rows.append({"method": "random_features", "d": d, "n_random": n, "seed": seed, "rmse": rmse(prediction, f)})
    rho_2 = harmonic_residual(2, d)
    population = [
        {
            "d": d,
            "n_random": n,
            "seed": seed,
            "relative_error": error,
            "rho_2": rho_2,
            "error_over_rho_2": error / rho_2,
            "in_claim": n <= claim_width_limit(d),
        }
        for n, error in zip(widths, errors, strict=True)
    ]
    for n in widths:
        if n % d or n // d < 2:
            continue  # the construction needs whole pools with room for both signs
        gen = stream_generator(seed, NETWORK_STREAM * 1_000_000 + d * 1000 + n // d)
        prediction = construction_prediction(w, x, n // d, gen)
        rows.append({"method": "construction", "d": d, "n_random": n, "seed": seed, "rmse": rmse(prediction, f)})
    return rows, population


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


FLOOR_COLUMNS = [
    "d",
    "rho_2",
    "rmse_floor",
    "claim_width_limit",
    "rf_cells",
    "rf_error_over_rho_2_min",
    "construction_n_above",
    "construction_n_below",
    "construction_crossing_n",
]
"""Columns of the floor table, one row per d: the harmonic floor, random features against it, and
where the construction's seed-mean test RMSE crosses below it (`construction_n_above`/`_n_below`: the
grid widths either side of the first crossing, `construction_crossing_n`: log-log interpolation
between them; NaN where the grid does not bracket a crossing)."""


def rmse_floor(rho_2: float) -> float:
    """The RMSE of relative error rho_2 against [<w*, x>]_+ with |w*| = 1 (E f^2 = 1/2)."""
    return math.sqrt(rho_2 / 2)


def floor_crossing(points: Sequence[tuple[int, float]], floor: float) -> tuple[float, float, float]:
    """(N above, N below, interpolated N) where the curve of (N, RMSE) first falls below `floor`.

    NaN entries where the curve never falls below it, or is below it from the first point on.
    """
    nan = float("nan")
    if points and points[0][1] < floor:
        return nan, float(points[0][0]), nan
    for (n_above, above), (n_below, below) in zip(points, points[1:], strict=False):
        if above >= floor > below:
            t = math.log(above / floor) / math.log(above / below)
            return float(n_above), float(n_below), float(n_above * (n_below / n_above) ** t)
    return nan, nan, nan


def floor_table(rows: Sequence[dict], population: Sequence[dict]) -> list[dict]:
    """One row per d: rho_2(d), its RMSE floor, random features' closest approach, the construction's crossing."""
    table = []
    for d in sorted({r["d"] for r in population}):
        mine = [p for p in population if p["d"] == d]
        checked = [p["error_over_rho_2"] for p in mine if p["in_claim"]]
        rho_2 = mine[0]["rho_2"]
        construction = [r for r in rows if r["method"] == "construction" and r["d"] == d]
        points = [
            (n, float(np.mean([r["rmse"] for r in construction if r["n_random"] == n])))
            for n in sorted({r["n_random"] for r in construction})
        ]
        above, below, crossing = floor_crossing(points, rmse_floor(rho_2))
        table.append(
            {
                "d": d,
                "rho_2": rho_2,
                "rmse_floor": rmse_floor(rho_2),
                "claim_width_limit": claim_width_limit(d),
                "rf_cells": len({p["n_random"] for p in mine if p["in_claim"]}),
                "rf_error_over_rho_2_min": smallest(checked) if checked else float("nan"),
                "construction_n_above": above,
                "construction_n_below": below,
                "construction_crossing_n": crossing,
            }
        )
    return table


def neuron_metrics(rows: Sequence[dict], population: Sequence[dict]) -> dict[str, float]:
    """LT3's numbers: the construction's slopes at every d, and random features against the floor rho_2(d).

    - construction_slope_worst: the largest (least steep) seed-mean construction slope over d;
    - rf_floor_ratio_min: the smallest population relative error / rho_2(d) of a random-features fit
      over every seed and every (d, N) with N <= d^4/1000 (NaN when no cell qualifies), with the
      seed-to-seed std at that cell, the cell itself and the number of (d, N) cells checked.
    """
    dims = sorted({r["d"] for r in rows})
    construction = {d: seed_slopes(rows, "construction", d) for d in dims}
    worst = dims[int(np.argmax([np.mean(construction[d]) for d in dims]))]  # a NaN slope is picked
    checked = [p for p in population if p["in_claim"]]
    nan = float("nan")
    lowest = checked[int(np.argmin([p["error_over_rho_2"] for p in checked]))] if checked else None
    at_lowest = [
        p["error_over_rho_2"]
        for p in checked
        if lowest and (p["d"], p["n_random"]) == (lowest["d"], lowest["n_random"])
    ]
    return {
        "construction_slope_worst": float(np.mean(construction[worst])),
        "construction_slope_worst_std": seed_std(construction[worst]),
        "construction_slope_worst_d": float(worst),
        "rf_floor_ratio_min": lowest["error_over_rho_2"] if lowest else nan,
        "rf_floor_ratio_min_std": seed_std(at_lowest) if lowest else nan,
        "rf_floor_ratio_min_d": float(lowest["d"]) if lowest else nan,
        "rf_floor_ratio_min_n": float(lowest["n_random"]) if lowest else nan,
        "rf_floor_cells": float(len({(p["d"], p["n_random"]) for p in checked})),
    }
