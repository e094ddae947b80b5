"""The vectorised simulator against a plain step-by-step SGD loop on the papers' formulas."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.random_shuffling.instances import colt_c1, colt_c2, colt_c3, eq1, eq2
from thundeep.random_shuffling.samplers import pack_signs, sample_epochs, unpack_signs
from thundeep.random_shuffling.simulate import final_iterates, simulate

LAM, LAM_MAX, G = 1.0, 20.0, 1.0  # a small condition number keeps moderate steps stable
G_COLT = 6.0


def gradient(name: str, positive: bool, x: list[float]) -> list[float]:
    """Gradient of component f_i at x, written from the papers' formulas (e_i = +1 iff positive)."""
    e = 1.0 if positive else -1.0
    if name == "eq1":  # lam/2 x1^2 + lam_max/2 x2^2 - G/2 e x2
        return [LAM * x[0], LAM_MAX * x[1] - G / 2 * e]
    if name == "eq2":  # lam/2 x1^2 + [e=-1] lam_max/2 x2^2 - G/2 e x2
        return [LAM * x[0], (0.0 if positive else LAM_MAX * x[1]) - G / 2 * e]
    if name == "c1":  # lam/2 x^2 + G/2 x  |  lam/2 x^2 - G/2 x
        return [LAM * x[0] + G_COLT / 2 * e]
    if name == "c2":  # lam/2 x^2 + G/2 x  |  -G/2 x
        return [LAM * x[0] + G_COLT / 2] if positive else [-G_COLT / 2]
    if name == "c3":  # G/2 x  |  lam x^2 - G/2 x
        return [G_COLT / 2] if positive else [2 * LAM * x[0] - G_COLT / 2]
    raise ValueError(name)


BUILD = {
    "eq1": lambda: eq1(LAM, LAM_MAX, G),
    "eq2": lambda: eq2(LAM, LAM_MAX, G),
    "c1": lambda: colt_c1(LAM, G_COLT),
    "c2": lambda: colt_c2(LAM, G_COLT),
    "c3": lambda: colt_c3(LAM, G_COLT),
}


def reference_run(name: str, eta: float, orders: list[list[int]], n: int) -> list[float]:
    """Plain SGD: one step at a time over the component indices of each epoch (e_i = +1 for i < n/2)."""
    x = [c.start for c in BUILD[name]().coordinates]
    for order in orders:
        for i in order:
            grad = gradient(name, i < n // 2, x)
            x = [xj - eta * gj for xj, gj in zip(x, grad, strict=True)]
    return x


def draw_orders(rng: np.random.Generator, method: str, n: int, k: int) -> list[list[int]]:
    """Component indices per epoch, drawn the textbook way (indices / permutations)."""
    if method == "wr":
        return [list(rng.integers(0, n, size=n)) for _ in range(k)]
    if method == "rr":
        return [list(rng.permutation(n)) for _ in range(k)]
    if method == "ss":
        order = list(rng.permutation(n))
        return [order] * k
    if method == "ig":
        return [list(range(n))] * k
    raise ValueError(method)


CASES = [
    ("eq1", 6, 4, 0.03),
    ("eq2", 40, 3, 0.02),
    ("eq1", 70, 2, 0.004),
    ("c1", 130, 3, 0.01),
    ("c2", 18, 5, 0.05),
    ("c3", 34, 4, 0.02),
]


@pytest.mark.parametrize("method", ["wr", "ss", "rr", "ig"])
@pytest.mark.parametrize(("name", "n", "k", "eta"), CASES)
def test_same_draws_same_final_iterate(name: str, n: int, k: int, eta: float, method: str) -> None:
    rng = np.random.default_rng(1234)
    runs = 3
    orders = [draw_orders(rng, method, n, k) for _ in range(runs)]
    reference = np.array([reference_run(name, eta, o, n) for o in orders])
    classes = np.array([[np.array(epoch) < n // 2 for epoch in o] for o in orders])  # (runs, k, n)
    if method in ("ss", "ig"):
        classes = classes[:, :1]
    ours = final_iterates(BUILD[name](), pack_signs(classes), n, k, eta)
    np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("method", ["wr", "ss", "rr"])
@pytest.mark.parametrize(("name", "n", "k", "eta"), CASES)
def test_sampler_draws_replayed_by_the_loop(name: str, n: int, k: int, eta: float, method: str) -> None:
    construction = BUILD[name]()
    words = sample_epochs(np.random.default_rng(7), method, 4, k, n)
    signs = unpack_signs(words, n)
    if method == "ss":
        signs = np.repeat(signs, k, axis=1)
    # any component of the right class will do: they are identical
    orders = [[[0 if s > 0 else n - 1 for s in epoch] for epoch in run] for run in signs]
    reference = np.array([reference_run(name, eta, o, n) for o in orders])
    np.testing.assert_allclose(final_iterates(construction, words, n, k, eta), reference, rtol=1e-12, atol=1e-15)
    losses = simulate(construction, method, n, k, [eta], 4, np.random.default_rng(7))[0]
    np.testing.assert_allclose(losses, construction.suboptimality(reference), rtol=1e-11, atol=1e-30)


def test_losses_match_the_papers_objective() -> None:
    x = np.array([[0.3, -0.2]])
    np.testing.assert_allclose(eq1(LAM, LAM_MAX, G).suboptimality(x), LAM / 2 * 0.09 + LAM_MAX / 2 * 0.04)
    np.testing.assert_allclose(eq2(LAM, LAM_MAX, G).suboptimality(x), LAM / 2 * 0.09 + LAM_MAX / 4 * 0.04)
    for name in BUILD:  # the average gradient vanishes at 0, where the reported loss is 0
        d = len(BUILD[name]().coordinates)
        avg = np.mean([gradient(name, i < 2, [0.0] * d) for i in range(4)], axis=0)
        np.testing.assert_allclose(avg, 0.0, atol=1e-15)
        assert BUILD[name]().suboptimality(np.zeros((1, d)))[0] == 0.0
