"""Fig. 1 landmarks, determinism of the GD runs, and the linear-convergence companion's pieces."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from thundeep.single_neuron.linear_convergence import gaussian_loss_and_gradient, local_rate, tail_fit
from thundeep.single_neuron.trajectories import angle_events, descend_from_starts, settled_step

TEACHER = np.array([1.0, 0.0])
MEAN = np.array([0.0, 1.0])


def test_angle_events_and_settled_step():
    steps = np.arange(0, 60, 10)
    curves = np.array([[2.0, 3.0], [3.0, 2.0], [1.0, 0.05], [0.05, 0.2], [0.5, 0.01], [0.01, 0.01]])
    events = angle_events(steps, curves[:, 0], close=0.1)
    assert events == {"peak": 10.0, "first_close": 30.0, "rise": 1.0}
    assert angle_events(steps, curves[:, 1], close=0.1)["rise"] == 0.0
    assert settled_step(steps, curves, close=0.1) == 50.0
    assert np.isnan(settled_step(steps[:-1], curves[:-1], close=0.1))


def test_descent_is_deterministic_and_rescaled_run_is_slower():
    starts = np.array([[-1.0, 1.0], [-1.0, 0.0]])
    first = descend_from_starts(starts, TEACHER, MEAN, [1e-2, 5e-3], steps=200, record_every=50, order=8)
    second = descend_from_starts(starts, TEACHER, MEAN, [1e-2, 5e-3], steps=200, record_every=50, order=8)
    assert np.array_equal(first.iterates, second.iterates)
    fast, slow = np.linalg.norm(first.final - TEACHER, axis=1).reshape(2, 2)
    assert np.all(fast < slow)


def test_gaussian_loss_matches_the_spec_formula():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((4, 5))
    teacher = np.eye(5)[0]
    loss, grad = gaussian_loss_and_gradient(w, teacher)
    norm = np.linalg.norm(w, axis=1)
    t = np.arccos(np.clip(w @ teacher / norm, -1, 1))
    formula = norm**2 / 4 - norm * (np.sin(t) + (np.pi - t) * np.cos(t)) / (2 * np.pi) + 0.25
    np.testing.assert_allclose(loss, formula, rtol=1e-12)
    tensor = torch.from_numpy(w).requires_grad_(True)
    nt = tensor.norm(dim=1)
    tt = torch.arccos(tensor @ torch.from_numpy(teacher) / nt)
    value = (nt**2 / 4 - nt * (torch.sin(tt) + (torch.pi - tt) * torch.cos(tt)) / (2 * torch.pi)).sum()
    value.backward()
    np.testing.assert_allclose(grad, tensor.grad.numpy(), atol=1e-12)


def test_tail_fit_recovers_an_exponential_and_local_rate():
    steps = np.arange(300)
    distances = 3.0 * np.exp(-0.2 * steps)
    distances[250:] = distances[249]  # a rounding floor that the window must leave out
    fit = tail_fit(distances, upper=1.0, floor=1e-20)
    assert fit.rate == pytest.approx(0.2, rel=1e-10)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert local_rate(0.1) == pytest.approx(-2 * np.log(0.95))
    assert np.isnan(tail_fit(distances, upper=1e-40, floor=1e-50).rate)
