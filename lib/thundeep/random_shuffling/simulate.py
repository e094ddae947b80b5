"""Final iterates and final suboptimality of SGD runs on a construction, for given class sequences."""

from __future__ import annotations

import math

import numpy as np

from thundeep.random_shuffling.affine import compose_epochs, epoch_maps, geometric_sum, repeat_epoch
from thundeep.random_shuffling.instances import Construction
from thundeep.random_shuffling.samplers import fixed_order, sample_epochs, words_per_epoch

EPOCHS_PER_BLOCK = 1 << 17
"""Runs are simulated in blocks of about this many epochs (bounds memory; part of the draws' definition)."""


def step_size(rule: str, lam: float, n: int, k: int) -> float:
    """Constant step of the theorems: 'log_nk' = log(nk)/(lam n k) (RR, NeurIPS'21 Sec. 5),
    'log_sqrt_n_k' = log(sqrt(n) k)/(lam n k) (SS upper bound, COLT'20)."""
    if rule == "log_nk":
        return math.log(n * k) / (lam * n * k)
    if rule == "log_sqrt_n_k":
        return math.log(math.sqrt(n) * k) / (lam * n * k)
    raise ValueError(f"unknown step rule {rule!r}; expected 'log_nk' or 'log_sqrt_n_k'")


def final_iterates(construction: Construction, words: np.ndarray, n: int, k: int, eta: float) -> np.ndarray:
    """Iterates after k epochs of n steps, shape (runs, d).

    `words` (runs, E, W) holds the class bits: E = k distinct epochs (WR, RR), or E = 1 for an order
    reused in every epoch (SS, incremental gradient).
    """
    if words.shape[1] not in (1, k):
        raise ValueError(f"expected 1 or k={k} epochs of class bits, got {words.shape[1]}")
    columns = []
    for coord in construction.coordinates:
        a, b = coord.step_maps(eta)
        if a[0] == a[1] and b[0] == b[1]:  # the class does not matter: closed form over all n k steps
            x = a[0] ** (n * k) * coord.start + b[0] * geometric_sum(a[0], n * k)
            columns.append(np.full(words.shape[0], x))
            continue
        big_a, big_b = epoch_maps(words, n, a, b)
        if words.shape[1] == 1:
            columns.append(repeat_epoch(big_a[:, 0], big_b[:, 0], k, coord.start))
        else:
            columns.append(compose_epochs(big_a, big_b, coord.start))
    return np.stack(columns, axis=-1)


def simulate(
    construction: Construction,
    method: str,
    n: int,
    k: int,
    etas: list[float],
    runs: int,
    rng: np.random.Generator | None,
) -> np.ndarray:
    """Final suboptimality F(x_T) - F*, shape (len(etas), runs); one set of draws shared by all steps.

    method: 'wr', 'ss', 'rr' (random, from `rng`) or 'ig' (incremental gradient, fixed order; runs
    are identical and `rng` is unused).
    """
    if method == "ig":
        words = np.broadcast_to(fixed_order(n), (runs, 1, words_per_epoch(n)))
        return np.stack([construction.suboptimality(final_iterates(construction, words, n, k, e)) for e in etas])
    if rng is None:
        raise ValueError(f"method {method!r} draws its orders from `rng`, which is None")
    block = max(1, EPOCHS_PER_BLOCK // k)
    losses = np.empty((len(etas), runs))
    for start in range(0, runs, block):
        size = min(block, runs - start)
        words = sample_epochs(rng, method, size, k, n)
        for i, eta in enumerate(etas):
            losses[i, start : start + size] = construction.suboptimality(final_iterates(construction, words, n, k, eta))
    return losses
