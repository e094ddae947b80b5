"""End-to-end: build papers/single_neuron at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "single_neuron"


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_figures_tables_claims_and_report(folder: Path) -> None:
    for figure in ("angle", "linear_convergence", "stuck_coordinates", "initialisation_probability"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    for table in ("stuck_coordinates", "initialisation_probability"):
        assert (folder / "tables" / f"{table}.csv").read_text().startswith("d,")
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["SN1", "SN2", "SN3", "SN4", "SN5"]
    assert claims["SN1"]["verdict"] == claims["SN2"]["verdict"] == "not_assessed"  # from default up
    assert all(claims[c]["verdict"] == "holds" for c in ("SN3", "SN4", "SN5"))
    assert [h["commit"] for h in claims["SN2"]["history"] + claims["SN3"]["history"]] == ["5b7de31"] * 2
    assert "SN5" in (folder / "README.md").read_text()


def test_experiment_rerun_is_bit_identical(built_copy) -> None:
    copy = built_copy(PAPER)
    results = copy / "results/smoke" / PAPER
    before = {p: p.read_bytes() for p in [results / "angle/trajectories.npz", results / "metrics/angle.json"]}
    run_snakemake(copy, f"papers/{PAPER}", "--config", "scale=smoke", "--forcerun", "sn_angle")
    for path, content in before.items():
        assert path.read_bytes() == content, path
