"""The GPU rules give the same results on the device chosen automatically (CUDA when present) as on the CPU.

`thundeep.runtime.default_device` picks CUDA where a GPU is present; lottery_ticket's subnetwork search,
depth_separation's training and its random-feature fits, and random_features' E1/E1' and E3 fits run
there. Each test runs the stage's science function once with device='cpu' and once with the automatic
choice and compares. On a machine without a GPU both runs use the CPU and must agree exactly. With CUDA
the stated tolerances apply, chosen (not yet measured on a GPU) from the precision: 1e-4 relative on the
float32 training's RMSEs (CUDA's and the CPU's float32 products differ in the last bits, ~1e-7, over 30
Adam steps), 1e-9 relative on the float64 fits' errors (depth_separation's and random_features'), and 2
points of accuracy for the search (one flipped prediction among 50 test points).
"""

from __future__ import annotations

import numpy as np
import torch

from thundeep.depth_separation.depth_width_tradeoff import ball_sampler, parse_net, train_architecture, validation_set
from thundeep.depth_separation.random_features_depth2 import feature_counts, random_feature_errors
from thundeep.lottery_ticket.config import Data, SearchTraining, Sgd, SubnetworkSearch
from thundeep.lottery_ticket.subnetwork_search import search_width
from thundeep.nn.trainer import OnlineAdam
from thundeep.random_features.neuron_features import exact_curve, sample_error
from thundeep.random_features.polynomial_features import polynomial_error
from thundeep.runtime import default_device

AUTO = default_device()
CPU = torch.device("cpu")


def test_depth_separation_training_on_either_device() -> None:
    sampler = ball_sampler("uniform_radius", "l2_ball", 6, 2.0)
    validation = validation_set(sampler, 300, 0)

    def rmse(device: torch.device) -> np.ndarray:
        net = parse_net("3L-8-4", 6)
        return train_architecture(net, [0, 1], sampler, OnlineAdam(30, 16, 1e-2), validation, 3, device)[1]

    np.testing.assert_allclose(rmse(AUTO), rmse(CPU), rtol=1e-4 if AUTO.type == "cuda" else 0)


def test_depth_separation_random_feature_fits_on_either_device() -> None:
    def errors(device: torch.device) -> np.ndarray:
        return random_feature_errors(4, [1.0, 8.0], feature_counts(64), 640, 500, 1e-9, 0, device)

    np.testing.assert_allclose(errors(AUTO), errors(CPU), rtol=1e-9 if AUTO.type == "cuda" else 0)


def test_random_features_population_fits_on_either_device() -> None:
    def curve(device: torch.device) -> tuple[np.ndarray, int]:
        fits = exact_curve(6, [0, 1], [4, 8, 16, 32, 64], 1e-12, None, device)
        return fits.errors, fits.fallbacks

    (auto, auto_fallbacks), (cpu, cpu_fallbacks) = curve(AUTO), curve(CPU)
    assert cpu.shape == (5, 2) and auto_fallbacks == cpu_fallbacks
    np.testing.assert_allclose(auto, cpu, rtol=1e-9 if AUTO.type == "cuda" else 0)


def test_random_features_sample_fits_on_either_device() -> None:
    def errors(device: torch.device) -> np.ndarray:
        neuron = sample_error(8, 32, 0, 10, 2000, chunk=128, device=device)
        polynomial = polynomial_error(2, 4, 32, 0, 10, 2000, 1e-9, 128, 64, device)
        return np.array([neuron, polynomial])

    np.testing.assert_allclose(errors(AUTO), errors(CPU), rtol=1e-9 if AUTO.type == "cuda" else 0)


def test_lottery_ticket_search_on_either_device() -> None:
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(200, 12, generator=gen)
    y = (x[:, 0] > 0).long() + 2 * (x[:, 1] > 0).long()
    sgd = Sgd(epochs=3, batch_size=32, lr=0.1, momentum=0.9, weight_decay=1e-4)
    data = Data(name="mnist_5k", n_train=150, n_test=50, split_seed=0)  # not read: the tensors are passed
    config = SubnetworkSearch(
        data=data, widths=(16, 32), seeds=(0,), keep=0.5, ridge=1e-6, sgd=SearchTraining(sgd, sgd, sgd)
    )

    def accuracies(device: torch.device) -> np.ndarray:
        tensors = tuple(t.to(device) for t in (x[:150], y[:150], x[150:], y[150:]))
        rows = search_width(tensors, 16, [0], config)
        return np.array([[r["train_accuracy"], r["test_accuracy"]] for r in rows])

    auto, cpu = accuracies(AUTO), accuracies(CPU)
    assert auto.shape == cpu.shape == (4, 2)  # dense, edge-popup, neuron subnetwork, random features
    np.testing.assert_allclose(auto, cpu, atol=2.0 if AUTO.type == "cuda" else 0)
