"""Typed configs: paper.yaml builds at every scale, and bad values are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from thundeep.experiment import build, to_json
from thundeep.paperspec import deep_merge, load_yaml
from thundeep.size_depth_separation.config import EXPERIMENTS, BooleanNetworks, Lift, OutputRounding, Sawtooth

PAPER_YAML = Path(__file__).parents[2] / "workflow/papers/size_depth_separation/paper.yaml"


def _params(scale: str) -> dict[str, dict]:
    spec = load_yaml(PAPER_YAML)
    overrides = spec["scales"][scale] or {}
    return {name: deep_merge(e["params"], overrides.get(name) or {}) for name, e in spec["experiments"].items()}


@pytest.mark.parametrize("scale", ["smoke", "default", "full"])
def test_paper_yaml_builds_at_every_scale(scale: str) -> None:
    assert set(_params(scale)) == set(EXPERIMENTS)
    for name, params in _params(scale).items():
        built = to_json(build(EXPERIMENTS[name], params, name))
        assert {key: built[key] for key in params} == params  # nothing dropped or changed


def test_the_spec_ranges_per_scale() -> None:
    default, full = _params("default"), _params("full")
    assert max(default["boolean_networks"]["dims"]) == 11 and max(full["boolean_networks"]["dims"]) == 12
    assert max(default["sawtooth"]["ks"]) == 12
    assert max(_params("smoke")["boolean_networks"]["dims"]) <= 4 and max(_params("smoke")["sawtooth"]["ks"]) <= 4
    assert full["lift"]["draws"] == 10**7


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError):
        BooleanNetworks(dims=(3,))
    with pytest.raises(ValueError):
        Lift(functions=("IP",), d=3, draws=10, pairs=10, pair_radii=(0.3, 0.1), seed=0)
    with pytest.raises(ValueError):
        OutputRounding(functions=("IP",), dims=(2,), sup_errors_below=(0.34,), margin_above=1e-3, trials=1, seed=0)
    with pytest.raises(ValueError):
        Sawtooth(ks=(0,))
