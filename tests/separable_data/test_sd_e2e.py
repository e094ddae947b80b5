"""End-to-end: build papers/separable_data at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thundeep.io import read_csv

pytestmark = pytest.mark.e2e

PAPER = "separable_data"


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_figures_tables_and_claims(folder: Path) -> None:
    for figure in ("construction", "rates", "mnist"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    tstar = read_csv(folder / "tables" / "tstar.csv")
    assert list(tstar[0]) == ["gamma", "eps", "t_star", "lemma15_bound"] and len(tstar) == 4  # smoke's 2 x 2 grid
    assert list(read_csv(folder / "tables" / "fig1_trajectory.csv")[0]) == ["t", "w1", "w2"]
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["SD1", "SD2", "SD3", "SD4"]
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # all from default up
    assert all(v is not None for c in claims.values() for v in c["measured"].values())  # but every metric exists
    assert "SD4" in (folder / "README.md").read_text()
