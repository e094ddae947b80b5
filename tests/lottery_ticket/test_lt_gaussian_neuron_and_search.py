"""Library functions of the Gaussian single neuron and of the subnetwork search."""

import math

import pytest
import torch

from thundeep.lottery_ticket.config import Data, SearchTraining, Sgd, SubnetworkSearch
from thundeep.lottery_ticket.gaussian_neuron import (
    construction_prediction,
    draw_target,
    neuron,
    neuron_cell,
    neuron_metrics,
    reference_rmse,
    rmse,
)
from thundeep.lottery_ticket.subnetwork_search import paired_difference, search_metrics, search_width


def test_reference_rmse_matches_the_closed_forms() -> None:
    gen = torch.Generator().manual_seed(0)
    w = draw_target(6, gen)
    x = torch.randn(400_000, 6, generator=gen, dtype=torch.float64)
    refs = reference_rmse(w, x)
    assert refs["zero"] == pytest.approx(math.sqrt(0.5), rel=5e-3)
    assert refs["affine"] == pytest.approx(math.sqrt(0.25 - 1 / (2 * math.pi)), rel=5e-3)


def test_construction_error_falls_with_the_pool_and_beats_zero() -> None:
    gen = torch.Generator().manual_seed(1)
    w = draw_target(5, gen)
    x = torch.randn(5000, 5, generator=gen, dtype=torch.float64)
    errors = [
        rmse(construction_prediction(w, x, m, torch.Generator().manual_seed(m)), neuron(w, x)) for m in (4, 64, 1024)
    ]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 0.01


def test_neuron_cell_rows_and_random_features_beat_affine_in_low_dimension() -> None:
    rows = neuron_cell(d=4, seed=0, widths=[8, 64, 256], n_test=4000, ridge=1e-10)
    methods = {r["method"] for r in rows}
    assert methods == {"zero", "affine", "random_features", "construction"}
    affine = next(r["rmse"] for r in rows if r["method"] == "affine")
    rf = {r["n_random"]: r["rmse"] for r in rows if r["method"] == "random_features"}
    assert rf[256] < rf[8] and rf[256] < affine / 4
    assert sorted(r["n_random"] for r in rows if r["method"] == "construction") == [8, 64, 256]


def _power_law_rows() -> list[dict]:
    rows = []
    for seed in (0, 1):
        for d, rf_slope in ((4, -1.0), (64, -0.25)):
            rows += [{"method": "affine", "d": d, "n_random": 0, "seed": seed, "rmse": 0.3}]
            for n in (128, 256, 512):
                rows.append({"method": "construction", "d": d, "n_random": n, "seed": seed, "rmse": 50.0 / n})
                rows.append(
                    {
                        "method": "random_features",
                        "d": d,
                        "n_random": n,
                        "seed": seed,
                        "rmse": 0.2 * (n / 512) ** rf_slope,
                    }
                )
    return rows


def test_neuron_metrics_recover_known_slopes() -> None:
    metrics = neuron_metrics(_power_law_rows())
    assert metrics["construction_slope_worst"] == pytest.approx(-1.0)
    assert metrics["rf_slope_ratio"] == pytest.approx(0.25)
    assert metrics["affine_over_rf_largest_d"] == pytest.approx(1.5)


def test_paired_differences_and_margins() -> None:
    rows = []
    for seed, (ep, ns, rf) in enumerate([(90.0, 70.0, 80.0), (91.0, 72.0, 81.0), (89.0, 71.0, 82.0)]):
        for method, acc in (("edge_popup", ep), ("neuron_subnetwork", ns), ("random_features", rf), ("dense", 95.0)):
            rows.append({"method": method, "width": 8, "seed": seed, "test_accuracy": acc})
    diff = paired_difference(rows, "edge_popup", "neuron_subnetwork", 8)
    assert diff["mean"] == pytest.approx(19.0) and diff["std"] == pytest.approx(1.0)
    metrics = search_metrics(rows)
    assert metrics["edge_popup_margin"] == pytest.approx(19.0 - 2 / math.sqrt(3))
    assert metrics["neuron_subnetwork_excess"] == pytest.approx(-10.0 - 2 * 1.0 / math.sqrt(3))


def test_search_width_trains_every_method_for_every_seed() -> None:
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(200, 12, generator=gen)
    y = (x[:, 0] > 0).long() + 2 * (x[:, 1] > 0).long()
    sgd = Sgd(epochs=5, batch_size=32, lr=0.1, momentum=0.9, weight_decay=1e-4)
    data = Data(name="mnist_5k", n_train=150, n_test=50, split_seed=0)  # not read: the tensors are passed
    config = SubnetworkSearch(data=data, widths=(32, 64), seeds=(0, 1), keep=0.5, ridge=1e-6,
                              sgd=SearchTraining(sgd, sgd, sgd))
    rows = search_width((x[:150], y[:150], x[150:], y[150:]), 32, [0, 1], config)
    assert len(rows) == 8
    dense = [r["train_accuracy"] for r in rows if r["method"] == "dense"]
    assert min(dense) > 70  # chance is 25%
