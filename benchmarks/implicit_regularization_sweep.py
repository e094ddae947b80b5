"""Benchmark: the Fig. 2(b) eps sweep as one vectorised GD batch against the same runs one by one.

Usage: python benchmarks/implicit_regularization_sweep.py [lr]
Runs gradient descent on x -> v [w.x]+ (gamma = 5) from (w, v) = (0, eps) for the 24 eps values of
the default scale, until each run's loss is below 1e-15, (a) all together with per-run stopping and
(b) one after another; checks that the final parameters are bit-identical and prints the speed-up
(sequential time / batched time). Each time is the best of `REPEATS` runs (robust to other
processes sharing the CPU). The default step 1e-4 keeps it short; pass 1e-5 for the paper's step.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from thundeep.implicit_regularization.experiments import hidden_neuron_runs

SCALES = np.unique(np.round(np.concatenate([10.0 ** -np.arange(6), np.linspace(0.05, 1.0, 20)]), 12))
REPEATS = 3


def best_time(function) -> tuple[float, object]:
    """Best-of-REPEATS wall seconds of `function()` and its last result."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(lr: float = 1e-4) -> None:
    def batched():
        return hidden_neuron_runs([5.0] * len(SCALES), SCALES, lr, 1e-15, 10**7, 10**7).final

    def sequential():
        return np.concatenate([hidden_neuron_runs([5.0], [eps], lr, 1e-15, 10**7, 10**7).final for eps in SCALES])

    batch_seconds, batch_final = best_time(batched)
    sequential_seconds, sequential_final = best_time(sequential)
    assert np.array_equal(batch_final, sequential_final), "batched and sequential runs differ"
    print(
        f"{len(SCALES)} runs, lr {lr:g}: batched {batch_seconds:.2f} s, sequential {sequential_seconds:.2f} s, "
        f"speed-up {sequential_seconds / batch_seconds:.1f}x (final parameters bit-identical)"
    )


if __name__ == "__main__":
    main(*(float(a) for a in sys.argv[1:]))
