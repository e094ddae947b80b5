"""Exact subset-sum approximation of many targets at once (meet in the middle).

Pensia et al. (NeurIPS 2020) sharpen the lottery-ticket construction: instead of keeping the one
random product u*v closest to a target weight w, keep the SUBSET of a pool of n random products whose
sum is closest to w. With n ~ C log(1/eps) products every w in [-1, 1] is eps-close to some subset sum
(Lueker 1998), so the width grows like log(1/eps) instead of 1/eps.

`best_subset_sum` solves min over S of |sum_{k in S} a_k - w| exactly for every row of a batch of
instances. It splits the n items into halves, enumerates the 2^(n/2) sums of each half, sorts one
side, and for every left sum binary-searches the right sum nearest to the remaining gap: time and
memory O(2^(n/2) n) per instance instead of O(2^n n).
"""

from __future__ import annotations

import torch

DEFAULT_CHUNK_ELEMENTS = 1 << 22
"""Instances per chunk are chosen so a chunk's (instances x half-subsets) tables hold about this many."""


def subset_bits(n: int, device: torch.device | str = "cpu", dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """The (2^n, n) 0/1 matrix whose row s lists the items of subset s (bit k of s = item k)."""
    index = torch.arange(1 << n, device=device)
    shifts = torch.arange(n, device=device)
    return ((index[:, None] >> shifts[None, :]) & 1).to(dtype)


def _nearest_right_sums(gap: torch.Tensor, right_sorted: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For each gap (rows x L), the index into each sorted row (rows x R) nearest to it, and the distance.

    The rows are padded with -inf and +inf so both neighbours of every insertion point exist.
    """
    inf = torch.full_like(right_sorted[:, :1], float("inf"))
    padded = torch.cat([-inf, right_sorted, inf], dim=1)
    upper = torch.searchsorted(padded, gap)  # in [1, R + 1]: padded[upper - 1] <= gap < padded[upper]
    err_upper = padded.gather(1, upper) - gap
    err_lower = gap - padded.gather(1, upper - 1)
    take_lower = err_lower <= err_upper
    return torch.where(take_lower, upper - 2, upper - 1), torch.where(take_lower, err_lower, err_upper)


def _solve_chunk(items: torch.Tensor, targets: torch.Tensor, left: torch.Tensor, right: torch.Tensor) -> torch.Tensor:
    """Best subset mask (rows x n) for one chunk; `left`/`right` are the subset-bit matrices of the halves."""
    n_left = left.shape[1]
    left_sums = items[:, :n_left] @ left.T  # (rows, 2^a)
    right_sums = items[:, n_left:] @ right.T  # (rows, 2^b)
    right_sorted, order = right_sums.sort(dim=1)
    gap = targets[:, None] - left_sums
    position, error = _nearest_right_sums(gap, right_sorted)
    best_left = error.argmin(dim=1)  # first minimum: deterministic tie-break
    best_position = position.gather(1, best_left[:, None]).squeeze(1)
    best_right = order.gather(1, best_position[:, None]).squeeze(1)
    return torch.cat([left[best_left], right[best_right]], dim=1) > 0.5


def best_subset_sum(
    items: torch.Tensor, targets: torch.Tensor, chunk_elements: int = DEFAULT_CHUNK_ELEMENTS
) -> torch.Tensor:
    """Boolean mask (W, n): for each row, the subset of `items[row]` whose sum is nearest `targets[row]`.

    Exact (every one of the 2^n subsets is considered, the empty one included). Sums are formed in
    float64. Rows are processed in chunks so memory stays near `chunk_elements` table entries.
    """
    if items.ndim != 2 or targets.shape != items.shape[:1]:
        raise ValueError(f"need items (W, n) and targets (W,), got {tuple(items.shape)} and {tuple(targets.shape)}")
    rows, n = items.shape
    n_left = n // 2
    left = subset_bits(n_left, items.device)
    right = subset_bits(n - n_left, items.device)
    chunk = max(1, chunk_elements // max(left.shape[0], right.shape[0]))
    items64, targets64 = items.to(torch.float64), targets.to(torch.float64)
    parts = [
        _solve_chunk(items64[start : start + chunk], targets64[start : start + chunk], left, right)
        for start in range(0, rows, chunk)
    ]
    return torch.cat(parts) if parts else torch.zeros(0, n, dtype=torch.bool, device=items.device)


def subset_sum_rule(w: torch.Tensor, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Pensia et al.'s construction rule: for each (i, j) and each sign of u, the best subset of the pool.

    w (rows, n_in), u (n_in, m), v (rows, n_in, m) -> bool mask (rows, n_in, m) of kept v_ijk. The
    neurons of pool j with u_jk > 0 give items v_ijk u_jk for the [x_j]+ branch and those with
    u_jk < 0 for the [-x_j]+ branch; both branches target w_ij (see `weight_subnetwork.py`). Pools are
    grouped by how many neurons of the sign they hold, so each group is one rectangular batch.
    """
    rows = w.shape[0]
    keep = torch.zeros(v.shape, dtype=torch.bool, device=v.device)
    for sign_mask in (u > 0, u < 0):
        order = torch.argsort((~sign_mask).to(torch.int8), dim=1, stable=True)  # that sign first
        counts = sign_mask.sum(dim=1)
        for count in counts.unique().tolist():
            if count == 0:
                continue  # no neuron of this sign in these pools: the branch keeps nothing
            pools = (counts == count).nonzero()  # (J, 1)
            neurons = order[pools[:, 0], :count]  # (J, count)
            items = v[:, pools, neurons] * u[pools, neurons]  # (rows, J, count)
            chosen = best_subset_sum(items.reshape(-1, count), w[:, pools[:, 0]].reshape(-1))
            keep[:, pools, neurons] = chosen.view(rows, len(pools), count)
    return keep
