"""Meet-in-the-middle subset sum equals brute force."""

import pytest
import torch

from thundeep.lottery_ticket.subset_sum import best_subset_sum, subset_bits, subset_sum_rule
from thundeep.lottery_ticket.weight_subnetwork import prune_layer


def brute_force_error(items: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Smallest |subset sum - target| per row, by listing all 2^n subsets."""
    sums = items.double() @ subset_bits(items.shape[1]).T
    return (sums - targets.double()[:, None]).abs().min(dim=1).values


def masked_sum(items: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Row sums of the kept items, in float64."""
    return (items.to(torch.float64) * mask).sum(dim=1)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 8, 11])
def test_meet_in_the_middle_equals_brute_force(n: int) -> None:
    gen = torch.Generator().manual_seed(n)
    items = torch.rand(300, n, generator=gen) * 2 - 1
    targets = torch.rand(300, generator=gen) * 2 - 1
    mask = best_subset_sum(items, targets)
    error = (masked_sum(items, mask) - targets.double()).abs()
    torch.testing.assert_close(error, brute_force_error(items, targets), rtol=0, atol=1e-12)


def test_small_chunks_give_the_same_answer() -> None:
    gen = torch.Generator().manual_seed(7)
    items = torch.rand(97, 9, generator=gen) * 2 - 1
    targets = torch.rand(97, generator=gen) * 2 - 1
    assert torch.equal(best_subset_sum(items, targets), best_subset_sum(items, targets, chunk_elements=64))


def test_exact_subset_is_recovered() -> None:
    gen = torch.Generator().manual_seed(3)
    items = torch.rand(50, 10, generator=gen) * 2 - 1
    chosen = torch.rand(50, 10, generator=gen) < 0.5
    targets = masked_sum(items, chosen)
    mask = best_subset_sum(items, targets)
    assert torch.allclose(masked_sum(items, mask), targets, atol=1e-12)


def test_error_shrinks_exponentially_with_pool_size() -> None:
    """Lueker's bound: the typical error falls by about half per extra item."""
    gen = torch.Generator().manual_seed(0)
    targets = torch.rand(400, generator=gen) - 0.5
    errors = []
    for n in (4, 8, 12):
        items = torch.rand(400, n, generator=gen) * 2 - 1
        errors.append((masked_sum(items, best_subset_sum(items, targets)) - targets.double()).abs().median())
    assert errors[1] < errors[0] / 4 and errors[2] < errors[1] / 4


def test_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="items"):
        best_subset_sum(torch.zeros(3, 2), torch.zeros(4))


def test_subset_sum_rule_keeps_the_best_subset_of_each_sign_in_every_pool() -> None:
    gen = torch.Generator().manual_seed(11)
    rows, n_in, m = 3, 5, 9
    w = (torch.rand(rows, n_in, generator=gen, dtype=torch.float64) * 2 - 1) * 0.8
    u = torch.rand(n_in, m, generator=gen, dtype=torch.float64) * 2 - 1
    u[0] = u[0].abs()  # a pool with no neuron of negative sign
    v = torch.rand(rows, n_in, m, generator=gen, dtype=torch.float64) * 2 - 1
    keep = subset_sum_rule(w, u, v)
    for i in range(rows):
        for j in range(n_in):
            for sign in (u[j] > 0, u[j] < 0):
                items = (v[i, j] * u[j])[sign]
                kept = (v[i, j] * u[j])[sign & keep[i, j]].sum()
                best = brute_force_error(items[None], w[i, j][None])
                assert abs(float((kept - w[i, j]).abs() - best)) < 1e-12
    assert not keep[:, 0][:, u[0] < 0].any()


def test_prune_layer_with_subset_sums_sums_the_kept_products() -> None:
    w = torch.linspace(-0.9, 0.9, 12, dtype=torch.float64).reshape(3, 4)
    layer = prune_layer(w, 10, torch.Generator().manual_seed(0), subset_sum_rule)
    replay = torch.Generator().manual_seed(0)
    u = torch.rand(4, 10, generator=replay, dtype=torch.float64) * 2 - 1
    v = torch.rand(3, 4, 10, generator=replay, dtype=torch.float64) * 2 - 1
    keep = subset_sum_rule(w, u, v)
    torch.testing.assert_close(layer.positive, (v * u * (keep & (u > 0))).sum(-1), rtol=0, atol=1e-15)
    torch.testing.assert_close(layer.negative, (v * u * (keep & (u < 0))).sum(-1), rtol=0, atol=1e-15)
    assert layer.kept_weights == int(keep.sum()) + int(keep.any(dim=0).sum())
    single = prune_layer(w, 10, torch.Generator().manual_seed(0))
    assert (layer.positive - w).abs().max() <= (single.positive - w).abs().max()
