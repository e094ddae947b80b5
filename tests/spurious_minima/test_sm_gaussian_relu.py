"""Closed-form Gaussian ReLU loss, gradient and Hessian against independent references."""

from __future__ import annotations

import math

import pytest
import torch

from thundeep.gaussian_relu import (
    pair_angles,
    population_gradient,
    population_hessian,
    population_loss,
    relu_kernel,
)

F64 = torch.float64


def _reference_kernel(a: torch.Tensor, b: torch.Tensor, same: bool) -> torch.Tensor:
    """The textbook arccos formula (differentiable away from t = 0, pi); `same` fixes the diagonal."""
    na, nb = a.norm(dim=-1), b.norm(dim=-1)
    cos = (a @ b.T) / (na[:, None] * nb[None])
    eye = torch.eye(len(a), dtype=torch.bool) if same else torch.zeros(cos.shape, dtype=torch.bool)
    cos = torch.where(eye, torch.zeros_like(cos), cos)
    t = torch.arccos(cos)
    k = na[:, None] * nb[None] * (torch.sin(t) + (math.pi - t) * cos) / (2 * math.pi)
    return torch.where(eye, (na**2 / 2)[:, None], k)


def _reference_loss(w: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return (
        0.5 * _reference_kernel(w, w, True).sum()
        - _reference_kernel(w, v, False).sum()
        + 0.5 * _reference_kernel(v, v, True).sum()
    )


def _random_point(seed: int, n: int, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(n, k, generator=gen, dtype=F64), torch.randn(k, k, generator=gen, dtype=F64)


@pytest.mark.parametrize(("seed", "n", "k"), [(0, 3, 3), (1, 5, 4), (2, 7, 6)])
def test_loss_gradient_hessian_match_autograd(seed: int, n: int, k: int) -> None:
    w, v = _random_point(seed, n, k)
    assert population_loss(w, v).item() == pytest.approx(_reference_loss(w, v).item(), rel=1e-13)
    wr = w.clone().requires_grad_()
    grad = torch.autograd.grad(_reference_loss(wr, v), wr)[0]
    torch.testing.assert_close(population_gradient(w, v), grad, rtol=1e-12, atol=1e-13)
    hess = torch.autograd.functional.hessian(lambda x: _reference_loss(x.view(n, k), v), w.reshape(-1))
    ours = population_hessian(w, v)
    torch.testing.assert_close(ours, hess, rtol=1e-11, atol=1e-12)
    torch.testing.assert_close(ours, ours.T, rtol=0, atol=1e-14)


def test_gradient_matches_finite_differences() -> None:
    w, v = _random_point(3, 4, 4)
    step = 1e-6
    direction = torch.randn(w.shape, generator=torch.Generator().manual_seed(9), dtype=F64)
    slope = (population_loss(w + step * direction, v) - population_loss(w - step * direction, v)) / (2 * step)
    assert slope.item() == pytest.approx((population_gradient(w, v) * direction).sum().item(), rel=1e-8)
    hv = (population_gradient(w + step * direction, v) - population_gradient(w - step * direction, v)) / (2 * step)
    torch.testing.assert_close(population_hessian(w, v) @ direction.reshape(-1), hv.reshape(-1), rtol=1e-7, atol=1e-8)


def test_batched_equals_one_at_a_time() -> None:
    gen = torch.Generator().manual_seed(4)
    w = torch.randn(6, 5, 4, generator=gen, dtype=F64)
    v = torch.eye(4, dtype=F64)
    loss, grad, hess = population_loss(w, v), population_gradient(w, v), population_hessian(w, v)
    for r in range(len(w)):
        torch.testing.assert_close(loss[r], population_loss(w[r], v), rtol=1e-15, atol=1e-15)
        torch.testing.assert_close(grad[r], population_gradient(w[r], v), rtol=1e-15, atol=1e-15)
        torch.testing.assert_close(hess[r], population_hessian(w[r], v), rtol=1e-15, atol=1e-15)


def test_kernel_and_loss_match_monte_carlo() -> None:
    """E[[a.x]+[b.x]+] and F against 4e6 Gaussian samples, within 5 standard errors."""
    w, v = _random_point(5, 3, 3)
    x = torch.randn(4_000_000, 3, generator=torch.Generator().manual_seed(11), dtype=F64)
    hw, hv = torch.relu(x @ w.T), torch.relu(x @ v.T)
    products = hw[:, :, None] * hv[:, None, :]
    mean, se = products.mean(0), products.std(0) / math.sqrt(len(x))
    assert ((relu_kernel(w, v) - mean).abs() <= 5 * se).all()
    residual = 0.5 * (hw.sum(1) - hv.sum(1)) ** 2
    err = residual.std().item() / math.sqrt(len(x))
    assert abs(population_loss(w, v).item() - residual.mean().item()) <= 5 * err


def test_global_minimum_and_its_hessian() -> None:
    """At W = V = I_k: F = 0, gradient 0, smallest Hessian eigenvalue 1/4 - 1/(2 pi) (COLT'21 Thm 3)."""
    for k in (2, 5, 9):
        v = torch.eye(k, dtype=F64)
        assert population_loss(v, v).abs().item() < 1e-14
        assert population_gradient(v, v).abs().max().item() < 1e-15
        smallest = torch.linalg.eigvalsh(population_hessian(v, v))[0].item()
        assert smallest == pytest.approx(0.25 - 1 / (2 * math.pi), abs=1e-14)


@pytest.mark.parametrize("size", [1e-5, 1e-9, 1e-13])
def test_near_parallel_gradient_is_linear_in_the_offset(size: float) -> None:
    """Near W = V (every student parallel to a teacher) grad F(V + D) = H(V) D + O(|D|^2).

    The Hessian at exactly parallel pairs uses the analytic limit; a wrong limit breaks linearity.
    """
    k = 4
    v = torch.eye(k, dtype=F64)
    offset = size * torch.randn(k, k, generator=torch.Generator().manual_seed(2), dtype=F64)
    grad = population_gradient(v + offset, v).reshape(-1)
    predicted = population_hessian(v, v) @ offset.reshape(-1)
    assert torch.isfinite(grad).all()
    bound = 10 * offset.norm().item() * predicted.norm().item() + 1e-14  # O(|D|^2) plus rounding
    assert (grad - predicted).norm().item() <= bound


def test_parallel_students_split_a_teacher() -> None:
    """n = k + 1 with w_1 = a v_1 and w_{k+1} = (1 - a) v_1 is a global minimum: F = 0, gradient 0."""
    k, a = 3, 0.3
    v = torch.eye(k, dtype=F64)
    w = torch.cat([v, v[:1]], 0).clone()
    w[0] *= a
    w[k] *= 1 - a
    assert population_loss(w, v).abs().item() < 1e-15
    assert population_gradient(w, v).abs().max().item() < 1e-15
    hess = population_hessian(w, v)
    assert torch.isfinite(hess).all()
    torch.testing.assert_close(hess, hess.T, rtol=0, atol=1e-15)
    assert torch.linalg.eigvalsh(hess)[0].item() > -1e-12  # a minimum: no negative curvature


@pytest.mark.parametrize("angle", [0.0, 1e-12, 1e-7, 1e-3, math.pi - 1e-7, math.pi - 1e-12, math.pi])
def test_degenerate_angles_against_high_precision(angle: float) -> None:
    """Angle, kernel and gradient of a pair at (near-)0 and (near-)pi against 50-digit arithmetic."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    a = torch.tensor([[1.3, 0.0, 0.0]], dtype=F64)
    b = torch.tensor([[0.7 * math.cos(angle), 0.7 * math.sin(angle), 0.0]], dtype=F64)
    # exact angle of the float64 inputs, and the exact kernel/gradient at them
    ax, bx, by = (mpmath.mpf(float(x)) for x in (a[0, 0], b[0, 0], b[0, 1]))
    t = mpmath.atan2(by, bx)
    nb = mpmath.sqrt(bx**2 + by**2)
    kernel = ax * nb * (mpmath.sin(t) + (mpmath.pi - t) * mpmath.cos(t)) / (2 * mpmath.pi)
    grad_x = (nb * mpmath.sin(t) + (mpmath.pi - t) * bx) / (2 * mpmath.pi)
    grad_y = (mpmath.pi - t) * by / (2 * mpmath.pi)
    assert pair_angles(a, b).item() == pytest.approx(float(t), rel=1e-14, abs=1e-15)
    assert relu_kernel(a, b).item() == pytest.approx(float(kernel), rel=1e-13, abs=1e-16)
    # gradient of -K(w, v) in the loss with student w = a and teacher v = b, minus the w/2 term
    grad = -(population_gradient(a, b) - a / 2)
    assert grad[0, 0].item() == pytest.approx(float(grad_x), rel=1e-13, abs=1e-15)
    assert grad[0, 1].item() == pytest.approx(float(grad_y), rel=1e-12, abs=1e-15)
    assert torch.isfinite(population_hessian(a, b)).all()
