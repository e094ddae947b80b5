"""Negative controls: each claim LT1-LT4 comes out `fails` on deliberately wrong input of the real shape.

The metrics come from the library's own functions (the construction on a small random target, the
Gaussian-neuron cell, the search metrics); only the input is wrong: a construction that does not
choose its products, a "subset sum" that keeps one product, random features that are handed the
target's own direction, search tables in which the neuron-subnetwork wins or edge-popup's lead is
within seed noise. The same inputs done right pass.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
import yaml

from thundeep.claims import FAILS, HOLDS, evaluate_claim
from thundeep.lottery_ticket import construction_error, gaussian_neuron
from thundeep.lottery_ticket.construction_error import construction_metrics, evaluate_construction, subset_sum_saving
from thundeep.lottery_ticket.gaussian_neuron import TARGET_STREAM, draw_target, neuron_cell, neuron_metrics
from thundeep.lottery_ticket.subnetwork_search import search_metrics
from thundeep.lottery_ticket.weight_subnetwork import single_product_rule
from thundeep.nn.seeded import stream_generator

PAPER = Path(__file__).parents[2] / "workflow" / "papers" / "lottery_ticket" / "paper.yaml"
CLAIMS = {c["id"]: c for c in yaml.safe_load(PAPER.read_text())["claims"]}


def assess(claim: str, experiment: str, metrics: dict) -> dict:
    return evaluate_claim(CLAIMS[claim], {experiment: metrics}, "default")


def small_target() -> tuple[list[torch.Tensor], torch.Tensor, torch.Tensor]:
    """A random bias-free 12-8-3 ReLU network (U[-1/2, 1/2] entries) and 300 unit-norm test inputs on which
    its top two logits differ by more than 0.1, labelled by its own argmax (so its accuracy is 100%)."""
    gen = torch.Generator().manual_seed(0)
    weights = [(torch.rand(n_out, n_in, generator=gen, dtype=torch.float64) - 0.5) for n_in, n_out in ((12, 8), (8, 3))]
    x = torch.randn(2000, 12, generator=gen, dtype=torch.float64)
    x = x / x.norm(dim=1, keepdim=True)
    logits = torch.relu(x @ weights[0].T) @ weights[1].T
    top = logits.topk(2, dim=1).values
    clear = (top[:, 0] - top[:, 1] > 0.1).nonzero()[:300, 0]
    return weights, x[clear], logits[clear].argmax(dim=1)


def first_of_each_sign_rule(w: torch.Tensor, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """A wrong rule: keep the first neuron of each sign in every pool, whatever its product."""
    keep = torch.zeros(v.shape, dtype=torch.bool)
    for sign in (u > 0, u < 0):
        first = sign.to(torch.int8).argmax(dim=1)
        keep[:, torch.arange(u.shape[0]), first] |= sign.any(dim=1)
    return keep


def construction_rows(monkeypatch, rules: dict, pools: dict) -> list[dict]:
    weights, x, y = small_target()
    for name, rule in rules.items():
        monkeypatch.setitem(construction_error.CONSTRUCTIONS, name, rule)
    return [row for name in rules for row in evaluate_construction(weights, x, y, name, pools[name], [0, 1, 2], 1.0)]


def test_lt1_fails_when_the_construction_does_not_choose_its_products(monkeypatch) -> None:
    rows = construction_rows(
        monkeypatch, {"single_product": first_of_each_sign_rule}, {"single_product": [4, 16, 64, 256]}
    )
    record = assess("LT1", "construction", construction_metrics(rows, "single_product"))
    assert record["verdict"] == FAILS
    assert not record["checks"][0]["passed"]  # the error does not fall with m


def test_lt1_holds_with_theorem_1s_rule_on_the_same_draws(monkeypatch) -> None:
    rows = construction_rows(monkeypatch, {"single_product": single_product_rule}, {"single_product": [4, 16, 64, 256]})
    assert assess("LT1", "construction", construction_metrics(rows, "single_product"))["verdict"] == HOLDS


def test_lt2_fails_when_the_subset_sum_keeps_a_single_product(monkeypatch) -> None:
    rows = construction_rows(
        monkeypatch,
        {"single_product": single_product_rule, "subset_sum": single_product_rule},
        {"single_product": [4, 16, 64], "subset_sum": [2, 4, 6]},
    )
    record = assess("LT2", "construction", subset_sum_saving(rows))
    assert record["verdict"] == FAILS
    assert record["status"] == "expected_failure"  # declared at default: strict accepts it


def test_lt2_declared_failure_cannot_hide_a_pass() -> None:
    record = assess("LT2", "construction", {"subset_sum_error_ratio": 0.8, "subset_sum_error_ratio_std": 0.1})
    assert record["verdict"] == HOLDS and record["status"] == "unexpectedly_holds"
    at_full = evaluate_claim(CLAIMS["LT2"], {"construction": {"subset_sum_error_ratio": 2.0}}, "full")
    assert at_full["status"] == "failed"  # declared for default only


def gaussian_neuron_metrics(dims: list[int], widths: list[int]) -> dict:
    rows, population = [], []
    for d in dims:
        cell_rows, cell_population = neuron_cell(d, 0, widths, n_test=2000, ridge=1e-10)
        rows += cell_rows
        population += cell_population
    return neuron_metrics(rows, population)


def test_lt3_fails_when_random_features_are_given_the_targets_own_direction(monkeypatch) -> None:
    honest = gaussian_neuron.random_first_layer

    def cheating_layer(d: int, n: int, gen: torch.Generator) -> torch.Tensor:
        u = honest(d, n, gen)
        u[:, 0] = draw_target(d, stream_generator(0, TARGET_STREAM * 1000 + d))  # the neuron's w* itself
        return u

    honest_record = assess("LT3", "gaussian_neuron", gaussian_neuron_metrics([16], [32, 64]))
    monkeypatch.setattr(gaussian_neuron, "random_first_layer", cheating_layer)
    metrics = gaussian_neuron_metrics([16], [32, 64])
    record = assess("LT3", "gaussian_neuron", metrics)
    assert metrics["rf_floor_cells"] == 2 and metrics["rf_floor_ratio_min"] < 1e-6
    assert record["verdict"] == FAILS and not record["checks"][1]["passed"]
    assert honest_record["checks"][1]["passed"]  # the same cells with honest features stay above the floor


def search_rows(accuracies: dict[str, list[float]], widths=(32, 1024)) -> list[dict]:
    """Rows of the search table: every method at every width for 3 seeds; `accuracies` at the largest width."""
    return [
        {
            "method": method,
            "width": width,
            "seed": seed,
            "train_accuracy": 0.0,
            "test_accuracy": accuracies[method][seed] if width == max(widths) else 50.0,
        }
        for method in ("edge_popup", "neuron_subnetwork", "random_features", "dense")
        for width in widths
        for seed in range(3)
    ]


RIGHT = {
    "edge_popup": [90.1, 90.7, 89.8],
    "neuron_subnetwork": [70.2, 67.1, 72.0],
    "random_features": [92.0, 92.9, 91.8],
    "dense": [92.5, 92.3, 92.7],
}


def test_lt4_holds_on_a_table_where_edge_popup_leads_and_neurons_trail() -> None:
    assert assess("LT4", "subnetwork_search", search_metrics(search_rows(RIGHT)))["verdict"] == HOLDS


def test_lt4_fails_when_edge_popup_and_neuron_subnetwork_are_swapped() -> None:
    swapped = {**RIGHT, "edge_popup": RIGHT["neuron_subnetwork"], "neuron_subnetwork": RIGHT["edge_popup"]}
    record = assess("LT4", "subnetwork_search", search_metrics(search_rows(swapped)))
    assert record["verdict"] == FAILS and not record["checks"][0]["passed"]


def test_lt4_fails_when_edge_popup_leads_by_less_than_the_t_bound() -> None:
    # paired leads 1, 2, 4: mean 2.33, standard error 0.88. Mean - 2 SE = 0.57 > 0 (the old rule
    # passed), but mean - t_{0.95, 2} SE = -0.24: not significant at 5% with 3 seeds.
    close = {**RIGHT, "edge_popup": [70.2 + 1, 67.1 + 2, 72.0 + 4]}
    metrics = search_metrics(search_rows(close))
    assert metrics["edge_popup_minus_neuron_subnetwork"] - 2 * 1.5275252 / 3**0.5 == pytest.approx(0.5697, abs=1e-3)
    record = assess("LT4", "subnetwork_search", metrics)
    assert record["verdict"] == FAILS and not record["checks"][0]["passed"]


def test_lt4_fails_when_neuron_subnetworks_beat_random_features() -> None:
    better = {**RIGHT, "neuron_subnetwork": [acc + 2.0 for acc in RIGHT["random_features"]]}
    record = assess("LT4", "subnetwork_search", search_metrics(search_rows(better)))
    assert record["verdict"] == FAILS and not record["checks"][1]["passed"]


def nan_after_finite(rows: list[dict], key: str, **where) -> list[dict]:
    """A copy of `rows` with `key` set to NaN in the last row matching `where` (after finite ones, where
    Python's min and max would step over it)."""
    copy = [dict(r) for r in rows]
    matching = [r for r in copy if all(r[k] == v for k, v in where.items())]
    assert len(matching) > 1, where
    matching[-1][key] = float("nan")
    return copy


def not_holding(claim: str, experiment: str, metrics: dict, metric: str) -> None:
    assert math.isnan(metrics[metric]), metric
    assert assess(claim, experiment, metrics)["verdict"] != HOLDS, metric


def test_a_nan_reaches_lt1_and_lt2(monkeypatch) -> None:
    """One seed's sup error or accuracy NaN (a broken evaluation) makes LT1's and LT2's metrics NaN."""
    rows = construction_rows(
        monkeypatch,
        {"single_product": single_product_rule, "subset_sum": single_product_rule},
        {"single_product": [4, 16, 64], "subset_sum": [2, 4, 6]},
    )
    slope = construction_metrics(
        nan_after_finite(rows, "sup_error", construction="single_product", m=16), "single_product"
    )
    not_holding("LT1", "construction", slope, "slope_single_product")
    gap = construction_metrics(
        nan_after_finite(rows, "accuracy", construction="single_product", m=64), "single_product"
    )
    not_holding("LT1", "construction", gap, "accuracy_gap_single_product")
    for construction, m in (("subset_sum", 6), ("single_product", 64)):  # the ratio and its reference
        ratio = subset_sum_saving(nan_after_finite(rows, "sup_error", construction=construction, m=m))
        not_holding("LT2", "construction", ratio, "subset_sum_error_ratio")


def test_a_nan_reaches_lt3() -> None:
    """A NaN construction RMSE at the second d, or a NaN population error in the last checked cell, makes
    LT3's metrics NaN (an argmax or argmin that skipped it would report a finite cell)."""
    rows, population = [], []
    for d in (8, 16):
        cell_rows, cell_population = neuron_cell(d, 0, [32, 64], n_test=2000, ridge=1e-10)
        rows += cell_rows
        population += cell_population
    slope = neuron_metrics(nan_after_finite(rows, "rmse", method="construction", d=16), population)
    not_holding("LT3", "gaussian_neuron", slope, "construction_slope_worst")
    floor = neuron_metrics(rows, nan_after_finite(population, "error_over_rho_2", in_claim=True))
    not_holding("LT3", "gaussian_neuron", floor, "rf_floor_ratio_min")


@pytest.mark.parametrize(
    ("method", "metric"),
    [
        ("edge_popup", "edge_popup_margin"),
        ("neuron_subnetwork", "edge_popup_margin"),
        ("random_features", "neuron_subnetwork_excess"),
    ],
)
def test_a_nan_reaches_lt4(method: str, metric: str) -> None:
    """One seed's test accuracy NaN at the largest width makes the paired bound it enters NaN."""
    rows = nan_after_finite(search_rows(RIGHT), "test_accuracy", method=method, width=1024)
    not_holding("LT4", "subnetwork_search", search_metrics(rows), metric)
