"""Claim verdicts: holds, fails, not assessed below the claim's scale or when a metric is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from thundeep.claims import ClaimsFailed, claims_stage, evaluate_claim
from thundeep.io import read_json, write_json

CLAIM = {
    "id": "T1",
    "statement": "slope is steep and gap small",
    "source": "Thm 1",
    "tolerance": "none",
    "min_scale": "default",
    "checks": [
        {"metric": "e1.slope", "op": "<=", "value": -0.5, "spread": "e1.slope_std"},
        {"metric": "e1.gap", "op": "<", "value": 1.0},
    ],
}


@pytest.mark.parametrize(
    ("metrics", "scale", "verdict"),
    [
        ({"e1": {"slope": -0.9, "slope_std": 0.1, "gap": 0.2}}, "default", "holds"),
        ({"e1": {"slope": -0.4, "slope_std": 0.1, "gap": 0.2}}, "default", "fails"),
        ({"e1": {"slope": -0.9, "gap": 1.0}}, "full", "fails"),
        ({"e1": {"slope": -0.9, "gap": 0.2}}, "smoke", "not_assessed"),
        ({"e1": {"slope": None, "gap": 0.2}}, "default", "not_assessed"),
        ({"e1": {"gap": 0.2}}, "default", "not_assessed"),
    ],
)
def test_verdicts(metrics, scale, verdict) -> None:
    record = evaluate_claim(CLAIM, metrics, scale)
    assert record["verdict"] == verdict
    assert record["scale"] == scale
    assert set(record) >= {"id", "statement", "source", "verdict", "measured", "expected", "scale"}
    assert record["expected"] == {"e1.slope": "<= -0.5", "e1.gap": "< 1"}


def test_spread_is_reported() -> None:
    record = evaluate_claim(CLAIM, {"e1": {"slope": -0.9, "slope_std": 0.1, "gap": 0.2}}, "default")
    assert record["spread"] == {"e1.slope": 0.1}
    assert record["measured"] == {"e1.slope": -0.9, "e1.gap": 0.2}


DECLARED = {"e1": ["slope", "slope_std", "gap"]}


def run_claims(tmp_path: Path, values: dict, claim: dict = CLAIM, strict: bool = False, scale: str = "default") -> dict:
    metrics, out = tmp_path / "e1.json", tmp_path / "claims.json"
    write_json(metrics, values)
    claims_stage({"metrics": [metrics]}, {"claims": out}, claims=[claim], declared=DECLARED, scale=scale, strict=strict)
    return read_json(out)[0]


def test_claims_stage_strict_mode(tmp_path: Path) -> None:
    failing = {"slope": -0.1, "slope_std": 0.1, "gap": 0.0}
    assert run_claims(tmp_path, failing)["status"] == "failed"
    with pytest.raises(ClaimsFailed, match="T1: failed"):
        run_claims(tmp_path, failing, strict=True)
    assert run_claims(tmp_path, {"slope": -0.9, "slope_std": 0.1, "gap": 0.0}, strict=True)["status"] == "ok"


def test_strict_fails_on_a_missing_or_nan_metric_at_the_claims_scale(tmp_path: Path) -> None:
    missing = {"slope_std": 0.1, "gap": 0.0}
    with pytest.raises(ClaimsFailed, match="unassessable"):
        run_claims(tmp_path, {**missing, "slope": None}, strict=True)
    with pytest.raises(ClaimsFailed, match="missing \\['slope'\\]"):
        run_claims(tmp_path, missing, strict=True)
    assert run_claims(tmp_path, {**missing, "slope": None})["status"] == "unassessable"
    assert run_claims(tmp_path, {**missing, "slope": None}, scale="smoke", strict=True)["status"] == "not_assessed"


def test_strict_fails_on_an_undeclared_metric(tmp_path: Path) -> None:
    values = {"slope": -0.9, "slope_std": 0.1, "gap": 0.0, "renamed_gap": 0.0}
    with pytest.raises(ClaimsFailed, match="undeclared \\['renamed_gap'\\]"):
        run_claims(tmp_path, values, strict=True)


def test_an_expected_failure_passes_strict_and_fails_it_when_it_starts_to_hold(tmp_path: Path) -> None:
    claim = {**CLAIM, "expected_failure": {"scales": ["default"], "reason": "known: the slope is -0.1"}}
    record = run_claims(tmp_path, {"slope": -0.1, "slope_std": 0.1, "gap": 0.0}, claim, strict=True)
    assert (record["verdict"], record["status"]) == ("fails", "expected_failure")
    with pytest.raises(ClaimsFailed, match="T1: unexpectedly_holds"):
        run_claims(tmp_path, {"slope": -0.9, "slope_std": 0.1, "gap": 0.0}, claim, strict=True)
    with pytest.raises(ClaimsFailed, match="T1: failed"):
        run_claims(tmp_path, {"slope": -0.1, "slope_std": 0.1, "gap": 0.0}, claim, strict=True, scale="full")
