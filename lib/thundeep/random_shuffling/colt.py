"""COLT'20 companion: final error of WR / SS / RR and incremental gradient on the hard instances C1-C3.

For each instance, n and k we record the final suboptimality of every run at the theorems' steps
(SS: log(sqrt(n) k)/(lam_F n k); RR, WR, incremental gradient: log(nk)/(lam_F n k)) and the smallest
mean error over a log grid of constant steps c/(lam_F n k): exact on C1 (closed form of `exact`) and
for incremental gradient (deterministic), Monte Carlo with the same draws for every step on C2.
lam_F is the strong-convexity constant of the average F itself, the constant the theorems' steps
are written in: lam on C1 and C3, lam/2 on C2 (F = lam/4 x^2 there).
"""

from __future__ import annotations

import itertools
import math
import sys

import numpy as np
from tqdm import tqdm

from thundeep.random_shuffling.exact import expected_suboptimality
from thundeep.random_shuffling.instances import CONSTRUCTIONS
from thundeep.random_shuffling.samplers import job_rng
from thundeep.random_shuffling.simulate import simulate, step_size

METHODS = {"c1": ("wr", "ss", "rr"), "c2": ("wr", "ss", "rr"), "c3": ("ig",)}
"""Methods run on each instance (C3 is the incremental-gradient instance)."""

NOMINAL_K_EXPONENT = {"wr": -1.0, "ss": -2.0, "rr": -3.0, "ig": -2.0}
"""The rates' exponents of k for k < n (RR 1/(n k^3), SS 1/(n k^2), WR 1/(n k), IG 1/k^2)."""


def theorem_step(method: str, lam_f: float, n: int, k: int) -> float:
    """Step of the matching upper bounds: log(sqrt(n) k)/(lam_F n k) for SS, log(nk)/(lam_F n k) otherwise.

    `lam_f` is the strong-convexity constant of F (Construction.strong_convexity).
    """
    return step_size("log_sqrt_n_k" if method == "ss" else "log_nk", lam_f, n, k)


def leading_term(method: str, n: int, k: int) -> float:
    """The rate's leading term for k < n with the theorem step's log factor (eta^p scaling, constants dropped).

    WR ~ eta G^2: log(nk)/(nk); SS ~ eta^2 n: log^2(sqrt(n) k)/(n k^2); RR ~ eta^3 n^2: log^3(nk)/(n k^3);
    incremental gradient ~ (eta n)^2: log^2(nk)/k^2.
    """
    if method == "wr":
        return math.log(n * k) / (n * k)
    if method == "ss":
        return math.log(math.sqrt(n) * k) ** 2 / (n * k**2)
    if method == "rr":
        return math.log(n * k) ** 3 / (n * k**3)
    if method == "ig":
        return math.log(n * k) ** 2 / k**2
    raise ValueError(f"unknown method {method!r}")


def step_factors(low: float, high: float, per_octave: int) -> np.ndarray:
    """Constant-step multipliers c (step c/(lam n k)), log-spaced from `low` to `high`."""
    count = round(math.log2(high / low) * per_octave) + 1
    return np.geomspace(low, high, count)


def run_instance(
    name: str,
    lam: float,
    g: float,
    ns: list[int],
    ks: list[int],
    runs: int,
    seed: int,
    factors: np.ndarray,
) -> dict[str, np.ndarray]:
    """All runs of one instance; arrays indexed (method, n, k[, run]).

    Steps are in units of F's own strong-convexity constant lam_F (returned as strong_convexity).
    losses: final errors at the theorem step (one run for the deterministic incremental gradient);
    exact: expected error at the theorem step (C1 only, else NaN); best / best_factor: the smallest
    mean error over the step grid and its multiplier.
    """
    construction = CONSTRUCTIONS[name](lam=lam, g=g)
    lam_f = construction.strong_convexity
    methods = METHODS[name]
    shape = (len(methods), len(ns), len(ks))
    deterministic = methods == ("ig",)
    losses = np.empty(shape + (1 if deterministic else runs,))
    exact, best, best_factor = np.full(shape, np.nan), np.empty(shape), np.empty(shape)
    cells = list(itertools.product(enumerate(methods), enumerate(ns), enumerate(ks)))
    for (m, method), (i, n), (j, k) in tqdm(cells, desc=f"COLT'20 {name}", file=sys.stderr):
        eta = theorem_step(method, lam_f, n, k)
        grid = [float(c) / (lam_f * n * k) for c in factors]
        if deterministic:  # incremental gradient: one run is its exact error, at every step
            values = simulate(construction, method, n, k, [eta, *grid], 1, None)[:, 0]
            losses[m, i, j, 0], curve = values[0], values[1:]
        elif name == "c1":  # Monte Carlo at the theorem step; exact expectations for the step search
            losses[m, i, j] = simulate(construction, method, n, k, [eta], runs, job_rng(seed, name, n, k, method))[0]
            exact[m, i, j] = expected_suboptimality(construction, method, n, k, eta)
            curve = np.array([expected_suboptimality(construction, method, n, k, e) for e in grid])
        else:  # Monte Carlo for every step, the same draws for all of them
            values = simulate(construction, method, n, k, [eta, *grid], runs, job_rng(seed, name, n, k, method))
            losses[m, i, j], curve = values[0], values[1:].mean(axis=1)
        best[m, i, j], best_factor[m, i, j] = curve.min(), factors[int(np.argmin(curve))]
    return {
        "strong_convexity": np.array(lam_f),
        "methods": np.array(methods),
        "ns": np.array(ns),
        "ks": np.array(ks),
        "losses": losses,
        "exact": exact,
        "best": best,
        "best_factor": best_factor,
    }
