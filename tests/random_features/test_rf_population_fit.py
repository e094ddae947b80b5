"""The shared population least-squares fit: the pseudo-inverse against numpy, nesting, stopping, Monte Carlo."""

import numpy as np
import pytest
import torch

from thundeep.nn.gaussian_random_features import population_moments, population_relu_fits
from thundeep.nn.random_features import relu_features


def _sphere(seeds: int, d: int, n: int, seed: int = 0) -> torch.Tensor:
    u = torch.randn(seeds, d, n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return u / u.norm(dim=-2, keepdim=True)


def _e1(seeds: int, d: int) -> torch.Tensor:
    w = torch.zeros(seeds, d, dtype=torch.float64)
    w[:, 0] = 1.0
    return w


@pytest.mark.parametrize("intercept", [False, True])
@pytest.mark.parametrize("cutoff", [1e-12, 1e-4])  # 1e-4 drops eigenvalues: the eigendecomposition fallback
def test_fits_are_the_pseudo_inverse_of_each_nested_gram(intercept: bool, cutoff: float) -> None:
    u, w = _sphere(2, 5, 120), _e1(2, 5)
    fits = population_relu_fits(u, w, [3, 40, 120], intercept=intercept, cutoff=cutoff)
    assert fits[-1].solver == ("cholesky" if cutoff < 1e-8 else "eigh")
    for fit in fits:
        gram, moment = population_moments(u[..., : fit.width], w, intercept)
        for s in range(2):
            a = np.linalg.pinv(gram[s].numpy(), rcond=cutoff, hermitian=True) @ moment[s].numpy()
            np.testing.assert_allclose(fit.relative_error[s].item(), 1 - moment[s].numpy() @ a / 0.5, rtol=1e-9)
            np.testing.assert_allclose(fit.weights[s].numpy(), a, rtol=1e-6, atol=1e-7 * np.abs(a).max())


def test_certificate_fails_exactly_when_the_cutoff_drops_eigenvalues() -> None:
    u, w = _sphere(1, 4, 60), _e1(1, 4)
    values = torch.linalg.eigvalsh(population_moments(u, w, False)[0][0])
    ratio = float(values[0] / values[-1])
    assert population_relu_fits(u, w, [60], intercept=False, cutoff=ratio / 10)[0].solver == "cholesky"
    assert population_relu_fits(u, w, [60], intercept=False, cutoff=ratio * 10)[0].solver == "eigh"


def test_a_sweep_stops_at_the_first_width_where_stop_says_so() -> None:
    u, w = _sphere(3, 6, 200), _e1(3, 6)
    widths = [2, 10, 50, 100, 200]
    full = population_relu_fits(u, w, widths, intercept=False)
    first = next(i for i, f in enumerate(full) if bool((f.relative_error <= 0.08).all()))
    stopped = population_relu_fits(u, w, widths, intercept=False, stop=lambda e: bool((e <= 0.08).all()))
    assert [f.width for f in stopped] == widths[: first + 1]
    torch.testing.assert_close(stopped[-1].relative_error, full[first].relative_error, rtol=1e-12, atol=1e-14)


def test_exact_error_matches_monte_carlo_of_the_fitted_predictor() -> None:
    u, w = _sphere(1, 5, 24, seed=3), _e1(1, 5)
    fit = population_relu_fits(u, w, [24], intercept=False)[0]
    x = torch.randn(400_000, 5, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    squared = (relu_features(x, u[0]) @ fit.weights[0] - torch.relu(x[:, 0])).square()
    mean, se = float(squared.mean()) / 0.5, float(squared.std()) / 0.5 / np.sqrt(x.shape[0])
    assert abs(mean - float(fit.relative_error[0])) < 4 * se


def test_ridge_fit_reports_its_own_population_error() -> None:
    u, w = _sphere(1, 4, 30), _e1(1, 4)
    fit = population_relu_fits(u[0], w[0], [30], ridge=1e-3)[0]
    gram, moment = population_moments(u[0], w[0], True)
    a = fit.weights
    expected = (0.5 - 2 * a @ moment + a @ gram @ a) / 0.5
    assert fit.solver == "ridge" and abs(float(fit.relative_error) - float(expected)) < 1e-12
