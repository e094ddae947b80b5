"""Negative controls: each RS claim comes out `fails` on deliberately wrong input of the real shape.

The Fig. 1 claims (RS1-RS3) run on a small copy of the problem (n = 50, kappa = 20, the claims'
k thresholds scaled by kappa/200), where the correct runs make all three hold; RS4 on a small COLT'20
grid. Each test changes one thing and shows the verdict turns to `fails`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from thundeep.claims import evaluate_claim
from thundeep.experiment import build
from thundeep.io import read_csv, read_json
from thundeep.random_shuffling import colt, stages
from thundeep.random_shuffling.config import Colt, Fig1
from thundeep.random_shuffling.fig1 import fig1_metrics

PAPER = Path(__file__).resolve().parents[2] / "workflow" / "papers" / "random_shuffling" / "paper.yaml"
CLAIMS = {c["id"]: c for c in yaml.safe_load(PAPER.read_text())["claims"]}
SMALL = {
    "n": 50,
    "lam": 1.0,
    "lam_max": 20.0,
    "g": 1.0,
    "runs": 100,
    "seed": 0,
    "step": "log_nk",
    "methods": ["wr", "ss", "rr"],
    "constructions": ["eq1", "eq2"],
    "k_grid": [
        {"start": 2, "stop": 10, "step": 1},
        {"start": 20, "stop": 60, "step": 10},
        {"start": 100, "stop": 200, "step": 20},
    ],
    "analysis": {
        "early_k_max": 10,
        "late_k_min": 100,
        "kappa_factor": 3,
        "separation_threshold": 0.15,
        "separation_window": 5,
    },
}
"""Fig. 1 at kappa = 20: 'well below kappa' is k <= 10, 'several times kappa' k >= 100."""


def verdict(claim_id: str, experiment: str, metrics: dict) -> str:
    return evaluate_claim(CLAIMS[claim_id], {experiment: metrics}, "default")["verdict"]


def fig1_rows(tmp_path: Path, **changes) -> list[dict]:
    """tables/fig1.csv rows of the small problem, through the real stages."""
    config = build(Fig1, SMALL | changes)
    losses = []
    for construction in config.constructions:
        losses.append(tmp_path / f"losses_{construction}.npz")
        stages.fig1_simulate_stage({}, {"losses": losses[-1]}, config, construction=construction)
    table, metrics = tmp_path / "fig1.csv", tmp_path / "fig1.json"
    stages.fig1_summary_stage({"losses": losses}, {"table": table, "metrics": metrics}, config)
    return read_csv(table)


def small_metrics(rows: list[dict]) -> dict:
    return fig1_metrics(rows, kappa=20.0, analysis=build(Fig1, SMALL).analysis)


@pytest.fixture(scope="module")
def correct_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return fig1_rows(tmp_path_factory.mktemp("fig1"))


def test_fig1_claims_hold_on_the_small_problem(correct_rows: list[dict]) -> None:
    metrics = small_metrics(correct_rows)
    assert [verdict(c, "fig1", metrics) for c in ("RS1", "RS2", "RS3")] == ["holds"] * 3


def test_rs1_fails_when_wr_is_shifted_by_the_margin(correct_rows: list[dict]) -> None:
    shifted = []
    for row in correct_rows:
        row = dict(row)
        if row["method"] == "wr":  # WR's curve 0.15 decades (the equivalence margin) higher at every k
            row["mean_log10_loss"] = float(row["mean_log10_loss"]) + 0.15
        shifted.append(row)
    metrics = small_metrics(shifted)
    assert verdict("RS1", "fig1", metrics) == "fails"
    assert metrics["rs1_equivalence_bound"] > 0.15


def test_rs1_fails_when_wr_runs_on_a_smaller_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # WR with a fifth of the step already at small k: its curve sits well above the shuffling methods'
    real = stages.simulate
    monkeypatch.setattr(
        stages,
        "simulate",
        lambda problem, method, n, k, etas, *args: real(
            problem, method, n, k, [e / 5 for e in etas] if method == "wr" else etas, *args
        ),
    )
    metrics = small_metrics(fig1_rows(tmp_path))
    assert verdict("RS1", "fig1", metrics) == "fails"


def test_rs2_fails_when_rr_samples_with_replacement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = stages.simulate
    monkeypatch.setattr(
        stages, "simulate", lambda problem, method, *args: real(problem, "wr" if method == "rr" else method, *args)
    )
    metrics = small_metrics(fig1_rows(tmp_path))
    assert verdict("RS2", "fig1", metrics) == "fails"
    assert abs(metrics["late_advantage_eq1_rr"]) < 0.2


def test_rs3_fails_when_the_advantage_appears_already_at_small_k(tmp_path: Path) -> None:
    # a well-conditioned problem (kappa = 2) read as if kappa were 20: shuffling wins from the start
    metrics = small_metrics(fig1_rows(tmp_path, lam_max=2.0))
    assert verdict("RS3", "fig1", metrics) == "fails"
    assert metrics["rs3_early_advantage"] > 0.3


COLT = {
    "lam": 1.0,
    "g": 6.0,
    "ns": [200, 400],
    "ks": [4, 6, 9, 13, 20],
    "runs": 60,
    "seed": 0,
    "bootstrap": 20,
    "step_factors": {"low": 2.0, "high": 32.0, "per_octave": 1},
    "instances": ["c1", "c2", "c3"],
}


def colt_metrics_for(tmp_path: Path) -> dict:
    config = build(Colt, COLT)
    results = []
    for instance in config.instances:
        results.append(tmp_path / f"results_{instance}.npz")
        stages.colt_simulate_stage({}, {"results": results[-1]}, config, instance=instance)
    outputs = {"slopes": tmp_path / "s.csv", "errors": tmp_path / "e.csv", "metrics": tmp_path / "m.json"}
    stages.colt_summary_stage({"results": results}, outputs, config)
    return read_json(outputs["metrics"])


def test_rs4_fails_when_c2_steps_use_the_components_lambda(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    right = colt_metrics_for(tmp_path)
    assert right["rs4_c2_shuffling_max_k_slope"] < -1.5
    real = colt.theorem_step  # the first version's mistake: lambda in place of F's own lambda/2 on C2
    monkeypatch.setattr(colt, "theorem_step", lambda method, lam_f, n, k: real(method, 1.0, n, k))
    wrong = colt_metrics_for(tmp_path)
    assert verdict("RS4", "colt", wrong) == "fails"
    assert wrong["rs4_c2_shuffling_max_k_slope"] > -1.5
    assert wrong["rs4_c1_shuffling_max_k_slope"] == right["rs4_c1_shuffling_max_k_slope"]
