"""The multi-seed trainer gives the same networks as training each seed on its own."""

import pytest
import torch

from thundeep.nn.subnetworks import DenseMLP, EdgePopupMLP
from thundeep.nn.trainer import SGDSchedule, seedwise_accuracy, train_seeds


def _data() -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(90, 10, generator=gen)
    return x, (x[:, 0] > 0).long() + (x[:, 1] > 0).long()


def _make(kind: str, seeds: list[int]) -> torch.nn.Module:
    sizes = [10, 16, 3]
    return DenseMLP(sizes, seeds) if kind == "dense" else EdgePopupMLP(sizes, seeds, keep=0.5)


@pytest.mark.parametrize("kind", ["dense", "edge_popup"])
def test_batched_seeds_equal_sequential_seeds(kind: str) -> None:
    x, y = _data()
    schedule = SGDSchedule(epochs=3, batch_size=32, lr=0.1)
    together = _make(kind, [3, 8])
    train_seeds(together, x, y, [3, 8], schedule)
    for i, seed in enumerate([3, 8]):
        alone = _make(kind, [seed])
        train_seeds(alone, x, y, [seed], schedule)
        for p_together, p_alone in zip(together.parameters(), alone.parameters(), strict=True):
            torch.testing.assert_close(p_together[i : i + 1], p_alone, rtol=1e-5, atol=1e-6)


def test_training_is_deterministic_and_learns() -> None:
    x, y = _data()
    schedule = SGDSchedule(epochs=20, batch_size=32, lr=0.1)
    runs = []
    for _ in range(2):
        model = DenseMLP([10, 16, 3], [0, 1])
        train_seeds(model, x, y, [0, 1], schedule)
        runs.append([p.detach().clone() for p in model.parameters()])
    assert all(torch.equal(a, b) for a, b in zip(*runs, strict=True))
    assert (seedwise_accuracy(model, x, y) > 0.8).all()
