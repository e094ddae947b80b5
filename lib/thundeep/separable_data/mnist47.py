"""Sec. 7's data: MNIST fours and sevens pooled, centred, scaled to max norm 1, folded; phase 1 cleaning."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thundeep.data.registry import load_dataset
from thundeep.separable_data.errors import zero_one_error
from thundeep.separable_data.logistic import gradient_descent, log_grid

POSITIVE_DIGIT, NEGATIVE_DIGIT = 4, 7
"""Labels: a four is +1, a seven is -1 (the paper does not say which; the choice only flips signs)."""


@dataclass(frozen=True)
class Digits:
    """Flattened images (float64, one row each), labels in {+1, -1}, and the data's source."""

    images: np.ndarray
    labels: np.ndarray
    source: str


def pooled_fours_and_sevens(dataset: str, n_train: int, n_test: int, max_points: int | None, seed: int) -> Digits:
    """The dataset's train and test images pooled, restricted to 4s and 7s (then at most `max_points`
    of them, drawn by `seed`, keeping the pooled order)."""
    split = load_dataset(dataset, n_train, n_test, seed)
    images = np.concatenate([split.x_train, split.x_test]).astype(np.float64)
    digits = np.concatenate([split.y_train, split.y_test])
    keep = np.flatnonzero((digits == POSITIVE_DIGIT) | (digits == NEGATIVE_DIGIT))
    if max_points is not None and max_points < len(keep):
        keep = np.sort(np.random.default_rng(seed).choice(keep, max_points, replace=False))
    labels = np.where(digits[keep] == POSITIVE_DIGIT, 1.0, -1.0)
    return Digits(images=images[keep].reshape(len(keep), -1), labels=labels, source=split.source)


def preprocess(images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Sec. 7's inputs, folded: subtract the mean image, divide by the largest norm (max ||x|| = 1), times y."""
    centred = images - images.mean(axis=0)
    largest = np.linalg.norm(centred, axis=1).max()
    if largest == 0:
        raise ValueError("all images are identical: nothing to scale")
    return centred / largest * labels[:, None]


def drop_blank_pixels(x: np.ndarray) -> np.ndarray:
    """`x` without the pixels that are 0 for every point (MNIST's border): they add nothing to any margin,
    norm or GD step (w stays 0 there), so every result is unchanged and each step is cheaper."""
    return x[:, np.abs(x).max(axis=0) > 0]


@dataclass(frozen=True)
class Cleaning:
    """Phase 1: the misclassified count on a log grid of GD iterations, and the points GD still gets wrong."""

    steps: np.ndarray
    misclassified: np.ndarray
    removed: np.ndarray


def misclassified_after_gd(x: np.ndarray, steps: int, per_decade: int) -> Cleaning:
    """Run GD from 0 for `steps` iterations on all points; the points misclassified at the last iterate."""
    record = log_grid(steps, per_decade)
    run = gradient_descent(x[None], np.full((1, len(x)), 1.0 / len(x)), steps, record)
    counts = np.rint(zero_one_error(x, run.iterates[:, 0]) * len(x)).astype(np.int64)
    return Cleaning(steps=run.steps, misclassified=counts, removed=np.flatnonzero(x @ run.iterates[-1, 0] <= 0))


def random_split(m: int, n_train: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a random train/test split of m points with `n_train` training points."""
    if not 0 < n_train < m:
        raise ValueError(f"n_train must be in (0, {m}), got {n_train}")
    order = np.random.default_rng(seed).permutation(m)
    return np.sort(order[:n_train]), np.sort(order[n_train:])
