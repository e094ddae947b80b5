"""Negative controls: each IR claim comes out `fails` on deliberately wrong input of the real shape."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from thundeep.claims import evaluate_claim
from thundeep.experiment import build
from thundeep.implicit_regularization.config import HiddenNeuron
from thundeep.implicit_regularization.data import global_minimum
from thundeep.implicit_regularization.experiments import NeuronLimits, single_neuron_limits
from thundeep.implicit_regularization.stages import hidden_neuron_stage
from thundeep.implicit_regularization.summaries import limit_metrics
from thundeep.io import read_json
from thundeep.relu_neuron.descent import Trajectory

PAPER = Path(__file__).resolve().parents[2] / "workflow" / "papers" / "implicit_regularization" / "paper.yaml"
CLAIMS = {c["id"]: c for c in yaml.safe_load(PAPER.read_text())["claims"]}
GAMMAS, ALPHAS = (0.0, 1.0, 2.0, 5.0, 20.0), (0.3, 1.0, 3.0)


def verdict(claim_id: str, experiment: str, metrics: dict) -> str:
    return evaluate_claim(CLAIMS[claim_id], {experiment: metrics}, "default")["verdict"]


def test_ir1_fails_when_the_limit_is_the_minimum_norm_fit() -> None:
    # what a "gradient flow finds the minimum-norm fit" answer would give: alpha (5, -1, 0) for every gamma
    gammas, alphas = (a.ravel() for a in np.meshgrid(GAMMAS, ALPHAS, indexing="ij"))
    limits = np.stack([global_minimum(a, 0.0) for a in alphas])
    runs = len(gammas)
    gd = Trajectory(np.array([0]), limits[None], np.zeros((1, runs)), limits, np.full(runs, 1e-16), np.ones(runs, int))
    metrics = limit_metrics(NeuronLimits(gammas, alphas, gd, limits, np.full(runs, np.inf)), (1.0, 2.0, 5.0))
    assert verdict("IR1", "limits", metrics) == "fails"
    assert metrics["s_flow_max_positive_gamma"] == 0.0


def test_ir2_fails_when_gradient_descent_takes_a_large_step() -> None:
    limits = single_neuron_limits([0.0, 5.0], [1.0], lr=3e-3, loss_target=1e-12, max_steps=200_000, record_every=1000)
    metrics = limit_metrics(limits, (0.0, 5.0))
    assert verdict("IR2", "limits", metrics) == "fails"
    assert metrics["gd_flow_gap"] > 1e-3 and metrics["final_loss_gd_max"] < 1e-12  # it converged, elsewhere


def test_ir3_fails_when_the_sweep_runs_at_gamma_zero(tmp_path: Path) -> None:
    config = build(
        HiddenNeuron,
        {
            "gammas": [5.0],
            "init_scale": 0.001,
            "sweep_gamma": 0.0,
            "init_scales_paper": [1.0, 0.01, 0.0001],
            "init_scales_grid": {"start": 0.5, "stop": 1.0, "num": 2},
            "lr": 1e-3,
            "loss_target": 1e-10,
            "max_steps": 200_000,
            "record_every": 1000,
            "settle_below": 0.01,
        },
    )
    outputs = {"arrays": tmp_path / "runs.npz", "metrics": tmp_path / "metrics.json"}
    hidden_neuron_stage({}, outputs, config)
    metrics = read_json(outputs["metrics"])
    assert verdict("IR3", "hidden_neuron", metrics) == "fails"
    assert metrics["u3_max_sweep"] >= 0.0 and metrics["final_loss_max"] < 1e-10


def test_ir1_metrics_propagate_a_nan_limit() -> None:
    gammas, alphas = (a.ravel() for a in np.meshgrid(GAMMAS, ALPHAS, indexing="ij"))
    limits = np.stack([global_minimum(a, 0.0) for a in alphas])
    limits[-1] = np.nan  # the last run diverged
    runs = len(gammas)
    gd = Trajectory(np.array([0]), limits[None], np.zeros((1, runs)), limits, np.full(runs, 1e-16), np.ones(runs, int))
    metrics = limit_metrics(NeuronLimits(gammas, alphas, gd, limits, np.full(runs, np.inf)), (1.0, 2.0, 5.0))
    assert np.isnan(metrics["alpha_scaling_gap_flow"]) and np.isnan(metrics["alpha_scaling_gap_gd"])
    assert verdict("IR1", "limits", metrics) != "holds"
