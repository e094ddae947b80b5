"""Benchmark: the certified smallest Hessian eigenvalue (`min_eig.certified_min_eig`) against `eigvalsh`.

Usage: python benchmarks/spurious_minima_min_eig.py [k]
One point W = I_k + 0.01 G (G standard normal, seed 0) with n = k against the teacher I_k: a point near
the global minimum, whose Hessian is positive definite with its smallest eigenvalues clustered (a hard
case for Lanczos). Both sides start from the assembled (k^2, k^2) Hessian and use one thread; CPU seconds.
"""

from __future__ import annotations

import sys
import time

import torch

from thundeep.gaussian_relu import population_hessian
from thundeep.spurious_minima.min_eig import certified_min_eig


def measure(k: int = 100) -> dict:
    """CPU seconds of the certified value and of `eigvalsh` at one k point, and their relative difference."""
    torch.set_num_threads(1)
    noise = torch.randn(k, k, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    teacher = torch.eye(k, dtype=torch.float64)
    hessian = population_hessian(teacher + 0.01 * noise, teacher)
    start = time.process_time()
    value, certified = certified_min_eig(hessian)
    ours = time.process_time() - start
    start = time.process_time()
    reference = float(torch.linalg.eigvalsh(hessian)[0])
    baseline = time.process_time() - start
    return dict(ours_s=ours, baseline_s=baseline, certified=certified, rel_diff=abs(value - reference) / abs(reference))


if __name__ == "__main__":
    print(measure(*(int(a) for a in sys.argv[1:])))
