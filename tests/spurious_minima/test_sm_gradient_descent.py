"""Batched gradient descent: stopping rules, the iteration cap, and batch independence."""

from __future__ import annotations

import math
from functools import partial

import pytest
import torch

from thundeep.gaussian_relu import population_gradient, population_loss
from thundeep.runtime import generator
from thundeep.spurious_minima import gradient_descent
from thundeep.spurious_minima.fused_descent import iterate_runs
from thundeep.spurious_minima.gradient_descent import Descent, descend, gradient_test, xavier_init

RULE = Descent(step=0.1, tolerance=1e-6, criterion="neuron_max", max_steps=20_000, check_every=50)


def _starts(runs: int, n: int, k: int, seed: int = 0) -> torch.Tensor:
    return xavier_init(runs, n, k, torch.Generator().manual_seed(seed))


def test_xavier_init_variance() -> None:
    w = _starts(4000, 5, 8)
    assert w.dtype == torch.float64
    assert abs(w.var().item() - 1 / 8) < 0.01


def test_start_at_global_minimum_stops_at_once() -> None:
    teacher = torch.eye(4, dtype=torch.float64)
    out = descend(teacher.expand(3, 4, 4), teacher, RULE)
    assert out.converged.all() and (out.steps == 0).all()
    assert torch.equal(out.weights, teacher.expand(3, 4, 4))


def test_runs_stop_on_their_own_rule() -> None:
    k = 3
    teacher = torch.eye(k, dtype=torch.float64)
    starts = _starts(2, k, k)
    out = descend(starts, teacher, RULE)
    assert out.converged.all()
    final = gradient_test(population_gradient(out.weights, teacher), "neuron_max")
    assert (final <= RULE.tolerance).all()
    assert torch.equal(final, out.grad_norm)
    for r in range(len(starts)):  # replay the run alone: the iterate before the last still failed the test
        w = starts[r : r + 1].clone()
        for _ in range(int(out.steps[r]) - 1):
            w -= RULE.step * population_gradient(w, teacher)
        assert gradient_test(population_gradient(w, teacher), "neuron_max").item() > RULE.tolerance


def test_batched_equals_one_at_a_time_and_block_size_is_irrelevant() -> None:
    k, n = 6, 7
    teacher = torch.eye(k, dtype=torch.float64)
    starts = _starts(4, n, k, seed=3)
    rule = Descent(step=0.1, tolerance=1e-2, criterion="neuron_max", max_steps=400, check_every=50)
    batched = descend(starts, teacher, rule)
    assert 0 < batched.converged.sum() < len(starts)  # some stop early, some at the cap
    other_blocks = descend(starts, teacher, Descent(0.1, 1e-2, "neuron_max", 400, check_every=7))
    assert torch.equal(batched.weights, other_blocks.weights) and torch.equal(batched.steps, other_blocks.steps)
    for r in range(len(starts)):
        single = descend(starts[r : r + 1], teacher, rule)
        assert torch.equal(single.steps[0], batched.steps[r])
        assert torch.equal(single.weights[0], batched.weights[r])


def test_iteration_cap_is_not_convergence() -> None:
    k = 8
    teacher = torch.eye(k, dtype=torch.float64)
    capped = Descent(step=0.1, tolerance=1e-9, criterion="neuron_max", max_steps=30, check_every=8)
    out = descend(_starts(5, k, k), teacher, capped)
    assert not out.converged.any()
    assert (out.steps == 30).all()
    assert (out.grad_norm > 1e-9).all() and torch.isfinite(out.grad_norm).all()


def test_frobenius_criterion() -> None:
    grad = torch.tensor([[[3.0, 4.0], [0.0, 12.0]]], dtype=torch.float64)
    assert gradient_test(grad, "frobenius").item() == math.sqrt(169.0)
    assert gradient_test(grad, "neuron_max").item() == 12.0


def test_loss_floor_stops_runs_at_bookkeeping_points() -> None:
    k = 4
    teacher = torch.eye(k, dtype=torch.float64)
    rule = Descent(step=0.1, tolerance=1e-9, criterion="neuron_max", max_steps=1000, check_every=30, loss_floor=1e-3)
    out = descend(_starts(5, k + 1, k), teacher, rule)
    assert out.floored.sum() >= 3 and not (out.floored & out.converged).any()
    floored = out.floored.nonzero().flatten().tolist()
    assert (out.steps[floored] % 30 == 0).all()
    assert (population_loss(out.weights[floored], teacher) < 1e-3).all()
    # one bookkeeping point earlier the loss was still above the floor
    for r in floored:
        w = _starts(5, k + 1, k)[r : r + 1].clone()
        for _ in range(int(out.steps[r]) - 30):
            w -= rule.step * population_gradient(w, teacher)
        assert population_loss(w, teacher).item() >= 1e-3


def test_compiled_iterations_match_the_torch_gradient_within_1e_12() -> None:
    k, n = 6, 6
    teacher = torch.eye(k, dtype=torch.float64)
    starts = _starts(3, n, k, seed=5)
    rule = Descent(step=0.1, tolerance=1e-6, criterion="neuron_max", max_steps=3000, check_every=50)
    out = descend(starts, teacher, rule)
    for r in range(len(starts)):  # the same GD with the torch closed form, one run at a time
        w = starts[r : r + 1].clone()
        for _ in range(int(out.steps[r])):
            w -= rule.step * population_gradient(w, teacher)
        torch.testing.assert_close(out.weights[r], w[0], rtol=1e-12, atol=1e-14)


def test_general_teacher_and_wider_student_match_the_torch_gradient_within_1e_12() -> None:
    """The kernel's general-teacher path (a random teacher, n = k + 2) against the torch closed form."""
    k, n = 5, 7
    teacher = torch.randn(k, k, generator=generator(3), dtype=torch.float64)
    starts = _starts(3, n, k, seed=8)
    rule = Descent(step=0.05, tolerance=1e-7, criterion="frobenius", max_steps=400, check_every=64)
    out = descend(starts, teacher, rule)
    for r in range(len(starts)):
        w = starts[r : r + 1].clone()
        for _ in range(int(out.steps[r])):
            w -= rule.step * population_gradient(w, teacher)
        torch.testing.assert_close(out.weights[r], w[0], rtol=1e-12, atol=1e-14)


def test_identity_teacher_shortcut_equals_the_general_path() -> None:
    """V = I takes the kernel's shortcut; its rows permuted (the same F) take the general path."""
    k = 6
    starts = _starts(40, k, k, seed=11)
    rule = Descent(step=0.1, tolerance=1e-6, criterion="neuron_max", max_steps=2000)
    shortcut = descend(starts, torch.eye(k, dtype=torch.float64), rule)
    general = descend(starts, torch.eye(k, dtype=torch.float64).flip(0), rule)
    assert torch.equal(shortcut.steps, general.steps)
    torch.testing.assert_close(shortcut.weights, general.weights, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("teacher_kind", "criterion"), [("identity", "frobenius"), ("rotated", "neuron_max")])
def test_endpoints_do_not_depend_on_how_the_runs_are_grouped(teacher_kind: str, criterion: str, monkeypatch) -> None:
    """Runs that stop at very different steps (step 5/k at k = n = 7), descended with every run in tiles
    (as before runs could go alone), every run alone, and the default mix (tiles while 8 or more runs
    are going, then one at a time): endpoints, steps, flags and statistics bit-identical. A rotated
    orthonormal teacher takes the kernels' general-teacher path."""
    k = 7
    teacher = torch.eye(k, dtype=torch.float64)
    if teacher_kind == "rotated":
        teacher = torch.linalg.qr(torch.randn(k, k, generator=generator(4), dtype=torch.float64))[0]
    starts = _starts(41, k, k, seed=9)  # a full tile, then 9 runs in a padded tile
    rule = Descent(step=5 / k, tolerance=1e-7, criterion=criterion, max_steps=1000, check_every=40)
    ends = {}
    for alone in (1, None, len(starts) + 1):
        kernel = iterate_runs if alone is None else partial(iterate_runs, alone=alone)
        monkeypatch.setattr(gradient_descent, "iterate_runs", kernel)
        ends[alone] = descend(starts, teacher, rule)
    tiles = ends[1]
    assert 0 < tiles.converged.sum() < len(starts)  # most stop on the test, some at the cap
    assert tiles.steps.max() >= 3 * tiles.steps.min()
    for end in ends.values():
        for name in ("weights", "steps", "converged", "floored", "grad_norm"):
            assert torch.equal(getattr(end, name), getattr(tiles, name)), name
