"""Searching for subnetworks of random 2-layer nets on MNIST, against training.

For each hidden width and seed, one random bias-free ReLU net (signed-constant weights) is
- pruned by edge-popup: a score per weight, top-k% per layer (weight-subnetwork, Theorem 1's kind);
- pruned by a score per hidden neuron, top-k% neurons (neuron-subnetwork, Theorem 2's kind);
- used as random features: its first layer frozen, the output layer fitted by least squares to
  one-hot labels (the best a neuron-subnetwork of that layer could do, in squared loss);
and a dense net of the same shape is trained normally. All seeds of a width train together.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
import torch
from scipy import stats

from thundeep.lottery_ticket.config import SubnetworkSearch
from thundeep.nn.random_features import fit_least_squares, relu_features
from thundeep.nn.subnetworks import DenseMLP, EdgePopupMLP, NeuronSubnetworkMLP, frozen_random_weights
from thundeep.nn.trainer import SGDSchedule, seedwise_accuracy, train_seeds
from thundeep.seed_statistics import seed_std

METHODS = ("edge_popup", "neuron_subnetwork", "random_features", "dense")
"""The search's methods, in the order of the figure's legend."""

ROW_COLUMNS = ["method", "width", "seed", "test_accuracy", "train_accuracy"]
"""Columns of the search table (accuracies in percent)."""


def standardise(x_train: torch.Tensor, x_test: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Subtract the training set's per-pixel mean and divide by its overall standard deviation."""
    mean = x_train.mean(dim=0)
    scale = (x_train - mean).std()
    return (x_train - mean) / scale, (x_test - mean) / scale


def random_features_accuracy(
    x_train: torch.Tensor,
    y_train: torch.Tensor,
    x_test: torch.Tensor,
    y_test: torch.Tensor,
    sizes: Sequence[int],
    seeds: Sequence[int],
    ridge: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, test) accuracy per seed of least squares on the random net's first-layer features."""
    first = frozen_random_weights(sizes, seeds)[0].to(x_train.device)
    targets = torch.nn.functional.one_hot(y_train, sizes[-1]).to(torch.float64).expand(len(seeds), -1, -1)
    weights = fit_least_squares(relu_features(x_train, first), targets, ridge)
    accuracy = []
    for x, y in ((x_train, y_train), (x_test, y_test)):
        scores = relu_features(x, first).to(torch.float64) @ weights
        accuracy.append((scores.argmax(dim=-1) == y).double().mean(dim=-1))
    return accuracy[0], accuracy[1]


def search_width(
    data: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor],
    width: int,
    seeds: Sequence[int],
    config: SubnetworkSearch,
) -> list[dict]:
    """Rows for one hidden width: every method, every seed (train and test accuracy in percent)."""
    x_train, y_train, x_test, y_test = data
    sizes = [x_train.shape[1], width, int(y_train.max()) + 1]
    device = x_train.device
    results: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
    models = {
        "edge_popup": EdgePopupMLP(sizes, seeds, config.keep),
        "neuron_subnetwork": NeuronSubnetworkMLP(sizes, seeds, config.keep),
        "dense": DenseMLP(sizes, seeds),
    }
    for method, model in models.items():
        model.to(device)
        schedule = SGDSchedule(**dataclasses.asdict(getattr(config.sgd, method)))
        train_seeds(model, x_train, y_train, seeds, schedule, progress=f"{method} {width}")
        results[method] = (seedwise_accuracy(model, x_train, y_train), seedwise_accuracy(model, x_test, y_test))
    results["random_features"] = random_features_accuracy(x_train, y_train, x_test, y_test, sizes, seeds, config.ridge)
    return [
        {
            "method": method,
            "width": width,
            "seed": seed,
            "test_accuracy": 100 * float(results[method][1][i]),
            "train_accuracy": 100 * float(results[method][0][i]),
        }
        for method in METHODS
        for i, seed in enumerate(seeds)
    ]


PAIRED_TEST_LEVEL = 0.05
"""Level of LT4's one-sided paired t-tests."""


def paired_difference(
    rows: Sequence[dict], better: str, worse: str, width: int, level: float = PAIRED_TEST_LEVEL
) -> dict[str, float]:
    """One-sided paired t-test over seeds of test accuracy(better) - accuracy(worse) at `width`.

    Paired by seed: both methods start from the same random network. Returns the mean, std and
    standard error of the differences, the lower one-sided (1 - level) confidence bound
    mean - t_{1-level, n-1} * stderr (> 0 exactly when the test rejects mean <= 0 at `level`), and
    the test's p-value. With one seed the bound and p-value are NaN (no spread measured).
    """
    accuracy = {(r["method"], r["seed"]): r["test_accuracy"] for r in rows if r["width"] == width}
    seeds = sorted({seed for method, seed in accuracy if method == better})
    diffs = np.array([accuracy[(better, s)] - accuracy[(worse, s)] for s in seeds])
    mean, std, n = float(diffs.mean()), seed_std(diffs), len(diffs)
    stderr = std / math.sqrt(n)
    if n < 2:
        bound = p_value = float("nan")
    elif stderr == 0:
        bound, p_value = mean, float(mean <= 0)
    else:
        bound = mean - float(stats.t.ppf(1 - level, n - 1)) * stderr
        p_value = float(stats.t.sf(mean / stderr, n - 1))
    return {"mean": mean, "std": std, "stderr": stderr, "lower_bound": bound, "p_value": p_value}


def search_metrics(rows: Sequence[dict]) -> dict[str, float]:
    """LT4's numbers at the largest width: each method's accuracy, and the two paired one-sided t-tests.

    `edge_popup_margin` = the lower 95% one-sided confidence bound of mean(EP - NS) over seeds
    (> 0: the paired t-test says weight-subnetworks beat neuron-subnetworks at level 0.05);
    `neuron_subnetwork_excess` = the same bound for mean(NS - RF) (<= 0: the test does not find
    neuron-subnetworks better than random features). The p-values are reported beside them.
    """
    width = max(r["width"] for r in rows)
    metrics: dict[str, float] = {"largest_width": float(width)}
    for method in METHODS:
        values = [r["test_accuracy"] for r in rows if r["method"] == method and r["width"] == width]
        metrics[f"{method}_accuracy"] = float(np.mean(values))
        metrics[f"{method}_accuracy_std"] = seed_std(values)
    ep_ns = paired_difference(rows, "edge_popup", "neuron_subnetwork", width)
    ns_rf = paired_difference(rows, "neuron_subnetwork", "random_features", width)
    metrics.update(
        {
            "edge_popup_minus_neuron_subnetwork": ep_ns["mean"],
            "edge_popup_minus_neuron_subnetwork_std": ep_ns["std"],
            "edge_popup_margin": ep_ns["lower_bound"],
            "edge_popup_p_value": ep_ns["p_value"],
            "neuron_subnetwork_minus_random_features": ns_rf["mean"],
            "neuron_subnetwork_minus_random_features_std": ns_rf["std"],
            "neuron_subnetwork_excess": ns_rf["lower_bound"],
            "neuron_subnetwork_p_value": ns_rf["p_value"],
        }
    )
    return metrics
