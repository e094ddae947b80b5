"""The shared single-neuron library: losses and gradients (ReLU'(0) = 1) and the batched descent loop."""

from __future__ import annotations

import numpy as np
import torch

from thundeep.relu_neuron.descent import gradient_descent
from thundeep.relu_neuron.neuron import hidden_neuron_loss_and_gradient, neuron_loss_and_gradient, relu_derivative

RNG = np.random.default_rng(0)
INPUTS = RNG.standard_normal((4, 6, 3))
TARGETS = RNG.standard_normal((4, 6))


def test_neuron_gradient_matches_autograd_off_the_kinks():
    w = RNG.standard_normal((4, 3))
    loss, grad = neuron_loss_and_gradient(w, INPUTS, TARGETS)
    tw = torch.from_numpy(w).requires_grad_(True)
    value = 0.5 * (
        (torch.relu(torch.einsum("bnd,bd->bn", torch.from_numpy(INPUTS), tw)) - torch.from_numpy(TARGETS)) ** 2
    ).sum(1)
    value.sum().backward()
    np.testing.assert_allclose(loss, value.detach().numpy(), rtol=1e-14)
    np.testing.assert_allclose(grad, tw.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_relu_derivative_is_one_at_zero_so_descent_leaves_the_origin():
    assert relu_derivative(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 1.0, 1.0]
    inputs, targets = INPUTS[0], np.abs(TARGETS[0])
    _, grad = neuron_loss_and_gradient(np.zeros((1, 3)), inputs, targets)
    np.testing.assert_allclose(grad[0], -inputs.T @ targets)  # every example active at w = 0


def test_hidden_neuron_gradient_matches_autograd():
    params = RNG.standard_normal((4, 4))
    loss, grad = hidden_neuron_loss_and_gradient(params, INPUTS, TARGETS)
    tp = torch.from_numpy(params).requires_grad_(True)
    hidden = torch.relu(torch.einsum("bnd,bd->bn", torch.from_numpy(INPUTS), tp[:, :3]))
    value = 0.5 * ((tp[:, 3:] * hidden - torch.from_numpy(TARGETS)) ** 2).sum(1)
    value.sum().backward()
    np.testing.assert_allclose(loss, value.detach().numpy(), rtol=1e-14)
    np.testing.assert_allclose(grad, tp.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_shared_inputs_equal_stacked_inputs():
    w = RNG.standard_normal((4, 3))
    shared = neuron_loss_and_gradient(w, INPUTS[0], TARGETS[0])
    stacked = neuron_loss_and_gradient(
        w, np.broadcast_to(INPUTS[0], INPUTS.shape), np.broadcast_to(TARGETS[0], TARGETS.shape)
    )
    for a, b in zip(shared, stacked, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def quadratic(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """L(w) = |w|^2 / 2 per run."""
    return 0.5 * np.sum(w**2, axis=1), w.copy()


def test_batched_stopping_rule_equals_running_each_run_alone():
    starts = np.array([[1.0, 0.0], [10.0, 0.0], [100.0, -3.0]])
    lrs = np.array([0.1, 0.1, 0.05])
    batch = gradient_descent(quadratic, starts, lrs, max_steps=1000, record_every=7, loss_target=1e-6)
    for b in range(3):
        alone = gradient_descent(quadratic, starts[b : b + 1], lrs[b], max_steps=1000, loss_target=1e-6)
        assert batch.steps[b] == alone.steps[0]
        np.testing.assert_array_equal(batch.final[b], alone.final[0])
        w = starts[b] * (1 - lrs[b]) ** alone.steps[0]
        np.testing.assert_allclose(alone.final[0], w, rtol=1e-12)
        assert 0.5 * np.sum((w / (1 - lrs[b])) ** 2) >= 1e-6 > alone.final_loss[0]
    assert batch.recorded_steps[0] == 0 and batch.recorded_steps[-1] == batch.steps.max()
    assert np.all(np.diff(batch.recorded_steps)[:-1] == 7)


def test_without_target_runs_all_steps_and_records_the_end():
    run = gradient_descent(quadratic, np.ones((2, 2)), 0.5, max_steps=10, record_every=4)
    assert run.recorded_steps.tolist() == [0, 4, 8, 10]
    assert run.steps.tolist() == [10, 10]
    np.testing.assert_allclose(run.iterates[-1], run.final)
    np.testing.assert_allclose(run.final, 0.5**10)
