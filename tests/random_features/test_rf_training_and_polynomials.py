"""E2's losses and SGD gradient against Monte Carlo; E3's target normalisation and least squares."""

import numpy as np
import torch

from thundeep.gaussian_relu import population_gradient
from thundeep.random_features.polynomial_features import biased_features, hermite_target, polynomial_error
from thundeep.random_features.sample_least_squares import sample_relative_error
from thundeep.random_features.trained_neuron import gd_errors, relative_errors, sample_gradient


def test_relative_error_is_four_times_the_population_loss_by_monte_carlo() -> None:
    w = np.array([[0.3, -0.8, 0.5]])
    x = torch.randn(400_000, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    squared = (torch.relu(x @ torch.from_numpy(w[0])) - torch.relu(x[:, 0])).square()
    mc, se = float(squared.mean()) / 0.5, float(squared.std()) / 0.5 / np.sqrt(len(x))
    assert abs(float(relative_errors(w)[0]) - mc) < 4 * se


def test_sgd_gradient_is_unbiased_for_the_population_gradient() -> None:
    w = torch.tensor([[0.4, 0.7, -0.2, 0.1]], dtype=torch.float64)
    teacher = torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64)
    x = torch.randn(1, 400_000, 4, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    exact = population_gradient(w[:, None, :], teacher[None, None, :])[0, 0]
    torch.testing.assert_close(sample_gradient(w, x, teacher)[0], exact, atol=5e-3, rtol=0)


def test_gd_with_a_tiny_step_stalls_and_with_the_spec_step_converges() -> None:
    assert gd_errors(16, [0, 1], 1.0, 100)[-1].max() < 1e-10
    assert gd_errors(16, [0, 1], 1e-3, 100)[-1].min() > 0.1


def test_hermite_targets_have_unit_energy() -> None:
    x = torch.randn(400_000, 2, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    for k in (1, 2, 3):
        assert abs(float(hermite_target(k)(x).square().mean()) - 1) < 0.03
    torch.testing.assert_close(hermite_target(2)(x), (x[:, 0] ** 2 - 1) / np.sqrt(2))


def test_sample_least_squares_is_exact_when_the_features_contain_the_target() -> None:
    def features(x):
        return torch.stack([torch.ones(len(x), dtype=torch.float64), x[:, 0], x[:, 1]], dim=1)

    gen = torch.Generator().manual_seed(3)
    error = sample_relative_error(features, hermite_target(1), 3, 50, 1000, 1.0, 0.0, 16, gen)
    assert error < 1e-20


def test_more_biased_features_fit_a_linear_target_better() -> None:
    errors = [polynomial_error(1, 4, n, 0, 10, 5000, 1e-9, 4096, 64) for n in (4, 64)]
    assert errors[1] < errors[0] / 4


def test_e3_widths_are_nested_in_features_samples_and_test_set() -> None:
    """Width N uses the first N features of one draw of max_width and the first 10 N points of one
    training sequence; the test set is the same at every width (the fix of issue 23, item 7)."""
    x = torch.randn(7, 5, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    small, large = biased_features(5, 8, 0, 2, 64)(x), biased_features(5, 32, 0, 2, 64)(x)
    torch.testing.assert_close(small, large[:, :9], rtol=0, atol=0)
    seen = []

    def recording(x: torch.Tensor) -> torch.Tensor:
        seen.append(x.clone())
        return torch.relu(x)

    def draws(n_train: int) -> list[torch.Tensor]:
        seen.clear()
        gen, test_gen = torch.Generator().manual_seed(5), torch.Generator().manual_seed(6)
        sample_relative_error(recording, hermite_target(1), 3, n_train, 40, 1.0, 0.0, 16, gen, test_gen)
        return [t.clone() for t in seen]

    few, many = draws(20), draws(50)
    torch.testing.assert_close(torch.cat(few[:2]), torch.cat(many[:4])[:20], rtol=0, atol=0)  # training points
    torch.testing.assert_close(torch.cat(few[2:]), torch.cat(many[4:]), rtol=0, atol=0)  # test points
