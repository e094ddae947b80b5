"""Verdicts across seed streams: in how many streams each claim holds, and the strict rule on that count.

A build with `--config seeds=N` assesses every claim in stream 0 (its verdict is the claim's verdict)
and in N - 1 streams whose seeds are shifted (`thundeep.seed_streams`). Each claim record gains
`robustness: {holds, runs}`. With N >= MIN_STREAMS, strict fails on an assessed claim whose expected
outcome (holds, or fails where paper.yaml declares an expected failure) comes out in fewer than
MIN_SHARE of the streams, unless paper.yaml declares the claim `seed_fragile` with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MIN_STREAMS = 5
"""The strict rule applies to builds with at least this many seed streams."""
MIN_SHARE = 0.8
"""Share of the streams in which a claim not declared seed-fragile must come out as expected."""
_ASSESSED = ("ok", "failed", "expected_failure", "unexpectedly_holds")


def with_robustness(records: list[dict], streams: Sequence[Sequence[Mapping[str, Any]]]) -> list[dict]:
    """Stream 0's claim records with `robustness` added, from the records of the other streams.

    `streams` holds the claims.json records of streams 1..N-1, each with the same claim ids.
    """
    runs = 1 + len(streams)
    verdicts = {r["id"]: [r["verdict"]] for r in records}
    for index, stream in enumerate(streams, start=1):
        ids = [r["id"] for r in stream]
        if sorted(ids) != sorted(verdicts):
            raise ValueError(f"seed stream {index} assessed claims {ids}, stream 0 assessed {sorted(verdicts)}")
        for record in stream:
            verdicts[record["id"]].append(record["verdict"])
    return [dict(r, robustness={"holds": verdicts[r["id"]].count("holds"), "runs": runs}) for r in records]


def expected_share(record: Mapping[str, Any]) -> float:
    """Share of the streams in which the claim came out as expected (fails for a declared expected failure)."""
    counts = record["robustness"]
    expected_fail = record["status"] in ("expected_failure", "unexpectedly_holds")
    agreeing = counts["runs"] - counts["holds"] if expected_fail else counts["holds"]
    return agreeing / counts["runs"]


def robustness_problems(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Claims that stop a strict build for their seed robustness, one line each (none below MIN_STREAMS)."""
    lines = []
    for record in records:
        counts = record.get("robustness")
        if counts is None or counts["runs"] < MIN_STREAMS or record["status"] not in _ASSESSED:
            continue
        if record.get("seed_fragile") or expected_share(record) >= MIN_SHARE:
            continue
        lines.append(
            f"{record['id']}: holds in {counts['holds']} of {counts['runs']} seed streams (fewer than "
            f"{MIN_SHARE:.0%} as expected); declare it seed_fragile in paper.yaml with the measured reason, "
            "or fix the claim"
        )
    return lines


def robustness_text(record: Mapping[str, Any]) -> str:
    """`holds in h of N seed streams` (and the declared seed fragility); "" for a single-stream build or a
    claim below its min_scale (not assessed in any stream)."""
    counts = record.get("robustness")
    if counts is None or record["status"] == "not_assessed":
        return ""
    text = f"holds in {counts['holds']} of {counts['runs']} seed streams"
    if record.get("seed_fragile"):
        text += f" (declared seed-fragile: {record['seed_fragile']['reason']})"
    return text
