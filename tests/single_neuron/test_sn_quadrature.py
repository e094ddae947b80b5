"""The polar quadrature of F for x ~ N(mu, I_2) against Monte Carlo, the closed form, and its own gradient."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.integrate import quad

from thundeep.gaussian_relu import population_loss
from thundeep.single_neuron.quadrature import angle_to, population_loss_and_gradient, radial_moment

TEACHER = np.array([1.0, 0.0])
MEAN = np.array([0.0, 1.0])
POINTS = np.array([[-1.0, 1.0], [-1.0, 0.5], [-1.0, 0.0], [0.3, -0.7], [1.2, 0.4], [1.0, 0.0]])


def monte_carlo(w: np.ndarray, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MC means and standard errors of the loss integrand and the gradient integrand at each row of w."""
    x = np.random.default_rng(seed).standard_normal((samples, 2)) + MEAN
    teacher = np.maximum(x @ TEACHER, 0.0)
    losses, loss_se, grads, grad_se = [], [], [], []
    for row in w:
        pre = x @ row
        residual = np.maximum(pre, 0.0) - teacher
        value = 0.5 * residual**2
        grad = (residual * (pre > 0))[:, None] * x
        losses.append(value.mean())
        loss_se.append(value.std() / np.sqrt(samples))
        grads.append(grad.mean(0))
        grad_se.append(grad.std(0) / np.sqrt(samples))
    return np.array(losses), np.array(loss_se), np.array(grads), np.array(grad_se)


def test_quadrature_matches_monte_carlo():
    loss, grad = population_loss_and_gradient(POINTS, TEACHER, MEAN, order=16)
    mc_loss, loss_se, mc_grad, grad_se = monte_carlo(POINTS, 2_000_000, seed=0)
    assert np.all(np.abs(loss - mc_loss) <= 5 * loss_se + 1e-12)
    assert np.all(np.abs(grad - mc_grad) <= 5 * grad_se + 1e-12)
    assert loss[-1] == 0.0 and np.all(grad[-1] == 0.0)  # w = v is the global minimum


def test_quadrature_converges_geometrically_in_the_order():
    fine = population_loss_and_gradient(POINTS, TEACHER, MEAN, order=48)
    errors = {}
    for order in (4, 8, 16, 24):
        approx = population_loss_and_gradient(POINTS, TEACHER, MEAN, order=order)
        errors[order] = max(np.max(np.abs(a - b)) for a, b in zip(fine, approx, strict=True))
    assert errors[24] < 1e-13
    assert errors[16] < 1e-11
    assert errors[8] < 1e-4 < errors[4]  # each 8 more nodes per arc gain several digits


@pytest.mark.parametrize("b", [-1.0, -0.3, 0.0, 0.7, 1.0, 2.5])
def test_radial_moment_matches_numerical_integral(b):
    m2 = 1.7
    value, _ = quad(lambda r: r**3 * np.exp(-(r**2 - 2 * r * b + m2) / 2), 0, np.inf, epsabs=1e-13)
    assert radial_moment(np.array(b), m2) == pytest.approx(value, rel=1e-11)


def test_centred_case_matches_arc_cosine_closed_form():
    w = np.array([[0.4, -1.3], [-2.0, 0.1], [0.9, 0.9]])
    loss, _ = population_loss_and_gradient(w, TEACHER, np.zeros(2), order=16)
    closed = population_loss(torch.from_numpy(w)[:, None, :], torch.from_numpy(TEACHER)[None, :]).numpy()
    np.testing.assert_allclose(loss, closed, rtol=1e-13)


def test_gradient_matches_finite_differences():
    h = 1e-6
    _, grad = population_loss_and_gradient(POINTS[:5], TEACHER, MEAN, order=16)
    for k in range(2):
        step = np.zeros(2)
        step[k] = h
        up, _ = population_loss_and_gradient(POINTS[:5] + step, TEACHER, MEAN, order=16)
        down, _ = population_loss_and_gradient(POINTS[:5] - step, TEACHER, MEAN, order=16)
        np.testing.assert_allclose(grad[:, k], (up - down) / (2 * h), atol=1e-8)


def test_angle_to():
    np.testing.assert_allclose(angle_to(POINTS[:3], TEACHER), [3 * np.pi / 4, np.pi - np.arctan(0.5), np.pi])
