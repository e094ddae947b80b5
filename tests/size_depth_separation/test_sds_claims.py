"""Negative controls: each SD claim holds on the true constructions and fails on a deliberately wrong one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from thundeep.claims import evaluate_claim
from thundeep.paperspec import load_yaml
from thundeep.size_depth_separation.boolean_networks import (
    NETWORKS,
    boolean_metrics,
    check_row,
    disjointness_network,
    inner_product_network,
    parity_coefficients,
)
from thundeep.size_depth_separation.lifting import lift_metrics, lift_row
from thundeep.size_depth_separation.output_rounding import output_clamp, rounding_metrics, rounding_rows
from thundeep.size_depth_separation.sawtooth import sawtooth_metrics, sawtooth_network, sawtooth_row

PAPER = Path(__file__).resolve().parents[2] / "workflow" / "papers" / "size_depth_separation" / "paper.yaml"
CLAIMS = {claim["id"]: claim for claim in load_yaml(PAPER)["claims"]}


def _verdict(claim_id: str, experiment: str, metrics: dict[str, float]) -> str:
    return evaluate_claim(CLAIMS[claim_id], {experiment: metrics}, "default")["verdict"]


def _boolean_rows(ip_coefficients: dict[int, np.ndarray] | None = None) -> list[dict]:
    rows = []
    for d in (1, 2, 3, 4):
        rows.append(check_row("DISJ", d, disjointness_network(d)))
        rows.append(check_row("IP", d, inner_product_network(d, (ip_coefficients or {}).get(d))))
    return rows


def test_sd_b1_fails_when_one_parity_coefficient_is_off() -> None:
    assert _verdict("SD-B1", "boolean_networks", boolean_metrics(_boolean_rows())) == "holds"
    c = parity_coefficients(4)
    c[2] = 1.0  # 2(-1)^2 = 2 in the paper
    assert _verdict("SD-B1", "boolean_networks", boolean_metrics(_boolean_rows({4: c}))) == "fails"


def test_sd_b1_fails_when_a_network_is_checked_against_the_other_function() -> None:
    rows = _boolean_rows() + [check_row("IP", 3, disjointness_network(3))]
    assert _verdict("SD-B1", "boolean_networks", boolean_metrics(rows)) == "fails"


def _lift(slope: float = 4.0, swap: bool = False) -> dict[str, float]:
    rows = []
    for i, function in enumerate(NETWORKS):
        net = NETWORKS[{"DISJ": "IP", "IP": "DISJ"}[function] if swap else function](2)
        rows.append(lift_row(function, 2, net, np.random.default_rng([0, i]), 2000, 20000, (1e-3, 0.3), slope))
    return lift_metrics(rows)


def test_sd_b2_fails_when_the_bump_slope_is_8() -> None:
    assert _verdict("SD-B2", "lift", _lift()) == "holds"
    assert _verdict("SD-B2", "lift", _lift(8.0)) == "fails"


def test_sd_b2_fails_when_the_lifted_network_computes_the_other_function() -> None:
    assert _verdict("SD-B2", "lift", _lift(swap=True)) == "fails"


def _rounding(clamp_slope: float) -> dict[str, float]:
    rows = []
    for i, (function, build) in enumerate(NETWORKS.items()):
        for d in (1, 2, 3):
            rng = np.random.default_rng([0, i, d])
            rows += rounding_rows(function, d, build(d), rng, (0.2, 0.3333333323), 1e-3, 2, output_clamp(clamp_slope))
    return rounding_metrics(rows)


def test_sd_b3_fails_when_the_clamp_slope_is_2() -> None:
    assert _verdict("SD-B3", "output_rounding", _rounding(3.0)) == "holds"
    assert _verdict("SD-B3", "output_rounding", _rounding(2.0)) == "fails"


def test_sd_b4_fails_when_one_tent_layer_is_missing() -> None:
    rows = [sawtooth_row(k, sawtooth_network(k)) for k in range(1, 13)]
    assert _verdict("SD-B4", "sawtooth", sawtooth_metrics(rows)) == "holds"
    short = rows[:-1] + [sawtooth_row(12, sawtooth_network(11))]
    assert _verdict("SD-B4", "sawtooth", sawtooth_metrics(short)) == "fails"


def test_sd_b4_fails_when_only_small_k_is_checked() -> None:
    rows = [sawtooth_row(k, sawtooth_network(k)) for k in range(1, 5)]
    assert _verdict("SD-B4", "sawtooth", sawtooth_metrics(rows)) == "fails"


def _with_nan(rows: list[dict], index: int, key: str) -> list[dict]:
    """`rows` with one value replaced by NaN (a broken evaluation)."""
    return [r | {key: float("nan")} if i == index else r for i, r in enumerate(rows)]


def test_sd_metrics_propagate_a_nan_wherever_it_sits() -> None:
    boolean = _boolean_rows()
    lifted = [
        lift_row(f, 2, NETWORKS[f](2), np.random.default_rng([0, i]), 500, 2000, (1e-3, 0.3), 4.0)
        for i, f in enumerate(NETWORKS)
    ]
    rounding = []
    for i, (function, build) in enumerate(NETWORKS.items()):
        rng = np.random.default_rng([0, i, 2])
        rounding += rounding_rows(function, 2, build(2), rng, (0.2, 0.3333333323), 1e-3, 2, output_clamp(3.0))
    sawtooth = [sawtooth_row(k, sawtooth_network(k)) for k in range(1, 13)]
    cases = [
        ("SD-B1", "boolean_networks", boolean_metrics, boolean, "max_abs_error"),
        ("SD-B2", "lift", lift_metrics, lifted, "lipschitz_ratio_max"),
        ("SD-B2", "lift", lift_metrics, lifted, "l2_error"),
        ("SD-B3", "output_rounding", rounding_metrics, rounding, "max_abs_error"),
        ("SD-B3", "output_rounding", rounding_metrics, rounding, "sup_error"),
        ("SD-B4", "sawtooth", sawtooth_metrics, sawtooth, "lipschitz"),
    ]
    for claim, experiment, metrics, rows, key in cases:
        for index in (0, len(rows) - 1):  # first and last: Python's max skipped a NaN unless it came first
            if key == "max_abs_error" and experiment == "output_rounding":
                index = next(i for i, r in enumerate(rows) if r["side"] == ("below" if index == 0 else "above"))
            assert _verdict(claim, experiment, metrics(_with_nan(rows, index, key))) != "holds", (claim, key, index)
