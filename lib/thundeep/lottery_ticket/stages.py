"""Stage functions of the lottery_ticket pipeline (called by workflow/papers/lottery_ticket/rules.smk)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from tqdm import tqdm

from thundeep.chunks import chunk_bounds
from thundeep.data import load_dataset
from thundeep.io import load_arrays, read_csv, read_json, save_arrays, write_csv, write_json
from thundeep.lottery_ticket.config import Construction, GaussianNeuron, SubnetworkSearch, Target
from thundeep.lottery_ticket.construction_error import (
    ROW_COLUMNS,
    construction_metrics,
    evaluate_construction,
    subset_sum_saving,
)
from thundeep.lottery_ticket.gaussian_neuron import (
    FLOOR_COLUMNS,
    POPULATION_COLUMNS,
    SLOPE_COLUMNS,
    floor_table,
    neuron_cell,
    neuron_metrics,
    slope_table,
)
from thundeep.lottery_ticket.gaussian_neuron import ROW_COLUMNS as NEURON_COLUMNS
from thundeep.lottery_ticket.inputs import mnist_inputs
from thundeep.lottery_ticket.subnetwork_search import ROW_COLUMNS as SEARCH_COLUMNS
from thundeep.lottery_ticket.subnetwork_search import search_metrics, search_width, standardise
from thundeep.lottery_ticket.target import accuracy, rescale_into_reach, target_logits, train_target
from thundeep.runtime import default_device
from thundeep.stage import Inputs, Outputs


def target_stage(inputs: Inputs, outputs: Outputs, config: Target) -> None:
    """Train the target MLP; write its weights (npz) and a summary (accuracy, rescaling, data source)."""
    x_train, y_train, x_test, y_test, source = mnist_inputs(config.data)
    net = config.network
    sizes = [x_train.shape[1], *net.hidden, 10]
    weights = train_target(x_train, y_train, sizes, net.epochs, net.lr, net.batch_size, net.seed)
    _, factors = rescale_into_reach(weights, config.reach)
    save_arrays(outputs["weights"], **{f"layer_{i}": w.numpy() for i, w in enumerate(weights)})
    write_json(
        outputs["summary"],
        {
            "sizes": sizes,
            "data_source": source,
            "train_accuracy": accuracy(target_logits(weights, x_train), y_train),
            "test_accuracy": accuracy(target_logits(weights, x_test), y_test),
            "rescale_factors": factors,
            "max_abs_weight": [float(w.abs().max()) for w in weights],
        },
    )


def _weights(path: Path) -> list[torch.Tensor]:
    arrays = load_arrays(path)
    return [torch.from_numpy(arrays[f"layer_{i}"]) for i in range(len(arrays))]


def construction_stage(
    inputs: Inputs, outputs: Outputs, config: Target, pruning: str, seeds: Sequence[int], pool_sizes: Sequence[int]
) -> None:
    """Build the subnetwork for every pool size and seed with one pruning rule; write its rows.

    `config` is the target's (its test images and reach); `seeds` and the rule's `pool_sizes` come
    from the construction experiment, passed alone so that one rule's grid reruns only that rule.
    """
    _, _, x_test, y_test, _ = mnist_inputs(config.data)
    rows = evaluate_construction(_weights(inputs["weights"]), x_test, y_test, pruning, pool_sizes, seeds, config.reach)
    write_csv(outputs["rows"], rows, ROW_COLUMNS)


def construction_summary_stage(inputs: Inputs, outputs: Outputs, config: Construction) -> None:
    """Join the pruning rules' rows into the construction table and compute LT1/LT2's metrics."""
    rows = [row for path in inputs["rows"] for row in read_csv(path)]
    typed: list[dict[str, Any]] = [{k: (v if k == "construction" else float(v)) for k, v in r.items()} for r in rows]
    for r in typed:
        for key in ("m", "seed", "random_neurons", "random_weights", "kept_weights"):
            r[key] = int(r[key])
    write_csv(outputs["table"], typed, ROW_COLUMNS)
    metrics: dict[str, float] = {"target_accuracy": read_json(inputs["summary"])["test_accuracy"]}
    for construction in sorted({r["construction"] for r in typed}):
        metrics.update(construction_metrics(typed, construction))
    metrics.update(subset_sum_saving(typed))
    config.write_metrics(outputs["metrics"], metrics)


def gaussian_neuron_stage(inputs: Inputs, outputs: Outputs, config: GaussianNeuron) -> None:
    """Every (d, seed) cell: the Gaussian-neuron tables (RMSE, slopes, population errors, floor) and LT3's metrics."""
    rows, population = [], []
    for d in tqdm(config.dims, desc="Gaussian neuron dimensions"):
        for seed in config.seeds:
            cell_rows, cell_population = neuron_cell(d, seed, config.widths, config.n_test, config.ridge)
            rows += cell_rows
            population += cell_population
    write_csv(outputs["table"], rows, NEURON_COLUMNS)
    write_csv(outputs["slopes"], slope_table(rows), SLOPE_COLUMNS)
    write_csv(outputs["population"], population, POPULATION_COLUMNS)
    write_csv(outputs["floor"], floor_table(rows, population), FLOOR_COLUMNS)
    config.write_metrics(outputs["metrics"], neuron_metrics(rows, population))


def _search_rows(config: SubnetworkSearch, widths: Sequence[int]) -> list[dict]:
    """Rows of the search table for `widths` (every method, every seed; each width on its own)."""
    data = config.data
    split = load_dataset(data.name, data.n_train, data.n_test, data.split_seed)
    device = default_device()
    x_train, x_test = standardise(torch.from_numpy(split.x_train), torch.from_numpy(split.x_test))
    tensors = (
        x_train.to(device),
        torch.from_numpy(split.y_train).to(device),
        x_test.to(device),
        torch.from_numpy(split.y_test).to(device),
    )
    return [row for width in widths for row in search_width(tensors, width, config.seeds, config)]


def _write_search(outputs: Outputs, config: SubnetworkSearch, rows: list[dict]) -> None:
    write_csv(outputs["table"], rows, SEARCH_COLUMNS)
    config.write_metrics(outputs["metrics"], search_metrics(rows))


def subnetwork_search_stage(inputs: Inputs, outputs: Outputs, config: SubnetworkSearch) -> None:
    """Every width (all seeds at once): the search table and LT4's metrics."""
    _write_search(outputs, config, _search_rows(config, config.widths))


def subnetwork_search_chunk_stage(
    inputs: Inputs, outputs: Outputs, config: SubnetworkSearch, chunk: str, chunks: int
) -> None:
    """The search table's rows for part `chunk` of `chunks` of the widths (a contiguous slice, in order)."""
    first, stop = chunk_bounds(len(config.widths), chunks, int(chunk))
    write_csv(outputs["rows"], _search_rows(config, config.widths[first:stop]), SEARCH_COLUMNS)


def subnetwork_search_gather_stage(inputs: Inputs, outputs: Outputs, config: SubnetworkSearch) -> None:
    """`subnetwork_search_stage`'s table and metrics from the parts' rows (input `rows`, in width order)."""
    rows = [row for path in inputs["rows"] for row in read_csv(path)]
    numbers = {"width": int, "seed": int, "test_accuracy": float, "train_accuracy": float}
    _write_search(outputs, config, [{k: numbers.get(k, str)(v) for k, v in row.items()} for row in rows])
