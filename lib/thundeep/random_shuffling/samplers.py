"""Which component each SGD step uses, stored as packed class bits, for WR, SS, RR and a fixed order.

Only the class (sign e_i) of the component used at a step matters (instances.py), so a run is a bit
sequence: bit t of an epoch is 1 when step t uses a component with e_i = +1. Epochs are stored as
little-endian uint64 words, step t in bit t % 64 of word t // 64, unused high bits zero.

- WR (with replacement): each step draws a component uniformly; half have each sign, so the bits are
  independent fair coins.
- RR (random reshuffling): each epoch is a uniform random permutation; its sign sequence is uniform
  over the sequences with exactly n/2 ones, which `balanced` draws directly.
- SS (single shuffling): one such balanced sequence per run, reused in every epoch.
- Fixed order (incremental gradient): first half class 1, then class 0.
"""

from __future__ import annotations

import zlib

import numpy as np
from numba import njit

METHODS = ("wr", "ss", "rr")
"""The three samplers of the NeurIPS'21 Fig. 1, as named in the table."""


def words_per_epoch(n: int) -> int:
    """Number of uint64 words holding one epoch of n bits."""
    return (n + 63) // 64


def _last_word_mask(n: int) -> np.uint64:
    used = n - 64 * (words_per_epoch(n) - 1)
    return np.uint64((1 << used) - 1)


def pack_signs(signs: np.ndarray) -> np.ndarray:
    """Pack a (..., n) array of classes in {0, 1} (or signs in {-1, +1}) into (..., W) uint64 words."""
    bits = (np.asarray(signs) > 0).astype(np.uint8)
    n = bits.shape[-1]
    padded = np.zeros(bits.shape[:-1] + (64 * words_per_epoch(n),), dtype=np.uint8)
    padded[..., :n] = bits
    packed = np.packbits(padded, axis=-1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


def unpack_signs(words: np.ndarray, n: int) -> np.ndarray:
    """Inverse of `pack_signs`: (..., W) uint64 words -> (..., n) signs in {-1, +1} (int8)."""
    raw = np.ascontiguousarray(np.asarray(words, dtype="<u8")).view(np.uint8)
    bits = np.unpackbits(raw, axis=-1, bitorder="little")[..., :n]
    return (2 * bits.astype(np.int8) - 1).astype(np.int8)


def with_replacement(rng: np.random.Generator, count: int, n: int) -> np.ndarray:
    """`count` epochs of WR: n independent fair class bits each; shape (count, W)."""
    width = words_per_epoch(n)
    words = rng.bit_generator.random_raw(count * width).reshape(count, width)
    words[:, -1] &= _last_word_mask(n)
    return words


def balanced(rng: np.random.Generator, count: int, n: int) -> np.ndarray:
    """`count` uniform sign sequences with exactly n/2 ones (one random permutation each); (count, W).

    Draw n fair bits (s ones), then flip |s - n/2| positions of the surplus symbol chosen uniformly
    without replacement. Given s the bits are uniform over the s-subsets, and removing (or adding) a
    uniform subset of ones keeps the law exchangeable, so the result is uniform over the balanced
    sequences. The flips come from uniform candidate positions in draw order; a round keeps as many
    candidates showing the surplus symbol as flips are still needed (a repeated position is flipped
    once, and the next round draws afresh), so each new flip is uniform among the remaining positions.
    """
    if n % 2:
        raise ValueError(f"n must be even, got {n}")
    words = with_replacement(rng, count, n)
    ones = np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    clear = ones > n // 2  # too many ones: clear ones; too few: set zeros
    rows = np.flatnonzero(ones != n // 2)
    while rows.size:  # a few rounds: each row draws about twice the flips it still needs
        need = np.abs(ones[rows] - n // 2)
        draws = 2 * need + 4
        positions = rng.integers(0, n, size=int(draws.sum()))
        _flip_candidates(words, rows, need, draws, clear, positions)
        ones[rows] = np.bitwise_count(words[rows]).sum(axis=1, dtype=np.int64)
        rows = rows[ones[rows] != n // 2]
    return words


@njit(cache=True)
def _flip_candidates(
    words: np.ndarray, rows: np.ndarray, need: np.ndarray, draws: np.ndarray, clear: np.ndarray, positions: np.ndarray
) -> None:
    """One round of `balanced`'s flips: row rows[i] owns the next draws[i] candidate positions; those
    that show its surplus symbol before the round are usable, and the first need[i] usable ones flip
    (a repeated position flips once)."""
    width = words.shape[1]
    before = np.empty(width, dtype=np.uint64)
    cursor = 0
    for i in range(rows.size):
        row = rows[i]
        surplus = clear[row]
        for j in range(width):
            before[j] = words[row, j]
        kept = 0
        for c in range(cursor, cursor + draws[i]):
            if kept == need[i]:
                break
            word, bit = positions[c] >> 6, np.uint64(1) << np.uint64(positions[c] & 63)
            if ((before[word] & bit) != 0) == surplus:
                kept += 1
                words[row, word] = words[row, word] & ~bit if surplus else words[row, word] | bit
        cursor += draws[i]


def fixed_order(n: int) -> np.ndarray:
    """Incremental gradient's order: class 1 for the first n/2 steps, class 0 after; shape (W,)."""
    return pack_signs(np.arange(n) < n // 2)


def sample_epochs(rng: np.random.Generator, method: str, runs: int, epochs: int, n: int) -> np.ndarray:
    """Class bits of `runs` runs: (runs, epochs, W) for WR / RR, (runs, 1, W) for SS (one order reused)."""
    if method == "wr":
        return with_replacement(rng, runs * epochs, n).reshape(runs, epochs, -1)
    if method == "rr":
        return balanced(rng, runs * epochs, n).reshape(runs, epochs, -1)
    if method == "ss":
        return balanced(rng, runs, n).reshape(runs, 1, -1)
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


def _label(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def job_rng(base_seed: int, *key: str | int) -> np.random.Generator:
    """Generator for one job, e.g. job_rng(seed, "eq1", 40, "rr").

    The stream depends only on the base seed and the job's own key (names hashed with CRC-32), so
    adding or removing other jobs leaves it unchanged.
    """
    spawn = tuple(_label(part) if isinstance(part, str) else int(part) for part in key)
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(int(base_seed), spawn_key=spawn)))
