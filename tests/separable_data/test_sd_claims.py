"""Negative controls: each claim of paper.yaml comes out `fails` on deliberately wrong input of the real shape."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from thundeep.claims import FAILS, HOLDS, evaluate_claim
from thundeep.data.registry import Split
from thundeep.io import read_json
from thundeep.separable_data import mnist47, stages
from thundeep.separable_data.claim_metrics import construction_metrics, mnist_metrics, rates_metrics
from thundeep.separable_data.config import Mnist, Rates
from thundeep.separable_data.construction import first_correct_iterations
from thundeep.separable_data.errors import direction_distance, margin_error, zero_one_error
from thundeep.separable_data.logistic import gradient_descent, log_grid
from thundeep.separable_data.rates import margin_ball_sample, normalized_margins, thm9_excess

PAPER_YAML = Path(__file__).resolve().parents[2] / "workflow/papers/separable_data/paper.yaml"
CLAIMS = {c["id"]: c for c in yaml.safe_load(PAPER_YAML.read_text())["claims"]}
GAMMAS, EPSS = (0.125, 0.0625, 0.03125), (0.125, 0.03125, 0.0078125)  # E1's default grid
LEVELS = (0.01, 0.05, 0.2)  # Thm 9's p, as in paper.yaml


@pytest.fixture(autouse=True)
def one_torch_thread() -> Iterator[None]:
    """One torch thread: these small batched products run slower on two threads of a shared CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def verdict(claim: str, metrics: dict) -> str:
    return evaluate_claim(CLAIMS[claim], metrics, "default")["verdict"]


def grid() -> tuple[np.ndarray, np.ndarray]:
    g, e = np.meshgrid(GAMMAS, EPSS, indexing="ij")
    return g.ravel(), e.ravel()


def rates_run(x: np.ndarray, test: np.ndarray, steps: int, normalise_twice: bool = False) -> dict:
    """The E2 arrays of one run (seed) on folded training points `x`, with the claims' metrics inputs."""
    record = np.union1d(log_grid(steps, 10), [100])
    run = gradient_descent(x[None], np.full((1, len(x)), 1.0 / len(x)), steps, record, device="cpu")
    w = run.iterates[:, 0]
    margins = normalized_margins(x, w)
    if normalise_twice:
        margins = margins / np.maximum(np.linalg.norm(w, axis=1, keepdims=True), 1.0)
    excess = np.stack([thm9_excess(margins, run.losses[:, 0], 0.1, p) for p in (0.01, 0.05, 0.2)], axis=-1)
    return {
        "steps": run.steps,
        "losses": run.losses,
        "w": w,
        "excess": excess[:, None, :],
        "test_error": zero_one_error(test, w)[:, None],
    }


def test_sd1_fails_when_runs_use_the_wrong_gamma() -> None:
    gammas, epss = grid()
    wrong = np.sqrt(gammas) / 4  # the construction built with gamma^(1/2)/4 instead of gamma: t* ~ 1/gamma
    t_star = first_correct_iterations(wrong, epss, 1_000_000)
    metrics = {"construction": construction_metrics(gammas, epss, t_star, 75)}
    assert verdict("SD1", metrics) == FAILS
    assert metrics["construction"]["exponent_gamma"] > -1.5


def e2_everywhere(metrics: dict) -> dict:
    """The same E2 metrics for E2 and its small-m runs (the claims read both)."""
    return {"rates": metrics, "small_samples": metrics}


def test_sd2_fails_when_margins_are_normalised_by_the_squared_norm() -> None:
    rng = np.random.default_rng(0)
    w0 = np.eye(50)[0]
    x, test = margin_ball_sample(300, 50, 0.1, w0, rng), margin_ball_sample(2000, 50, 0.1, w0, rng)
    right, wrong = rates_run(x, test, 3000), rates_run(x, test, 3000, normalise_twice=True)
    for run, expected in ((right, HOLDS), (wrong, FAILS)):
        metrics = rates_metrics(run["steps"], run["losses"], np.array([0.1]), run["excess"], run["test_error"], 2000)
        assert verdict("SD2", e2_everywhere(metrics)) == expected


@pytest.mark.parametrize(("lr", "expected"), [(1.0, HOLDS), (0.02, FAILS)])
def test_sd2_lemma8_half_fails_when_the_rates_stage_runs_gd_at_a_smaller_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lr: float, expected: str
) -> None:
    # the real E2 stage (data, GD, metrics) with GD at step 0.02 instead of Lemma 8's step 1: the loss
    # falls about 50 times slower and crosses the bound (ratio about 1.3), while Thm 9, which reads the
    # margins at the loss GD has reached, still holds: the claim fails on its Lemma 8 half alone
    monkeypatch.setattr(stages, "gradient_descent", functools.partial(gradient_descent, lr=lr, device="cpu"))
    config = Rates(dim=50, gammas=(0.3,), m=300, n_test=1000, steps=5000, seeds=1, per_decade=10, levels=LEVELS)
    outputs = {"arrays": tmp_path / "rates.npz", "metrics": tmp_path / "rates.json"}
    stages.rates_stage({}, outputs, config)
    record = evaluate_claim(CLAIMS["SD2"], e2_everywhere(read_json(outputs["metrics"])), "default")
    assert record["verdict"] == expected
    halves = {c["metric"].split(".")[1]: c["passed"] for c in record["checks"]}
    assert halves == {"loss_over_lemma8_max": expected == HOLDS, "thm9_excess_max": True}


def test_sd3_fails_when_training_labels_are_noisy() -> None:
    rng = np.random.default_rng(1)
    w0 = np.eye(50)[0]
    x, test = margin_ball_sample(100, 50, 0.05, w0, rng), margin_ball_sample(5000, 50, 0.05, w0, rng)
    x[rng.random(100) < 0.2] *= -1  # 20% of the labels flipped: GD slowly fits the noise (m ~ d)
    run = rates_run(x, test, 10_000)
    errors = run["test_error"]
    metrics = {
        **e2_everywhere(rates_metrics(run["steps"], run["losses"], np.array([0.05]), run["excess"], errors, 5000)),
        "mnist": mnist_metrics(
            run["steps"],
            zero_one_error(x, run["w"])[:, None],
            margin_error(x, run["w"], 0.025)[:, None],
            errors,
            direction_distance(run["w"], w0)[:, None],
            5000,
            100,
        ),
    }
    assert verdict("SD3", metrics) == FAILS
    assert metrics["rates"]["test_late_rise_max"] > 0.02


def two_pixel_digits(support: float, pull: tuple[float, float]) -> Callable[..., Split]:
    """A loader of made-up 4s and 7s whose folded points (two pixels) are, for a tenth of them, the
    support points (support, 0) and, for the rest, `pull`: a larger margin along e_1 that draws GD's
    early direction away from e_1, the max-margin direction. The 7s are the 4s negated, so centring
    changes nothing and folding gives the points back (scaled to max norm 1)."""

    def load(name: str, n_train: int, n_test: int, seed: int) -> Split:
        folded = np.zeros((100, 4))
        folded[:10, 0] = support
        folded[10:, :2] = pull
        images, labels = np.concatenate([folded, -folded]), np.repeat([4, 7], 100)
        order = np.random.default_rng(seed).permutation(200)
        train, test = order[:n_train], order[n_train : n_train + n_test]
        return Split(images[train], labels[train], images[test], labels[test], "made up")

    return load


@pytest.mark.parametrize(
    ("support", "pull", "steps", "failing"),
    [
        # support margin 1e-4 and a pull almost along e_2: the direction stays far from e_1, so the support
        # points (a tenth) keep normalised margins below gamma/2: the margin error ends at 0.1 (the 0-1
        # error at 0) and the training-error half fails; the distance barely moves (ratio ~1)
        (1e-4, (0.1, 0.99), 5000, {"margin_error_final_max", "margin_gap_final_max"}),
        # support margin 0.05: once the pull's loss is small, the support points, which span e_1 alone,
        # turn the direction to e_1 fast (distance 0.93 at t = 100, 0.18 at 2e4, ratio 0.19 < 1/3) while
        # both training errors are 0: the slow-convergence half fails alone
        (0.05, (0.5, 0.8), 20_000, {"distance_ratio_min"}),
    ],
)
def test_sd4_each_half_fails_through_the_real_mnist_stage(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    support: float,
    pull: tuple[float, float],
    steps: int,
    failing: set[str],
) -> None:
    monkeypatch.setattr(mnist47, "load_dataset", two_pixel_digits(support, pull))
    config = Mnist(
        dataset="mnist_5k",
        pool_train=150,
        pool_test=50,
        max_points=None,
        phase1_steps=200,
        n_train=None,
        train_fraction=0.7,
        split_seeds=(0,),
        steps=steps,
        per_decade=10,
        reference_step=100,
    )
    outputs = {"arrays": tmp_path / "m.npz", "curves": tmp_path / "c.csv", "metrics": tmp_path / "m.json"}
    stages.mnist_stage({}, outputs, config)
    record = evaluate_claim(CLAIMS["SD4"], {"mnist": read_json(outputs["metrics"])}, "default")
    assert record["verdict"] == FAILS
    assert {c["metric"].split(".")[1] for c in record["checks"] if not c["passed"]} == failing


def test_sd_metrics_propagate_nan() -> None:
    gammas, epss = grid()
    t_star = first_correct_iterations(gammas, epss, 1_000_000).astype(float)
    t_star[-1] = np.nan
    assert np.isnan(construction_metrics(gammas, epss, t_star, 75)["tstar_over_bound_min"])
    steps = np.array([0, 1, 10, 100, 1000])
    losses = np.full((5, 2), 0.1)
    excess = np.full((5, 2, 1), -0.1)
    test_error = np.zeros((5, 2))
    for name in ("losses", "test_error"):
        broken = {"losses": losses.copy(), "test_error": test_error.copy()}
        broken[name][-1, -1] = np.nan
        metrics = rates_metrics(steps, broken["losses"], np.array([0.1, 0.1]), excess, broken["test_error"], 1000)
        assert verdict("SD2" if name == "losses" else "SD3", e2_everywhere(metrics) | {"mnist": metrics}) != HOLDS
    distance = np.linspace(1.0, 0.5, 5)[:, None] * np.ones((1, 2))
    distance[-1, -1] = np.nan
    curves = [np.zeros((5, 2)), np.zeros((5, 2)), np.zeros((5, 2)), distance]
    assert np.isnan(mnist_metrics(steps, *curves, 1000, 100)["distance_ratio_min"])
    curves[2] = np.zeros((5, 2))
    curves[2][-1, -1] = np.nan
    assert np.isnan(mnist_metrics(steps, *curves[:3], np.ones((5, 2)), 1000, 100)["test_late_rise_max"])
