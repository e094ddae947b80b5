"""Cutting a job's independent runs into contiguous parts, and putting the parts' arrays back together.

A rule whose runs are split (paper.yaml `chunks`) runs one job per part and a gather job that merges
them; each run draws from its own seed stream, so the merged file equals the unsplit job's byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def chunk_bounds(runs: int, chunks: int, chunk: int) -> tuple[int, int]:
    """Runs [start, stop) of part `chunk` (0-based) when `runs` runs are cut into `chunks` contiguous,
    near-equal parts (the first `runs % chunks` parts one run longer)."""
    if not 1 <= chunks <= runs or not 0 <= chunk < chunks:
        raise ValueError(f"chunk {chunk} of {chunks} does not cut {runs} runs (want 1 <= chunks <= runs)")
    size, longer = divmod(runs, chunks)
    start = chunk * size + min(chunk, longer)
    return start, start + size + (chunk < longer)


def concatenate_parts(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Each array concatenated along its first axis over the parts (in the parts' order), the arrays
    in the first part's order; every part must hold the same names."""
    if not parts:
        raise ValueError("no parts to gather")
    names = list(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        if list(part) != names:
            raise ValueError(f"part {index} holds {sorted(part)}, part 0 holds {sorted(names)}")
    return {name: np.concatenate([part[name] for part in parts]) for name in names}


def balanced_parts(costs: Sequence[int], parts: int) -> list[int]:
    """The part (0-based, non-decreasing) of each item when items of integer `costs` are cut, in order, into
    `parts` contiguous parts of near-equal total cost: an item goes to the part holding the midpoint of its
    cost span. Parts may be empty (fewer items than parts, or one item costing more than a part's share)."""
    if parts < 1:
        raise ValueError(f"cannot cut items into {parts} parts (want parts >= 1)")
    total, before, owners = sum(costs), 0, []
    for cost in costs:
        owners.append(min(parts - 1, (2 * before + cost) * parts // (2 * total)) if total else 0)
        before += cost
    return owners
