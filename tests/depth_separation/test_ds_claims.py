"""Negative controls: every claim of paper.yaml comes out `fails` on deliberately wrong input of the real shape.

Each test computes the claim's metrics with the library's own functions from wrong input, evaluates the
claim as paper.yaml states it, and checks the verdict; most also check that the right-shaped honest
input passes, so the failure is the wrong input's doing.
"""

from pathlib import Path

import numpy as np
import torch

from thundeep.claims import FAILS, HOLDS, evaluate_claim
from thundeep.depth_separation.depth_width_tradeoff import depth_metrics, final_rmse, parse_net
from thundeep.depth_separation.explicit_depth3 import depth3_errors, depth3_metrics, smallest_depth3
from thundeep.depth_separation.radial_inputs import uniform_radius_inputs
from thundeep.depth_separation.random_features_depth2 import feature_counts, random_feature_metrics, width_table
from thundeep.paperspec import load_yaml

SPEC = load_yaml(Path(__file__).resolve().parents[2] / "workflow/papers/depth_separation/paper.yaml")
CLAIMS = {claim["id"]: claim for claim in SPEC["claims"]}
NETS = ["2L-100", "2L-200", "2L-400", "2L-800", "3L-100-20", "3L-100-100"]
DIMS, FREQUENCIES = [4, 8, 16, 32, 64], [1.0, 4.0, 8.0, 16.0]


def verdict(claim: str, experiment: str, metrics: dict[str, float]) -> str:
    return evaluate_claim(CLAIMS[claim], {experiment: metrics}, "default")["verdict"]


def ball_metrics(final: dict[str, float]) -> dict[str, float]:
    """DS metrics from RMSE curves (21 evaluations x 3 seeds per net) that decay to the given finals."""
    gen = np.random.default_rng(0)
    steps = np.linspace(0.0, 1.0, 21)[:, None]
    finals = {}
    for name, value in final.items():
        curve = value + (0.5 - value) * np.exp(-8 * steps) + 0.002 * gen.standard_normal((21, 3))
        finals[name] = final_rmse(curve, 3)
    return depth_metrics(finals, {name: parse_net(name, 100).depth for name in final})


HONEST = {"2L-100": 0.27, "2L-200": 0.265, "2L-400": 0.26, "2L-800": 0.258, "3L-100-20": 0.20, "3L-100-100": 0.19}


def test_ds1_fails_when_depth3_nets_learn_no_better_than_depth2() -> None:
    assert verdict("DS1", "ball", ball_metrics(HONEST)) == HOLDS
    shallow_copy = {**HONEST, "3L-100-20": HONEST["2L-800"], "3L-100-100": HONEST["2L-800"]}
    assert verdict("DS1", "ball", ball_metrics(shallow_copy)) == FAILS


def test_ds2_fails_when_width_keeps_helping_at_depth2() -> None:
    assert verdict("DS2", "ball", ball_metrics(HONEST)) == HOLDS
    assert verdict("DS2", "ball", ball_metrics({**HONEST, "2L-800": 0.8 * HONEST["2L-100"]})) == FAILS


def test_ds3_fails_when_the_wider_depth3_net_ends_higher() -> None:
    assert verdict("DS3", "ball", ball_metrics(HONEST)) == HOLDS
    assert verdict("DS3", "ball", ball_metrics({**HONEST, "3L-100-100": 0.21})) == FAILS


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


def test_dsc1_fails_when_the_width_grows_like_d_cubed() -> None:
    assert verdict("DSC1", "random_features", rf_metrics(power_law_errors(2.0, 1.0))) == HOLDS
    assert verdict("DSC1", "random_features", rf_metrics(power_law_errors(3.0, 0.0, 1 / 16))) == FAILS


def test_dsc2_fails_when_the_frequency_does_not_matter() -> None:
    assert verdict("DSC2", "random_features", rf_metrics(power_law_errors(2.0, 1.5))) == HOLDS
    assert verdict("DSC2", "random_features", rf_metrics(power_law_errors(2.0, 0.0))) == FAILS


def test_dsc3_fails_when_the_error_at_the_cap_falls_with_d() -> None:
    rising = power_law_errors(2.0, 1.5)
    rising[:, 2, -1] = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert verdict("DSC3", "random_features", rf_metrics(rising)) == HOLDS
    falling = rising.copy()
    falling[:, 2, -1] = rising[::-1, 2, -1]
    assert verdict("DSC3", "random_features", rf_metrics(falling)) == FAILS


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


def test_dsc4_fails_when_a_cell_is_not_reached() -> None:
    widths = np.array([[10.0 * d] * len(FREQUENCIES) for d in DIMS])
    assert verdict("DSC4", "depth3", depth3_metrics(widths, DIMS, [512], [256])) == HOLDS
    widths[2, 1] = np.nan
    assert verdict("DSC4", "depth3", depth3_metrics(widths, DIMS, [512], [256])) == FAILS
