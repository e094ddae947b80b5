"""End-to-end: build papers/nonsmooth_stationarity at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "nonsmooth_stationarity"
COLUMNS = {
    "smoothing": ["d", "randomized_L_times_eps", "huber_L_times_eps"],
    "gd_iterations": ["d", "eps", "iterations", "best_step"],
    "hitting": ["d", "queries", "probability", "standard_error", "upper_95", "exact_single_tail"],
}


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_tables_figures_verdicts_and_says_the_figures_are_ours(folder: Path) -> None:
    for name, columns in COLUMNS.items():
        with open(folder / "tables" / f"{name}.csv", newline="") as handle:
            header = next(csv.reader(handle))
        assert header[: len(columns)] == columns
        assert (folder / "figures" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["NS1", "NS2", "NS3"]
    assert claims["NS1"]["verdict"] == "holds"  # exact, assessed from smoke
    assert claims["NS2"]["verdict"] == claims["NS3"]["verdict"] == "not_assessed"
    readme = (folder / "README.md").read_text()
    assert "no experiments" in readme[: readme.index("## Claims")]


def test_hitting_rerun_is_bit_identical(built_copy) -> None:
    copy = built_copy(PAPER)
    results = copy / "results/smoke" / PAPER
    checked = [results / "tables/hitting.csv", results / "metrics/hitting.json"]
    before = {p: p.read_bytes() for p in checked}
    targets = [str(p.relative_to(copy)) for p in checked]  # the rerun stops at them (no figures, no page)
    run_snakemake(copy, *targets, "--config", "scale=smoke", "--forcerun", "ns_hitting")
    for path, content in before.items():
        assert path.read_bytes() == content, path
