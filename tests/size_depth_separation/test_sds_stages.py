"""Stages: the required table columns, metrics keys, and bit-identical reruns."""

from __future__ import annotations

import csv
from pathlib import Path

from thundeep.size_depth_separation.config import BooleanNetworks, Lift, OutputRounding, Sawtooth
from thundeep.size_depth_separation.stages import (
    boolean_networks_stage,
    lift_stage,
    output_rounding_stage,
    sawtooth_stage,
)

CONFIGS = {
    "boolean_networks": (boolean_networks_stage, BooleanNetworks(dims=(1, 2, 3), chunk_size=50)),
    "lift": (lift_stage, Lift(functions=("DISJ", "IP"), d=2, draws=500, pairs=500, pair_radii=(1e-3, 0.3), seed=4)),
    "output_rounding": (
        output_rounding_stage,
        OutputRounding(functions=("IP",), dims=(2,), sup_errors_below=(0.3,), margin_above=1e-3, trials=2, seed=1),
    ),
    "sawtooth": (sawtooth_stage, Sawtooth(ks=(1, 2, 3), curves_up_to=2)),
}
REQUIRED = {
    "boolean_networks": ["function", "d", "neurons", "inputs_checked", "max_abs_error"],
    "sawtooth": ["k", "neurons", "linear_pieces", "lipschitz"],
}


def _run(folder: Path) -> dict[str, Path]:
    written = {}
    for name, (stage, config) in CONFIGS.items():
        outputs = {"table": folder / f"{name}.csv", "metrics": folder / f"{name}.json"}
        if name == "sawtooth":
            outputs["curves"] = folder / "curves.npz"
        stage({}, outputs, config)
        written.update({f"{name}.{key}": path for key, path in outputs.items()})
    return written


def test_tables_metrics_and_bit_identical_reruns(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _run(tmp_path / "a"), _run(tmp_path / "b")
    for key, path in first.items():
        assert path.read_bytes() == second[key].read_bytes(), key
    for name, columns in REQUIRED.items():
        with open(first[f"{name}.table"], newline="") as handle:
            header = next(csv.reader(handle))
        assert header[: len(columns)] == columns
