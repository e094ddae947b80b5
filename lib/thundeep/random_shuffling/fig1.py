"""NeurIPS'21 Fig. 1: per-(construction, k, method) summaries, and the RS1-RS3 statistics.

Every statistic reads the mean over runs of log10 of the final loss, as the figure does. The
advantage of a without-replacement method m over WR at epoch budget k is
Delta_m(k) = mean log10 loss(WR) - mean log10 loss(m), in decades. Runs of different
(construction, k, method) are independent, so the standard error of a difference of two means is
sqrt(s_a^2 / runs_a + s_b^2 / runs_b).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.stats import norm

from thundeep.random_shuffling.config import Fig1Analysis

EQUIVALENCE_LEVEL = 0.05
"""RS1: level of each one-sided test of the equivalence test (TOST); the claim asks every pair to pass,
so no multiplicity correction is needed (intersection-union)."""

COLUMNS = (
    "construction",
    "k",
    "method",
    "runs",
    "mean_log10_loss",
    "std_log10_loss",
    "log10_mean_loss",
    "log10_mean_loss_se",
)
"""Columns of tables/fig1.csv."""


def summarise(losses: np.ndarray) -> dict[str, np.ndarray]:
    """Per row of final losses (..., runs): mean and sample std of log10 loss, log10 of the mean loss
    and its standard error (delta method: std(loss) / (mean(loss) sqrt(runs) ln 10))."""
    logs = np.log10(losses)
    mean = losses.mean(axis=-1)
    return {
        "mean_log10_loss": logs.mean(axis=-1),
        "std_log10_loss": logs.std(axis=-1, ddof=1),
        "log10_mean_loss": np.log10(mean),
        "log10_mean_loss_se": losses.std(axis=-1, ddof=1) / (mean * np.sqrt(losses.shape[-1]) * np.log(10.0)),
    }


def table_rows(construction: str, ks: Sequence[int], methods: Sequence[str], losses: np.ndarray) -> list[dict]:
    """Rows of tables/fig1.csv for one construction; `losses` has shape (methods, ks, runs)."""
    stats = summarise(losses)
    return [
        {
            "construction": construction,
            "k": int(k),
            "method": method,
            "runs": losses.shape[-1],
            **{name: float(values[m, j]) for name, values in stats.items()},
        }
        for j, k in enumerate(ks)
        for m, method in enumerate(methods)
    ]


def _curves(rows: Sequence[Mapping]) -> dict[tuple[str, str], dict[str, np.ndarray]]:
    """(construction, method) -> arrays k, mean, std, runs sorted by k."""
    curves: dict[tuple[str, str], dict[str, np.ndarray]] = {}
    for key in sorted({(r["construction"], r["method"]) for r in rows}):
        sel = sorted((r for r in rows if (r["construction"], r["method"]) == key), key=lambda r: int(r["k"]))
        curves[key] = {
            name: np.array([float(r[col]) for r in sel])
            for name, col in (("k", "k"), ("mean", "mean_log10_loss"), ("std", "std_log10_loss"), ("runs", "runs"))
        }
    return curves


def _difference(curves, construction: str, worse: str, better: str) -> tuple[np.ndarray, np.ndarray]:
    """Per k: mean(worse) - mean(better) in decades, and its standard error over runs."""
    a, b = curves[(construction, worse)], curves[(construction, better)]
    return a["mean"] - b["mean"], np.sqrt(a["std"] ** 2 / a["runs"] + b["std"] ** 2 / b["runs"])


def _advantage(curves, construction: str) -> tuple[np.ndarray, np.ndarray]:
    """Mean advantage of SS and RR over WR, mean(WR) - (mean(SS) + mean(RR))/2, per k, and its standard error."""
    wr, ss, rr = (curves[(construction, m)] for m in ("wr", "ss", "rr"))
    advantage = wr["mean"] - 0.5 * (ss["mean"] + rr["mean"])
    var = wr["std"] ** 2 / wr["runs"] + 0.25 * (ss["std"] ** 2 / ss["runs"] + rr["std"] ** 2 / rr["runs"])
    return advantage, np.sqrt(var)


def _masked_mean(values: np.ndarray, se: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    """Mean of `values` over `mask` and its standard error (independent entries); NaN for an empty mask."""
    if not mask.any():
        return float("nan"), float("nan")
    return float(values[mask].mean()), float(np.sqrt((se[mask] ** 2).sum()) / mask.sum())


def bonferroni_p(max_abs_z: float, comparisons: int) -> float:
    """Family-wise p-value of the largest of `comparisons` |z| statistics (two-sided, Bonferroni), capped at 1.

    NaN when there is nothing to compare.
    """
    if comparisons == 0 or not np.isfinite(max_abs_z):
        return float("nan")
    return float(min(1.0, comparisons * 2.0 * norm.sf(max_abs_z)))


def equivalence_bound(gap: float, se: float, level: float = EQUIVALENCE_LEVEL) -> float:
    """The far end of the (1 - 2 level) confidence interval of a gap, |gap| + z_{1-level} se.

    Two one-sided tests at `level` declare the gap inside +-margin exactly when this is < margin
    (TOST); NaN propagates.
    """
    return float(abs(gap) + norm.isf(level) * se)


def separation_k(ks: np.ndarray, advantage: np.ndarray, threshold: float, window: int) -> float:
    """Smallest k from which the advantage, averaged over `window` neighbouring grid points, stays >= threshold.

    NaN when it never does.
    """
    half = window // 2
    smooth = np.array([advantage[max(0, j - half) : j + half + 1].mean() for j in range(len(ks))])
    above = smooth >= threshold
    for j in range(len(ks)):
        if above[j:].all():
            return float(ks[j])
    return float("nan")


def _extreme(pairs: list[tuple[float, float]], pick) -> tuple[float, float]:
    """The (value, se) pair with the largest (pick=max) or smallest (pick=min) value; NaNs if any is NaN."""
    if any(np.isnan(v) for v, _ in pairs):
        return float("nan"), float("nan")
    return pick(pairs, key=lambda pair: pair[0])


def fig1_metrics(rows: Sequence[Mapping], kappa: float, analysis: Fig1Analysis) -> dict[str, float]:
    """RS1-RS3 statistics from the table rows (see paper.yaml for the claims that read them)."""
    curves = _curves(rows)
    constructions = sorted({c for c, _ in curves})
    ks = curves[(constructions[0], "wr")]["k"]
    early, late = ks <= analysis.early_k_max, ks >= analysis.late_k_min
    out: dict[str, float] = {}
    # RS1: no difference of means detectable (standard errors of the difference) for k <= early_k_max
    pointwise, pooled, late_z = [], [], []
    for c, (m1, m2) in itertools.product(constructions, itertools.combinations(("wr", "ss", "rr"), 2)):
        gap, se = _difference(curves, c, m1, m2)
        pointwise.append(np.abs(gap[early] / se[early]))
        pooled.append(_masked_mean(gap, se, early))
        late_gap, late_se = _masked_mean(gap, se, late)
        late_z.append(abs(late_gap / late_se))
    z_points = np.concatenate(pointwise)
    out["rs1_max_abs_z_pointwise"] = float(z_points.max()) if z_points.size else np.nan
    out["rs1_pointwise_p"] = bonferroni_p(out["rs1_max_abs_z_pointwise"], z_points.size)
    pooled_z = np.array([abs(gap) / se for gap, se in pooled])
    worst = int(np.argmax(pooled_z))  # np.argmax picks a NaN first, so a NaN gap reaches the metrics
    worst_gap, worst_se = pooled[worst] if early.any() else (np.nan, np.nan)
    out["rs1_max_pooled_gap"], out["rs1_max_pooled_gap_se"] = abs(worst_gap), worst_se
    out["rs1_max_abs_z_pooled"] = abs(worst_gap) / worst_se
    out["rs1_pooled_p"] = bonferroni_p(out["rs1_max_abs_z_pooled"], len(pooled))
    bounds = np.array([equivalence_bound(gap, se) for gap, se in pooled])
    out["rs1_equivalence_bound"] = float(np.max(bounds)) if early.any() else np.nan
    out["late_max_abs_z_pooled"] = float(np.max(late_z)) if late.any() else np.nan
    # RS2: clear margin over WR for k >= late_k_min; RR vs SS on Eq.(2)
    margins = []
    for c, m in itertools.product(constructions, ("ss", "rr")):
        margins.append(_masked_mean(*_difference(curves, c, "wr", m), late))
        out[f"late_advantage_{c}_{m}"], out[f"late_advantage_{c}_{m}_se"] = margins[-1]
    out["rs2_min_advantage"], out["rs2_min_advantage_se"] = _extreme(margins, min)
    out["rs2_rr_minus_ss_eq2"], out["rs2_rr_minus_ss_eq2_se"] = _masked_mean(
        *_difference(curves, "eq2", "ss", "rr"), late
    )
    # RS3: no advantage well before kappa, a clear one by a few kappa
    factor, window = analysis.kappa_factor, analysis.separation_window
    before = ks < kappa / factor
    near = np.zeros_like(before)
    near[np.argsort(np.abs(np.log(ks / (kappa * factor))), kind="stable")[:window]] = True
    early_adv, late_adv = [], []
    for c in constructions:
        advantage, se = _advantage(curves, c)
        out[f"separation_k_{c}"] = separation_k(ks, advantage, analysis.separation_threshold, window)
        early_adv.append(_masked_mean(advantage, se, before))
        late_adv.append(_masked_mean(advantage, se, near))
    out["rs3_early_advantage"], out["rs3_early_advantage_se"] = _extreme(early_adv, max)
    out["rs3_late_advantage"], out["rs3_late_advantage_se"] = _extreme(late_adv, min)
    return out
