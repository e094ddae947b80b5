"""The exact expected error on C1 / Eq.(1) against enumeration of all draws and against Monte Carlo."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from thundeep.random_shuffling.exact import expected_suboptimality, permutation_variance
from thundeep.random_shuffling.instances import colt_c1, colt_c2, eq1, eq2, eq2_mirror
from thundeep.random_shuffling.mirror import with_replacement_expected_loss
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


def test_with_replacement_moments_match_the_closed_form_where_it_exists() -> None:
    problem, eta = eq1(lam_max=20.0), 0.01
    assert with_replacement_expected_loss(problem, 10, 3, eta) == pytest.approx(
        expected_suboptimality(problem, "wr", 10, 3, eta), rel=1e-12
    )


def test_eq2_mirror_moves_the_curvature_and_keeps_the_expected_loss_from_a_late_start() -> None:
    ours, mirror = eq2(), eq2_mirror()
    assert ours.coordinates[1].curvature == (200.0, 0.0) and mirror.coordinates[1].curvature == (0.0, 200.0)
    # after a few steps the start still matters (the cross term flips sign) ...
    early = [with_replacement_expected_loss(p, 2, 1, 0.004) for p in (ours, mirror)]
    assert abs(early[1] / early[0] - 1) > 1e-3
    # ... and by the paper's budgets it is forgotten: nk = 20,000 steps of log(nk)/(nk)
    n, k = 500, 40
    eta = np.log(n * k) / (n * k)
    assert with_replacement_expected_loss(mirror, n, k, eta) == with_replacement_expected_loss(ours, n, k, eta)
    # and the simulation of the mirror agrees with its exact value
    losses = simulate(mirror, "wr", 50, 4, [np.log(200) / 200], 4000, job_rng(0, "eq2_mirror", 4, "wr"))[0]
    exact = with_replacement_expected_loss(mirror, 50, 4, np.log(200) / 200)
    assert abs(losses.mean() - exact) < 4 * losses.std() / np.sqrt(losses.size)
