"""The lottery_ticket experiments' MNIST inputs: a named dataset, each image scaled to the unit sphere."""

from __future__ import annotations

import torch

from thundeep.data import load_dataset
from thundeep.lottery_ticket.config import Data
from thundeep.lottery_ticket.target import to_unit_sphere


def mnist_inputs(data: Data) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, str]:
    """Train/test tensors of the experiment's dataset, each row scaled to the unit sphere."""
    split = load_dataset(data.name, data.n_train, data.n_test, data.split_seed)
    return (
        to_unit_sphere(torch.from_numpy(split.x_train)),
        torch.from_numpy(split.y_train),
        to_unit_sphere(torch.from_numpy(split.x_test)),
        torch.from_numpy(split.y_test),
        split.source,
    )
