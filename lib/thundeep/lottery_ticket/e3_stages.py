"""Stage functions of E3 (subnetwork search on MNIST), called by workflow/papers/lottery_ticket/rules.smk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from thundeep.data import load_dataset
from thundeep.figures import save_figure
from thundeep.io import write_csv, write_json
from thundeep.lottery_ticket.e3_figure import plot_e3
from thundeep.lottery_ticket.e3_search import ROW_COLUMNS, e3_metrics, e3_width, standardise
from thundeep.runtime import default_device


def e3_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Every width (all seeds at once): E3's table and metrics."""
    data = params["data"]
    split = load_dataset(data["name"], data["n_train"], data["n_test"], data["split_seed"])
    device = default_device()
    x_train, x_test = standardise(torch.from_numpy(split.x_train), torch.from_numpy(split.x_test))
    tensors = (
        x_train.to(device),
        torch.from_numpy(split.y_train).to(device),
        x_test.to(device),
        torch.from_numpy(split.y_test).to(device),
    )
    rows = [row for width in params["widths"] for row in e3_width(tensors, width, params["seeds"], params)]
    write_csv(outputs["table"], rows, ROW_COLUMNS)
    write_json(outputs["metrics"], e3_metrics(rows))


def e3_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Draw E3's figure from its table."""
    save_figure(plot_e3(pd.read_csv(inputs["table"])), outputs["pdf"], outputs["png"])
