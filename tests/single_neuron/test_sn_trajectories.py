"""Fig. 1 landmarks, determinism of the GD runs, and the pieces of the Lemma 6.2 / Thm 6.4 companion."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from thundeep.single_neuron.linear_convergence import (
    angle_to_unit,
    converged_steps,
    descend,
    draw_starts,
    gaussian_gradient,
    local_rate,
    tail_fit,
    whole_run_rates,
)
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


def test_gaussian_gradient_is_the_gradient_of_the_spec_formula():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((4, 5))
    teacher = np.eye(5)[0]
    grad = gaussian_gradient(w, teacher)
    tensor = torch.from_numpy(w).requires_grad_(True)
    nt = tensor.norm(dim=1)
    tt = torch.arccos(tensor @ torch.from_numpy(teacher) / nt)
    value = (nt**2 / 4 - nt * (torch.sin(tt) + (torch.pi - tt) * torch.cos(tt)) / (2 * torch.pi)).sum()
    value.backward()
    np.testing.assert_allclose(grad, tensor.grad.numpy(), atol=1e-12)


def test_angle_to_unit_keeps_relative_accuracy_near_zero_and_pi():
    teacher = np.eye(3)[0]
    w = np.array([[1.0, 1e-10, 0.0], [-2.0, 0.0, 3e-12], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(angle_to_unit(w, teacher), [1e-10, np.pi - 1.5e-12, np.pi / 2], rtol=1e-14)


def test_gd_runs_converge_with_a_falling_angle():
    distances, angles = descend(draw_starts(5, 20, seed=1), lr=0.1, steps=800)
    assert np.all(np.diff(angles, axis=0) <= 1e-12)
    assert np.all(converged_steps(distances, 1e-24) > 0)
    rates = whole_run_rates(distances, 1e-24)
    assert np.all((rates > 0.8 * local_rate(0.1)) & (rates < 1.1 * local_rate(0.1)))


def test_whole_run_rates_and_converged_steps():
    t = np.arange(100)[:, None]
    distances = np.concatenate([2.0 * np.exp(-0.5 * t), np.full((100, 1), 2.0)], axis=1)
    assert list(converged_steps(distances, 1e-10)) == [int(np.ceil(np.log(2e10) / 0.5)), -1]
    rates = whole_run_rates(distances, 1e-10)
    assert rates[0] == pytest.approx(0.5, rel=1e-12) and np.isnan(rates[1])


def test_tail_fit_recovers_an_exponential_and_local_rate():
    steps = np.arange(300)
    distances = 3.0 * np.exp(-0.2 * steps)
    distances[250:] = distances[249]  # a rounding floor that the window must leave out
    fit = tail_fit(distances, upper=1.0, floor=1e-20)
    assert fit.rate == pytest.approx(0.2, rel=1e-10)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert local_rate(0.1) == pytest.approx(-2 * np.log(0.95))
    assert np.isnan(tail_fit(distances, upper=1e-40, floor=1e-50).rate)
