"""Benchmark: the vectorised exact simulator against the straightforward SGD loop (NeurIPS'21 Fig. 1 setup).

Usage: python benchmarks/random_shuffling_speed.py
Both run the same subset (n = 500, k in {40, 80}, 5 runs, Eq.(1) and Eq.(2), WR / SS / RR) in this
process: the loop draws indices / permutations with numpy and takes one Python step at a time, one
run at a time; ours is thundeep.random_shuffling.simulate. Times are CPU seconds (process time),
best of REPEATS for ours. Then ours at 100 runs (the default run count) against the loop's time
scaled by 100/5 (it is linear in runs), and the loop extrapolated to the default grid (the paper's
75 values of k, 100 runs).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from thundeep.paperspec import load_paper
from thundeep.random_shuffling.instances import eq1, eq2
from thundeep.random_shuffling.samplers import job_rng
from thundeep.random_shuffling.simulate import simulate, step_size

N, KS, RUNS, REPEATS = 500, (40, 80), 5, 3
LAM, LAM_MAX, G = 1.0, 200.0, 1.0
METHODS = ("wr", "ss", "rr")


def default_ks() -> list[int]:
    """The default scale's k grid (the paper's 75 values), from paper.yaml."""
    papers = Path(__file__).resolve().parents[1] / "workflow"
    spec = load_paper(
        papers / "papers" / "random_shuffling" / "paper.yaml",
        "random_shuffling",
        str(papers / "schemas" / "paper.schema.yaml"),
        "default",
    )
    return spec.configs["fig1"].ks


def loop_run(curved_x2: str, method: str, k: int, rng: np.random.Generator) -> float:
    """One SGD run, one step at a time; component i has sign +1 for i < n/2. Returns F(x_T) - F*."""
    eta = math.log(N * k) / (LAM * N * k)
    x1, x2 = -G / (2 * LAM), -G / (2 * LAM_MAX)
    order = rng.permutation(N)
    for _ in range(k):
        if method == "rr":
            order = rng.permutation(N)
        elif method == "wr":
            order = rng.integers(0, N, size=N)
        for i in order:
            e = 1.0 if i < N // 2 else -1.0
            curvature = LAM_MAX if (curved_x2 == "eq1" or e < 0) else 0.0
            x1, x2 = x1 - eta * LAM * x1, x2 - eta * (curvature * x2 - G / 2 * e)
    return LAM / 2 * x1**2 + (LAM_MAX / 2 if curved_x2 == "eq1" else LAM_MAX / 4) * x2**2


def loop_subset() -> float:
    start = time.process_time()
    for name in ("eq1", "eq2"):
        for k in KS:
            for method in METHODS:
                rng = np.random.default_rng(0)
                [loop_run(name, method, k, rng) for _ in range(RUNS)]
    return time.process_time() - start


def ours_subset(runs: int) -> float:
    best = math.inf
    for _ in range(REPEATS):
        start = time.process_time()
        for construction in (eq1(LAM, LAM_MAX, G), eq2(LAM, LAM_MAX, G)):
            for k in KS:
                for method in METHODS:
                    rng = job_rng(0, construction.name, k, method)
                    simulate(construction, method, N, k, [step_size("log_nk", LAM, N, k)], runs, rng)
        best = min(best, time.process_time() - start)
    return best


def warm_up() -> float:
    """Load (or, the first time on a machine, compile) the simulator's numba kernels on a tiny problem
    so that the timings below measure the simulation; returns the CPU seconds it took."""
    start = time.process_time()
    for construction in (eq1(LAM, LAM_MAX, G), eq2(LAM, LAM_MAX, G)):
        for method in METHODS:
            simulate(construction, method, N, 2, [step_size("log_nk", LAM, N, 2)], 2, job_rng(1, method))
    return time.process_time() - start


def per_step_k(k: int, runs: int = 100, loop_runs: int = 1) -> tuple[float, float]:
    """CPU ns per SGD step at one k (Eq.(1) and Eq.(2), three methods): ours at `runs`, the loop at `loop_runs`."""
    warm_up()
    start = time.process_time()
    for name in ("eq1", "eq2"):
        for method in METHODS:
            rng = np.random.default_rng(0)
            [loop_run(name, method, k, rng) for _ in range(loop_runs)]
    loop = time.process_time() - start
    start = time.process_time()
    for construction in (eq1(LAM, LAM_MAX, G), eq2(LAM, LAM_MAX, G)):
        for method in METHODS:
            simulate(
                construction,
                method,
                N,
                k,
                [step_size("log_nk", LAM, N, k)],
                runs,
                job_rng(0, construction.name, k, method),
            )
    ours = time.process_time() - start
    steps = 2 * len(METHODS) * N * k
    return 1e9 * ours / (steps * runs), 1e9 * loop / (steps * loop_runs)


def default_grid_cpu_s(every: int = 1) -> tuple[float, float]:
    """CPU seconds of ours on the default Fig. 1 grid (75 k, 100 runs, both constructions, three
    methods), simulating every `every`-th k and scaling by the grid's total steps; and the loop's
    seconds for the same grid, extrapolated from its per-step cost at k = 40."""
    ks = default_ks()
    sample = ks[::every]
    warm_up()
    start = time.process_time()
    for construction in (eq1(LAM, LAM_MAX, G), eq2(LAM, LAM_MAX, G)):
        for k in sample:
            for method in METHODS:
                rng = job_rng(0, construction.name, k, method)
                simulate(construction, method, N, k, [step_size("log_nk", LAM, N, k)], 100, rng)
    ours = (time.process_time() - start) * sum(ks) / sum(sample)
    _, loop_ns = per_step_k(40, runs=1)
    return ours, loop_ns * 1e-9 * 2 * len(METHODS) * 100 * N * sum(ks)


def main() -> None:
    print(f"numba kernels loaded in {warm_up():.2f} s CPU (compiled on first use on a machine, then cached)")
    loop, ours, ours_100 = loop_subset(), ours_subset(RUNS), ours_subset(100)
    steps = 2 * len(METHODS) * RUNS * N * sum(KS)
    print(f"subset: n = {N}, k in {KS}, {RUNS} runs, 2 constructions x {len(METHODS)} methods = {steps:,} steps")
    print(f"straightforward loop: {loop:8.3f} s CPU ({1e9 * loop / steps:.0f} ns/step)")
    print(f"vectorised exact:     {ours:8.3f} s CPU (best of {REPEATS})")
    print(f"speed-up ratio:       {loop / ours:8.0f}x")
    print(
        f"same subset with 100 runs: ours {ours_100:.3f} s CPU; loop (linear in runs) {loop * 100 / RUNS:.1f} s CPU;"
        f" ratio {loop * 100 / RUNS / ours_100:.0f}x"
    )
    default_steps = 2 * len(METHODS) * 100 * N * sum(default_ks())
    hours = loop / steps * default_steps / 3600
    print(f"loop extrapolated to the default grid ({default_steps:.3g} steps): {hours:.1f} h CPU")


if __name__ == "__main__":
    main()
