"""Experiment E1: build Theorem 1's subnetwork of a trained MNIST target and measure its error."""

from __future__ import annotations

import numpy as np
import torch
from tqdm import tqdm

from thundeep.lottery_ticket.construction import (
    Chooser,
    best_single_product,
    prune_layer,
    pruned_forward,
    random_network_size,
)
from thundeep.lottery_ticket.target import accuracy, mlp_forward, rescale_into_reach

CONSTRUCTIONS: dict[str, Chooser] = {"single_product": best_single_product}
"""Construction rules by the name paper.yaml uses."""

ROW_COLUMNS = ["construction", "m", "seed", "sup_error", "mean_error", "accuracy", "target_accuracy",
               "random_neurons", "random_weights", "kept_weights"]


def evaluate_construction(weights: list[torch.Tensor], x_test: torch.Tensor, y_test: torch.Tensor,
                          construction: str, pool_sizes: list[int], seeds: list[int], reach: float) -> list[dict]:
    """One row per (m, seed): error of G~ against F on the test inputs, accuracy, and sizes."""
    scaled, factors = rescale_into_reach(weights, reach)
    scale = float(np.prod(factors))
    target = mlp_forward([w.double() for w in weights], x_test.double())
    target_acc = accuracy(target, y_test)
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    rows = []
    for m in tqdm(pool_sizes, desc=f"{construction} pool sizes"):
        for seed in seeds:
            gen = torch.Generator().manual_seed(seed * 1_000_003 + m)
            layers = [prune_layer(w, m, gen, CONSTRUCTIONS[construction]) for w in scaled]
            out = pruned_forward(layers, x_test, scale)
            gap = (out - target).abs()
            kept = sum(int((layer.positive != 0).sum() + (layer.negative != 0).sum()) for layer in layers)
            rows.append({
                "construction": construction, "m": m, "seed": seed,
                "sup_error": float(gap.max()), "mean_error": float(gap.mean()),
                "accuracy": accuracy(out, y_test), "target_accuracy": target_acc,
                **random_network_size(sizes, m), "kept_weights": 2 * kept,
            })
    return rows


def loglog_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


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
        f"slope_{construction}_std": float(np.std(slopes, ddof=1)) if len(slopes) > 1 else float("nan"),
        f"accuracy_gap_{construction}": float(np.mean(gaps)),
        f"accuracy_gap_{construction}_std": float(np.std(gaps, ddof=1)) if len(gaps) > 1 else float("nan"),
        f"sup_error_largest_m_{construction}": float(np.mean(errors)),
    }
