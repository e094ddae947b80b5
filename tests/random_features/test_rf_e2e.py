"""End-to-end: build papers/random_features at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json

import pytest

pytestmark = pytest.mark.e2e

PAPER = "random_features"


def _rows(path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_smoke_build_has_figures_tables_and_claims(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    for figure in ("error_vs_width", "n_eps_vs_d", "trained_neuron"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    population = _rows(folder / "tables" / "population_error.csv")
    assert list(population[0])[:5] == ["d", "N", "seed", "exact_relative_error", "sample_relative_error"]
    assert {r["d"] for r in population} == {"4", "16"}
    sampled = [bool(r["sample_relative_error"]) for r in population]
    assert any(sampled) and not all(sampled)
    n_eps = _rows(folder / "tables" / "n_eps.csv")
    assert list(n_eps[0])[:4] == ["target", "eps", "d", "n_eps"]
    assert {r["target"] for r in n_eps} == {"neuron", "poly1"}
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == [f"RF{i}" for i in range(1, 9)]  # RF8 (degree 3) is assessed at full only
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # assessed from default up
    page = (folder / "README.md").read_text()
    assert "LT3" in page and "the hardness is in the accuracy" in page
