"""The stage runner's atomic outputs, and byte-stable writers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from thundeep.io import load_arrays, read_json, save_arrays, write_csv, write_json
from thundeep.stage import partial_path, run_stage


def writes_both(inputs, outputs, text) -> None:
    """Test stage: writes its two outputs."""
    outputs["a"].write_text(text)
    (outputs["folder"] / "inside.txt").write_text("x")


def fails_half_way(inputs, outputs) -> None:
    """Test stage: writes one output, then fails."""
    outputs["a"].write_text("half")
    raise RuntimeError("boom")


def forgets_an_output(inputs, outputs) -> None:
    """Test stage: never writes `b`."""
    outputs["a"].write_text("only a")


def test_outputs_appear_only_after_success(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt"), "folder": str(tmp_path / "dir")}
    run_stage({}, outputs, {"function": f"{__name__}:writes_both", "text": "hello", "directories": ["folder"]})
    assert (tmp_path / "a.txt").read_text() == "hello"
    assert (tmp_path / "dir" / "inside.txt").read_text() == "x"
    assert not partial_path(tmp_path / "a.txt").exists()


def test_a_failing_stage_leaves_nothing(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt")}
    with pytest.raises(RuntimeError, match="boom"):
        run_stage({}, outputs, {"function": f"{__name__}:fails_half_way"})
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_is_an_error(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt"), "b": str(tmp_path / "b.txt")}
    with pytest.raises(RuntimeError, match="did not write"):
        run_stage({}, outputs, {"function": f"{__name__}:forgets_an_output"})
    assert list(tmp_path.iterdir()) == []


def test_partial_name_keeps_suffix(tmp_path: Path) -> None:
    assert partial_path(tmp_path / "x.npz").name == ".x.partial.npz"


def test_json_is_byte_stable_and_rejects_nan_as_null(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_json(a, {"b": np.float64(1.5), "a": [np.int64(2), float("nan")]})
    write_json(b, {"a": [2, None], "b": 1.5})
    assert a.read_bytes() == b.read_bytes()
    assert read_json(a) == {"a": [2, None], "b": 1.5}


def test_csv_columns_are_exact(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, [{"x": 0.1, "y": 2}], ["x", "y"])
    assert path.read_text() == "x,y\n0.1,2\n"
    with pytest.raises(ValueError, match="not in the table"):
        write_csv(path, [{"x": 1, "y": 2, "z": 3}], ["x", "y"])


def test_npz_round_trip_without_pickle(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    save_arrays(path, w=np.arange(6.0).reshape(2, 3))
    assert np.array_equal(load_arrays(path)["w"], np.arange(6.0).reshape(2, 3))
