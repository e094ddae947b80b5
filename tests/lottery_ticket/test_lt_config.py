"""The lottery_ticket typed configs: paper.yaml builds at every scale, and bad values are refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from thundeep.experiment import ConfigError, build, to_json
from thundeep.lottery_ticket.config import EXPERIMENTS
from thundeep.paperspec import SCALES, load_paper

REPO = Path(__file__).parents[2]


def _configs(scale: str) -> dict:
    return load_paper(
        REPO / "workflow/papers/lottery_ticket/paper.yaml",
        "lottery_ticket",
        REPO / "workflow/schemas/paper.schema.yaml",
        scale,
    ).configs


@pytest.mark.parametrize("scale", SCALES)
def test_paper_yaml_builds_every_experiment_at_every_scale(scale: str) -> None:
    configs = _configs(scale)
    assert {name: type(c) for name, c in configs.items()} == EXPERIMENTS
    for config in configs.values():
        assert build(type(config), to_json(config)) == config


def _with(data: dict, path: str, value) -> dict:
    """A copy of the JSON config `data` with the dotted key `path` set to `value`."""
    data = to_json(data) if dataclasses.is_dataclass(data) else dict(data)
    node, *rest = path.split(".")
    data[node] = _with(data[node], ".".join(rest), value) if rest else value
    return data


@pytest.mark.parametrize(
    ("name", "key", "value", "words"),
    [
        ("construction", "target.data.n_train", 0, "n_train and n_test must be >= 1"),
        ("construction", "target.reach", 1.5, "reach must be in (0, 1]"),
        ("construction", "target.network.hidden", [], "hidden: at least one width"),
        ("construction", "pruning.subset_sum.pool_sizes", [4, 4], "pool_sizes: at least two distinct"),
        ("construction", "seeds", [-1], "seeds: at least one, distinct, each >= 0"),
        ("gaussian_neuron", "n_test", 10, "n_test must be >= 100"),
        ("gaussian_neuron", "dims", [4], "dims: at least two distinct"),
        ("subnetwork_search", "keep", 0.0, "keep must be in (0, 1]"),
        ("subnetwork_search", "sgd.dense.momentum", 1.0, "0 <= momentum < 1"),
        ("subnetwork_search", "data.name", "cifar10", "is not one of"),
    ],
)
def test_bad_values_are_refused_with_the_reason(name: str, key: str, value, words: str) -> None:
    config = _configs("smoke")[name]
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        build(type(config), _with(config, key, value))
