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


def test_claims_stage_strict_mode(tmp_path: Path) -> None:
    metrics = tmp_path / "e1.json"
    write_json(metrics, {"slope": -0.1, "gap": 0.0})
    out = tmp_path / "claims.json"
    params = {"claims": [CLAIM], "scale": "default", "strict": False}
    claims_stage({"metrics": [metrics]}, {"claims": out}, **params)
    assert read_json(out)[0]["verdict"] == "fails"
    with pytest.raises(ClaimsFailed, match="T1"):
        claims_stage({"metrics": [metrics]}, {"claims": out}, **{**params, "strict": True})
