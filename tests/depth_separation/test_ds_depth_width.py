"""Part B pieces: net names and parameter counts, the input laws, final RMSE and the DS metrics."""

import numpy as np
import pytest
import torch

from thundeep.depth_separation.config import BallTraining
from thundeep.depth_separation.depth_width_tradeoff import (
    ball_radius,
    ball_sampler,
    depth_metrics,
    final_rmse,
    parse_net,
)
from thundeep.experiment import ConfigError, build

BALL = dict(
    dim=100,
    nets=["2L-100", "3L-100-20"],
    input_law="uniform_radius",
    batches=100,
    batch_size=10,
    lr=1e-3,
    seeds=1,
    validation_points=10,
    evaluations=20,
    final_window=3,
)


SPEC_COUNTS = [("2L-100", 10_201, 2), ("2L-800", 81_601, 2), ("3L-100-20", 12_141, 3), ("3L-100-100", 20_301, 3)]


@pytest.mark.parametrize(("name", "parameters", "depth"), SPEC_COUNTS)
def test_parameter_counts_match_the_spec(name: str, parameters: int, depth: int) -> None:
    net = parse_net(name, 100)
    assert (net.parameters, net.depth) == (parameters, depth)


@pytest.mark.parametrize("name", ["2L-100-20", "3L-100", "L-5", "2L-0", "2L100"])
def test_malformed_net_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        parse_net(name, 100)


def test_config_checks_values() -> None:
    assert build(BallTraining, BALL).architectures()["3L-100-20"].sizes == (100, 100, 20, 1)
    with pytest.raises(ConfigError, match="multiple of evaluations"):
        build(BallTraining, {**BALL, "batches": 110})
    with pytest.raises(ConfigError, match="not of the form"):
        build(BallTraining, {**BALL, "nets": ["deep"]})


def test_uniform_radius_puts_half_the_mass_in_the_unit_ball() -> None:
    x, y = ball_sampler("uniform_radius", "l2_ball", 100, 2.0)(20_000, torch.Generator().manual_seed(0))
    assert x.shape == (20_000, 100)
    assert abs(float(y.mean()) - 0.5) < 4 * 0.5 / np.sqrt(20_000)
    assert float(x.norm(dim=1).max()) <= 2.0 + 1e-5


def test_gaussian_shell_concentrates_near_the_unit_sphere() -> None:
    x, _ = ball_sampler("gaussian_shell", "l2_ball", 100, 2.0)(20_000, torch.Generator().manual_seed(0))
    norms = x.double().norm(dim=1)
    assert abs(float(norms.mean()) - 1.0) < 0.01 and abs(float(norms.std()) - 1 / np.sqrt(200)) < 0.01


def test_l1_ball_radius_is_the_median_l1_norm() -> None:
    radius = ball_radius("l1_ball", "uniform_radius", 20, 2.0, reference=20_000)
    _, y = ball_sampler("uniform_radius", "l1_ball", 20, 2.0)(20_000, torch.Generator().manual_seed(3))
    assert radius > 1.0 and abs(float(y.mean()) - 0.5) < 0.02


def test_final_rmse_is_the_mean_of_the_last_evaluations() -> None:
    rmse = np.array([[0.5, 0.5], [0.4, 0.3], [0.2, 0.1], [0.3, 0.2]])
    np.testing.assert_allclose(final_rmse(rmse, 2), [0.25, 0.15])


def test_depth_metrics_read_the_named_nets() -> None:
    finals = {
        "2L-100": np.array([0.30, 0.32]),
        "2L-800": np.array([0.29, 0.29]),
        "3L-100-20": np.array([0.20, 0.22]),
        "3L-100-100": np.array([0.18, 0.18]),
    }
    metrics = depth_metrics(finals, {name: int(name[0]) for name in finals})
    assert metrics["depth3_margin"] == pytest.approx(0.29 - 0.21)
    assert metrics["width_ratio"] == pytest.approx(0.29 / 0.31)
    assert metrics["wide_minus_narrow_depth3"] == pytest.approx(0.18 - 0.21)
    assert metrics["seed_spread"] == pytest.approx(0.01)
    partial = depth_metrics({k: finals[k] for k in ("2L-100", "3L-100-20")}, {"2L-100": 2, "3L-100-20": 3})
    assert np.isnan(partial["width_ratio"]) and np.isnan(partial["wide_minus_narrow_depth3"])
