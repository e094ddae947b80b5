"""The typed configs refuse values the experiments cannot run."""

from __future__ import annotations

import pytest

from thundeep.size_depth_separation.config import EXPERIMENTS, BooleanNetworks, Lift, OutputRounding, Sawtooth


def test_experiment_ids() -> None:
    assert EXPERIMENTS == {
        "boolean_networks": BooleanNetworks,
        "lift": Lift,
        "output_rounding": OutputRounding,
        "sawtooth": Sawtooth,
    }


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError):
        BooleanNetworks(dims=(3,))
    with pytest.raises(ValueError):
        Lift(functions=("IP",), d=3, draws=10, pairs=10, pair_radii=(0.3, 0.1), seed=0)
    with pytest.raises(ValueError):
        OutputRounding(functions=("IP",), dims=(2,), sup_errors_below=(0.34,), margin_above=1e-3, trials=1, seed=0)
    with pytest.raises(ValueError):
        Sawtooth(ks=(0,))
