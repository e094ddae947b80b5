"""Benchmark: time per target weight of the subset-sum construction rule (exact, meet in the middle).

Usage: python benchmarks/lottery_ticket_subset_sum.py [threads]
Builds one 784 -> 64 target layer (Gaussian weights, std 0.05) from random pools of m neurons per
input coordinate with the subset-sum rule and, for comparison, the single-product rule. Each time
is the best of `REPEATS` runs (robust to other processes sharing the CPU), after a warm-up.
"""

from __future__ import annotations

import sys
import time

import torch

from thundeep.lottery_ticket.subset_sum import subset_sum_rule
from thundeep.lottery_ticket.weight_subnetwork import prune_layer, single_product_rule

REPEATS = 3


def main(threads: int = 2) -> None:
    torch.set_num_threads(threads)
    w = torch.randn(64, 784, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 0.05
    print(f"torch threads: {threads}; target layer {tuple(w.shape)} ({w.numel()} weights)")
    prune_layer(w[:4], 8, torch.Generator().manual_seed(0), subset_sum_rule)  # warm-up
    for m in (8, 16, 24, 32):
        for name, rule in (("subset_sum", subset_sum_rule), ("single_product", single_product_rule)):
            times = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                layer = prune_layer(w, m, torch.Generator().manual_seed(m), rule)
                times.append(time.perf_counter() - start)
            seconds = min(times)
            error = float((layer.positive - w).abs().mean())
            print(f"m = {m:3d} {name:15s}: {1e6 * seconds / w.numel():8.2f} us per weight, mean |p+ - w| = {error:.2e}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
