"""Stage functions of E2 (Gaussian single neuron), called by workflow/papers/lottery_ticket/rules.smk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from thundeep.figures import save_figure
from thundeep.io import write_csv, write_json
from thundeep.lottery_ticket.e2_figure import plot_e2
from thundeep.lottery_ticket.e2_gaussian_neuron import ROW_COLUMNS, SLOPE_COLUMNS, e2_cell, e2_metrics, slope_table


def e2_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Every (d, seed) cell: the E2 table, the slope table and E2's metrics."""
    rows = [
        row
        for d in tqdm(params["dims"], desc="E2 dimensions")
        for seed in params["seeds"]
        for row in e2_cell(d, seed, params["widths"], params["n_test"], params["ridge"])
    ]
    write_csv(outputs["table"], rows, ROW_COLUMNS)
    write_csv(outputs["slopes"], slope_table(rows), SLOPE_COLUMNS)
    write_json(outputs["metrics"], e2_metrics(rows))


def e2_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Draw E2's figure from its table."""
    save_figure(plot_e2(pd.read_csv(inputs["table"])), outputs["pdf"], outputs["png"])
