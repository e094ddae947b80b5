"""End-to-end: build papers/implicit_regularization at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "implicit_regularization"


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_figures_table_and_claims(folder: Path) -> None:
    for figure in ("limits", "hidden_neuron"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    with open(folder / "tables/limits.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["gamma", "s_flow", "s_gd", "final_loss_gd", "steps_gd"]
    assert [float(r["gamma"]) for r in rows] == [0.0, 5.0]  # the smoke gammas
    assert float(rows[0]["s_flow"]) == 0.0 and float(rows[1]["s_flow"]) < 0.0
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["IR1", "IR2", "IR3"]
    assert claims["IR2"]["verdict"] == "holds"
    assert claims["IR1"]["verdict"] == claims["IR3"]["verdict"] == "not_assessed"


def test_experiment_rerun_is_bit_identical(built_copy) -> None:
    copy = built_copy(PAPER)
    results = copy / "results/smoke" / PAPER
    paths = [results / "hidden_neuron/runs.npz", results / "metrics/hidden_neuron.json"]
    before = {p: p.read_bytes() for p in paths}
    run_snakemake(copy, f"papers/{PAPER}", "--config", "scale=smoke", "--forcerun", "ir_hidden_neuron")
    for path, content in before.items():
        assert path.read_bytes() == content, path
