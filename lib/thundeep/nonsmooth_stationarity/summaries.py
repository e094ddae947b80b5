"""The numbers the claims read, computed from the experiments' tables (plain arrays in, dicts out)."""

from __future__ import annotations

import numpy as np

from thundeep.nonsmooth_stationarity.estimates import least_squares

MIN_FIT_POINTS = 3
"""Fewest dimensions with observed hits for NS3's log-linear fit of one query count."""
SATURATED = 0.5
"""NS3's fit of log p against d uses only cells with p <= this: with T queries p saturates at 1 once
T tail(d) is of order 1, which is no statement about the tail's decay."""


def ns1_metrics(dims: np.ndarray, randomized: np.ndarray, huber: np.ndarray, accuracy: np.ndarray) -> dict[str, float]:
    """NS1: slope of log(L eps) in log d for randomized smoothing; Huber's deviation from 1; the minimum;
    and the smallest ratio of randomized smoothing's L eps to Lemma 30's floor at its actual accuracy.

    `accuracy` is sup |f~ - f| / eps = E|v_1| per d: Lemma 30 applied at that accuracy asks
    L eps >= 1 / (8 E|v_1|), about 0.16 sqrt(d). Every reduction propagates NaN.
    """
    randomized, huber = np.asarray(randomized, float), np.asarray(huber, float)
    fit = least_squares(np.log(np.asarray(dims, float)), np.log(randomized))
    return {
        "ns1_slope": float(fit.coef[1]),
        "ns1_slope_stderr": float(fit.stderr[1]),
        "ns1_huber_max_deviation": float(np.max(np.abs(huber - 1.0))),
        "ns1_min_l_times_eps": float(np.min(np.concatenate([randomized, huber]))),
        "ns1_min_over_accuracy_floor": float(np.min(randomized * 8.0 * np.asarray(accuracy, float))),
    }


def ns2_metrics(dims: np.ndarray, eps: np.ndarray, iterations: np.ndarray) -> dict[str, float]:
    """NS2: fit log T = c + a log d + b log eps over the settings where T is finite (all NaN when some
    T is NaN)."""
    dims, eps, iterations = (np.asarray(a, float) for a in (dims, eps, iterations))
    reached = np.isfinite(iterations) & (iterations > 0)  # inf: no step of the grid got there
    unreached = int((~reached).sum())
    if reached.sum() < 4 or np.isnan(iterations).any():  # a NaN is a broken run, not an unreached one
        nan = float("nan")
        return dict.fromkeys(
            ("ns2_d_exponent", "ns2_d_exponent_stderr", "ns2_eps_exponent", "ns2_eps_exponent_stderr", "ns2_fit_r2"),
            nan,
        ) | {"e2_unreached_settings": unreached}
    fit = least_squares(np.column_stack([np.log(dims[reached]), np.log(eps[reached])]), np.log(iterations[reached]))
    return {
        "ns2_d_exponent": float(fit.coef[1]),
        "ns2_d_exponent_stderr": float(fit.stderr[1]),
        "ns2_eps_exponent": float(fit.coef[2]),
        "ns2_eps_exponent_stderr": float(fit.stderr[2]),
        "ns2_fit_r2": fit.r2,
        "e2_unreached_settings": unreached,
    }


NS3_KEYS = ("ns3_max_excess_beyond_3se", "ns3_min_r2", "ns3_max_log_slope", "e3_single_query_max_abs_z")
"""NS3's metrics read from the probabilities (NaN when any probability or standard error is NaN)."""


def ns3_metrics(
    dims: np.ndarray,
    queries: np.ndarray,
    probability: np.ndarray,
    standard_error: np.ndarray,
    paper_bound: np.ndarray,
    exact_single_tail: np.ndarray,
) -> dict[str, float]:
    """NS3: largest excess of the estimate over 2 T e^{-d/36} beyond 3 standard errors where that bound
    is below 1 (elsewhere it says nothing), how many cells that is, and the fits.

    For each query count with hits at >= MIN_FIT_POINTS dimensions where p <= SATURATED, log p is
    fitted linearly in d; the metrics are the smallest R^2 and the largest slope (negative means
    falling). The single-query estimate is compared with the exact tail in standard errors (a check
    of the Monte Carlo itself). A NaN anywhere in the inputs reaches the metrics that read it.
    """
    dims, queries, p, se, bound, tail = (
        np.asarray(a, float) for a in (dims, queries, probability, standard_error, paper_bound, exact_single_tail)
    )
    nan = float("nan")
    if np.isnan(p).any() or np.isnan(se).any():
        return dict.fromkeys(NS3_KEYS, nan) | {"ns3_bound_cells": float(np.sum(bound < 1.0))}
    r2, slopes = [], []
    for count in np.unique(queries):
        mine = (queries == count) & (p > 0) & (p <= SATURATED)
        if mine.sum() >= MIN_FIT_POINTS:
            fit = least_squares(dims[mine], np.log(p[mine]))
            r2.append(fit.r2)
            slopes.append(float(fit.coef[1]))
    single = (queries == 1) & (se > 0)
    z = np.abs(p[single] - tail[single]) / se[single]
    judged = bound < 1.0
    return {
        "ns3_max_excess_beyond_3se": float(np.max((p - 3.0 * se - bound)[judged])) if judged.any() else nan,
        "ns3_bound_cells": float(judged.sum()),
        "ns3_min_r2": float(np.min(r2)) if r2 else nan,
        "ns3_max_log_slope": float(np.max(slopes)) if slopes else nan,
        "e3_single_query_max_abs_z": float(z.max()) if z.size else nan,
    }
