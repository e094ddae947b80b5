"""End-to-end: `--config seeds=2` through the real snakemake CLI on random_shuffling at smoke scale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import built_files, run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "random_shuffling"
TARGET = (f"papers/{PAPER}", "--config", "scale=smoke", "seeds=2")
CLAIMS = f"results/smoke/{PAPER}/claims.json"


def without_robustness(path: Path) -> list[dict]:
    return [{k: v for k, v in record.items() if k != "robustness"} for record in json.loads(path.read_text())]


def test_seed_streams_beside_an_unchanged_stream_zero(built_copy) -> None:
    copy = built_copy(PAPER)  # built there without the option
    plain = {k: v for k, v in built_files(copy, PAPER).items() if k.startswith("results/")}
    plain_claims = without_robustness(copy / CLAIMS)

    run_snakemake(copy, *TARGET)
    after = {k: v for k, v in built_files(copy, PAPER).items() if k.startswith("results/")}
    changed = sorted(k for k in plain if after.get(k) != plain[k])
    assert changed == sorted([CLAIMS, f"results/smoke/{PAPER}/.claims.json.sha256"])  # stream 0: same bytes
    assert sorted(after) == sorted(plain)
    assert without_robustness(copy / CLAIMS) == plain_claims

    stream = copy / "results/smoke/streams/1" / PAPER
    for name in ("fig1/losses_eq1.npz", "colt/results_c1.npz", "metrics/fig1.json", "claims.json"):
        assert (stream / name).is_file(), name
    # its own seeds: the same simulation draws differently
    assert (stream / "fig1/losses_eq1.npz").read_bytes() != (
        copy / f"results/smoke/{PAPER}/fig1/losses_eq1.npz"
    ).read_bytes()
    records = json.loads((copy / CLAIMS).read_text())
    stream_verdicts = {r["id"]: r["verdict"] for r in json.loads((stream / "claims.json").read_text())}
    for record in records:
        holds = [record["verdict"], stream_verdicts[record["id"]]].count("holds")
        assert record["robustness"] == {"holds": holds, "runs": 2}

    second = run_snakemake(copy, *TARGET)
    assert "Nothing to be done" in second.stdout + second.stderr


def test_seeds_must_be_a_positive_integer(fresh_copy) -> None:
    proc = run_snakemake(fresh_copy, "--dry-run", f"papers/{PAPER}", "--config", "seeds=0", check=False)
    assert proc.returncode != 0
    assert "seeds" in proc.stdout + proc.stderr
