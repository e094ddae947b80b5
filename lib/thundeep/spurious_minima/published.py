"""The authors' published spurious fractions (ICML'18 Tables 1-2, COLT'21 Sec. 4.2) beside ours.

Read only by report stages (the deviation table and the figure's overlay): no reproduced number
depends on these files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from thundeep.binomial import binomial_std
from thundeep.io import read_csv

DEVIATION_COLUMNS = (
    "protocol",
    "n_minus_k",
    "points",
    "mean_ours",
    "mean_published",
    "mean_deviation",
    "max_abs_deviation",
    "k_at_max",
    "max_deviation_in_standard_errors",
)
"""Columns of tables/published_deviation.csv (fractions of runs, ours minus published)."""

Series = dict[tuple[str, int], dict[int, tuple[float, int]]]
"""(protocol, n - k) -> k -> (spurious fraction, runs)."""


def published_series(icml18: Path, colt21: Path) -> Series:
    """Both published files as fractions per (protocol, n - k) and k; NaN entries are left out."""
    series: Series = {}
    for row in read_csv(icml18):
        k, n, percent = int(row["k"]), int(row["n"]), float(row["spurious_percent"])
        if math.isfinite(percent):
            series.setdefault(("icml18", n - k), {})[k] = (percent / 100, int(row["runs"]))
    for row in read_csv(colt21):
        fraction = float(row["spurious_fraction"])
        if math.isfinite(fraction):
            series.setdefault(("colt21", 0), {})[int(row["k"])] = (fraction, int(row["runs"]))
    return series


def our_series(rows: Sequence[Mapping[str, Any]]) -> Series:
    """Our table rows (tables/spurious_fraction.csv) in the same shape."""
    series: Series = {}
    for row in rows:
        k, n = int(row["k"]), int(row["n"])
        series.setdefault((row["protocol"], n - k), {})[k] = (float(row["spurious_fraction"]), int(row["runs"]))
    return series


def deviation_rows(ours: Series, published: Series) -> list[dict[str, Any]]:
    """Per series present in both: mean and largest deviation over the k both have, in fractions."""
    rows = []
    for key in sorted(set(ours) & set(published)):
        ks = sorted(set(ours[key]) & set(published[key]))
        if not ks:
            continue
        deviations = [ours[key][k][0] - published[key][k][0] for k in ks]
        worst = max(range(len(ks)), key=lambda i: abs(deviations[i]))
        (p_ours, n_ours), (p_pub, n_pub) = ours[key][ks[worst]], published[key][ks[worst]]
        pooled = (p_ours * n_ours + p_pub * n_pub) / (n_ours + n_pub)  # two-proportion test, pooled
        error = binomial_std(pooled, 1) * math.sqrt(1 / n_ours + 1 / n_pub)
        rows.append(
            {
                "protocol": key[0],
                "n_minus_k": key[1],
                "points": len(ks),
                "mean_ours": sum(ours[key][k][0] for k in ks) / len(ks),
                "mean_published": sum(published[key][k][0] for k in ks) / len(ks),
                "mean_deviation": sum(deviations) / len(ks),
                "max_abs_deviation": abs(deviations[worst]),
                "k_at_max": ks[worst],
                "max_deviation_in_standard_errors": abs(deviations[worst]) / error if error > 0 else math.nan,
            }
        )
    return rows
