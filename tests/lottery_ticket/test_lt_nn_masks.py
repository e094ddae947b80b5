"""Edge-popup and neuron-subnetwork masks: exact top-k, straight-through gradients, frozen weights."""

import pytest
import torch

from thundeep.nn.masks import kept_count, straight_through_mask, top_fraction_mask
from thundeep.nn.seeded import mlp_forward
from thundeep.nn.subnetworks import EdgePopupMLP, NeuronSubnetworkMLP
from thundeep.nn.trainer import SGDSchedule, seedwise_cross_entropy, train_seeds


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.5, 1.0])
def test_top_fraction_keeps_exactly_the_largest_scores(fraction: float) -> None:
    scores = torch.randn(3, 17, 11, generator=torch.Generator().manual_seed(1))
    mask = top_fraction_mask(scores, fraction)
    keep = kept_count(17 * 11, fraction)
    assert torch.equal(mask.sum(dim=(1, 2)), torch.full((3,), float(keep)))
    for s in range(3):
        kept, dropped = scores[s][mask[s] > 0], scores[s][mask[s] == 0]
        assert dropped.numel() == 0 or kept.min() > dropped.max()


def test_straight_through_passes_the_gradient_unchanged() -> None:
    scores = torch.randn(2, 5, 4, requires_grad=True)
    upstream = torch.randn(2, 5, 4)
    (straight_through_mask(scores, 0.5) * upstream).sum().backward()
    assert torch.equal(scores.grad, upstream)


def test_bad_fraction_is_refused() -> None:
    with pytest.raises(ValueError, match="keep fraction"):
        kept_count(10, 0.0)


def _batch(seed: int = 0, n: int = 64, d: int = 12, classes: int = 3) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(n, d, generator=gen), torch.randint(0, classes, (n,), generator=gen)


def test_edge_popup_forward_uses_exactly_the_top_fraction_per_layer() -> None:
    model = EdgePopupMLP([12, 20, 3], seeds=[0, 1], keep=0.3)
    x, _ = _batch()
    masks = model.masks()
    for mask, weight in zip(masks, model.weights(), strict=True):
        assert torch.equal(mask.sum(dim=(1, 2)), torch.full((2,), float(kept_count(weight[0].numel(), 0.3))))
    expected = mlp_forward(x, [w * m for w, m in zip(model.weights(), masks, strict=True)])
    assert torch.equal(model(x), expected)


def test_edge_popup_score_gradient_is_weight_times_pruned_weight_gradient() -> None:
    model = EdgePopupMLP([12, 20, 3], seeds=[4], keep=0.5)
    x, y = _batch()
    seedwise_cross_entropy(model(x), y[None]).backward()
    pruned = [(w * m).requires_grad_() for w, m in zip(model.weights(), model.masks(), strict=True)]
    seedwise_cross_entropy(mlp_forward(x, pruned), y[None]).backward()
    for score, p, w in zip(model.scores, pruned, model.weights(), strict=True):
        torch.testing.assert_close(score.grad, p.grad * w)
    assert all(not w.requires_grad and w.grad is None for w in model.weights())


@pytest.mark.parametrize("model_class", [EdgePopupMLP, NeuronSubnetworkMLP])
def test_training_moves_scores_only_and_leaves_weights_bitwise_unchanged(model_class: type) -> None:
    model = model_class([12, 20, 3], seeds=[0, 1], keep=0.5)
    before = [w.clone() for w in model.weights()]
    scores_before = [s.detach().clone() for s in model.scores]
    x, y = _batch()
    train_seeds(model, x, y, [0, 1], SGDSchedule(epochs=2, batch_size=16, lr=0.5))
    assert [n for n, p in model.named_parameters()] == [f"scores.{i}" for i in range(len(model.scores))]
    for w, w0 in zip(model.weights(), before, strict=True):
        assert torch.equal(w, w0)
    assert any(not torch.equal(s, s0) for s, s0 in zip(model.scores, scores_before, strict=True))


def test_neuron_subnetwork_deletes_exactly_the_unkept_hidden_neurons() -> None:
    model = NeuronSubnetworkMLP([12, 20, 3], seeds=[0, 1, 2], keep=0.25)
    x, _ = _batch()
    (mask,) = model.masks()
    assert torch.equal(mask.sum(dim=1), torch.full((3,), 5.0))
    w_in, w_out = model.weights()
    expected = mlp_forward(x, [w_in * mask[:, None, :], w_out])
    torch.testing.assert_close(model(x), expected)
