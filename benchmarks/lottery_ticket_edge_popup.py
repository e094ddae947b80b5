"""Benchmark: edge-popup training throughput, and the multi-seed trainer against sequential seeds.

Usage: python benchmarks/lottery_ticket_edge_popup.py [threads]
(a) images per second (summed over seeds) of edge-popup training of 784-W-10 nets on random data;
(b) for each model and width, S seeds trained together vs the same S seeds one after another, on
    the same machine in the same run: the speed-up ratio (sequential time / batched time).
Each time is the best of `REPEATS` runs, after a warm-up. Both wall time and this process's CPU time
are reported: on a shared machine the CPU time (best with threads=1) is the steadier measure of work.
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


def timed_training(kind: str, width: int, seeds: list[int], x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Best-of-REPEATS (wall, CPU) seconds of one epoch of training `seeds` together."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        model = MODELS[kind]([x.shape[1], width, 10], seeds)
        wall, cpu = time.perf_counter(), time.process_time()
        train_seeds(model, x, y, seeds, SGDSchedule(epochs=1, batch_size=128, lr=0.1))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main(threads: int = 2) -> None:
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(2048, 784, generator=gen), torch.randint(0, 10, (2048,), generator=gen)
    seeds = [0, 1, 2]
    print(f"torch threads: {threads}; one epoch of 2048 images, batch 128, {len(seeds)} seeds")
    timed_training("edge_popup", 64, seeds, x, y)  # warm-up
    for width in (64, 256, 1024):
        wall, cpu = timed_training("edge_popup", width, seeds, x, y)
        images = len(seeds) * len(x)
        print(f"(a) edge-popup width {width:5d}: {images / wall:7.0f} images/s wall, {images / cpu:7.0f} per CPU-s")
    for kind in MODELS:
        for width in (64, 256, 1024):
            together = timed_training(kind, width, seeds, x, y)
            alone = [sum(t) for t in zip(*(timed_training(kind, width, [seed], x, y) for seed in seeds), strict=True)]
            print(
                f"(b) {kind:17s} width {width:5d}: wall {alone[0]:5.2f} / {together[0]:5.2f} s = "
                f"{alone[0] / together[0]:4.2f}x; CPU {alone[1]:5.2f} / {together[1]:5.2f} s = "
                f"{alone[1] / together[1]:4.2f}x (sequential / batched)"
            )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
