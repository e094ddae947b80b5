"""Stage functions of nonsmooth_stationarity (called by workflow/papers/nonsmooth_stationarity/rules.smk)."""

from __future__ import annotations

import itertools
import sys

import numpy as np
from tqdm import tqdm

from thundeep.io import write_csv
from thundeep.nonsmooth_stationarity import ball_coordinate
from thundeep.nonsmooth_stationarity.config import GdIterations, Hitting, Smoothing
from thundeep.nonsmooth_stationarity.estimates import proportion
from thundeep.nonsmooth_stationarity.gradient_descent import best_constant_step
from thundeep.nonsmooth_stationarity.hitting_probability import count_hits, paper_bound
from thundeep.nonsmooth_stationarity.moreau_smoothing import (
    difference_quotient_lipschitz,
    huber_derivative,
    huber_value,
)
from thundeep.nonsmooth_stationarity.randomized_smoothing import approximation_error, gradient_lipschitz
from thundeep.nonsmooth_stationarity.summaries import ns1_metrics, ns2_metrics, ns3_metrics
from thundeep.runtime import default_device
from thundeep.stage import Inputs, Outputs

LEMMA30_FLOOR = 1.0 / 8.0
"""Lemma 30: any eps-approximation of |x_1| has L >= 1/(8 eps); at accuracy eps E|v_1| the floor on
L eps is LEMMA30_FLOOR / E|v_1|."""

SMOOTHING_COLUMNS = (
    "d",
    "randomized_L_times_eps",
    "huber_L_times_eps",
    "randomized_error_over_eps",
    "huber_error_over_eps",
    "lemma30_floor",
    "lemma30_floor_at_accuracy",
)
GD_COLUMNS = ("d", "eps", "iterations", "best_step", "L", "sqrt_d_over_eps", "cycling_steps")
HITTING_COLUMNS = (
    "d",
    "queries",
    "probability",
    "standard_error",
    "upper_95",
    "exact_single_tail",
    "hits",
    "draws",
    "union_bound",
    "paper_bound",
)


def smoothing_stage(inputs: Inputs, outputs: Outputs, config: Smoothing, **wildcards: str) -> None:
    """E1: exact L * eps of randomized smoothing, and Huber's from difference quotients, for every d."""
    eps = config.eps
    grid = np.linspace(-2.0 * eps, 2.0 * eps, config.huber_grid_points)
    huber_l = difference_quotient_lipschitz(huber_derivative(grid, eps), grid) * eps
    huber_error = float(np.max(np.abs(np.abs(grid) - huber_value(grid, eps)))) / eps
    rows = [
        {
            "d": int(d),
            "randomized_L_times_eps": gradient_lipschitz(eps, d) * eps,
            "huber_L_times_eps": huber_l,
            "randomized_error_over_eps": approximation_error(eps, d) / eps,
            "huber_error_over_eps": huber_error,
            "lemma30_floor": LEMMA30_FLOOR,
            "lemma30_floor_at_accuracy": LEMMA30_FLOOR / (approximation_error(eps, d) / eps),
        }
        for d in config.dims.integers()
    ]
    write_csv(outputs["table"], rows, SMOOTHING_COLUMNS)
    column = {name: np.array([r[name] for r in rows]) for name in SMOOTHING_COLUMNS}
    config.write_metrics(
        outputs["metrics"],
        ns1_metrics(
            column["d"],
            column["randomized_L_times_eps"],
            column["huber_L_times_eps"],
            column["randomized_error_over_eps"],
        ),
    )


def gd_iterations_stage(inputs: Inputs, outputs: Outputs, config: GdIterations, **wildcards: str) -> None:
    """E2: T(d, eps) for every (d, eps) of the grid, and the fitted exponents in d and eps."""
    steps, starts = config.steps.values(), config.start_points()
    rows = []
    grid = list(itertools.product(config.dims, config.eps))
    for d, eps in tqdm(grid, desc="E2 T(d, eps)", file=sys.stderr, mininterval=5.0):
        best = best_constant_step(d, eps, steps, starts, config.max_iterations)
        rows.append(
            {
                "d": d,
                "eps": eps,
                "iterations": best.iterations,
                "best_step": best.step,
                "L": gradient_lipschitz(eps, d),
                "sqrt_d_over_eps": float(np.sqrt(d) / eps),
                "cycling_steps": best.cycling_steps,
            }
        )
    write_csv(outputs["table"], rows, GD_COLUMNS)
    config.write_metrics(
        outputs["metrics"],
        ns2_metrics(*(np.array([r[k] for r in rows], float) for k in ("d", "eps", "iterations"))),
    )


def hitting_stage(inputs: Inputs, outputs: Outputs, config: Hitting, **wildcards: str) -> None:
    """E3: Monte Carlo hitting probabilities for every (d, T), with the exact tail and both bounds."""
    device = default_device()
    rows = []
    for d in tqdm(config.dims, desc="E3 hitting, per d", file=sys.stderr, mininterval=5.0):
        hits = count_hits(
            d, config.queries, config.threshold, config.draws, config.seed * 100_003 + d, config.chunk, device
        )
        tail = float(ball_coordinate.sphere_upper_tail(config.threshold, d))
        for count, hit in zip(config.queries, hits, strict=True):
            p, se, upper = proportion(int(hit), config.draws)
            rows.append(
                {
                    "d": d,
                    "queries": count,
                    "probability": p,
                    "standard_error": se,
                    "upper_95": upper,
                    "exact_single_tail": tail,
                    "hits": int(hit),
                    "draws": config.draws,
                    "union_bound": min(1.0, count * tail),
                    "paper_bound": paper_bound(d, count),
                }
            )
    write_csv(outputs["table"], rows, HITTING_COLUMNS)
    column = {k: np.array([r[k] for r in rows], float) for k in HITTING_COLUMNS}
    config.write_metrics(
        outputs["metrics"],
        ns3_metrics(
            column["d"],
            column["queries"],
            column["probability"],
            column["standard_error"],
            column["paper_bound"],
            column["exact_single_tail"],
        ),
    )
