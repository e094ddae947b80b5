"""Benchmark: E2's lockstep GD search against a plain loop, and E3's Monte Carlo draws per second.

Usage: python benchmarks/nonsmooth_stationarity_speed.py [d] [eps] [draws]
(a) `best_constant_step` on 121 log-spaced steps in [1e-4, 1] and 201 starts, against the same search
as a scalar loop over every (step, start) up to the best worst case (which is all the lockstep search
needs), on a subgrid of 11 steps and 11 starts so that the loop finishes; both give the same T on the
subgrid, and the times are printed with the updates per second. (b) `count_hits` for d = 160 and
T = 100 queries. Defaults: d = 256, eps = 0.1, 200 000 draws. Each time is the best of two tries.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from thundeep.nonsmooth_stationarity.gradient_descent import best_constant_step
from thundeep.nonsmooth_stationarity.hitting_probability import count_hits
from thundeep.nonsmooth_stationarity.randomized_smoothing import smoothed_derivative
from thundeep.runtime import configure_torch, default_device


def best_time(function) -> tuple[float, object]:
    """Best of two wall times of `function()` and its result."""
    times, result = [], None
    for _ in range(2):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def scalar_search(d: int, eps: float, steps: np.ndarray, starts: np.ndarray, budget: int) -> float:
    """min over steps of max over starts of the first hit, one scalar run at a time."""
    worst = []
    for step in steps:
        longest = 0.0
        for x in starts:
            t, hit = 0, False
            while t <= budget:
                grad = float(smoothed_derivative(x, eps, d))
                if abs(grad) <= eps:
                    hit = True
                    break
                x -= step * grad
                t += 1
            longest = max(longest, t if hit else np.inf)
            if not hit:
                break
        worst.append(longest)
    return float(min(worst))


def main(d: int = 256, eps: float = 0.1, draws: int = 200_000) -> None:
    configure_torch(1)
    rng = np.random.default_rng(0)
    steps = np.geomspace(1e-4, 1.0, 121)
    starts = np.sort(np.concatenate([[-1.0, 1.0], rng.uniform(-1, 1, 199)]))
    seconds, best = best_time(lambda: best_constant_step(d, eps, steps, starts, 20_000))
    print(f"lockstep search d={d} eps={eps}: 121 steps x 201 starts, T = {best.iterations:g} in {seconds:.3f} s")
    sub_steps, sub_starts = steps[::12][-11:], starts[::20][:11]
    vector_seconds, sub_best = best_time(lambda: best_constant_step(d, eps, sub_steps, sub_starts, 20_000))
    budget = int(sub_best.iterations)
    loop_seconds, loop_t = best_time(lambda: scalar_search(d, eps, sub_steps, sub_starts, budget))
    print(
        f"subgrid 11 x 11: lockstep {vector_seconds:.3f} s, scalar loop {loop_seconds:.3f} s "
        f"(speed-up {loop_seconds / vector_seconds:.0f}x); same T: {loop_t == sub_best.iterations}"
    )
    device = default_device()
    seconds, _ = best_time(lambda: count_hits(160, (1, 10, 100), 1 / 3, draws, 0, 65_536, device))
    print(f"hitting d=160, T=100 on {device}: {draws / seconds:,.0f} draws/s")


if __name__ == "__main__":
    main(*(cast(arg) for cast, arg in zip((int, float, int), sys.argv[1:], strict=False)))
