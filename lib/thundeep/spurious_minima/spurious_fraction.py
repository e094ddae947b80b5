"""Spurious fractions and the other flat metrics of one protocol, from its per-(k, n) summaries
(claims SM1-SM3 read them)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.stats import spearmanr

from thundeep.binomial import binomial_std
from thundeep.extremes import largest, smallest

SHARP_FROM = 0.05
"""SM2 compares n = k+1 with n = k only where n = k gives at least this fraction (10 of 200 runs)."""


def upper_fraction(row: dict[str, Any], details: dict[str, Any]) -> float:
    """Spurious fraction if every capped run with a loss still above the threshold were spurious."""
    return (row["spurious_runs"] + details["capped_above"]) / row["runs"]


def _by_offset(configs: Sequence[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Configs grouped by n - k, each list sorted by k."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for config in configs:
        groups.setdefault(config["row"]["n"] - config["row"]["k"], []).append(config)
    return {o: sorted(c, key=lambda c: c["row"]["k"]) for o, c in sorted(groups.items())}


def protocol_metrics(configs: Sequence[dict[str, Any]], offsets: Sequence[int]) -> dict[str, float]:
    """Metrics of one protocol; every name exists for each of `offsets` (NaN where no config has it).

    Per offset o = n - k: fraction_n{o}_{smallest,largest}_k (with _std), fraction_n{o}_max
    (upper bound counting undecided capped runs), and for o = 0 the Spearman correlation of the
    fraction with k; for o = 1 the largest ratio (upper fraction at n = k+1) / (fraction at n = k);
    norm_sum_excess_max_n{o}, the largest norm-sum minus k over the spurious runs with n = k + o.
    Over all configs: totals, the smallest Hessian eigenvalue at a distinct spurious point, the
    largest norm-sum minus k, how many distinct points have every diagonal block H_ii - I/2 with a
    negative eigenvalue, and the grouping's tightness (largest within, smallest between).
    """
    out: dict[str, float] = {}
    for offset in offsets:
        names = ("smallest_k", "smallest_k_std", "largest_k", "largest_k_std", "max", "max_std")
        out.update({f"fraction_n{offset}_{name}": math.nan for name in names})
        out[f"norm_sum_excess_max_n{offset}"] = math.nan
    out.update({"fraction_n0_rank_corr": math.nan} if 0 in offsets else {})
    out.update({"fraction_n1_max_ratio": math.nan} if 0 in offsets and 1 in offsets else {})
    grouped = _by_offset(configs)
    for offset, group in grouped.items():
        fractions = [c["row"]["spurious_fraction"] for c in group]
        first, last = group[0]["row"], group[-1]["row"]
        out[f"fraction_n{offset}_smallest_k"] = first["spurious_fraction"]
        out[f"fraction_n{offset}_smallest_k_std"] = binomial_std(first["spurious_fraction"], first["runs"])
        out[f"fraction_n{offset}_largest_k"] = last["spurious_fraction"]
        out[f"fraction_n{offset}_largest_k_std"] = binomial_std(last["spurious_fraction"], last["runs"])
        uppers = [upper_fraction(c["row"], c["details"]) for c in group]
        worst = int(np.argmax(uppers))
        out[f"fraction_n{offset}_max"] = uppers[worst]
        out[f"fraction_n{offset}_max_std"] = binomial_std(uppers[worst], group[worst]["row"]["runs"])
        excess = [s - c["row"]["k"] for c in group for s in c["details"]["spurious_norm_sums"]]
        out[f"norm_sum_excess_max_n{offset}"] = largest(excess) if excess else math.nan
        if offset == 0:
            corr = spearmanr([c["row"]["k"] for c in group], fractions).statistic if len(group) > 1 else math.nan
            out["fraction_n0_rank_corr"] = float(corr)
    if 0 in grouped and 1 in grouped:
        base = {c["row"]["k"]: c["row"]["spurious_fraction"] for c in grouped[0]}
        ratios = [
            upper_fraction(c["row"], c["details"]) / base[c["row"]["k"]]
            for c in grouped[1]
            if base.get(c["row"]["k"], 0.0) >= SHARP_FROM
        ]
        out["fraction_n1_max_ratio"] = largest(ratios) if ratios else math.nan

    rows = [c["row"] for c in configs]
    details = [c["details"] for c in configs]
    eigs = [e for d in details for e in d["distinct_min_eig"]]
    blocks = [b for d in details for b in d["distinct_block_max"]]
    excess = [s - r["k"] for r, d in zip(rows, details, strict=True) for s in d["spurious_norm_sums"]]
    between = [d["group_min_between"] for d in details if d["group_min_between"] is not None]
    out.update(
        {
            "runs_total": sum(r["runs"] for r in rows),
            "spurious_runs_total": sum(r["spurious_runs"] for r in rows),
            "distinct_spurious_total": sum(r["distinct_spurious"] for r in rows),
            "not_converged_total": sum(r["not_converged"] for r in rows),
            "capped_above_total": sum(d["capped_above"] for d in details),
            "floored_total": sum(d["floored"] for d in details),
            "min_hessian_eig": smallest(eigs) if eigs else math.nan,
            "norm_sum_excess_max": largest(excess) if excess else math.nan,
            "blocks_all_negative_fraction": float(np.mean(np.asarray(blocks) < 0)) if blocks else math.nan,
            "group_max_within": largest(d["group_max_within"] for d in details),
            "group_min_between": smallest(between) if between else math.inf,
        }
    )
    return out
