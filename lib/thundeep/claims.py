"""Turn a paper's claims and its experiments' metrics into verdicts (claims.json)."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thundeep.io import read_json, write_json
from thundeep.paperspec import SCALES

HOLDS, FAILS, NOT_ASSESSED = "holds", "fails", "not_assessed"
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}


class ClaimsFailed(RuntimeError):
    """Raised in strict mode when a claim assessed at this scale fails."""


def lookup(metrics: Mapping[str, Mapping[str, Any]], name: str) -> float | None:
    """The value of metric `experiment.metric`, or None when it is absent or not a finite number."""
    experiment, _, metric = name.partition(".")
    value = metrics.get(experiment, {}).get(metric)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def evaluate_claim(claim: Mapping[str, Any], metrics: Mapping[str, Mapping[str, Any]], scale: str) -> dict:
    """One claim's record: its checks with measured values, and the verdict at `scale`."""
    checks, passed = [], []
    for check in claim["checks"]:
        measured = lookup(metrics, check["metric"])
        spread = lookup(metrics, check["spread"]) if check.get("spread") else None
        ok = measured is not None and _OPS[check["op"]](measured, check["value"])
        passed.append(ok)
        checks.append(
            {
                "metric": check["metric"],
                "measured": measured,
                "spread": spread,
                "expected": f"{check['op']} {check['value']:g}",
                "passed": ok,
            }
        )
    assessed = SCALES.index(scale) >= SCALES.index(claim["min_scale"])
    if not assessed:
        verdict, reason = NOT_ASSESSED, f"assessed from scale {claim['min_scale']!r} up"
    elif any(c["measured"] is None for c in checks):
        verdict, reason = NOT_ASSESSED, "a metric it reads was not produced (NaN or missing)"
    else:
        verdict, reason = (HOLDS if all(passed) else FAILS), ""
    return {
        "id": claim["id"],
        "statement": claim["statement"],
        "source": claim["source"],
        "verdict": verdict,
        "reason": reason,
        "measured": {c["metric"]: c["measured"] for c in checks},
        "spread": {c["metric"]: c["spread"] for c in checks if c["spread"] is not None},
        "expected": {c["metric"]: c["expected"] for c in checks},
        "checks": checks,
        "tolerance": claim["tolerance"],
        "min_scale": claim["min_scale"],
        "scale": scale,
    }


def evaluate_claims(claims: list[Mapping[str, Any]], metrics: Mapping[str, Mapping[str, Any]],
                    scale: str) -> list[dict]:
    """Verdicts for every claim, in the paper's order."""
    return [evaluate_claim(claim, metrics, scale) for claim in claims]


def claims_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], *, claims: list[Mapping[str, Any]],
                 scale: str, strict: bool = False) -> None:
    """Stage: read metrics/<experiment>.json files, write claims.json; strict mode fails on `fails`."""
    metrics = {Path(p).stem: read_json(p) for p in inputs["metrics"]}
    records = evaluate_claims(claims, metrics, scale)
    write_json(outputs["claims"], records)
    failed = [r["id"] for r in records if r["verdict"] == FAILS]
    if strict and failed:
        raise ClaimsFailed(f"claims failed at scale {scale!r}: {', '.join(failed)} (strict=true)")
