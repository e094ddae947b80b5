"""The authors' published Fig. 1 numbers beside ours: per-series deviations (read by report stages only).

The published file (workflow/papers/random_shuffling/published/random_shuffling_fig1.csv) holds, per
construction and k, log10 of the mean final loss over the authors' runs for each method. We compare
it with the same quantity of our runs (tables/fig1.csv, log10_mean_loss), never with the mean of
log10 loss, which is smaller by about ln(10)/2 var(log10 loss), about a decade here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

DEVIATION_COLUMNS = (
    "construction",
    "method",
    "points",
    "mean_deviation",
    "max_abs_deviation",
    "k_at_max",
    "max_abs_z",
)
"""Columns of tables/published_deviation.csv."""


def published_series(rows: Sequence[Mapping]) -> dict[tuple[str, str], dict[int, tuple[float, int]]]:
    """(construction, method) -> {k: (published log10 mean loss, its runs)}, from the published file's rows."""
    series: dict[tuple[str, str], dict[int, tuple[float, int]]] = {}
    for row in rows:
        for column, value in row.items():
            if column.startswith("log10_mean_loss_") and np.isfinite(float(value)):
                method = column.removeprefix("log10_mean_loss_")
                key = (str(row["construction"]), method)
                series.setdefault(key, {})[int(row["k"])] = (float(value), int(row["runs"]))
    return series


def deviation_rows(ours: Sequence[Mapping], published: Sequence[Mapping]) -> list[dict]:
    """Per (construction, method): our log10 mean loss minus the published one over the shared k.

    mean_deviation is the mean signed difference (decades), max_abs_deviation the largest absolute
    one (at k_at_max). max_abs_z divides each difference by its standard error: ours (delta method)
    combined with the published one's, taken as ours scaled to the published number of runs.
    """
    theirs = published_series(published)
    rows = []
    for key in sorted({(str(r["construction"]), str(r["method"])) for r in ours}):
        table = theirs.get(key, {})
        shared = sorted(
            (r for r in ours if (str(r["construction"]), str(r["method"])) == key and int(r["k"]) in table),
            key=lambda r: int(r["k"]),
        )
        if not shared:
            continue
        ks = np.array([int(r["k"]) for r in shared])
        deviation = np.array([float(r["log10_mean_loss"]) - table[int(r["k"])][0] for r in shared])
        se = np.array([float(r["log10_mean_loss_se"]) for r in shared])
        ratio = np.array([float(r["runs"]) / table[int(r["k"])][1] for r in shared])
        z = deviation / (se * np.sqrt(1.0 + ratio))
        worst = int(np.argmax(np.abs(deviation)))
        rows.append(
            {
                "construction": key[0],
                "method": key[1],
                "points": len(shared),
                "mean_deviation": float(deviation.mean()),
                "max_abs_deviation": float(abs(deviation[worst])),
                "k_at_max": int(ks[worst]),
                "max_abs_z": float(np.abs(z).max()),
            }
        )
    return rows
