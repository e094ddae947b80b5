"""Stage functions of the lottery_ticket pipeline (called by workflow/papers/lottery_ticket/rules.smk)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from thundeep.figures import save_figure
from thundeep.io import load_arrays, read_csv, read_json, save_arrays, write_csv, write_json
from thundeep.lottery_ticket.e1_construction import (
    ROW_COLUMNS,
    construction_metrics,
    evaluate_construction,
    subset_sum_saving,
)
from thundeep.lottery_ticket.e1_figure import plot_e1
from thundeep.lottery_ticket.inputs import mnist_inputs
from thundeep.lottery_ticket.target import accuracy, rescale_into_reach, target_logits, train_target


def target_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Train the target MLP; write its weights (npz) and a summary (accuracy, rescaling, data source)."""
    x_train, y_train, x_test, y_test, source = mnist_inputs(params["data"])
    t = params["target"]
    sizes = [x_train.shape[1], *t["hidden"], 10]
    weights = train_target(x_train, y_train, sizes, t["epochs"], t["lr"], t["batch_size"], t["seed"])
    _, factors = rescale_into_reach(weights, params["reach"])
    save_arrays(outputs["weights"], **{f"layer_{i}": w.numpy() for i, w in enumerate(weights)})
    write_json(outputs["summary"], {
        "sizes": sizes, "data_source": source,
        "train_accuracy": accuracy(target_logits(weights, x_train), y_train),
        "test_accuracy": accuracy(target_logits(weights, x_test), y_test),
        "rescale_factors": factors, "max_abs_weight": [float(w.abs().max()) for w in weights],
    })


def _weights(path: Path) -> list[torch.Tensor]:
    arrays = load_arrays(path)
    return [torch.from_numpy(arrays[f"layer_{i}"]) for i in range(len(arrays))]


def construction_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Build the subnetwork for every pool size and seed with one construction rule; write its rows."""
    _, _, x_test, y_test, _ = mnist_inputs(params["data"])
    rows = evaluate_construction(_weights(inputs["weights"]), x_test, y_test, params["construction"],
                                 params["pool_sizes"], params["seeds"], params["reach"])
    write_csv(outputs["rows"], rows, ROW_COLUMNS)


def e1_summary_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Join the constructions' rows into the E1 table and compute E1's metrics."""
    rows = [row for path in inputs["rows"] for row in read_csv(path)]
    typed = [{k: (v if k == "construction" else float(v)) for k, v in r.items()} for r in rows]
    for r in typed:
        for key in ("m", "seed", "random_neurons", "random_weights", "kept_weights"):
            r[key] = int(r[key])
    write_csv(outputs["table"], typed, ROW_COLUMNS)
    summary = read_json(inputs["summary"])
    metrics: dict[str, float] = {"target_accuracy": summary["test_accuracy"]}
    for construction in sorted({r["construction"] for r in typed}):
        metrics.update(construction_metrics(typed, construction))
    if {"single_product", "subset_sum"} <= {r["construction"] for r in typed}:
        metrics.update(subset_sum_saving(typed))
    write_json(outputs["metrics"], metrics)


def e1_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Draw E1's figure from its table."""
    fig = plot_e1(pd.read_csv(inputs["table"]), read_json(inputs["summary"])["test_accuracy"])
    save_figure(fig, outputs["pdf"], outputs["png"])
