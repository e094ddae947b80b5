"""Typed configs: paper.yaml builds at every scale, value checks, and the declared metric names."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from thundeep.experiment import ConfigError, build, to_json
from thundeep.paperspec import deep_merge, load_yaml
from thundeep.spurious_minima.config import EXPERIMENTS, Colt21, Icml18
from thundeep.spurious_minima.spurious_fraction import protocol_metrics

PAPER_YAML = Path(__file__).parents[2] / "workflow/papers/spurious_minima/paper.yaml"


def _params(scale: str) -> dict[str, dict]:
    spec = load_yaml(PAPER_YAML)
    overrides = spec["scales"][scale] or {}
    return {name: deep_merge(e["params"], overrides.get(name) or {}) for name, e in spec["experiments"].items()}


@pytest.mark.parametrize("scale", ["smoke", "default", "full"])
def test_paper_yaml_builds_at_every_scale(scale: str) -> None:
    for name, params in _params(scale).items():
        config = build(EXPERIMENTS[name], params, name)
        assert to_json(config) == params  # nothing dropped, nothing added


def test_descent_step_follows_the_protocol() -> None:
    params = _params("default")
    assert build(Icml18, params["icml18"]).descent.step_at(10) == 0.1
    assert build(Colt21, params["colt21"]).descent.step_at(10) == 0.5


@pytest.mark.parametrize(
    ("name", "path", "value"),
    [
        ("icml18", ("descent", "n_extra"), [0, 3]),
        ("colt21", ("descent", "n_extra"), [0, 1]),  # COLT'21 reports n = k only
        ("icml18", ("descent", "criterion"), "l2"),
        ("icml18", ("descent", "loss_floor"), 0.0),
        ("icml18", ("analysis", "spurious_loss"), -1e-3),
        ("icml18", ("ks",), [6, 6]),
        ("icml18", ("confidence",), 1.0),
        ("colt21", ("hist_ks",), [15]),  # not in ks
    ],
)
def test_bad_values_are_refused(name: str, path: tuple[str, ...], value: object) -> None:
    params = _params("default")[name]
    node = params
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ConfigError):
        build(EXPERIMENTS[name], params, name)


def _summary(k: int, n: int) -> dict:
    """One (k, n) of a protocol's summary with no spurious run, as `summarise` shapes it."""
    row = {
        "k": k,
        "n": n,
        "runs": 10,
        "spurious_runs": 0,
        "spurious_fraction": 0.0,
        "not_converged": 0,
        "distinct_spurious": 0,
    }
    details = {
        "capped_above": 0,
        "floored": 0,
        "distinct_min_eig": [],
        "distinct_block_max": [],
        "spurious_norm_sums": [],
        "group_max_within": 0.0,
        "group_min_between": math.inf,
    }
    return {"row": row, "details": details}


@pytest.mark.parametrize("cls", [Icml18, Colt21])
def test_declared_metrics_are_what_the_protocol_computes(cls: type) -> None:
    full = protocol_metrics([_summary(6, 6 + o) for o in cls.metric_offsets], cls.metric_offsets)
    assert set(full) == set(cls.metrics)
    only_n0 = protocol_metrics([_summary(6, 6)], cls.metric_offsets)  # a scale that runs n = k only
    assert set(only_n0) == set(cls.metrics)


def test_configs_are_frozen() -> None:
    config = build(Icml18, _params("smoke")["icml18"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.descent.runs = 1  # type: ignore[misc]
