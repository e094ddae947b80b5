"""Benchmark: batched logistic GD (thundeep.separable_data.logistic) against a plain per-step numpy loop.

Usage: python benchmarks/separable_data_gd.py [steps]
Two data sets: E1's default grid (9 Lemma 15 constructions, m = d = 2: Python round trips dominate) and
E2's default setting (d = 50, m = 2,000, gammas 0.05 and 0.1, 3 seeds: 6 runs; the matrix products
dominate). For each: (a) all runs in one `gradient_descent` batch, recording on a log grid; (b) a plain
numpy loop, one run after another, that evaluates the loss at every step (as a per-step script that
keeps the loss curve does); (c) the same numpy loop without the per-step loss (the fairest baseline).
Prints GD steps per second (runs x steps / seconds) and the speed-ups, and checks that the final iterates
agree. One BLAS/torch thread for all, so the numbers compare the code, not the thread count; each time is
the best of `REPEATS` runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

from thundeep.separable_data.construction import construction_points, construction_weights  # noqa: E402
from thundeep.separable_data.logistic import gradient_descent, log_grid, logistic_loss_np  # noqa: E402
from thundeep.separable_data.rates import margin_ball_sample  # noqa: E402

REPEATS = 3
DIM, M, GAMMAS, SEEDS = 50, 2000, (0.05, 0.1), 3


def rates_data() -> tuple[np.ndarray, np.ndarray]:
    """The six (seed, gamma) training sets of E2 at default, stacked (6, m, d), and their weights 1/m."""
    w0 = np.eye(DIM)[0]
    x = np.stack(
        [
            margin_ball_sample(M, DIM, g, w0, np.random.default_rng([s, k]))
            for s in range(SEEDS)
            for k, g in enumerate(GAMMAS)
        ]
    )
    return x, np.full(x.shape[:2], 1.0 / M)


def construction_data() -> tuple[np.ndarray, np.ndarray]:
    """E1's default 3 x 3 grid of Lemma 15 constructions (9, 2, 2) and their weights (1 - eps, eps)."""
    pairs = [(g, e) for g in (1 / 8, 1 / 16, 1 / 32) for e in (1 / 8, 1 / 32, 1 / 128)]
    return (np.stack([construction_points(g) for g, _ in pairs]), np.stack([construction_weights(e) for _, e in pairs]))


def numpy_loop(x: np.ndarray, p: np.ndarray, steps: int, with_loss: bool) -> np.ndarray:
    """Plain GD, one run at a time, one numpy step per iteration; returns the final iterates."""
    finals = []
    for xb, pb in zip(x, p, strict=True):
        w, losses = np.zeros(xb.shape[1]), []
        for _ in range(steps):
            z = xb @ w
            if with_loss:
                losses.append(pb @ logistic_loss_np(z))
            w = w + xb.T @ (pb / (1.0 + np.exp(z)))
        finals.append(w)
    return np.stack(finals)


def best_time(function) -> tuple[float, np.ndarray]:
    """Best-of-REPEATS wall seconds of `function()` and its last result."""
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def compare(name: str, x: np.ndarray, p: np.ndarray, steps: int) -> None:
    """Time the three variants on one data set and print steps/s and speed-ups."""
    runs = len(x) * steps
    batched_s, batched = best_time(lambda: gradient_descent(x, p, steps, log_grid(steps, 20)).iterates[-1])
    loop_s, loop = best_time(lambda: numpy_loop(x, p, steps, with_loss=True))
    bare_s, bare = best_time(lambda: numpy_loop(x, p, steps, with_loss=False))
    np.testing.assert_allclose(batched, loop, rtol=1e-9)
    np.testing.assert_allclose(batched, bare, rtol=1e-9)
    print(
        f"{name}: {len(x)} runs x {steps} steps, m = {x.shape[1]}, d = {x.shape[2]}; "
        f"load {os.getloadavg()[0]:.2f} (1-min average)"
    )
    print(f"  batched gradient_descent:  {runs / batched_s:10.0f} steps/s")
    print(f"  numpy loop, loss per step: {runs / loop_s:10.0f} steps/s  (batched is {loop_s / batched_s:.1f}x faster)")
    print(f"  numpy loop, no loss:       {runs / bare_s:10.0f} steps/s  (batched is {bare_s / batched_s:.1f}x faster)")


def main(steps: int = 2000) -> None:
    torch.set_num_threads(1)
    compare("E1 construction grid", *construction_data(), steps)
    compare("E2 rates data", *rates_data(), steps)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
