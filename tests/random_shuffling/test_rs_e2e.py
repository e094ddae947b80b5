"""End-to-end: build papers/random_shuffling at smoke scale through the real snakemake CLI."""

from __future__ import annotations

import csv
import json
import os

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "random_shuffling"
COLUMNS = [
    "construction",
    "k",
    "method",
    "runs",
    "mean_log10_loss",
    "std_log10_loss",
    "log10_mean_loss",
    "log10_mean_loss_se",
]
PUBLISHED = os.path.join("workflow", "papers", PAPER, "published", "random_shuffling_fig1.csv")


def read_rows(path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_smoke_build_has_figures_table_and_claims(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    for figure in ("fig1", "colt_slopes"):
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")
    rows = read_rows(folder / "tables" / "fig1.csv")
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 2 * 6 * 3  # constructions x smoke k values x methods
    expected = {(c, m) for c in ("eq1", "eq2") for m in ("wr", "ss", "rr")}
    assert {(r["construction"], r["method"]) for r in rows} == expected
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert list(claims) == ["RS1", "RS2", "RS3", "RS4"]
    assert all(c["verdict"] == "not_assessed" for c in claims.values())  # assessed from default up
    assert [h["commit"] for h in claims["RS1"]["history"]] == ["5b7de31", "54edecc"]
    for name in ("colt_slopes", "colt_errors"):
        assert (folder / "tables" / f"{name}.csv").stat().st_size > 0
    assert "RS4" in (folder / "README.md").read_text()


def test_published_deviation_table_has_one_row_per_series(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    rows = read_rows(folder / "tables" / "published_deviation.csv")
    assert {(r["construction"], r["method"]) for r in rows} == {
        (c, m) for c in ("eq1", "eq2") for m in ("wr", "ss", "rr")
    }
    assert all(int(r["points"]) == 6 for r in rows)  # every smoke k is one of the paper's values
    assert all(abs(float(r["mean_deviation"])) <= float(r["max_abs_deviation"]) for r in rows)


def test_published_numbers_reach_only_the_report_stages(fresh_copy) -> None:
    proc = run_snakemake(fresh_copy, "--dry-run", "--forceall", f"papers/{PAPER}", "--config", "scale=smoke")
    readers, rule = set(), None
    for line in (proc.stdout + proc.stderr).splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("rule", "localrule") and words[1].endswith(":"):
            rule = words[1][:-1]
        elif line.strip().startswith("input:") and PUBLISHED in line:
            readers.add(rule)
    assert readers == {"rs_fig1_figure", "rs_published_deviation"}
