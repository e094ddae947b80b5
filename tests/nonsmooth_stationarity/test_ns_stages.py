"""The stages on tiny configs: the tables' exact columns, bit-identical reruns, and the figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from thundeep.experiment import ConfigError, build
from thundeep.io import read_csv, read_json
from thundeep.nonsmooth_stationarity import figures, stages
from thundeep.nonsmooth_stationarity.config import GdIterations, Hitting, Smoothing

TINY = {
    "smoothing": (Smoothing, {"dims": {"low": 10, "high": 10_000, "points": 7}, "eps": 0.1, "huber_grid_points": 401}),
    "gd_iterations": (
        GdIterations,
        {
            "dims": [16, 64, 256],
            "eps": [0.2, 0.1],
            "steps": {"low": 1e-3, "high": 1.0, "points": 31},
            "starts": 9,
            "seed": 0,
            "max_iterations": 3000,
        },
    ),
    "hitting": (
        Hitting,
        {"dims": [10, 20, 40, 160], "queries": [1, 10], "threshold": 1 / 3, "draws": 3000, "chunk": 1000, "seed": 0},
    ),
}
COLUMNS = {
    "smoothing": ["d", "randomized_L_times_eps", "huber_L_times_eps"],
    "gd_iterations": ["d", "eps", "iterations", "best_step"],
    "hitting": ["d", "queries", "probability", "standard_error", "upper_95", "exact_single_tail"],
}


def run(name: str, folder: Path) -> tuple[Path, Path]:
    cls, params = TINY[name]
    table, metrics = folder / f"{name}.csv", folder / f"{name}.json"
    getattr(stages, f"{name}_stage")({}, {"table": table, "metrics": metrics}, build(cls, params))
    return table, metrics


@pytest.mark.parametrize("name", list(TINY))
def test_stage_writes_the_required_columns_and_reruns_bit_identically(name: str, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    table, metrics = run(name, tmp_path / "a")
    again = run(name, tmp_path / "b")
    header = table.read_text().splitlines()[0].split(",")
    assert header[: len(COLUMNS[name])] == COLUMNS[name]
    assert table.read_bytes() == again[0].read_bytes() and metrics.read_bytes() == again[1].read_bytes()
    cls = TINY[name][0]
    assert sorted(read_json(metrics)) == sorted(cls.metrics)
    pdf, png = tmp_path / "f.pdf", tmp_path / "f.png"
    getattr(figures, f"{name}_figure_stage")({"table": table, "metrics": metrics}, {"pdf": pdf, "png": png})
    assert pdf.read_bytes().startswith(b"%PDF") and png.read_bytes().startswith(b"\x89PNG")


def test_hitting_table_never_has_a_zero_upper_limit(tmp_path: Path) -> None:
    table, _ = run("hitting", tmp_path)
    rows = read_csv(table)
    upper = np.array([float(r["upper_95"]) for r in rows])
    p = np.array([float(r["probability"]) for r in rows])
    assert (upper > 0).all() and (upper >= p).all()
    assert (p == 0).any()  # d = 160 with 3000 draws and one query: the limit stands in for the zero


def test_configs_refuse_bad_values() -> None:
    cls, params = TINY["gd_iterations"]
    with pytest.raises(ConfigError, match="eps"):
        build(cls, params | {"eps": [0.2]})
    with pytest.raises(ConfigError, match="log grid"):
        build(cls, params | {"steps": {"low": 1.0, "high": 0.1, "points": 5}})
