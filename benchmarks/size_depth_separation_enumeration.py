"""Benchmark: the vectorised exhaustive check of IP_d against evaluating the network input by input.

Usage: python benchmarks/size_depth_separation_enumeration.py [d] [threads]
Checks IP_d on all 2^{2d} Boolean inputs in chunks (as the E1 stage does), then times the network on
`SAMPLE` single inputs and extrapolates the loop to all inputs; prints both times and the speed-up.
Each time is the best of `REPEATS` runs (robust to other processes sharing the CPU).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import torch

from thundeep.size_depth_separation.boolean_networks import boolean_inputs, exhaustive_check, inner_product_network

SAMPLE = 2000
REPEATS = 3


def best_time(function) -> float:
    """Best-of-REPEATS wall seconds of `function()`."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    d = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    net = inner_product_network(d)
    assert exhaustive_check(net, "IP", d).max_abs_error == 0.0
    vectorised = best_time(lambda: exhaustive_check(net, "IP", d))
    rows = boolean_inputs(np.arange(SAMPLE, dtype=np.int64), 2 * d)
    loop = best_time(lambda: [net(row) for row in rows]) * (4**d / SAMPLE)
    print(
        f"IP_{d}: {4**d} inputs; vectorised {vectorised:.3f} s; input by input ~{loop:.1f} s; "
        f"speed-up ~{loop / vectorised:.0f}x"
    )


if __name__ == "__main__":
    main()
