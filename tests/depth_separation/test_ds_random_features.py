"""Part C1: the feature grid, nested least squares equal to direct fits, width searches and exponents."""

import numpy as np
import pytest
import torch

from thundeep.depth_separation.radial_inputs import cosine_of_norm, relative_error, uniform_radius_inputs
from thundeep.depth_separation.random_features_depth2 import (
    FEATURE_STREAM,
    TEST_STREAM,
    TRAIN_STREAM,
    biased_features,
    biased_first_layer,
    feature_counts,
    random_feature_errors,
    random_feature_metrics,
    smallest_count,
    width_exponent,
    width_table,
)
from thundeep.nn.random_features import fit_least_squares
from thundeep.nn.seeded import stream_generator


def test_feature_grid_is_rounded_quarter_octaves() -> None:
    grid = feature_counts(64)
    assert grid[0] == 2 and grid[-1] == 64 and (np.diff(grid) > 0).all()
    assert {2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 16, 32, 64} <= set(grid.tolist())


def test_nested_fits_equal_direct_least_squares_on_the_first_features() -> None:
    d, counts, n, n_test, seed = 3, [4, 9, 20], 400, 300, 7
    nested = random_feature_errors(d, [2.0, 5.0], counts, n, n_test, 0.0, seed, chunk=128)
    layer = biased_first_layer(d, 20, stream_generator(seed, FEATURE_STREAM))
    gen = stream_generator(seed, TRAIN_STREAM)
    x = torch.cat([uniform_radius_inputs(min(128, n - s), d, 1.0, gen, torch.float64) for s in range(0, n, 128)])
    x_test = uniform_radius_inputs(n_test, d, 1.0, stream_generator(seed, TEST_STREAM), torch.float64)
    for j, frequency in enumerate([2.0, 5.0]):
        for k, count in enumerate(counts):
            weights = fit_least_squares(biased_features(x, layer[:, :count]), cosine_of_norm(x, frequency)[:, None])
            prediction = (biased_features(x_test, layer[:, :count]) @ weights)[:, 0]
            direct = float(relative_error(prediction, cosine_of_norm(x_test, frequency)))
            assert nested[j, k] == pytest.approx(direct, rel=1e-6)


def test_more_features_fit_better_and_the_smooth_target_is_easy() -> None:
    errors = random_feature_errors(4, [1.0, 8.0], feature_counts(128), 1280, 2000, 1e-9, 0)
    assert errors[0, -1] < 0.01 < errors[1, -1]
    assert errors[0, -1] < errors[0, 0] and errors[1, -1] < errors[1, 0]


def test_relative_error_of_the_mean_is_one() -> None:
    y = torch.linspace(-1, 1, 101)
    assert float(relative_error(torch.full_like(y, float(y.mean())), y)) == pytest.approx(1.0)


def test_smallest_count_and_capping() -> None:
    counts = [2, 4, 8, 16]
    assert smallest_count(np.array([0.3, 0.06, 0.04, 0.01]), counts, 0.05) == (8.0, False)
    n, capped = smallest_count(np.array([0.3, 0.2, 0.1, 0.06]), counts, 0.05)
    assert np.isnan(n) and capped


def test_width_exponent_recovers_a_power_law() -> None:
    dims = [4, 8, 16, 32]
    assert width_exponent(dims, [3 * d**1.7 for d in dims]) == pytest.approx(1.7)
    assert np.isnan(width_exponent(dims, [1.0, 2.0, float("nan"), 4.0]))


def test_metrics_read_the_claimed_cells() -> None:
    dims, freqs, counts = [4, 8, 16, 32], [1.0, 4.0, 8.0], [2, 4, 8, 16, 32, 64]
    mean = np.ones((4, 3, 6))
    mean[:, 0, 2:] = 0.01  # L = 1 reaches at N = 8 everywhere
    mean[:, 1, 4:] = 0.01  # L = 4 at N = 32
    mean[1, 2, -1] = 0.5  # L = 8 never reaches; error at the cap grows with d
    mean[2, 2, -1], mean[3, 2, -1] = 0.6, 0.7
    widths, capped = width_table(mean, counts, 0.05)
    metrics = random_feature_metrics(
        widths, capped, mean[:, :, -1], dims, freqs, 64, dims, (1.0, 4.0), 8, (1.0, 8.0), 8.0, (8, 16, 32)
    )
    assert metrics["smooth_gamma_max"] == pytest.approx(0.0)
    assert metrics["smooth_unreached"] == 0  # L = 8 never reaches, but DSC1 reads L = 1 and 4 only
    assert metrics["frequency_ratio"] == pytest.approx(64 / 8)
    assert metrics["corner_min_increase"] == pytest.approx(0.1)
    assert metrics["corner_error"] == pytest.approx(0.7)
