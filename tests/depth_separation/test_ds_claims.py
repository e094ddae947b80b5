"""Negative controls: every claim of paper.yaml comes out `fails` on deliberately wrong input of the real shape.

Each test runs the pipeline's own stage functions on a wrong input of the real shape (a tiny training
with a crippled net, a frequency-blind target, inputs that shrink with d, a layer-1 grid too coarse),
evaluates the claim as paper.yaml states it, and checks the verdict; where the right input at the
same small size is expected to pass, the test checks that too, so the failure is the wrong input's
doing. Tests on hand-made error tables check a metric's arithmetic, not a claim.
"""

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

from thundeep.claims import FAILS, HOLDS, evaluate_claim
from thundeep.depth_separation import random_features_depth2
from thundeep.depth_separation.config import BallTraining, ExplicitDepthThree, RandomFeatureWidths
from thundeep.depth_separation.depth_width_tradeoff import depth_metrics, parse_net
from thundeep.depth_separation.explicit_depth3 import depth3_errors, depth3_metrics, smallest_depth3
from thundeep.depth_separation.radial_inputs import cosine_of_norm, uniform_radius_inputs
from thundeep.depth_separation.random_features_depth2 import feature_counts, random_feature_metrics, width_table
from thundeep.depth_separation.stages import (
    depth3_stage,
    final_rmse_stage,
    random_features_stage,
    random_features_summary_stage,
    train_net_stage,
)
from thundeep.experiment import build
from thundeep.io import load_arrays, read_json
from thundeep.paperspec import load_yaml

SPEC = load_yaml(Path(__file__).resolve().parents[2] / "workflow/papers/depth_separation/paper.yaml")
CLAIMS = {claim["id"]: claim for claim in SPEC["claims"]}
NETS = ["2L-100", "2L-200", "2L-400", "2L-800", "3L-100-20", "3L-100-100"]
DIMS, FREQUENCIES = [4, 8, 16, 32, 64], [1.0, 4.0, 8.0, 16.0]


def verdict(claim: str, experiment: str, metrics: dict[str, float]) -> str:
    return evaluate_claim(CLAIMS[claim], {experiment: metrics}, "default")["verdict"]


TINY = dict(
    dim=100,
    nets=["2L-100", "2L-800", "3L-100-20", "3L-100-100"],
    input_law="uniform_radius",
    batches=30,
    batch_size=100,
    lr=1e-3,
    seeds=2,
    validation_points=1000,
    evaluations=3,
    final_window=1,
)
CRIPPLED_LR = 1e-9
"""A net trained at this step size stays at its He-normal initialisation (RMSE about 0.7, above the
constant predictor's 0.5), the crippled net of the controls."""


@pytest.fixture(scope="module")
def tiny_curves(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """RMSE curves of a tiny real training (stage `train_net_stage`) of every net, trained and crippled."""
    tmp = tmp_path_factory.mktemp("ball")
    config = build(BallTraining, TINY)
    crippled = dataclasses.replace(config, lr=CRIPPLED_LR)
    paths = {}
    for net in config.nets:
        for broken, cfg in ((False, config), (True, crippled)):
            paths[net, broken] = tmp / f"curves_{net}_{broken}.npz"
            train_net_stage({}, {"curves": paths[net, broken]}, cfg, net=net)
    return paths


def ball_metrics(tmp_path: Path, curves: dict[tuple[str, bool], Path], crippled: set[str]) -> dict[str, float]:
    """DS metrics of `final_rmse_stage` on the tiny curves, with the nets in `crippled` left untrained."""
    inputs = {"curves": [curves[net, net in crippled] for net in TINY["nets"]]}
    outputs = {"rows": tmp_path / "rows.csv", "metrics": tmp_path / "ball.json"}
    final_rmse_stage(inputs, outputs, build(BallTraining, TINY))
    return read_json(tmp_path / "ball.json")


def test_ds1_fails_when_the_depth3_nets_are_crippled(tmp_path, tiny_curves) -> None:
    metrics = ball_metrics(tmp_path, tiny_curves, {"3L-100-20", "3L-100-100"})
    assert verdict("DS1", "ball", metrics) == FAILS


def test_ds2_fails_when_the_narrow_depth2_net_is_crippled(tmp_path, tiny_curves) -> None:
    assert verdict("DS2", "ball", ball_metrics(tmp_path, tiny_curves, {"2L-100"})) == FAILS


def test_ds3_fails_when_the_wider_depth3_net_is_crippled(tmp_path, tiny_curves) -> None:
    assert verdict("DS3", "ball", ball_metrics(tmp_path, tiny_curves, {"3L-100-100"})) == FAILS


def test_trained_tiny_nets_end_below_crippled_ones(tmp_path, tiny_curves) -> None:
    """The crippling is what the controls test: every crippled net ends above the constant predictor's
    0.5 and above the same net trained."""
    for net in TINY["nets"]:
        trained, frozen = (float(load_arrays(tiny_curves[net, b])["rmse"][-1].mean()) for b in (False, True))
        assert max(trained, 0.5) < frozen, net


def rf_metrics(error: np.ndarray) -> dict[str, float]:
    """DSC1-DSC3 metrics from seed-mean errors (D, L, N) on the default grid N <= 4096."""
    counts = feature_counts(4096)
    widths, capped = width_table(error, counts, 0.05)
    return random_feature_metrics(
        widths,
        capped,
        error[:, :, -1],
        DIMS,
        FREQUENCIES,
        4096,
        [4, 8, 16, 32],
        (1.0, 4.0),
        8,
        (1.0, 8.0),
        8.0,
        (8, 16, 32),
    )


def power_law_errors(dim_power: float, frequency_power: float, scale: float = 1.0) -> np.ndarray:
    """error(d, L, N) = 0.05 scale d^p L^q / N (capped at 1): N_0.05 grows like d^p L^q."""
    d = np.array(DIMS, float)[:, None, None]
    frequency = np.array(FREQUENCIES)[None, :, None]
    n = feature_counts(4096)[None, None, :].astype(float)
    return np.minimum(1.0, 0.05 * scale * d**dim_power * frequency**frequency_power / n)


def test_dsc1_metric_arithmetic_on_power_laws() -> None:
    """The exponent is read from the tables as built: width d^2 L holds, width d^3 (every cell reached) fails."""
    assert verdict("DSC1", "random_features", rf_metrics(power_law_errors(2.0, 1.0))) == HOLDS
    steep = rf_metrics(power_law_errors(3.0, 0.0, 1 / 16))
    assert steep["smooth_unreached"] == 0 and steep["smooth_gamma_max"] > 2.5


def test_dsc1_an_unreached_cell_fails_even_where_the_capped_exponent_is_small() -> None:
    """Counted as the cap, an unreached cell makes N_0.05 and so gamma lower bounds, which cannot show
    gamma <= 2.5: random features that reach 0.05 at d = 4 and nowhere above give a capped gamma under
    2 (it was `holds` when the cap was the only treatment); the unreached count fails the claim."""
    hopeless = power_law_errors(2.0, 1.0)
    hopeless[1:] = np.maximum(hopeless[1:], 0.5)  # d >= 8: never below 0.05
    metrics = rf_metrics(hopeless)
    assert metrics["smooth_gamma_max"] < 2.5 and metrics["smooth_unreached"] == 6
    assert verdict("DSC1", "random_features", metrics) == FAILS


SMALL_RF = dict(
    dims=[4, 8, 16, 32],
    frequencies=[1.0, 8.0],
    max_features=512,
    samples_per_feature=10,
    test_points=2000,
    seeds=1,
)


def rf_stage_metrics(tmp_path: Path, config: dict) -> dict[str, float]:
    """DSC metrics of the real C1 stages (`random_features_stage` per d, then the summary stage)."""
    typed = build(RandomFeatureWidths, config)
    tmp_path.mkdir(exist_ok=True)
    paths = []
    for d in typed.dims:
        paths.append(tmp_path / f"errors_d{d}.npz")
        random_features_stage({}, {"errors": paths[-1]}, typed, d=str(d))
    outputs = {"arrays": tmp_path / "widths.npz", "metrics": tmp_path / "random_features.json"}
    random_features_summary_stage({"errors": paths}, outputs, typed)
    return read_json(tmp_path / "random_features.json")


SMOOTH_RF = dict(
    dims=[4, 8, 16, 32],
    frequencies=[1.0],
    gamma_frequencies=[1.0],
    max_features=1024,
    samples_per_feature=10,
    test_points=2000,
    seeds=1,
)
"""DSC1 on the real C1 stages, small: L = 1 only (at N_max = 1024 the right inputs reach 0.05 at every
d <= 32 for L = 1, not for L = 4, which needs the default N_max = 4096)."""


def test_dsc1_fails_when_the_inputs_grow_with_d(tmp_path, monkeypatch) -> None:
    """Inputs not scaled into the unit ball (r ~ U[0, d/4]: the radius grows with d, so cos(||x||)
    oscillates more as d grows): random features no longer reach 0.05 at d = 32 within N_max."""
    right = rf_stage_metrics(tmp_path / "right", SMOOTH_RF)
    assert right["smooth_unreached"] == 0
    assert verdict("DSC1", "random_features", right) == HOLDS

    def growing(n, d, radius_max, gen, dtype=torch.float32):
        return uniform_radius_inputs(n, d, radius_max * d / 4, gen, dtype)

    monkeypatch.setattr(random_features_depth2, "uniform_radius_inputs", growing)
    wrong = rf_stage_metrics(tmp_path / "wrong", SMOOTH_RF)
    assert wrong["smooth_unreached"] > 0
    assert verdict("DSC1", "random_features", wrong) == FAILS


def test_dsc2_fails_when_the_target_ignores_the_frequency(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(random_features_depth2, "cosine_of_norm", lambda x, frequency: cosine_of_norm(x, 1.0))
    metrics = rf_stage_metrics(tmp_path, {**SMALL_RF, "dims": [8]})
    assert metrics["frequency_ratio"] == 1.0
    assert verdict("DSC2", "random_features", metrics) == FAILS


def test_dsc3_fails_when_the_inputs_shrink_with_d(tmp_path, monkeypatch) -> None:
    config = {**SMALL_RF, "dims": [8, 16, 32], "frequencies": [8.0]}
    assert verdict("DSC3", "random_features", rf_stage_metrics(tmp_path / "right", config)) == HOLDS

    def shrinking(n, d, radius_max, gen, dtype=torch.float32):  # r ~ U[0, 8/d]: cos(8 ||x||) flattens as d grows
        return uniform_radius_inputs(n, d, radius_max * 8 / d, gen, dtype)

    monkeypatch.setattr(random_features_depth2, "uniform_radius_inputs", shrinking)
    assert verdict("DSC3", "random_features", rf_stage_metrics(tmp_path / "wrong", config)) == FAILS


def test_dsc4_fails_when_layer_one_must_use_512_pieces() -> None:
    widths = np.full((len(DIMS), len(FREQUENCIES)), np.nan)
    for a, d in enumerate(DIMS):
        x = uniform_radius_inputs(2000, d, 1.0, torch.Generator().manual_seed(d), torch.float64).numpy()
        for b, frequency in enumerate(FREQUENCIES):
            errors = depth3_errors(x, frequency, [512], [4, 8, 16, 32, 64, 128, 256])
            found = smallest_depth3(errors, d, [512], [4, 8, 16, 32, 64, 128, 256], 0.05)
            widths[a, b] = np.nan if found is None else found[0]
    metrics = depth3_metrics(widths, DIMS, [512], [4, 8, 16, 32, 64, 128, 256])
    assert metrics["unreached"] == 0  # every cell is reached, but far too wide at (64, 16)
    assert verdict("DSC4", "depth3", metrics) == FAILS


def depth3_stage_metrics(tmp_path: Path, inner_pieces: list[int]) -> dict[str, float]:
    """DSC4 metrics of the real C2 stage on the default grid of (d, L), on 2000 Monte Carlo points."""
    config = build(
        ExplicitDepthThree,
        dict(
            dims=DIMS,
            frequencies=FREQUENCIES,
            inner_pieces=inner_pieces,
            outer_pieces=[4, 8, 16, 32, 64, 128, 256],
            test_points=2000,
        ),
    )
    depth3_stage({}, {"arrays": tmp_path / "widths.npz", "metrics": tmp_path / "depth3.json"}, config)
    return read_json(tmp_path / "depth3.json")


def test_dsc4_fails_when_layer_one_is_too_coarse_to_reach_every_cell(tmp_path) -> None:
    right = depth3_stage_metrics(tmp_path, [2, 4, 8, 16, 32, 64, 128, 256, 512])
    assert verdict("DSC4", "depth3", right) == HOLDS
    coarse = depth3_stage_metrics(tmp_path, [2, 4, 8])  # t^2 on 8 pieces: s overshoots ||x||^2 by up to d/64
    assert coarse["unreached"] > 0
    assert verdict("DSC4", "depth3", coarse) == FAILS


def test_every_claim_metric_propagates_a_nan() -> None:
    """A NaN anywhere a claim metric reads (a diverged net, an unreached cell) reaches the claim as NaN or
    `fails`, never `holds` (Python's min and max would skip a NaN that is not first)."""
    finals = {n: np.array([0.3, 0.31]) for n in NETS}
    depths = {n: parse_net(n, 100).depth for n in NETS}
    reads = {"DS1": NETS, "DS2": ["2L-100", "2L-800"], "DS3": ["3L-100-20", "3L-100-100"]}
    for net in NETS:
        metrics = depth_metrics({**finals, net: np.array([0.3, np.nan])}, depths)
        for claim in (c for c, nets in reads.items() if net in nets):
            assert verdict(claim, "ball", metrics) != HOLDS, (net, claim)
    errors = power_law_errors(2.0, 1.5)
    errors[:, 2, -1] = [0.1, 0.2, 0.3, 0.4, 0.5]
    for cell in [(1, 0), (2, 1), (1, 2), (2, 2), (3, 2)]:
        broken = errors.copy()
        broken[cell] = np.nan
        metrics = rf_metrics(broken)
        for claim in ("DSC1", "DSC2", "DSC3"):
            assert verdict(claim, "random_features", metrics) != HOLDS or not _reads(claim, cell), (cell, claim)
    widths = np.array([[10.0 * d] * len(FREQUENCIES) for d in DIMS])
    widths[1, 2] = np.nan
    assert verdict("DSC4", "depth3", depth3_metrics(widths, DIMS, [512], [256])) != HOLDS


def test_a_nan_construction_error_leaves_the_cell_unreached_and_fails_dsc4() -> None:
    """A NaN error at some (m, K), after the finite ones (where `min` over the fits would step over it),
    leaves the cell unreached: the narrowest fit cannot be known, and DSC4 fails."""
    ms, pieces = [2, 4, 8, 16, 32, 64], [4, 8, 16, 32, 64]
    x = uniform_radius_inputs(2000, 8, 1.0, torch.Generator().manual_seed(8), torch.float64).numpy()
    errors = depth3_errors(x, 1.0, ms, pieces)
    assert smallest_depth3(errors, 8, ms, pieces, 0.05) is not None
    errors[-1, -1] = np.nan
    assert smallest_depth3(errors, 8, ms, pieces, 0.05) is None
    widths = np.array([[10.0 * d] * len(FREQUENCIES) for d in DIMS])
    widths[1, 0] = np.nan  # the stage writes an unreached cell as NaN
    metrics = depth3_metrics(widths, DIMS, ms, pieces)
    assert metrics["unreached"] == 1 and verdict("DSC4", "depth3", metrics) == FAILS


def _reads(claim: str, cell: tuple[int, int]) -> bool:
    """Whether a DSC claim reads (d index, L index) `cell` of the default grid."""
    d, f = DIMS[cell[0]], FREQUENCIES[cell[1]]
    return {
        "DSC1": d in (4, 8, 16, 32) and f in (1.0, 4.0),
        "DSC2": d == 8 and f in (1.0, 8.0),
        "DSC3": d in (8, 16, 32) and f == 8.0,
    }[claim]
