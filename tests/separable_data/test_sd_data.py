"""E2's margin-gamma ball sample and E3's MNIST 4 vs 7 pooling, preprocessing and split."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.data.registry import Split
from thundeep.separable_data import mnist47
from thundeep.separable_data.mnist47 import (
    drop_blank_pixels,
    misclassified_after_gd,
    pooled_fours_and_sevens,
    preprocess,
    random_split,
)
from thundeep.separable_data.rates import margin_ball_sample


def test_ball_sample_has_margin_gamma_and_unit_norm() -> None:
    w0 = np.eye(5)[0]
    x = margin_ball_sample(3000, 5, 0.2, w0, np.random.default_rng(0))
    assert x.shape == (3000, 5)
    assert np.all(x @ w0 >= 0.2) and np.all(np.linalg.norm(x, axis=1) <= 1)
    # radius of a uniform point in the 5-ball: P(r <= 1/2) = 2^-5 before the slab cut (which removes
    # small radii more often), so the fraction is at most ~3%
    assert np.mean(np.linalg.norm(x, axis=1) <= 0.5) < 0.04
    again = margin_ball_sample(3000, 5, 0.2, w0, np.random.default_rng(0))
    np.testing.assert_array_equal(x, again)


def test_preprocess_on_a_tiny_made_up_array() -> None:
    images = np.array([[0.0, 2.0], [2.0, 2.0], [4.0, 8.0]])
    labels = np.array([1.0, -1.0, 1.0])
    x = preprocess(images, labels)
    # mean image (2, 4); centred rows (-2, -2), (0, -2), (2, 4); largest norm sqrt(20)
    expected = np.array([[-2.0, -2.0], [0.0, 2.0], [2.0, 4.0]]) / np.sqrt(20.0)
    np.testing.assert_allclose(x, expected, rtol=1e-15)
    assert np.linalg.norm(x, axis=1).max() == pytest.approx(1.0)


def test_pooling_keeps_fours_and_sevens_of_train_and_test(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(name: str, n_train: int, n_test: int, seed: int) -> Split:
        x = np.arange(12, dtype=np.float32).reshape(6, 2)
        return Split(x[:4], np.array([4, 1, 7, 4]), x[4:], np.array([7, 3]), "made up")

    monkeypatch.setattr(mnist47, "load_dataset", fake)
    digits = pooled_fours_and_sevens("mnist_5k", 4, 2, None, 0)
    np.testing.assert_array_equal(digits.labels, [1.0, -1.0, 1.0, -1.0])
    np.testing.assert_array_equal(digits.images[:, 0], [0.0, 4.0, 6.0, 8.0])
    assert len(pooled_fours_and_sevens("mnist_5k", 4, 2, 2, 0).labels) == 2


def test_phase1_removes_the_points_gd_gets_wrong() -> None:
    rng = np.random.default_rng(5)
    x = np.abs(rng.standard_normal((40, 3))) / 3
    x[:2] *= -1  # two points on the wrong side of every separator of the rest
    cleaning = misclassified_after_gd(x, 500, 5)
    np.testing.assert_array_equal(cleaning.removed, [0, 1])
    assert cleaning.misclassified[-1] == 2 and cleaning.misclassified[0] == 40


def test_random_split_is_disjoint_and_complete() -> None:
    train, test = random_split(10, 7, 0)
    assert len(train) == 7 and sorted(np.concatenate([train, test]).tolist()) == list(range(10))
    with pytest.raises(ValueError):
        random_split(10, 10, 0)


def test_dropping_blank_pixels_keeps_every_margin_and_norm() -> None:
    rng = np.random.default_rng(6)
    x = rng.standard_normal((8, 5))
    x[:, [1, 3]] = 0.0
    w = rng.standard_normal(5)
    kept = drop_blank_pixels(x)
    assert kept.shape == (8, 3)
    np.testing.assert_allclose(kept @ w[[0, 2, 4]], x @ w)
    np.testing.assert_allclose(np.linalg.norm(kept, axis=1), np.linalg.norm(x, axis=1))
