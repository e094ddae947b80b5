"""lottery_ticket end to end at smoke scale through the real snakemake CLI: every experiment and claim."""

import json
from pathlib import Path

import pytest
import yaml

from conftest import planned_jobs
from thundeep.lottery_ticket.config import EXPERIMENTS

PAPER = "lottery_ticket"
SPEC = yaml.safe_load((Path(__file__).parents[2] / "workflow/papers/lottery_ticket/paper.yaml").read_text())


@pytest.mark.e2e
def test_smoke_build_has_every_experiment_figure_table_and_claim(smoke_repo) -> None:
    folder = smoke_repo.build(PAPER)
    for figure in SPEC["figures"]:
        assert (folder / "figures" / f"{figure}.png").stat().st_size > 0
    for table in SPEC["tables"]:
        assert (folder / "tables" / f"{table}.csv").read_text().count("\n") > 1
    results = smoke_repo.path / "results/smoke" / PAPER / "metrics"
    for experiment in SPEC["experiments"]:
        metrics = json.loads((results / f"{experiment}.json").read_text())
        assert set(EXPERIMENTS[experiment].metrics) <= set(metrics), experiment
    claims = {c["id"]: c for c in json.loads((folder / "claims.json").read_text())}
    assert sorted(claims) == ["LT1", "LT2", "LT3", "LT4"]
    assert all(c["verdict"] == "not_assessed" and c["scale"] == "smoke" for c in claims.values())
    assert "pure theory" in (folder / "README.md").read_text().split("## What the paper shows")[0]


@pytest.mark.e2e
def test_full_scale_fetches_full_mnist_first(fresh_copy: Path) -> None:
    jobs = planned_jobs(fresh_copy, f"papers/{PAPER}", "--config", "scale=full")
    assert jobs["download_mnist"] == 1 and jobs["lt_target"] == 1
    assert jobs["lt_subnetwork_search_chunk"] == 7 and jobs["lt_subnetwork_search_gather"] == 1  # one job a width
