"""Part C2: the explicit depth-3 network equals its formula, has the stated width, and its error shrinks."""

import numpy as np
import pytest
import torch

from thundeep.depth_separation.explicit_depth3 import (
    cosine_of_root,
    depth3_errors,
    depth3_formula,
    depth3_metrics,
    depth3_network,
    depth3_network_error,
    depth3_width,
    relu_interpolant,
    smallest_depth3,
    square,
)
from thundeep.depth_separation.radial_inputs import uniform_radius_inputs


def _inputs(n: int, d: int, seed: int = 0) -> np.ndarray:
    return uniform_radius_inputs(n, d, 1.0, torch.Generator().manual_seed(seed), torch.float64).numpy()


@pytest.mark.parametrize(("d", "m", "pieces", "frequency"), [(1, 2, 4, 1.0), (3, 4, 8, 8.0), (8, 16, 32, 16.0)])
def test_network_equals_its_formula(d: int, m: int, pieces: int, frequency: float) -> None:
    x = _inputs(2000, d, seed=d)
    network = depth3_network(d, m, pieces, frequency)
    assert network.depth == 3 and network.widths == (d * (m + 1), pieces + 1)
    assert network.neurons == depth3_width(d, m, pieces)
    np.testing.assert_allclose(network(x)[:, 0], depth3_formula(x, m, pieces, frequency), rtol=0, atol=1e-12)


def test_interpolant_hits_the_knots_and_is_flat_outside() -> None:
    knots, coefficients, start = relu_interpolant(square, -1.0, 1.0, 6)
    t = np.linspace(-2.0, 2.0, 801)
    value = start + np.maximum(t[:, None] - knots[None, :], 0.0) @ coefficients
    np.testing.assert_allclose(value, np.interp(t, knots, knots**2), atol=1e-12)
    np.testing.assert_allclose(value[t <= -1], 1.0, atol=1e-12)
    np.testing.assert_allclose(value[t >= 1], 1.0, atol=1e-12)


def test_layer_one_overshoots_the_squared_norm_by_at_most_d_over_m_squared() -> None:
    d, m = 16, 8
    x = _inputs(5000, d)
    knots = np.linspace(-1, 1, m + 1)
    excess = np.interp(x, knots, knots**2).sum(axis=1) - (x**2).sum(axis=1)
    assert excess.min() >= -1e-12 and excess.max() <= d / m**2
    np.testing.assert_allclose(cosine_of_root(3.0)((x**2).sum(axis=1)), np.cos(3 * np.linalg.norm(x, axis=1)))


def test_error_shrinks_with_pieces_and_the_network_error_agrees() -> None:
    x = _inputs(4000, 4)
    errors = depth3_errors(x, 8.0, [2, 8, 32], [4, 16, 64])
    assert errors[-1, -1] < 0.01 < errors[0, 0]
    assert (np.diff(errors[:, -1]) < 0).all() and (np.diff(errors[-1, :]) < 0).all()
    assert depth3_network_error(x, 32, 64, 8.0) == pytest.approx(errors[-1, -1], rel=1e-9)


def test_smallest_construction_is_the_narrowest_that_reaches() -> None:
    errors = np.array([[0.5, 0.04], [0.03, 0.01]])  # m in (2, 4), K in (4, 128)
    assert smallest_depth3(errors, 10, [2, 4], [4, 128], 0.05) == (55, 4, 4)
    assert smallest_depth3(errors, 10, [2, 4], [4, 128], 0.001) is None


def test_depth3_metrics_count_unreached_cells_at_the_widest_construction() -> None:
    widths = np.array([[10.0, 20.0], [40.0, 80.0], [160.0, float("nan")]])
    reached = depth3_metrics(widths[:2], [1, 2], [2, 4], [4])
    assert reached == {"unreached": 0.0, "width_gamma_max": pytest.approx(2.0), "width_at_largest": 80.0}
    metrics = depth3_metrics(widths, [1, 2, 4], [2, 4], [4])
    assert metrics["unreached"] == 1 and metrics["width_at_largest"] == depth3_width(4, 4, 4)
    assert np.isfinite(metrics["width_gamma_max"])
