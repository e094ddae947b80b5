"""End-to-end: build papers/spurious_minima at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "spurious_minima"
COLUMNS = [
    "protocol",
    "k",
    "n",
    "runs",
    "spurious_runs",
    "spurious_fraction",
    "not_converged",
    "distinct_spurious",
    "min_hessian_eig",
    "max_norm_sum",
]


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_figures_table_and_claims(folder: Path) -> None:
    for figure in ("spurious_fraction", "norm_sum"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    with open(folder / "tables/spurious_fraction.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS
    keys = [(r["protocol"], int(r["k"]), int(r["n"])) for r in rows]
    assert keys == [
        ("icml18", 6, 6),
        ("icml18", 6, 7),
        ("icml18", 8, 8),
        ("icml18", 8, 9),
        ("colt21", 6, 6),
        ("colt21", 8, 8),
    ]
    for row in rows:
        assert int(row["runs"]) == 20
        assert float(row["spurious_fraction"]) == int(row["spurious_runs"]) / 20
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["SM1", "SM2", "SM3"]
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # all from default scale up


def test_descend_rerun_is_bit_identical(built_copy) -> None:
    copy = built_copy(PAPER)
    results = copy / "results/smoke" / PAPER
    paths = [results / "runs/icml18_k8.npz", results / "metrics/icml18.json", results / "tables/spurious_fraction.csv"]
    before = {p: p.read_bytes() for p in paths}
    targets = [str(p.relative_to(copy)) for p in paths]  # the rerun stops at them (no figures, no page)
    run_snakemake(copy, *targets, "--config", "scale=smoke", "--forcerun", "sm_descend")
    for path, content in before.items():
        assert path.read_bytes() == content, path
