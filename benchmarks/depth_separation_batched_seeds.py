"""Benchmark: Part B's online training with all seeds in one stacked model against the seeds one at a time.

Usage: python benchmarks/depth_separation_batched_seeds.py [net] [seeds] [batches] [threads]
Trains `net` (default 2L-400, d = 100, batches of 100 fresh points, Adam lr 1e-3) on the unit-ball
indicator (a) with every seed in one seed-stacked model and (b) seed by seed through the same
`train_architecture`; checks that the validation curves agree, and prints batches per second (one
batch = one minibatch for every seed, as the x-axis of B1 counts them) for both, and their ratio.
Each time is the best of `REPEATS` tries, robust to other processes sharing the CPU.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import torch

from thundeep.depth_separation.depth_width_tradeoff import ball_sampler, parse_net, train_architecture, validation_set
from thundeep.nn.trainer import OnlineAdam
from thundeep.runtime import configure_torch, default_device

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


def main(net: str = "2L-400", seeds: int = 3, batches: int = 300, threads: int = 1) -> None:
    configure_torch(threads)
    device = default_device()
    sampler = ball_sampler("uniform_radius", "l2_ball", 100, 2.0)
    validation = validation_set(sampler, 2000, 1000)
    architecture, schedule = parse_net(net, 100), OnlineAdam(batches, 100, 1e-3)

    def train(chosen: list[int]) -> np.ndarray:
        return train_architecture(architecture, chosen, sampler, schedule, validation, 3, device)[1]

    together_s, together = best_time(lambda: train(list(range(seeds))))
    alone_s, alone = best_time(lambda: np.concatenate([train([s]) for s in range(seeds)], axis=1))
    gap = float(np.abs(together - alone).max())
    print(
        f"device {device}, {threads} thread(s), {net}, {seeds} seeds, {batches} batches of 100:\n"
        f"stacked {batches / together_s:,.1f} batches/s, one seed at a time {batches / alone_s:,.1f} batches/s, "
        f"speed-up {alone_s / together_s:.2f}x; largest RMSE difference {gap:.1e}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0] if args else "2L-400", *(int(a) for a in args[1:]))
