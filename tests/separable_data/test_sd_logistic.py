"""Logistic loss stability, inverse loss, and batched GD against autograd and a per-member loop."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from thundeep.separable_data import logistic
from thundeep.separable_data.logistic import (
    gradient_descent,
    inverse_logistic_loss,
    log_grid,
    logistic_loss,
    logistic_loss_np,
)


def test_loss_is_finite_and_exact_at_huge_margins() -> None:
    z = torch.tensor([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4], dtype=torch.float64)
    loss = logistic_loss(z)
    assert torch.isfinite(loss).all()
    assert loss[0] == 1e4 and loss[1] == 1e3  # log(1 + e^{1000}) = 1000 + log1p(e^{-1000})
    assert loss[-1] == 0.0 and loss[-2] == 0.0  # e^{-1000} underflows to the nearest float64, 0
    assert torch.isclose(loss[3], torch.tensor(np.log(2.0), dtype=torch.float64))
    assert abs(loss[4].item() - np.exp(-50.0)) < 1e-30  # log1p keeps the tiny value, not 0
    assert abs(loss[2].item() - (50.0 + np.exp(-50.0))) < 1e-12
    np.testing.assert_array_equal(logistic_loss_np(z.numpy()), loss.numpy())


def test_gd_survives_margins_of_a_thousand() -> None:
    x = np.array([[[2000.0, 0.0], [-3000.0, 5.0]]])
    run = gradient_descent(x, np.full((1, 2), 0.5), 50, np.arange(51), device="cpu")
    assert np.isfinite(run.iterates).all() and np.isfinite(run.losses).all()


def test_inverse_loss_inverts_the_loss_and_is_nan_outside_its_domain() -> None:
    e = np.array([1e-12, 1e-3, 0.3, 0.69])
    z = inverse_logistic_loss(e)
    np.testing.assert_allclose(logistic_loss_np(z), e, rtol=1e-10)
    assert np.isnan(inverse_logistic_loss(np.array([0.0, np.log(2.0), 1.0]))).all()


def test_one_gd_step_is_a_step_along_minus_the_autograd_gradient() -> None:
    rng = np.random.default_rng(0)
    x, p = rng.standard_normal((1, 7, 3)), rng.dirichlet(np.ones(7))[None]
    run = gradient_descent(x, p, 2, np.array([0, 1, 2]), lr=0.7, device="cpu")
    w = torch.tensor(run.iterates[1, 0], requires_grad=True)
    loss = (torch.tensor(p[0]) * logistic_loss(torch.tensor(x[0]) @ w)).sum()
    loss.backward()
    np.testing.assert_allclose(run.iterates[2, 0], run.iterates[1, 0] - 0.7 * w.grad.numpy(), atol=1e-14)
    np.testing.assert_allclose(run.losses[1, 0], loss.item(), rtol=1e-14)
    np.testing.assert_array_equal(run.iterates[0], 0.0)


def test_batched_gd_matches_each_member_run_alone_and_is_deterministic() -> None:
    rng = np.random.default_rng(1)
    x, p = rng.standard_normal((3, 20, 4)), np.full((3, 20), 1 / 20)
    record = log_grid(300, 5)
    batched = gradient_descent(x, p, 300, record, device="cpu")
    for b in range(3):
        alone = gradient_descent(x[b : b + 1], p[b : b + 1], 300, record, device="cpu")
        np.testing.assert_allclose(batched.iterates[:, b], alone.iterates[:, 0], rtol=1e-12, atol=1e-12)
    again = gradient_descent(x, p, 300, record, device="cpu")
    np.testing.assert_array_equal(batched.iterates, again.iterates)


def test_first_correct_times_and_early_stop() -> None:
    x = np.array([[[1.0, 0.0], [-0.5, 0.375]]])
    run = gradient_descent(
        x,
        np.array([[0.875, 0.125]]),
        10_000,
        np.array([0]),
        track_first_correct=True,
        stop_when_all_correct=True,
        device="cpu",
    )
    t_star = int(run.first_correct[0, 1])
    assert run.first_correct[0, 0] == 1 and t_star > 1
    w, p = np.zeros(2), np.array([0.875, 0.125])
    for t in range(t_star + 1):  # plain loop: the minority margin turns positive exactly at t*
        assert (x[0, 1] @ w > 0) == (t == t_star)
        w = w + (p * (1 / (1 + np.exp(x[0] @ w)))) @ x[0]


def test_log_grid_starts_at_zero_ends_at_steps_and_thins_out() -> None:
    grid = log_grid(10_000, 10)
    assert grid[0] == 0 and grid[1] == 1 and grid[-1] == 10_000
    assert np.all(np.diff(grid) > 0) and len(grid) < 60


def test_cpu_chunks_give_the_same_run_as_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    x, p = rng.standard_normal((5, 30, 4)), np.full((5, 30), 1 / 30)
    whole = gradient_descent(x, p, 200, log_grid(200, 5), track_first_correct=True, device="cpu")
    monkeypatch.setattr(logistic, "CPU_CHUNK_BYTES", 2 * 30 * 4 * 8)  # two members per chunk
    chunked = gradient_descent(x, p, 200, log_grid(200, 5), track_first_correct=True, device="cpu")
    np.testing.assert_allclose(chunked.iterates, whole.iterates, rtol=1e-12, atol=1e-13)
    np.testing.assert_array_equal(chunked.first_correct, whole.first_correct)
    assert chunked.losses.shape == whole.losses.shape
