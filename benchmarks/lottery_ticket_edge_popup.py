"""Benchmark: edge-popup training throughput, and the multi-seed trainer against sequential seeds.

Usage: python benchmarks/lottery_ticket_edge_popup.py [threads]
(a) images per second (summed over seeds) of edge-popup training of 784-W-10 nets on random data;
(b) for each model and width, S seeds trained together vs the same S seeds one after another, on
    the same machine in the same run: the speed-up ratio (sequential time / batched time).
Each time is the best of `REPEATS` runs (robust to other processes sharing the CPU), after a warm-up.
"""

from __future__ import annotations

import sys
import time

import torch

from thundeep.nn.subnetworks import DenseMLP, EdgePopupMLP, NeuronSubnetworkMLP
from thundeep.nn.trainer import SGDSchedule, train_seeds

MODELS = {
    "edge_popup": lambda sizes, seeds: EdgePopupMLP(sizes, seeds, keep=0.5),
    "neuron_subnetwork": lambda sizes, seeds: NeuronSubnetworkMLP(sizes, seeds, keep=0.5),
    "dense": DenseMLP,
}
REPEATS = 3


def timed_training(kind: str, width: int, seeds: list[int], x: torch.Tensor, y: torch.Tensor) -> float:
    """Best-of-REPEATS wall seconds of one epoch of training `seeds` together."""
    times = []
    for _ in range(REPEATS):
        model = MODELS[kind]([x.shape[1], width, 10], seeds)
        start = time.perf_counter()
        train_seeds(model, x, y, seeds, SGDSchedule(epochs=1, batch_size=128, lr=0.1))
        times.append(time.perf_counter() - start)
    return min(times)


def main(threads: int = 2) -> None:
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(2048, 784, generator=gen), torch.randint(0, 10, (2048,), generator=gen)
    seeds = [0, 1, 2]
    print(f"torch threads: {threads}; one epoch of 2048 images, batch 128, {len(seeds)} seeds")
    timed_training("edge_popup", 64, seeds, x, y)  # warm-up
    for width in (64, 256, 1024):
        seconds = timed_training("edge_popup", width, seeds, x, y)
        print(f"(a) edge-popup width {width:5d}: {len(seeds) * len(x) / seconds:9.0f} images/s (all seeds)")
    for kind in MODELS:
        for width in (64, 256, 1024):
            together = timed_training(kind, width, seeds, x, y)
            alone = sum(timed_training(kind, width, [seed], x, y) for seed in seeds)
            print(
                f"(b) {kind:17s} width {width:5d}: batched {together:6.2f} s, sequential {alone:6.2f} s, "
                f"ratio {alone / together:4.2f}x"
            )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
