"""The exact expected error on C1 / Eq.(1) against enumeration of all draws and against Monte Carlo."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from thundeep.random_shuffling.exact import expected_suboptimality, permutation_variance
from thundeep.random_shuffling.instances import colt_c1, colt_c2, eq1
from thundeep.random_shuffling.samplers import job_rng, pack_signs
from thundeep.random_shuffling.simulate import final_iterates, simulate


def enumerate_mean(construction, method: str, n: int, k: int, eta: float) -> float:
    """Mean final suboptimality over every equally likely draw (tiny n, k)."""
    balanced = [s for s in itertools.product([-1, 1], repeat=n) if sum(s) == 0]
    if method == "wr":
        runs = [np.reshape(s, (k, n)) for s in itertools.product([-1, 1], repeat=n * k)]
    elif method == "rr":
        runs = [np.array(c) for c in itertools.product(balanced, repeat=k)]
    else:
        runs = [np.array([s]) for s in balanced]
    words = pack_signs(np.array(runs))
    return float(construction.suboptimality(final_iterates(construction, words, n, k, eta)).mean())


@pytest.mark.parametrize("method", ["wr", "ss", "rr"])
@pytest.mark.parametrize("construction", [colt_c1(), eq1(1.0, 3.0, 1.0)])
def test_exact_equals_enumeration(construction, method: str) -> None:
    n, k, eta = 4, 3, 0.15
    if method == "wr":
        k = 2  # 2^(n k) sequences
    exact = expected_suboptimality(construction, method, n, k, eta)
    assert exact == pytest.approx(enumerate_mean(construction, method, n, k, eta), rel=1e-12)


def test_permutation_variance_matches_the_pair_correlation_form() -> None:
    a, n = 0.97, 12
    v = a ** np.arange(n)
    s1, s2 = v.sum(), (v**2).sum()
    assert permutation_variance(a, n) == pytest.approx(n / (n - 1) * s2 - s1**2 / (n - 1), rel=1e-12)


@pytest.mark.parametrize("method", ["wr", "ss", "rr"])
def test_monte_carlo_agrees_with_exact_on_c1(method: str) -> None:
    construction, n, k, runs = colt_c1(), 100, 20, 20_000
    eta = np.log(n * k) / (n * k)
    losses = simulate(construction, method, n, k, [eta], runs, job_rng(0, "test", method))[0]
    exact = expected_suboptimality(construction, method, n, k, eta)
    assert abs(losses.mean() - exact) < 4 * losses.std() / np.sqrt(runs)


def test_exact_refuses_class_dependent_curvature() -> None:
    with pytest.raises(ValueError):
        expected_suboptimality(colt_c2(), "rr", 10, 2, 0.01)
