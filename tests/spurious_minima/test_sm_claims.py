"""Negative controls for SM1-SM3: each claim, read from paper.yaml, fails on wrong input of the real shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO
from thundeep.claims import evaluate_claim
from thundeep.spurious_minima.config import Colt21, Icml18
from thundeep.spurious_minima.published import deviation_rows, our_series, published_series
from thundeep.spurious_minima.spurious_fraction import protocol_metrics

PAPER = REPO / "workflow" / "papers" / "spurious_minima"
CLAIMS = {c["id"]: c for c in yaml.safe_load((PAPER / "paper.yaml").read_text())["claims"]}
KS = range(6, 15)


def configs(fraction, runs: int = 200, eig: float = 0.005, excess: float = -0.002) -> list[dict]:
    """Per-(k, n) summaries as the analysis writes them; `fraction(k, offset)` gives the spurious fraction."""
    out = []
    for k in KS:
        for offset in (0, 1, 2):
            spurious = round(fraction(k, offset) * runs)
            row = {
                "k": k,
                "n": k + offset,
                "runs": runs,
                "spurious_runs": spurious,
                "spurious_fraction": spurious / runs,
                "distinct_spurious": min(spurious, 1),
                "not_converged": 0,
            }
            details = {
                "capped_above": 0,
                "floored": 0,
                "spurious_norm_sums": [k + excess] * spurious,
                "distinct_min_eig": [eig] if spurious else [],
                "distinct_block_max": [-0.1] if spurious else [],
                "group_max_within": 1e-7,
                "group_min_between": 1.0 if spurious else None,
            }
            out.append({"row": row, "details": details})
    return out


def paper_like(k: int, offset: int) -> float:
    """Fractions shaped like the paper's: none at k = 6, a majority at k = 14, few with extra neurons."""
    return (0.0 if k == 6 else (k - 6) / 12) if offset == 0 else 0.0


def verdict(claim: str, icml18: list[dict], colt21: list[dict]) -> str:
    metrics = {
        "icml18": protocol_metrics(icml18, Icml18.metric_offsets),
        "colt21": protocol_metrics([c for c in colt21 if c["row"]["n"] == c["row"]["k"]], Colt21.metric_offsets),
    }
    return evaluate_claim(CLAIMS[claim], metrics, "default")["verdict"]


@pytest.mark.parametrize("claim", ["SM1", "SM2", "SM3"])
def test_paper_like_input_holds(claim: str) -> None:
    assert verdict(claim, configs(paper_like), configs(paper_like)) == "holds"


def test_sm1_fails_when_the_fraction_falls_with_k() -> None:
    falling = configs(lambda k, offset: paper_like(20 - k, offset))
    assert verdict("SM1", falling, falling) == "fails"


def test_sm2_fails_when_the_extra_neuron_protocol_is_swapped_for_n_equals_k() -> None:
    swapped = configs(lambda k, offset: paper_like(k, 0) if offset == 1 else paper_like(k, offset))
    assert verdict("SM2", swapped, configs(paper_like)) == "fails"


def test_sm3_fails_when_a_spurious_point_is_a_saddle() -> None:
    assert verdict("SM3", configs(paper_like), configs(paper_like, eig=-1e-3)) == "fails"


def test_sm3_fails_when_a_colt21_norm_sum_exceeds_k() -> None:
    assert verdict("SM3", configs(paper_like), configs(paper_like, excess=1e-3)) == "fails"


def test_sm3_ignores_norm_sums_above_k_with_extra_neurons() -> None:
    icml18 = configs(lambda k, offset: 0.1 if offset == 1 and k == 14 else paper_like(k, offset), excess=3e-4)
    metrics = protocol_metrics(icml18, Icml18.metric_offsets)
    assert metrics["norm_sum_excess_max_n1"] > 0
    assert verdict("SM3", icml18, configs(paper_like)) == "holds"


def test_published_deviation_per_series(tmp_path: Path) -> None:
    icml18, colt21 = tmp_path / "icml18.csv", tmp_path / "colt21.csv"
    icml18.write_text("k,n,runs,spurious_percent\n6,6,1000,0.5\n7,7,1000,10.0\n6,7,1000,nan\n")
    colt21.write_text(
        "k,runs,distinct_points,spurious_runs,spurious_fraction,norm_sum_min,norm_sum_max\n7,500,2,27,0.054,6.98,6.98\n"
    )
    ours = [
        {"protocol": "icml18", "k": 6, "n": 6, "runs": 200, "spurious_fraction": 0.0},
        {"protocol": "icml18", "k": 7, "n": 7, "runs": 200, "spurious_fraction": 0.2},
        {"protocol": "colt21", "k": 8, "n": 8, "runs": 200, "spurious_fraction": 0.1},
    ]
    rows = deviation_rows(our_series(ours), published_series(icml18, colt21))
    assert len(rows) == 1  # colt21 has no common k; icml18 n = k + 1 is NaN
    row = rows[0]
    assert (row["protocol"], row["n_minus_k"], row["points"], row["k_at_max"]) == ("icml18", 0, 2, 7)
    assert row["mean_deviation"] == pytest.approx((-0.005 + 0.1) / 2) and row["max_abs_deviation"] == pytest.approx(0.1)


def test_sm_metrics_propagate_a_nan_eigenvalue_or_norm_sum() -> None:
    for field in ("distinct_min_eig", "spurious_norm_sums"):
        broken = configs(paper_like)
        last = [c for c in broken if c["details"][field]][-1]  # Python's min / max skipped a NaN that came last
        last["details"][field] = list(last["details"][field][:-1]) + [float("nan")]
        assert verdict("SM3", configs(paper_like), broken) != "holds", field
