"""From E1-E3's rows to the paper's tables (N_eps, gamma, harmonic floors) and the claims' metrics."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from thundeep.extremes import largest, smallest
from thundeep.random_features.config import PopulationFeatures, Search
from thundeep.random_features.n_eps import fitted_exponent, n_eps
from thundeep.relu_harmonics import degree_shares
from thundeep.seed_statistics import seed_std

POPULATION_COLUMNS = ["d", "N", "seed", "exact_relative_error", "sample_relative_error"]
SEARCH_COLUMNS = ["d", "N", "seed", "exact_relative_error"]
N_EPS_COLUMNS = ["target", "eps", "d", "n_eps", "n_eps_seed_min", "n_eps_seed_max", "seeds"]
GAMMA_COLUMNS = ["target", "eps", "dims", "gamma", "gamma_std", "seeds"]
FLOOR_COLUMNS = ["d", "degree", "rho"]
TRAINED_COLUMNS = ["method", "d", "seed", "step", "relative_error"]
POLYNOMIAL_COLUMNS = ["k", "d", "N", "seed", "relative_error"]

Row = Mapping[str, str]
"""A table row as read back from CSV (strings)."""


def error_matrix(rows: Sequence[Row], d: int, column: str) -> tuple[list[int], list[int], np.ndarray]:
    """(widths, seeds, errors (widths, seeds)) of one dimension; a width missing for some seed is dropped."""
    mine = [r for r in rows if int(r["d"]) == d]
    seeds = sorted({int(r["seed"]) for r in mine})
    table: dict[int, dict[int, float]] = {}
    for r in mine:
        table.setdefault(int(r["N"]), {})[int(r["seed"])] = float(r[column])
    widths = sorted(n for n, by_seed in table.items() if len(by_seed) == len(seeds))
    return widths, seeds, np.array([[table[n][s] for s in seeds] for n in widths]).reshape(len(widths), len(seeds))


def search_rows(
    rows: Sequence[Row], searches: Sequence[tuple[str, Search]], column: str
) -> tuple[list[dict], list[dict]]:
    """N_eps rows (target, eps, d) and gamma rows (target, eps) of each named search over `rows`."""
    n_eps_rows, gamma_rows = [], []
    for target, search in searches:
        mean, per_seed = {}, {}
        for d in search.dims:
            widths, seeds, errors = error_matrix(rows, d, column)
            mean[d], per_seed[d] = n_eps(widths, errors, search.eps)
            # Table columns, not claim metrics (the claims read n_eps and gamma). A seed's N_eps is NaN
            # when it does not reach eps on the grid (it lies beyond) or its errors are NaN: the seed
            # minimum is taken over the seeds with a finite N_eps (a reached width is shown when there
            # is one), the seed maximum is NaN as soon as one seed has none.
            reached = [v for v in per_seed[d] if math.isfinite(v)]
            n_eps_rows.append(
                {
                    "target": target,
                    "eps": search.eps,
                    "d": d,
                    "n_eps": mean[d],
                    "n_eps_seed_min": smallest(reached) if reached else float("nan"),
                    "n_eps_seed_max": largest(per_seed[d]) if per_seed[d] else float("nan"),
                    "seeds": len(seeds),
                }
            )
        gamma, spread = fitted_exponent(search.dims, mean, per_seed)
        gamma_rows.append(
            {
                "target": target,
                "eps": search.eps,
                "dims": ";".join(map(str, search.dims)),
                "gamma": gamma,
                "gamma_std": spread,
                "seeds": len(next(iter(per_seed.values()))),
            }
        )
    return n_eps_rows, gamma_rows


def floor_rows(dims: Sequence[int], max_degree: int) -> list[dict]:
    """rho_l(d) for l = 0..max_degree at every d (the harmonic floors of F1 and RF3-RF4)."""
    rows = []
    for d in dims:
        left = 1.0 - np.cumsum(degree_shares(max_degree, d))
        rows += [{"d": d, "degree": degree, "rho": float(rho)} for degree, rho in enumerate(left)]
    return rows


def _rho(floors: Sequence[Mapping], d: int, degree: int) -> float:
    return next(float(r["rho"]) for r in floors if int(r["d"]) == d and int(r["degree"]) == degree)


def _gamma(gammas: Sequence[Mapping], target: str, eps: float) -> tuple[float, float]:
    row = next(r for r in gammas if r["target"] == target and float(r["eps"]) == eps)
    return float(row["gamma"]), float(row["gamma_std"])


def dimension_ratios(at_width: np.ndarray, dims: Sequence[int], pair: tuple[int, int]) -> np.ndarray:
    """Per-seed error(pair[1]) / error(pair[0]) at one width, from errors (dims, seeds); NaN when a d is absent."""
    low, high = pair
    if low not in dims or high not in dims:
        return np.full(at_width.shape[1], np.nan)
    return at_width[list(dims).index(high)] / at_width[list(dims).index(low)]


def population_metrics(
    rows: Sequence[Row],
    n_eps_rows: Sequence[Mapping],
    gammas: Sequence[Mapping],
    floors: Sequence[Mapping],
    config: PopulationFeatures,
    fallbacks: int,
) -> dict[str, float]:
    """RF1-RF5's numbers from E1/E1' rows (see the claims in paper.yaml).

    Reductions are `thundeep.extremes`' (Python's min and max skip a NaN that is not first): a missing
    or non-finite error reaches the verdict as NaN.
    """
    ratios = []
    for d, n in config.rf1_cells:
        cell = [r for r in rows if int(r["d"]) == d and int(r["N"]) == n and r["sample_relative_error"] != ""]
        ratios.append(
            float(np.mean([float(r["sample_relative_error"]) / float(r["exact_relative_error"]) for r in cell]))
            if cell
            else float("nan")
        )
    per_dim = []
    for d in sorted(config.curve_dims):
        widths, _, errors = error_matrix(rows, d, "exact_relative_error")
        per_dim.append(errors[widths.index(config.ratio_width)] if config.ratio_width in widths else np.nan)
    at_width = np.array(per_dim, dtype=float)  # (dims, seeds)
    means = at_width.mean(axis=1)
    ratios_by_seed = dimension_ratios(at_width, sorted(config.curve_dims), config.ratio_dims)
    over_floor = []
    for d in config.floor_dims:
        widths, _, errors = error_matrix(rows, d, "exact_relative_error")
        upto = np.array(widths) <= (config.floor_width or config.max_width)
        over_floor.append(smallest(errors[upto].mean(axis=1)) / _rho(floors, d, 2))
    coarse, coarse_std = _gamma(gammas, "neuron", config.coarse.eps)
    fine, fine_std = _gamma(gammas, "neuron", config.fine.eps)
    cheap = [float(r["n_eps"]) / float(r["d"]) ** 2 for r in n_eps_rows if float(r["eps"]) == config.coarse.eps]
    return {
        "rf1_ratio_min": smallest(ratios),
        "rf1_ratio_max": largest(ratios),
        "rf2_increasing": float(bool(np.all(np.diff(means) > 0))) if np.all(np.isfinite(means)) else float("nan"),
        "rf2_ratio": smallest(ratios_by_seed),
        "rf2_ratio_std": seed_std(list(ratios_by_seed)),
        "rf3_min_error_over_floor": smallest(over_floor),
        "rf4_gamma_coarse": coarse,
        "rf4_gamma_coarse_std": coarse_std,
        "rf4_gamma_fine": fine,
        "rf4_gamma_fine_std": fine_std,
        "rf4_rho2_over_eps_min": smallest(_rho(floors, d, 2) for d in config.fine.dims) / config.fine.eps,
        "rf4_rho4_over_eps_max": largest(_rho(floors, d, 4) for d in config.fine.dims) / config.fine.eps,
        "rf5_min": smallest(cheap),
        "rf5_max": largest(cheap),
        "pseudo_inverse_fallbacks": float(fallbacks),
    }


def _worst_reached(rows: Sequence[Mapping], method: str) -> tuple[float, float]:
    """(largest over (d, seed) of the smallest error reached, number of dims) of one training method.

    NaN-propagating: a run whose error is ever NaN (diverged) makes the result NaN."""
    trajectories: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        if r["method"] == method:
            trajectories.setdefault((str(r["d"]), str(r["seed"])), []).append(float(r["relative_error"]))
    if not trajectories:
        return float("nan"), 0.0
    worst = largest(smallest(errors) for errors in trajectories.values())
    return worst, float(len({d for d, _ in trajectories}))


def trained_neuron_metrics(rows: Sequence[Mapping]) -> dict[str, float]:
    """RF6: the worst (over d and seeds) smallest relative error GD and SGD reach within their budgets."""
    gd, gd_dims = _worst_reached(rows, "gd")
    sgd, sgd_dims = _worst_reached(rows, "sgd")
    return {"rf6_gd_worst_error": gd, "rf6_gd_dims": gd_dims, "rf6_sgd_worst_error": sgd, "rf6_sgd_dims": sgd_dims}


def polynomial_metrics(gammas: Sequence[Mapping]) -> dict[str, float]:
    """RF7: gamma (and its spread over seeds) of each polynomial degree searched; NaN for the others."""
    out = {}
    for k in (1, 2, 3):
        row = next((r for r in gammas if r["target"] == f"poly{k}"), None)
        out[f"rf7_gamma_k{k}"] = float(row["gamma"]) if row else float("nan")
        out[f"rf7_gamma_k{k}_std"] = float(row["gamma_std"]) if row else float("nan")
    return out
