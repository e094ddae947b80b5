"""End-to-end: build papers/depth_separation at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json

import pytest

pytestmark = pytest.mark.e2e

PAPER = "depth_separation"
FINAL_RMSE = ["net", "depth", "parameters", "input_law", "final_rmse_mean", "final_rmse_min", "final_rmse_max"]
COMPANION = ["d", "L", "rf_n_005", "rf_capped", "depth3_width_005"]
FIGURES = (
    "b1_rmse_curves",
    "b2_final_rmse",
    "b3_gaussian_shell",
    "cf1_random_feature_widths",
    "cf2_depth3_widths",
    "cf3_random_feature_corner",
)


def _rows(path) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_smoke_build_has_figures_tables_and_claims(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    for figure in FIGURES:
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    final = _rows(folder / "tables" / "final_rmse.csv")
    assert list(final[0])[: len(FINAL_RMSE)] == FINAL_RMSE
    assert [(r["net"], r["input_law"]) for r in final] == [
        ("2L-100", "uniform_radius"),
        ("2L-800", "uniform_radius"),
        ("3L-100-20", "uniform_radius"),
        ("2L-100", "gaussian_shell"),
        ("3L-100-20", "gaussian_shell"),
    ]
    assert {r["net"]: int(r["parameters"]) for r in final}["2L-800"] == 81_601
    assert all(
        0.0 < float(r["final_rmse_min"]) <= float(r["final_rmse_mean"]) <= float(r["final_rmse_max"]) < 0.6
        for r in final
    )
    companion = _rows(folder / "tables" / "companion.csv")
    assert list(companion[0])[: len(COMPANION)] == COMPANION
    assert [(r["d"], r["L"]) for r in companion] == [("4", "1.0"), ("4", "8.0"), ("8", "1.0"), ("8", "8.0")]
    assert all((r["rf_n_005"] == "") == (r["rf_capped"] == "True") for r in companion)
    assert all(int(r["depth3_width_005"]) > 0 for r in companion)
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["DS1", "DS2", "DS3", "DSC1", "DSC2", "DSC3", "DSC4"]
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # assessed from default up
    assert "reconstructed" in (folder / "README.md").read_text().lower()
