"""Benchmark: batched gradient descent on the closed-form loss against the same runs one at a time.

Usage: python benchmarks/spurious_minima_batched.py [k] [runs] [max_steps]
Runs the ICML'18 protocol (step 0.1, stop at a largest per-neuron gradient norm of 1e-9, loss floor
1e-6) for n = k from Xavier starts, (a) all runs as one batch with per-run stopping and (b) each run
alone through the same `descend`; checks that the endpoints are bit-identical and prints both wall
times, their ratio (the speed-up) and the GD steps per second (updates summed over runs / seconds).
Both use one thread and the stage's memory setting; each time is the best of `REPEATS` tries, which
is robust to other processes sharing the CPU. Defaults: k = 10, 64 runs, cap 4000 iterations.
"""

from __future__ import annotations

import sys
import time

import torch

from thundeep.runtime import configure_torch, default_device, generator
from thundeep.spurious_minima.gradient_descent import Descent, descend, xavier_init
from thundeep.spurious_minima.stages import keep_freed_memory

REPEATS = 2


def best_time(function) -> tuple[float, object]:
    """Best-of-REPEATS wall seconds of `function()` and its last result."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(k: int = 10, runs: int = 64, max_steps: int = 4000) -> None:
    configure_torch(1)
    device = default_device()
    if device.type == "cpu":
        keep_freed_memory()
    teacher = torch.eye(k, dtype=torch.float64, device=device)
    starts = xavier_init(runs, k, k, generator(7)).to(device)
    rule = Descent(step=0.1, tolerance=1e-9, criterion="neuron_max", max_steps=max_steps, loss_floor=1e-6)

    batch_seconds, batch = best_time(lambda: descend(starts, teacher, rule))
    alone_seconds, alone = best_time(lambda: [descend(starts[r : r + 1], teacher, rule) for r in range(runs)])
    same = all(
        torch.equal(a.weights[0], batch.weights[r]) and torch.equal(a.steps[0], batch.steps[r])
        for r, a in enumerate(alone)
    )
    updates = int(batch.steps.sum())
    print(
        f"device {device}, k = n = {k}, {runs} runs, cap {max_steps}: {updates} GD updates "
        f"({int(batch.converged.sum())} converged, {int(batch.floored.sum())} floored)\n"
        f"batched {batch_seconds:.2f} s ({updates / batch_seconds:,.0f} steps/s), "
        f"one at a time {alone_seconds:.2f} s ({updates / alone_seconds:,.0f} steps/s), "
        f"speed-up {alone_seconds / batch_seconds:.1f}x; endpoints bit-identical: {same}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
