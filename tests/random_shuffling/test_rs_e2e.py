"""End-to-end: build papers/random_shuffling at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json

import pytest

pytestmark = pytest.mark.e2e

PAPER = "random_shuffling"
COLUMNS = ["construction", "k", "method", "runs", "mean_log10_loss", "std_log10_loss", "log10_mean_loss"]


def test_smoke_build_has_figures_table_and_claims(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    for figure in ("fig1", "colt_slopes"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    with open(folder / "tables" / "fig1.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 2 * 6 * 3  # constructions x smoke k values x methods
    expected = {(c, m) for c in ("eq1", "eq2") for m in ("wr", "ss", "rr")}
    assert {(r["construction"], r["method"]) for r in rows} == expected
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["RS1", "RS2", "RS3", "RS4"]
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # assessed from default up
    for name in ("colt_slopes", "colt_errors"):
        assert (folder / "tables" / f"{name}.csv").stat().st_size > 0
    assert "RS4" in (folder / "README.md").read_text()
