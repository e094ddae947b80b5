"""Theorem 1's single-product construction, checked against an explicitly pruned random network."""

from __future__ import annotations

import torch

from thundeep.lottery_ticket.weight_subnetwork import (
    best_single_product,
    prune_layer,
    pruned_forward,
    random_network_size,
)


def chosen_products(u: torch.Tensor, v: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    """The products v_ijk u_jk at the chosen k (0 where index is -1), read off the draws directly."""
    safe = index.clamp_min(0)[..., None]
    product = torch.gather(v, -1, safe)[..., 0] * torch.gather(u.expand_as(v), -1, safe)[..., 0]
    return torch.where(index >= 0, product, torch.zeros_like(product))


def explicit_pruned_pair(u: torch.Tensor, v: torch.Tensor, k_pos: torch.Tensor, k_neg: torch.Tensor):
    """Dense weights of the random layer pair with every weight the construction deletes set to 0."""
    n_out, n_in, m = v.shape
    first = torch.zeros(n_in * m, n_in, dtype=torch.float64)
    for j in range(n_in):
        first[j * m : (j + 1) * m, j] = u[j]  # neuron k of pool j sees only x_j
    second = torch.zeros(n_out, n_in * m, dtype=torch.float64)
    for i in range(n_out):
        for j in range(n_in):
            for k in (int(k_pos[i, j]), int(k_neg[i, j])):
                if k >= 0:
                    second[i, j * m + k] = v[i, j, k]
    return first, second


def test_pruned_network_equals_the_formula_weight_by_weight() -> None:
    gen = torch.Generator().manual_seed(3)
    w = (torch.rand(3, 4, generator=gen, dtype=torch.float64) * 2 - 1) * 0.8
    m = 12
    u = torch.rand(4, m, generator=gen, dtype=torch.float64) * 2 - 1
    v = torch.rand(3, 4, m, generator=gen, dtype=torch.float64) * 2 - 1
    k_pos, k_neg = best_single_product(w, u, v)
    for i in range(3):
        for j in range(4):
            products = v[i, j] * u[j]
            pos = [k for k in range(m) if u[j, k] > 0]
            neg = [k for k in range(m) if u[j, k] < 0]
            assert int(k_pos[i, j]) == min(pos, key=lambda k: abs(products[k] - w[i, j]))
            assert int(k_neg[i, j]) == min(neg, key=lambda k: abs(products[k] - w[i, j]))
    first, second = explicit_pruned_pair(u, v, k_pos, k_neg)
    x = torch.randn(50, 4, generator=gen, dtype=torch.float64)
    explicit = torch.relu(x @ first.T) @ second.T
    p_pos, p_neg = chosen_products(u, v, k_pos), chosen_products(u, v, k_neg)
    # w x = w[x]+ - w[-x]+ with the chosen products in place of w.
    formula = torch.relu(x) @ p_pos.T - torch.relu(-x) @ p_neg.T
    torch.testing.assert_close(explicit, formula, rtol=0, atol=1e-12)
    # The error bound: |G~(x) - W x| <= sum_j max(|p+ - w|, |p- - w|) |x_j|.
    per_weight = torch.maximum((p_pos - w).abs(), (p_neg - w).abs())
    assert torch.all((formula - x @ w.T).abs() <= x.abs() @ per_weight.T + 1e-12)


def test_prune_layer_matches_its_draws_and_error_falls_with_m() -> None:
    w = torch.linspace(-0.9, 0.9, 12, dtype=torch.float64).reshape(3, 4)
    gaps = []
    for m in (4, 64, 1024):
        gen = torch.Generator().manual_seed(0)
        layer = prune_layer(w, m, gen)
        replay = torch.Generator().manual_seed(0)
        u = torch.rand(4, m, generator=replay, dtype=torch.float64) * 2 - 1
        v = torch.rand(3, 4, m, generator=replay, dtype=torch.float64) * 2 - 1
        k_pos, k_neg = best_single_product(w, u, v)
        assert torch.equal(layer.positive, chosen_products(u, v, k_pos))
        assert torch.equal(layer.negative, chosen_products(u, v, k_neg))
        gaps.append(float((layer.positive - w).abs().max()))
    assert gaps[0] > gaps[1] > gaps[2]


def test_pruned_forward_two_layers_and_sizes() -> None:
    gen = torch.Generator().manual_seed(1)
    weights = [
        torch.rand(5, 3, generator=gen, dtype=torch.float64) - 0.5,
        torch.rand(2, 5, generator=gen, dtype=torch.float64) - 0.5,
    ]
    layers = [prune_layer(w, 2048, gen) for w in weights]
    x = torch.rand(20, 3, generator=gen, dtype=torch.float64)
    target = torch.relu(x @ weights[0].T) @ weights[1].T
    assert float((pruned_forward(layers, x) - target).abs().max()) < 0.01
    assert random_network_size([3, 5, 2], 4) == {
        "random_neurons": 3 * 4 + 5 + 5 * 4 + 2,
        "random_weights": 12 * 3 + 5 * 12 + 20 * 5 + 2 * 20,
    }
