"""Samplers: packing, exact balance and uniformity of permutations' sign sequences, seeds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from thundeep.random_shuffling.samplers import (
    balanced,
    fixed_order,
    job_rng,
    pack_signs,
    sample_epochs,
    unpack_signs,
    with_replacement,
)


def pattern_counts(words: np.ndarray, n: int) -> np.ndarray:
    """How often each n-bit pattern occurs (rows of one-word epochs)."""
    return np.bincount(words[:, 0].astype(np.int64), minlength=1 << n)


@pytest.mark.parametrize("n", [1, 6, 16, 64, 65, 130])
def test_pack_unpack_round_trip(n: int) -> None:
    signs = np.where(np.random.default_rng(n).random((3, 2, n)) < 0.5, -1, 1).astype(np.int8)
    words = pack_signs(signs)
    assert words.shape == (3, 2, (n + 63) // 64) and words.dtype == np.uint64
    np.testing.assert_array_equal(unpack_signs(words, n), signs)


def test_bit_t_is_step_t() -> None:
    signs = -np.ones(70, dtype=np.int8)
    signs[[0, 5, 64, 69]] = 1
    words = pack_signs(signs)
    assert int(words[0]) == (1 << 0) | (1 << 5) and int(words[1]) == (1 << 0) | (1 << 5)


@pytest.mark.parametrize("n", [6, 10, 500])
def test_balanced_rows_have_half_ones_and_no_stray_bits(n: int) -> None:
    words = balanced(np.random.default_rng(0), 300, n)
    signs = unpack_signs(words, n)
    assert (signs.sum(axis=1) == 0).all()
    assert (np.bitwise_count(words).sum(axis=1) == n // 2).all()


def test_balanced_is_uniform_over_arrangements() -> None:
    n, draws = 6, 40_000
    counts = pattern_counts(balanced(np.random.default_rng(1), draws, n), n)
    allowed = [sum(1 << i for i in c) for c in itertools.combinations(range(n), n // 2)]
    assert counts.sum() == counts[allowed].sum() == draws
    assert stats.chisquare(counts[allowed]).pvalue > 1e-3


def test_balanced_pair_correlation_is_that_of_a_permutation() -> None:
    n = 10
    signs = unpack_signs(balanced(np.random.default_rng(2), 100_000, n), n).astype(float)
    corr = (signs.T @ signs) / len(signs)
    off = corr[~np.eye(n, dtype=bool)]
    assert abs(off.mean() + 1 / (n - 1)) < 0.003


def test_with_replacement_bits_are_fair_and_independent() -> None:
    n, draws = 6, 64_000
    words = with_replacement(np.random.default_rng(4), draws, n)
    counts = pattern_counts(words, n)
    assert counts.sum() == draws and stats.chisquare(counts).pvalue > 1e-3


def test_sample_epochs_shapes_and_single_shuffle_reuse() -> None:
    rng = np.random.default_rng(5)
    assert sample_epochs(rng, "wr", 3, 4, 100).shape == (3, 4, 2)
    assert sample_epochs(rng, "rr", 3, 4, 100).shape == (3, 4, 2)
    assert sample_epochs(rng, "ss", 3, 4, 100).shape == (3, 1, 2)
    with pytest.raises(ValueError):
        sample_epochs(rng, "sgd", 3, 4, 100)


def test_fixed_order_is_first_half_class_one() -> None:
    np.testing.assert_array_equal(unpack_signs(fixed_order(8), 8), [1, 1, 1, 1, -1, -1, -1, -1])


def test_job_seeds_depend_only_on_the_job_key() -> None:
    def draw(*key: str | int) -> np.ndarray:
        return job_rng(11, *key).bit_generator.random_raw(4)

    np.testing.assert_array_equal(draw("eq1", 40, "rr"), draw("eq1", 40, "rr"))
    others = [
        draw("eq1", 41, "rr"),
        draw("eq2", 40, "rr"),
        draw("eq1", 40, "ss"),
        job_rng(12, "eq1", 40, "rr").bit_generator.random_raw(4),
    ]
    for other in others:
        assert not np.array_equal(draw("eq1", 40, "rr"), other)
