"""Seed streams: which settings a stream shifts, how claims.json counts the streams, and the strict rule.

The robustness tests run the real single_neuron Lemma 5.1 stage (a Monte Carlo estimate against the
exact probability, seeded by its config) in five seed streams and the real claims stage on each.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

from thundeep.claims import ClaimsFailed, claims_stage
from thundeep.experiment import to_json
from thundeep.io import read_json
from thundeep.paperspec import PaperSpecError, load_paper, validate_against
from thundeep.report.content import verdict_text
from thundeep.report.summary import verdict_lines
from thundeep.robustness import robustness_problems, with_robustness
from thundeep.seed_streams import STREAM_OFFSET, shift_seeds, shift_value
from thundeep.single_neuron.config import InitialisationProbability
from thundeep.single_neuron.stages import initialisation_probability_stage

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "workflow" / "schemas" / "paper.schema.yaml"
PAPERS = sorted(p.parent.name for p in (REPO / "workflow" / "papers").glob("*/paper.yaml"))


def _leaves(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, value


@pytest.mark.parametrize("paper", PAPERS)
def test_a_stream_shifts_every_seed_and_nothing_else(paper: str) -> None:
    configs = load_paper(REPO / "workflow" / "papers" / paper / "paper.yaml", paper, SCHEMA, "default").configs
    for name, config in configs.items():
        assert shift_seeds(config, 0) is config
        before, after = dict(_leaves(to_json(config))), dict(_leaves(to_json(shift_seeds(config, 3))))
        for key, value in before.items():
            field = key.rsplit(".", 1)[-1]
            if field == "seed" or field.endswith("_seed"):
                assert after[key] == value + 3 * STREAM_OFFSET, (name, key)
            elif (field == "seeds" or field.endswith("_seeds")) and isinstance(value, list):
                assert after[key] == [v + 3 * STREAM_OFFSET for v in value], (name, key)
            else:  # counts (an int `seeds`), grids, step sizes: the same in every stream
                assert after[key] == value, (name, key)


LEMMA = InitialisationProbability(dims=(2, 8), samples=2000, seed=0, chunk=2000)
DECLARED = {"initialisation_probability": list(InitialisationProbability.metrics)}


def claim(claim_id: str, bound: float, op: str = "<=", **extra) -> dict:
    return {
        "id": claim_id,
        "statement": "The Monte Carlo probability agrees with the exact one.",
        "source": "Lemma 5.1",
        "tolerance": "a test bound",
        "min_scale": "smoke",
        "checks": [{"metric": "initialisation_probability.max_z", "op": op, "value": bound}],
        **extra,
    }


@pytest.fixture(scope="module")
def streams(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The metrics file of the real Lemma 5.1 stage in seed streams 0..4."""
    root = tmp_path_factory.mktemp("streams")
    paths = []
    for stream in range(5):
        folder = root / str(stream)
        folder.mkdir()
        outputs = {"table": folder / "t.csv", "arrays": folder / "a.npz", "metrics": folder / "m.json"}
        initialisation_probability_stage({}, outputs, shift_seeds(LEMMA, stream))
        paths.append(folder / "initialisation_probability.json")
        outputs["metrics"].rename(paths[-1])
    return paths


def build_claims(streams: list[Path], claims: list[dict], out: Path, strict: bool = False) -> list[dict]:
    """The real claims stage in streams 1..N-1, then in stream 0 with their claims.json; stream 0's records."""
    others = []
    for stream, metrics in enumerate(streams[1:], start=1):
        others.append(out / f"claims_{stream}.json")
        claims_stage({"metrics": [metrics]}, {"claims": others[-1]}, claims=claims, declared=DECLARED, scale="smoke")
    target = out / "claims.json"
    inputs = {"metrics": [streams[0]], "streams": others}
    claims_stage(inputs, {"claims": target}, claims=claims, declared=DECLARED, scale="smoke", strict=strict)
    return read_json(target)


def measured_z(streams: list[Path]) -> list[float]:
    return [read_json(p)["max_z"] for p in streams]


def test_streams_draw_differently(streams: list[Path]) -> None:
    assert len(set(measured_z(streams))) == 5


def test_robustness_counts_the_streams_whose_own_verdict_holds(streams: list[Path], tmp_path: Path) -> None:
    z = sorted(measured_z(streams))
    claims = [claim("ALL", z[-1]), claim("MID", z[2]), claim("NONE", z[0] / 2)]
    records = {r["id"]: r for r in build_claims(streams, claims, tmp_path)}
    for claim_id, holds in (("ALL", 5), ("MID", 3), ("NONE", 0)):
        assert records[claim_id]["robustness"] == {"holds": holds, "runs": 5}
        stream_verdicts = [read_json(tmp_path / f"claims_{s}.json") for s in range(1, 5)]
        own = [next(r for r in stream if r["id"] == claim_id)["verdict"] for stream in stream_verdicts]
        assert holds == own.count("holds") + (records[claim_id]["verdict"] == "holds")
    assert "holds in 3 of 5 seed streams" in verdict_text(records["MID"])


def test_stream_zero_keeps_its_verdict(streams: list[Path], tmp_path: Path) -> None:
    bound = measured_z(streams)[0]  # stream 0 holds at its own value; the streams above it fail
    record = build_claims(streams, [claim("T", bound)], tmp_path)[0]
    assert record["verdict"] == "holds"
    assert record["robustness"]["holds"] == 1 + sum(z <= bound for z in measured_z(streams)[1:])


def test_strict_fails_below_four_of_five_streams_unless_declared_seed_fragile(
    streams: list[Path], tmp_path: Path
) -> None:
    z = measured_z(streams)
    fragile = claim("FRAGILE", z[0], op=">=")  # holds in stream 0, and wherever z is at least as large
    held = build_claims(streams, [fragile], tmp_path)[0]["robustness"]["holds"]
    assert held == sum(v >= z[0] for v in z) < 4
    with pytest.raises(ClaimsFailed, match=f"FRAGILE: holds in {held} of 5 seed streams"):
        build_claims(streams, [fragile], tmp_path, strict=True)
    declared = claim("FRAGILE", z[0], op=">=", seed_fragile={"reason": "max_z of two dims is a noisy statistic"})
    record = build_claims(streams, [declared], tmp_path, strict=True)[0]
    assert "declared seed-fragile: max_z of two dims" in verdict_text(record)
    assert build_claims(streams, [claim("ROBUST", max(z))], tmp_path, strict=True)[0]["status"] == "ok"


def test_no_strict_rule_with_fewer_than_five_streams(streams: list[Path], tmp_path: Path) -> None:
    z = measured_z(streams)[:4]
    record = build_claims(streams[:4], [claim("T", z[0], op=">=")], tmp_path, strict=True)[0]
    assert record["robustness"] == {"holds": sum(v >= z[0] for v in z), "runs": 4}
    assert record["robustness"]["holds"] < 0.8 * 4


def test_an_expected_failure_counts_the_streams_where_it_fails(streams: list[Path], tmp_path: Path) -> None:
    z = measured_z(streams)
    expected = {"scales": ["smoke"], "reason": "known"}
    failing = build_claims(streams, [claim("X", min(z) / 2, expected_failure=expected)], tmp_path, strict=True)[0]
    assert failing["status"] == "expected_failure" and failing["robustness"]["holds"] == 0
    records = build_claims(streams, [claim("Y", sorted(z)[2], expected_failure=expected)], tmp_path)
    assert records[0]["robustness"]["holds"] == 3  # fails, as declared, in only 2 of 5 streams
    assert robustness_problems(records) == [
        "Y: holds in 3 of 5 seed streams (fewer than 80% as expected); declare it seed_fragile in paper.yaml "
        "with the measured reason, or fix the claim"
    ]


def test_streams_must_assess_the_same_claims(streams: list[Path], tmp_path: Path) -> None:
    records = build_claims(streams[:2], [claim("A", 1.0)], tmp_path)
    with pytest.raises(ValueError, match="seed stream 1"):
        with_robustness([dict(records[0], robustness=None)], [[dict(records[0], id="B")]])


def test_single_stream_build_has_no_robustness(streams: list[Path], tmp_path: Path) -> None:
    record = build_claims(streams[:1], [claim("A", 100.0)], tmp_path)[0]
    assert "robustness" not in record and "seed streams" not in verdict_text(record)


def test_terminal_summary_shows_the_count(streams: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "papers" / "p"
    folder.mkdir(parents=True)
    build_claims(streams, [claim("A", max(measured_z(streams)))], folder)
    (folder / "manifest.json").write_text('{"scale": "smoke"}')
    assert any("holds in 5 of 5 seed streams" in line for line in verdict_lines([folder]))


def test_seed_fragile_needs_a_reason() -> None:
    spec_path = REPO / "workflow" / "papers" / "single_neuron" / "paper.yaml"
    spec = load_paper(spec_path, "single_neuron", SCHEMA, "default").spec
    declared = copy.deepcopy(spec)
    declared["claims"][0]["seed_fragile"] = {"reason": "holds in 3 of 5 streams at default"}
    validate_against(declared, SCHEMA, spec_path)
    declared["claims"][0]["seed_fragile"] = {}
    with pytest.raises(PaperSpecError, match="seed_fragile"):
        validate_against(declared, SCHEMA, spec_path)


def test_config_classes_stay_frozen_after_a_shift() -> None:
    shifted = shift_seeds(LEMMA, 1)
    assert shifted.seed == STREAM_OFFSET and shifted.samples == LEMMA.samples
    with pytest.raises(dataclasses.FrozenInstanceError):
        shifted.seed = 0  # type: ignore[misc]


def test_rule_params_are_shifted_by_the_same_names() -> None:
    """A rule's own params (lottery_ticket passes its `seeds` list) follow the config's naming rule."""
    assert shift_value("seeds", [0, 1, 2], 2) == [2 * STREAM_OFFSET, 2 * STREAM_OFFSET + 1, 2 * STREAM_OFFSET + 2]
    assert shift_value("split_seed", 7, 1) == 7 + STREAM_OFFSET
    assert shift_value("seeds", 20, 1) == 20  # a count
    assert shift_value("pool_sizes", [4, 16], 1) == [4, 16]
    assert shift_value("chunks", 3, 1) == 3
    assert shift_value("seeds", [0, 1], 0) == [0, 1]
