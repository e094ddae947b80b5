"""Random features: least squares against closed-form solves, Gaussian moments against Monte Carlo."""

import math

import numpy as np
import torch

from thundeep.nn.gaussian_random_features import population_relu_fits, relu_mean
from thundeep.nn.random_features import fit_least_squares, relu_features


def test_least_squares_matches_numpy_lstsq() -> None:
    gen = torch.Generator().manual_seed(0)
    phi = torch.randn(2, 200, 30, generator=gen)
    y = torch.randn(2, 200, 4, generator=gen)
    weights = fit_least_squares(phi, y)
    for s in range(2):
        expected = np.linalg.lstsq(phi[s].double().numpy(), y[s].double().numpy(), rcond=None)[0]
        np.testing.assert_allclose(weights[s].numpy(), expected, rtol=1e-8, atol=1e-10)


def test_ridge_matches_the_regularised_normal_equations() -> None:
    gen = torch.Generator().manual_seed(1)
    phi = torch.randn(50, 80, generator=gen).double()  # more features than samples
    y = torch.randn(50, 2, generator=gen).double()
    ridge = 1e-2
    lam = ridge * float((phi * phi).sum(dim=0).mean())
    expected = np.linalg.solve((phi.T @ phi).numpy() + lam * np.eye(80), (phi.T @ y).numpy())
    np.testing.assert_allclose(fit_least_squares(phi, y, ridge).numpy(), expected, rtol=1e-8)


def test_gaussian_relu_mean_matches_monte_carlo() -> None:
    gen = torch.Generator().manual_seed(2)
    u = torch.randn(5, 3, generator=gen).double()
    phi = relu_features(torch.randn(400_000, 5, generator=gen).double(), u)
    standard_error = phi.std(dim=0) / math.sqrt(phi.shape[0])
    assert ((relu_mean(u) - phi.mean(dim=0)).abs() < 4 * standard_error).all()
    assert math.isclose(float(relu_mean(torch.tensor([[1.0]]))), 1 / math.sqrt(2 * math.pi), rel_tol=1e-7)


def test_population_fit_matches_a_large_sample_fit_and_nests() -> None:
    gen = torch.Generator().manual_seed(3)
    d, width = 4, 12
    u = (torch.rand(d, width, generator=gen) * 2 - 1).double()
    w = torch.randn(d, generator=gen).double()
    w /= w.norm()
    fits = [fit.weights for fit in population_relu_fits(u, w, [width // 2, width], ridge=0.0)]
    x = torch.randn(500_000, d, generator=gen).double()
    phi = torch.cat([torch.ones(x.shape[0], 1, dtype=torch.float64), relu_features(x, u)], dim=1)
    sample = fit_least_squares(phi, torch.relu(x @ w)[:, None])[:, 0]
    risk_population = float(((phi @ fits[1] - torch.relu(x @ w)) ** 2).mean())
    risk_sample = float(((phi @ sample - torch.relu(x @ w)) ** 2).mean())
    assert risk_sample <= risk_population <= risk_sample * 1.01 + 1e-6
    half = population_relu_fits(u[:, : width // 2], w, [width // 2], ridge=0.0)[0].weights
    torch.testing.assert_close(fits[0], half)
