"""Library functions of the Gaussian single neuron and of the subnetwork search."""

import math

import numpy as np
import pytest
import torch
from scipy import stats

from thundeep.lottery_ticket.config import Data, SearchTraining, Sgd, SubnetworkSearch
from thundeep.lottery_ticket.gaussian_neuron import (
    FEATURE_STREAM,
    TARGET_STREAM,
    construction_prediction,
    draw_target,
    floor_crossing,
    floor_table,
    neuron,
    neuron_cell,
    neuron_metrics,
    random_first_layer,
    reference_rmse,
    rmse,
)
from thundeep.lottery_ticket.subnetwork_search import paired_difference, search_metrics, search_width
from thundeep.nn.gaussian_random_features import population_relu_fits
from thundeep.nn.seeded import stream_generator
from thundeep.relu_harmonics import harmonic_residual


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
    rows, population = neuron_cell(d=4, seed=0, widths=[8, 64, 256], n_test=4000, ridge=1e-10)
    methods = {r["method"] for r in rows}
    assert methods == {"zero", "affine", "random_features", "construction"}
    affine = next(r["rmse"] for r in rows if r["method"] == "affine")
    rf = {r["n_random"]: r["rmse"] for r in rows if r["method"] == "random_features"}
    assert rf[256] < rf[8] and rf[256] < affine / 4
    assert sorted(r["n_random"] for r in rows if r["method"] == "construction") == [8, 64, 256]
    assert [p["n_random"] for p in population] == [8, 64, 256] and not any(p["in_claim"] for p in population)


def test_population_errors_match_the_test_rmse_and_the_exact_fit() -> None:
    rows, population = neuron_cell(d=12, seed=1, widths=[16, 64], n_test=50_000, ridge=1e-10)
    rf = {r["n_random"]: r["rmse"] for r in rows if r["method"] == "random_features"}
    for p in population:  # E f^2 = 1/2: relative error = 2 MSE, up to the test sample's Monte Carlo error
        assert 2 * rf[p["n_random"]] ** 2 == pytest.approx(p["relative_error"], rel=0.05)
        assert p["rho_2"] == pytest.approx(harmonic_residual(2, 12)) and p["in_claim"] == (p["n_random"] <= 20.7)
    w = draw_target(12, stream_generator(1, TARGET_STREAM * 1000 + 12))
    u = random_first_layer(12, 64, stream_generator(1, FEATURE_STREAM * 1000 + 12))
    exact = population_relu_fits(u, w, [16, 64], ridge=None)
    for p, fit in zip(population, exact, strict=True):
        assert p["relative_error"] == pytest.approx(float(fit.relative_error), rel=1e-9)


def test_floor_crossing_interpolates_in_log_log() -> None:
    above, below, crossing = floor_crossing([(100, 0.4), (200, 0.2), (400, 0.05)], 0.1)
    assert (above, below) == (200, 400) and crossing == pytest.approx(200 * 2**0.5)
    assert math.isnan(floor_crossing([(100, 0.4), (200, 0.2)], 0.1)[2])
    first = floor_crossing([(100, 0.05), (200, 0.2), (400, 0.01)], 0.1)
    assert math.isnan(first[0]) and first[1] == 100 and math.isnan(first[2])


RHO_2 = 0.0128
"""A made-up floor: RMSE floor sqrt(RHO_2 / 2) = 0.08."""


def _power_law_rows() -> tuple[list[dict], list[dict]]:
    rows, population = [], []
    for seed in (0, 1):
        for d, slope in ((4, -1.0), (32, -0.75)):
            rows += [{"method": "affine", "d": d, "n_random": 0, "seed": seed, "rmse": 0.3}]
            for n in (128, 256, 512, 2048):
                rows.append(
                    {"method": "construction", "d": d, "n_random": n, "seed": seed, "rmse": 0.1 * (n / 512) ** slope}
                )
                error = 0.05 * (seed + 1) * 512 / n
                population.append(
                    {
                        "d": d,
                        "n_random": n,
                        "seed": seed,
                        "relative_error": error,
                        "rho_2": RHO_2,
                        "error_over_rho_2": error / RHO_2,
                        "in_claim": n <= d**4 / 1000,
                    }
                )
    return rows, population


def test_neuron_metrics_recover_known_slopes_and_the_lowest_floor_ratio() -> None:
    metrics = neuron_metrics(*_power_law_rows())
    assert metrics["construction_slope_worst"] == pytest.approx(-0.75)
    assert metrics["construction_slope_worst_d"] == 32
    # checked cells: d = 32 with N <= 1048; the lowest is seed 0 at N = 512: 0.05 / RHO_2
    assert metrics["rf_floor_cells"] == 3
    assert (metrics["rf_floor_ratio_min"], metrics["rf_floor_ratio_min_d"], metrics["rf_floor_ratio_min_n"]) == (
        pytest.approx(0.05 / RHO_2),
        32,
        512,
    )
    assert metrics["rf_floor_ratio_min_std"] == pytest.approx(np.std([0.05 / RHO_2, 0.1 / RHO_2], ddof=1))


def test_floor_table_reports_the_crossing_per_d() -> None:
    table = {r["d"]: r for r in floor_table(*_power_law_rows())}
    assert table[32]["rf_cells"] == 3 and math.isnan(table[4]["rf_error_over_rho_2_min"])
    assert table[4]["rmse_floor"] == pytest.approx(0.08)
    # 0.1 (n / 512)^-1 falls below 0.08 between 512 and 2048, at 640; 0.1 (n / 512)^-0.75 at 512 (4/5)^(-4/3)
    assert (table[4]["construction_n_above"], table[4]["construction_n_below"]) == (512, 2048)
    assert table[4]["construction_crossing_n"] == pytest.approx(640)
    assert table[32]["construction_crossing_n"] == pytest.approx(512 * 1.25 ** (4 / 3))


def _search_rows(accuracies: list[tuple[float, float, float]]) -> list[dict]:
    rows = []
    for seed, (ep, ns, rf) in enumerate(accuracies):
        for method, acc in (("edge_popup", ep), ("neuron_subnetwork", ns), ("random_features", rf), ("dense", 95.0)):
            rows.append({"method": method, "width": 8, "seed": seed, "test_accuracy": acc})
    return rows


def test_paired_differences_are_one_sided_paired_t_tests() -> None:
    accuracies = [(90.0, 70.0, 80.0), (91.0, 72.0, 81.0), (89.0, 71.0, 82.0)]
    rows = _search_rows(accuracies)
    diff = paired_difference(rows, "edge_popup", "neuron_subnetwork", 8)
    assert diff["mean"] == pytest.approx(19.0) and diff["std"] == pytest.approx(1.0)
    ep, ns, rf = (np.array(column) for column in zip(*accuracies, strict=True))
    assert diff["p_value"] == pytest.approx(stats.ttest_rel(ep, ns, alternative="greater").pvalue)
    metrics = search_metrics(rows)
    t = 2.919985580353725  # t_{0.95, 2}
    assert metrics["edge_popup_margin"] == pytest.approx(19.0 - t / math.sqrt(3))
    assert metrics["neuron_subnetwork_excess"] == pytest.approx(-10.0 - t * 1.0 / math.sqrt(3))
    assert metrics["neuron_subnetwork_p_value"] == pytest.approx(stats.ttest_rel(ns, rf, alternative="greater").pvalue)


def test_the_bound_is_positive_exactly_when_the_test_rejects_at_five_percent() -> None:
    for leads in ([1.0, 2.0, 4.0], [3.0, 2.5, 4.0], [0.5, -1.0, 3.0], [1.0, 1.2, 0.9, 1.4, 0.2]):
        rows = _search_rows([(70.0 + lead, 70.0, 60.0) for lead in leads])
        diff = paired_difference(rows, "edge_popup", "neuron_subnetwork", 8)
        assert (diff["lower_bound"] > 0) == (diff["p_value"] < 0.05)


def test_search_width_trains_every_method_for_every_seed() -> None:
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(200, 12, generator=gen)
    y = (x[:, 0] > 0).long() + 2 * (x[:, 1] > 0).long()
    sgd = Sgd(epochs=5, batch_size=32, lr=0.1, momentum=0.9, weight_decay=1e-4)
    data = Data(name="mnist_5k", n_train=150, n_test=50, split_seed=0)  # not read: the tensors are passed
    config = SubnetworkSearch(
        data=data, widths=(32, 64), seeds=(0, 1), keep=0.5, ridge=1e-6, sgd=SearchTraining(sgd, sgd, sgd)
    )
    rows = search_width((x[:150], y[:150], x[150:], y[150:]), 32, [0, 1], config)
    assert len(rows) == 8
    dense = [r["train_accuracy"] for r in rows if r["method"] == "dense"]
    assert min(dense) > 70  # chance is 25%
