"""The numbers claims SD1-SD4 read, computed from each experiment's recorded arrays."""

from __future__ import annotations

import numpy as np

from thundeep.separable_data.construction import fit_power_law, lemma15_bound
from thundeep.separable_data.errors import late_rise
from thundeep.separable_data.rates import loss_over_lemma8


def construction_metrics(gammas: np.ndarray, epss: np.ndarray, t_star: np.ndarray, figure_tstar: int) -> dict:
    """SD1: min over the grid of t* / Lemma 15's bound, and the fitted exponents of gamma and eps."""
    fit = fit_power_law(gammas, epss, t_star)
    return {
        "tstar_over_bound_min": float(np.min(t_star / lemma15_bound(gammas, epss))),
        "exponent_gamma": fit.a,
        "exponent_eps": fit.b,
        "fit_residual_rms": fit.residual_rms,
        "figure_tstar": int(figure_tstar),
    }


def rates_metrics(
    steps: np.ndarray,
    losses: np.ndarray,
    gammas: np.ndarray,
    thm9_excess: np.ndarray,
    test_error: np.ndarray,
    n_test: int,
) -> dict:
    """SD2 and SD3 on E2. `losses` and `test_error` are (k, B), `gammas` (B,) each run's margin, and
    `thm9_excess` (k, B, P) the fraction of points below Thm 9's level minus p (NaN where vacuous)."""
    _, ratio = loss_over_lemma8(steps, losses, gammas)
    rises = late_rises(steps, test_error, n_test)
    stated = ~np.isnan(thm9_excess) | np.isnan(losses)[:, :, None]  # a NaN loss is kept, to propagate
    excess = thm9_excess[stated]
    return {
        "loss_over_lemma8_max": float(ratio.max()),
        "thm9_excess_max": float(excess.max()) if excess.size else float("nan"),
        "test_late_rise_max": float(rises.max()),
        "test_error_final_mean": float(test_error[-1].mean()),
        "test_error_final_std": float(test_error[-1].std(ddof=1)) if test_error.shape[1] > 1 else 0.0,
        "loss_final_max": float(losses[-1].max()),
    }


def late_rises(steps: np.ndarray, test_error: np.ndarray, n_test: int) -> np.ndarray:
    """SD3's late-rise excess of every run (columns of the (k, B) `test_error`)."""
    return np.array([late_rise(steps, test_error[:, b], n_test) for b in range(test_error.shape[1])])


def small_samples_metrics(per_m: list[dict], final_test_error: np.ndarray) -> dict:
    """SD2 and SD3 over E2's runs at every small m: the worst of each m's rates_metrics, and the largest
    final test error of any run (NaN propagates)."""
    names = ("loss_over_lemma8_max", "thm9_excess_max", "test_late_rise_max", "loss_final_max")
    out = {name: float(np.max([metrics[name] for metrics in per_m])) for name in names}
    return out | {"test_error_final_max": float(np.max(final_test_error))}


def mnist_metrics(
    steps: np.ndarray,
    train_error: np.ndarray,
    margin_error: np.ndarray,
    test_error: np.ndarray,
    distance: np.ndarray,
    n_test: int,
    reference_step: int,
) -> dict:
    """SD3 and SD4 on E3 from the (k, S) curves of S splits (worst split for each check)."""
    at = int(np.flatnonzero(steps == reference_step)[0])
    rises = late_rises(steps, test_error, n_test)
    return {
        "train_error_final_max": float(train_error[-1].max()),
        "margin_error_final_max": float(margin_error[-1].max()),
        "margin_gap_final_max": float((margin_error[-1] - 2.0 * train_error[-1]).max()),
        "test_error_final_mean": float(test_error[-1].mean()),
        "test_late_rise_max": float(rises.max()),
        "distance_at_reference_min": float(distance[at].min()),
        "distance_final_min": float(distance[-1].min()),
        "distance_ratio_min": float((distance[-1] / distance[at]).min()),
    }
