"""Theorem 1's construction of a trained MNIST target: the subnetwork's error, accuracy and size per pool size."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from tqdm import tqdm

from thundeep.lottery_ticket.subset_sum import subset_sum_rule
from thundeep.lottery_ticket.target import accuracy, rescale_into_reach, target_logits
from thundeep.lottery_ticket.weight_subnetwork import (
    Rule,
    prune_layer,
    pruned_forward,
    random_network_size,
    single_product_rule,
)
from thundeep.seed_statistics import loglog_slope, seed_std

CONSTRUCTIONS: dict[str, Rule] = {"single_product": single_product_rule, "subset_sum": subset_sum_rule}
"""Construction rules by the name paper.yaml uses."""

ROW_COLUMNS = [
    "construction",
    "m",
    "seed",
    "sup_error",
    "mean_error",
    "accuracy",
    "target_accuracy",
    "random_neurons",
    "random_weights",
    "kept_weights",
]


def evaluate_construction(
    weights: list[torch.Tensor],
    x_test: torch.Tensor,
    y_test: torch.Tensor,
    construction: str,
    pool_sizes: Sequence[int],
    seeds: Sequence[int],
    reach: float,
) -> list[dict]:
    """One row per (m, seed): error of G~ against F on the test inputs, accuracy, and sizes."""
    scaled, factors = rescale_into_reach(weights, reach)
    scale = float(np.prod(factors))
    target = target_logits([w.double() for w in weights], x_test.double())
    target_acc = accuracy(target, y_test)
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    rows = []
    for m in tqdm(pool_sizes, desc=f"{construction} pool sizes"):
        for seed in seeds:
            gen = torch.Generator().manual_seed(seed * 1_000_003 + m)
            layers = [prune_layer(w, m, gen, CONSTRUCTIONS[construction]) for w in scaled]
            out = pruned_forward(layers, x_test, scale)
            gap = (out - target).abs()
            rows.append(
                {
                    "construction": construction,
                    "m": m,
                    "seed": seed,
                    "sup_error": float(gap.max()),
                    "mean_error": float(gap.mean()),
                    "accuracy": accuracy(out, y_test),
                    "target_accuracy": target_acc,
                    **random_network_size(sizes, m),
                    "kept_weights": sum(layer.kept_weights for layer in layers),
                }
            )
    return rows


def construction_metrics(rows: list[dict], construction: str) -> dict[str, float]:
    """Slope of sup error vs m (mean and std over seeds) and the accuracy gap at the largest m."""
    mine = [r for r in rows if r["construction"] == construction]
    seeds = sorted({r["seed"] for r in mine})
    slopes = []
    for seed in seeds:
        pts = sorted((r["m"], r["sup_error"]) for r in mine if r["seed"] == seed)
        slopes.append(loglog_slope(np.array([p[0] for p in pts]), np.array([p[1] for p in pts])))
    largest = max(r["m"] for r in mine)
    gaps = [r["target_accuracy"] - r["accuracy"] for r in mine if r["m"] == largest]
    errors = [r["sup_error"] for r in mine if r["m"] == largest]
    return {
        f"slope_{construction}": float(np.mean(slopes)),
        f"slope_{construction}_std": seed_std(slopes),
        f"accuracy_gap_{construction}": float(np.mean(gaps)),
        f"accuracy_gap_{construction}_std": seed_std(gaps),
        f"sup_error_largest_m_{construction}": float(np.mean(errors)),
    }


def subset_sum_saving(rows: list[dict], fewer: float = 10.0) -> dict[str, float]:
    """How many fewer random neurons per weight the subset-sum rule needs for single-product accuracy.

    Reference: the single-product sup error at its largest pool m_max, per seed (same target; the
    seed draws the random networks). `subset_sum_error_ratio`: the subset-sum sup error at the
    largest subset-sum pool <= m_max / `fewer`, divided by that reference (<= 1 means the subset-sum
    rule reaches the reference with at least `fewer` times fewer neurons per weight), mean and std
    over seeds. `subset_sum_saving`: m_max / m*, m* the smallest subset-sum pool whose seed-mean sup
    error is at most the seed-mean reference (NaN when no pool of the grid reaches it).
    """
    single = [r for r in rows if r["construction"] == "single_product"]
    subset = [r for r in rows if r["construction"] == "subset_sum"]
    m_max = max(r["m"] for r in single)
    reference = {r["seed"]: r["sup_error"] for r in single if r["m"] == m_max}
    allowed = [r["m"] for r in subset if r["m"] <= m_max / fewer]
    if not allowed:
        raise ValueError(f"the subset-sum grid needs a pool size <= {m_max / fewer:g} (m_max / {fewer:g})")
    m_tenth = max(allowed)
    ratios = [r["sup_error"] / reference[r["seed"]] for r in subset if r["m"] == m_tenth]
    mean_reference = float(np.mean(list(reference.values())))
    reaching = [
        m
        for m in sorted({r["m"] for r in subset})
        if np.mean([r["sup_error"] for r in subset if r["m"] == m]) <= mean_reference
    ]
    return {
        "subset_sum_pool_at_tenth": float(m_tenth),
        "subset_sum_error_ratio": float(np.mean(ratios)),
        "subset_sum_error_ratio_std": seed_std(ratios),
        "subset_sum_saving": m_max / reaching[0] if reaching else float("nan"),
    }
