"""Turn a paper's claims and its experiments' metrics into verdicts (claims.json).

A claim's verdict is `holds`, `fails` or `not_assessed` (below its `min_scale`, or when a metric it
reads is missing or not a finite number). Its `status` says what the verdict means for a strict
build: `ok` (holds), `failed` (fails, unexpectedly), `expected_failure` (fails where paper.yaml
declares it a known failing finding), `unexpectedly_holds` (holds where it was declared to fail),
`not_assessed` (below min_scale) or `unassessable` (at or above min_scale but a metric is missing).
Strict builds stop on `failed`, `unexpectedly_holds` and `unassessable`, and on metrics files
whose keys are not exactly the experiments' declared metrics.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thundeep.io import read_json, write_json
from thundeep.paperspec import SCALES
from thundeep.robustness import robustness_problems, with_robustness

HOLDS, FAILS, NOT_ASSESSED = "holds", "fails", "not_assessed"
STRICT_ERRORS = ("failed", "unexpectedly_holds", "unassessable")
"""Statuses that stop a strict build."""
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}


class ClaimsFailed(RuntimeError):
    """Raised in strict mode when a claim assessed at this scale did not come out as declared."""


def lookup(metrics: Mapping[str, Mapping[str, Any]], name: str) -> float | None:
    """The value of metric `experiment.metric`, or None when it is absent or not a finite number."""
    experiment, _, metric = name.partition(".")
    value = metrics.get(experiment, {}).get(metric)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _status(claim: Mapping[str, Any], verdict: str, assessed: bool, scale: str) -> str:
    expected_fail = scale in ((claim.get("expected_failure") or {}).get("scales") or [])
    if verdict == NOT_ASSESSED:
        return "unassessable" if assessed else NOT_ASSESSED
    if verdict == FAILS:
        return "expected_failure" if expected_fail else "failed"
    return "unexpectedly_holds" if expected_fail else "ok"


def evaluate_claim(claim: Mapping[str, Any], metrics: Mapping[str, Mapping[str, Any]], scale: str) -> dict:
    """One claim's record: its checks with measured values, the verdict and its status at `scale`."""
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
    expected: dict[str, str] = {}
    for c in checks:  # a metric checked on both sides shows both bounds
        expected[c["metric"]] = " and ".join(filter(None, [expected.get(c["metric"]), c["expected"]]))
    assessed = SCALES.index(scale) >= SCALES.index(claim["min_scale"])
    if not assessed:
        verdict, reason = NOT_ASSESSED, f"assessed from scale {claim['min_scale']!r} up"
    elif any(c["measured"] is None for c in checks):
        missing = [c["metric"] for c in checks if c["measured"] is None]
        verdict, reason = NOT_ASSESSED, f"metric(s) not produced (missing or NaN): {', '.join(missing)}"
    else:
        verdict, reason = (HOLDS if all(passed) else FAILS), ""
    return {
        "id": claim["id"],
        "statement": claim["statement"],
        "source": claim["source"],
        "verdict": verdict,
        "status": _status(claim, verdict, assessed, scale),
        "reason": reason,
        "measured": {c["metric"]: c["measured"] for c in checks},
        "spread": {c["metric"]: c["spread"] for c in checks if c["spread"] is not None},
        "expected": expected,
        "checks": checks,
        "tolerance": claim["tolerance"],
        "min_scale": claim["min_scale"],
        "expected_failure": claim.get("expected_failure"),
        "history": claim.get("history") or [],
        "scale": scale,
        **({"seed_fragile": claim["seed_fragile"]} if claim.get("seed_fragile") else {}),
    }


def evaluate_claims(
    claims: list[Mapping[str, Any]], metrics: Mapping[str, Mapping[str, Any]], scale: str
) -> list[dict]:
    """Verdicts for every claim, in the paper's order."""
    return [evaluate_claim(claim, metrics, scale) for claim in claims]


def metric_mismatches(metrics: Mapping[str, Mapping[str, Any]], declared: Mapping[str, list[str]]) -> list[str]:
    """Problems with the metrics files: missing files, and missing or undeclared keys."""
    problems = []
    for experiment, names in declared.items():
        found = metrics.get(experiment)
        if found is None:
            problems.append(f"metrics/{experiment}.json is missing")
            continue
        missing, extra = sorted(set(names) - set(found)), sorted(set(found) - set(names))
        if missing or extra:
            problems.append(f"metrics/{experiment}.json: missing {missing}, undeclared {extra}")
    return problems


def strict_problems(records: list[dict], mismatches: list[str], scale: str) -> list[str]:
    """Everything that stops a strict build, one line each."""
    lines = [
        f"{r['id']}: {r['status']}" + (f" ({r['reason']})" if r["reason"] else "")
        for r in records
        if r["status"] in STRICT_ERRORS
    ]
    return lines + mismatches


def claims_stage(
    inputs: Mapping[str, Any],
    outputs: Mapping[str, Path],
    *,
    claims: list[Mapping[str, Any]],
    declared: Mapping[str, list[str]],
    scale: str,
    strict: bool = False,
) -> None:
    """Stage: read metrics/<experiment>.json files, write claims.json; strict mode stops on any problem.

    `declared` maps each experiment to the metrics its typed config declares. The optional input
    `streams` lists the claims.json of the other seed streams (`--config seeds=N`): each record then
    gains its `robustness`, and strict also stops on `robustness_problems`. Without strict the
    problems are printed as warnings (the end-of-build verdict summary shows them too).
    """
    metrics = {Path(p).stem: read_json(p) for p in inputs["metrics"]}
    records = evaluate_claims(claims, metrics, scale)
    streams = [read_json(p) for p in inputs.get("streams") or []]
    if streams:
        records = with_robustness(records, streams)
    write_json(outputs["claims"], records)
    problems = strict_problems(records, metric_mismatches(metrics, declared), scale) + robustness_problems(records)
    if problems and strict:
        raise ClaimsFailed(f"claims at scale {scale!r} (strict=true): " + "; ".join(problems))
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
