"""Negative controls: every single_neuron claim comes out `fails` on deliberately wrong input of the real shape."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import REPO
from thundeep.claims import evaluate_claim
from thundeep.paperspec import load_paper
from thundeep.single_neuron import initialisation_probability as lemma
from thundeep.single_neuron import stuck_coordinates as stuck
from thundeep.single_neuron.linear_convergence import convergence_metrics
from thundeep.single_neuron.quadrature import angle_to
from thundeep.single_neuron.trajectories import angle_metrics, descend_from_starts

PAPER = load_paper(
    REPO / "workflow/papers/single_neuron/paper.yaml",
    "single_neuron",
    REPO / "workflow/schemas/paper.schema.yaml",
    "default",
)
CLAIMS = {c["id"]: c for c in PAPER.spec["claims"]}
ANGLE = PAPER.configs["angle"]
TEACHER, MEAN = np.asarray(ANGLE.teacher), np.asarray(ANGLE.mean)


def verdict(claim: str, metrics: dict[str, dict[str, float]]) -> str:
    return evaluate_claim(CLAIMS[claim], metrics, "default")["verdict"]


def fig1_metrics(mean: np.ndarray, lr: float, steps: int) -> dict[str, float]:
    """The angle experiment's metrics for GD from the paper's starts, input mean and step as given."""
    starts = np.asarray(ANGLE.starts)
    run = descend_from_starts(starts, TEACHER, mean, [lr, lr / 2], steps, record_every=10, order=8)
    iterates = run.iterates.reshape(len(run.recorded_steps), 2, len(starts), 2)
    distances = np.linalg.norm(run.final - TEACHER, axis=-1).reshape(2, len(starts))
    return angle_metrics(
        run.recorded_steps, angle_to(iterates, TEACHER), distances, ANGLE.close_angle, ANGLE.published_landmarks
    )


def test_the_claims_tested_here_are_all_the_papers_claims():
    assert set(CLAIMS) == {"SN1", "SN2", "SN3", "SN4", "SN5"}


def test_sn1_fails_when_the_trajectory_stalls():
    # the paper's starts and step, stopped after 300 steps: w_t is still far from v
    assert verdict("SN1", {"angle": fig1_metrics(MEAN, ANGLE.lr, 300)}) == "fails"


def test_sn2_fails_when_the_angle_is_monotone():
    # centred inputs (Lemma 6.2): the angle only falls, so no start rises before it falls
    metrics = fig1_metrics(np.zeros(2), 0.02, 2000)
    assert metrics["rise_first_start"] <= 0.0 and metrics["rise_second_start"] <= 0.0
    assert verdict("SN2", {"angle": metrics}) == "fails"


def sn3_metrics(distances: np.ndarray, angles: np.ndarray) -> dict[str, dict[str, float]]:
    lc = PAPER.configs["linear_convergence"]
    metrics, _ = convergence_metrics([distances], [angles], lc.lr, lc.fit_upper, lc.fit_floor, lc.fast_ratio)
    return {"linear_convergence": metrics}


def linear_runs(delay: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distances and angles (T + 1, R) that decay at the local rate after `delay` flat steps per run."""
    rate = -2 * np.log(0.95)
    t = np.arange(1000)[:, None]
    decay = np.exp(-rate * np.maximum(t - delay[None, :], 0))
    distances = np.maximum(2.0 * decay, 1e-31)
    return distances, 1.5 * decay


def test_sn3_passes_on_linear_runs_and_fails_when_the_angle_rises():
    distances, angles = linear_runs(np.zeros(50, dtype=int))
    assert verdict("SN3", sn3_metrics(distances, angles)) == "holds"
    angles[20, 7] = angles[19, 7] + 1e-3  # one run's angle rises once, by 1e-3 rad
    assert verdict("SN3", sn3_metrics(distances, angles)) == "fails"


def test_sn3_fails_when_runs_start_slowly():
    delay = np.where(np.arange(50) < 10, 200, 0)  # 20% of the runs wait 200 steps before decaying
    assert verdict("SN3", sn3_metrics(*linear_runs(delay))) == "fails"


def test_sn3_fails_when_a_run_does_not_converge():
    distances, angles = linear_runs(np.zeros(50, dtype=int))
    distances[:, 3] = 2.0
    assert verdict("SN3", sn3_metrics(distances, angles)) == "fails"


def stuck_metrics(dims: tuple[int, ...], runs: int, init_mean: float, gate: bool = True) -> dict[str, float]:
    """The stuck_coordinates metrics for inits N(init_mean, I/d); gate=False drops the ReLU's gate."""
    summaries = []
    for dim in dims:
        starts = np.random.default_rng(dim).normal(init_mean, 1 / np.sqrt(dim), (runs, dim))
        signs = stuck.paper_signs(dim)
        if gate:
            final, lowest = stuck.descend(starts, signs, 0.5, 3000, 100)
        else:  # every coordinate learns, as if its ReLU were always active
            final = np.broadcast_to(signs / np.sqrt(dim), starts.shape).copy()
            lowest = stuck.loss(final, signs)
        summaries.append(stuck.run_summary(starts, final, lowest, signs))
    fractions = np.array([s["stuck_fraction"] for s in summaries])
    return {
        "max_z": float(stuck.simulation_z(fractions, np.array(dims), runs).max()),
        "dead_moved_max": max(s["dead_moved_max"] for s in summaries),
        "live_error_max": max(s["live_error_max"] for s in summaries),
        "bound_violations": sum(s["bound_violations"] for s in summaries),
    }


def lemma_z(dim: int, tau: float) -> float:
    """|Monte Carlo - exact| / s.e. at tau = 1/(d sqrt 2), the Monte Carlo drawn with scale `tau`."""
    exact = lemma.exact_probability(dim, lemma.paper_tau(dim))
    estimate = lemma.monte_carlo(dim, tau, 20000, np.random.default_rng(0), 20000)
    return abs(estimate - exact) / np.sqrt(exact * (1 - exact) / 20000)


@pytest.fixture(scope="module")
def right_stuck() -> dict[str, float]:
    return stuck_metrics((8, 16), 2000, 0.0)


def test_sn4_holds_on_the_right_simulation(right_stuck):
    metrics = {
        "stuck_coordinates": right_stuck,
        "initialisation_probability": {"max_z": lemma_z(8, lemma.paper_tau(8))},
    }
    assert verdict("SN4", metrics) == "holds"


def test_sn4_fails_when_the_init_has_the_wrong_success_probability(right_stuck):
    # inits N(0.1, I/d): P(w_i >= 0) > 1/2, so more coordinates are stuck than Bin(d, 1/2) says
    metrics = {
        "stuck_coordinates": stuck_metrics((8, 16), 2000, 0.1),
        "initialisation_probability": {"max_z": lemma_z(8, lemma.paper_tau(8))},
    }
    assert verdict("SN4", metrics) == "fails"


def test_sn4_fails_when_the_lemma_draws_use_the_wrong_tau(right_stuck):
    metrics = {
        "stuck_coordinates": right_stuck,
        "initialisation_probability": {"max_z": lemma_z(8, 0.8 * lemma.paper_tau(8))},
    }
    assert verdict("SN4", metrics) == "fails"


def test_sn5_holds_on_the_right_descent_and_fails_without_the_relu_gate(right_stuck):
    assert verdict("SN5", {"stuck_coordinates": right_stuck}) == "holds"
    assert verdict("SN5", {"stuck_coordinates": stuck_metrics((8, 16), 200, 0.0, gate=False)}) == "fails"


def test_angle_increase_propagates_a_nan_in_any_dimension() -> None:
    steps = np.arange(200)[:, None]
    distances = [0.95**steps * np.ones((1, 3)) for _ in range(3)]
    angles = [np.exp(-0.01 * steps) * np.ones((1, 3)) for _ in range(3)]
    clean, _ = convergence_metrics(distances, angles, 0.1, 0.5, 1e-4, 0.5)
    assert clean["angle_increase_max"] < 0
    for broken in (0, 2):  # Python's max over dimensions skipped a NaN unless it came first
        bad = [a.copy() for a in angles]
        bad[broken][-1, -1] = np.nan
        assert np.isnan(convergence_metrics(distances, bad, 0.1, 0.5, 1e-4, 0.5)[0]["angle_increase_max"])
