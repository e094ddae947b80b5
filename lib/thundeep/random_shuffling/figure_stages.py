"""Figure stages of the random_shuffling pipeline (kept apart so that simulation jobs skip matplotlib)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thundeep.figures import save_figure
from thundeep.io import read_csv
from thundeep.random_shuffling.plots import plot_colt, plot_fig1


def fig1_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Fig. 1 from the table."""
    fig = plot_fig1(read_csv(inputs["table"]), params["lam_max"] / params["lam"])
    save_figure(fig, outputs["pdf"], outputs["png"])


def colt_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """The COLT'20 companion figure from the two tables."""
    fig = plot_colt(read_csv(inputs["errors"]), read_csv(inputs["slopes"]))
    save_figure(fig, outputs["pdf"], outputs["png"])
