"""The claims layer through the real CLI: declared metrics, strict flags, broken papers, the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, SmokeRepo, run_snakemake
from thundeep.experiment import experiment_classes
from thundeep.io import read_json

PAPERS = sorted(p.parent.name for p in (REPO / "workflow" / "papers").glob("*/paper.yaml"))


@pytest.mark.e2e
@pytest.mark.parametrize("paper", PAPERS)
def test_every_declared_metric_is_written_and_nothing_else(smoke_repo: SmokeRepo, paper: str) -> None:
    smoke_repo.build(paper)
    for experiment, cls in experiment_classes(paper).items():
        written = read_json(smoke_repo.path / "results" / "smoke" / paper / "metrics" / f"{experiment}.json")
        assert set(written) == set(cls.metrics), f"{paper}.{experiment}"


@pytest.mark.e2e
@pytest.mark.parametrize("paper", PAPERS)
def test_no_figure_legend_covers_data(smoke_repo: SmokeRepo, paper: str) -> None:
    """save_figure logs every legend lying over a curve or markers (thundeep.figures.overlap)."""
    smoke_repo.build(paper)
    logs = sorted((smoke_repo.path / "results" / "smoke" / paper / "logs").glob("*figure*.log"))
    assert logs
    found = [f"{log.name}: {line}" for log in logs for line in log.read_text().splitlines() if "figure overlap" in line]
    assert not found, "\n".join(found)


@pytest.mark.e2e
def test_strict_flag_spellings_and_a_bad_value(fresh_copy: Path) -> None:
    for value in ("true", "yes", "1", "False", "no", "0"):
        run_snakemake(fresh_copy, "papers/single_neuron", "-n", "--config", "scale=smoke", f"strict={value}")
    proc = run_snakemake(fresh_copy, "papers/single_neuron", "-n", "--config", "strict=maybe", check=False)
    assert proc.returncode != 0 and "--config strict=maybe" in proc.stdout + proc.stderr


@pytest.mark.e2e
def test_a_broken_paper_leaves_the_others_buildable(fresh_copy: Path) -> None:
    path = fresh_copy / "workflow" / "papers" / "implicit_regularization" / "paper.yaml"
    path.write_text(path.read_text().replace("      gammas: [0, 1, 2, 5, 20]\n", "      gamas: [0, 1, 2, 5, 20]\n", 1))
    other = run_snakemake(fresh_copy, "papers/single_neuron", "-n", "--config", "scale=smoke")
    assert "left out of this build" in other.stderr
    broken = run_snakemake(fresh_copy, "papers/implicit_regularization", "-n", check=False)
    text = broken.stdout + broken.stderr
    assert broken.returncode != 0 and str(path.name) in text and "gamas" in text
    # Every paper (the default target): the others are planned, the broken one is named (not strict: rc 0).
    everything = run_snakemake(fresh_copy, "-n", check=False)
    assert everything.returncode == 0 and "gamas" in everything.stdout + everything.stderr


@pytest.mark.e2e
def test_a_build_ends_with_the_verdict_summary(built_copy, monkeypatch) -> None:
    copy = built_copy("single_neuron")
    monkeypatch.setenv("THUNDEEP_PROGRESS_SECONDS", "0.05")
    proc = run_snakemake(copy, "papers/single_neuron", "--config", "scale=smoke", "--forcerun", "claims")
    # A running job's heartbeat reaches the console (every 0.05 s here, 10 s by default).
    assert "[thundeep] paper: running" in proc.stderr
    assert "Verdicts (thundeep):" in proc.stderr
    # Each job's start names its log (to follow with tail -f); no `Shell command: None` for script rules.
    assert "log: results/smoke/single_neuron/logs/paper.log" in proc.stderr
    assert "Shell command" not in proc.stdout + proc.stderr
    for claim in read_json(copy / "papers" / "single_neuron" / "claims.json"):
        assert f"  {claim['id']} " in proc.stderr
