"""Max-margin QP: a closed form, the KKT conditions, and a clear error for non-separable data."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.separable_data.max_margin import NotSeparableError, kkt_residuals, max_margin


def test_two_orthogonal_points_give_the_diagonal() -> None:
    solution = max_margin(np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]]))
    np.testing.assert_allclose(solution.w, [1.0, 1.0], atol=1e-7)
    assert solution.gamma == pytest.approx(1 / np.sqrt(2), abs=1e-7)


def test_kkt_conditions_hold_on_random_separable_data() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((120, 10))
    x = x * np.sign(x @ rng.standard_normal(10))[:, None]
    solution = max_margin(x)
    residuals = kkt_residuals(x, solution)
    assert max(residuals.values()) < 1e-6, residuals
    support = solution.alpha > 1e-6 * solution.alpha.max()
    assert 1 <= support.sum() <= 11  # at most d + 1 support vectors in general position
    np.testing.assert_allclose(x[support] @ solution.w, 1.0, atol=1e-6)


def test_kkt_residuals_flag_a_wrong_solution() -> None:
    rng = np.random.default_rng(4)
    x = np.abs(rng.standard_normal((30, 3)))
    solution = max_margin(x)
    wrong = type(solution)(w=2 * solution.w, alpha=solution.alpha, gamma=solution.gamma / 2)
    assert kkt_residuals(x, wrong)["stationarity"] > 0.1


def test_non_separable_points_raise_a_clear_error() -> None:
    x = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(NotSeparableError, match="not linearly separable"):
        max_margin(x)
