"""Stage functions: seeds per (construction, k, method), determinism, table shape, and the claim statistics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from thundeep.experiment import ConfigError, build
from thundeep.io import load_arrays, read_csv, read_json
from thundeep.paperspec import load_paper
from thundeep.random_shuffling.colt_analysis import rs4_slope_checks
from thundeep.random_shuffling.config import Colt, Fig1, Fig1Analysis
from thundeep.random_shuffling.fig1 import COLUMNS, bonferroni_p, fig1_metrics, separation_k
from thundeep.random_shuffling.published import deviation_rows
from thundeep.random_shuffling.stages import (
    colt_simulate_stage,
    colt_summary_stage,
    fig1_simulate_stage,
    fig1_summary_stage,
)

ANALYSIS = {
    "early_k_max": 100,
    "late_k_min": 1000,
    "kappa_factor": 3,
    "separation_threshold": 0.15,
    "separation_window": 9,
}
FIG1 = {
    "n": 40,
    "lam": 1.0,
    "lam_max": 20.0,
    "g": 1.0,
    "runs": 6,
    "seed": 3,
    "step": "log_nk",
    "methods": ["wr", "ss", "rr"],
    "constructions": ["eq1", "eq2"],
    "k_grid": [{"start": 4, "stop": 16, "step": 12}],
    "analysis": ANALYSIS,
}
WORKFLOW = Path(__file__).resolve().parents[2] / "workflow"
PUBLISHED = WORKFLOW / "papers" / "random_shuffling" / "published" / "random_shuffling_fig1.csv"


def paper_config(scale: str) -> Fig1:
    """The Fig. 1 config of paper.yaml at a scale."""
    loaded = load_paper(
        WORKFLOW / "papers" / "random_shuffling" / "paper.yaml",
        "random_shuffling",
        str(WORKFLOW / "schemas" / "paper.schema.yaml"),
        scale,
    )
    return loaded.configs["fig1"]


DEFAULT_KS = paper_config("default").ks


def fig1_config(**changes) -> Fig1:
    return build(Fig1, FIG1 | changes)


def simulate_fig1(tmp_path: Path, name: str, grid: list[dict]) -> dict[str, np.ndarray]:
    out = tmp_path / f"{name}_{grid[0]['step']}.npz"
    fig1_simulate_stage({}, {"losses": out}, fig1_config(k_grid=grid), construction=name)
    return load_arrays(out)


def test_adding_a_k_leaves_the_other_ks_unchanged(tmp_path: Path) -> None:
    two = simulate_fig1(tmp_path, "eq1", [{"start": 4, "stop": 16, "step": 12}])
    four = simulate_fig1(tmp_path, "eq1", [{"start": 4, "stop": 16, "step": 4}])
    assert two["ks"].tolist() == [4, 16] and four["ks"].tolist() == [4, 8, 12, 16]
    np.testing.assert_array_equal(two["losses"], four["losses"][:, [0, 3]])
    other = simulate_fig1(tmp_path, "eq2", [{"start": 4, "stop": 16, "step": 12}])
    assert not np.array_equal(two["losses"], other["losses"])


def test_same_params_give_bit_identical_outputs(tmp_path: Path) -> None:
    grid = [{"start": 4, "stop": 16, "step": 12}]
    paths = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        losses = [tmp_path / name / f"losses_{c}.npz" for c in ("eq1", "eq2")]
        for path, construction in zip(losses, ("eq1", "eq2"), strict=True):
            fig1_simulate_stage({}, {"losses": path}, fig1_config(k_grid=grid), construction=construction)
        table, metrics = tmp_path / name / "fig1.csv", tmp_path / name / "fig1.json"
        fig1_summary_stage({"losses": losses}, {"table": table, "metrics": metrics}, fig1_config(k_grid=grid))
        paths.append((table, metrics))
    for first, second in zip(*paths, strict=True):
        assert first.read_bytes() == second.read_bytes()


def test_fig1_table_columns_rows_and_metric_names(tmp_path: Path) -> None:
    losses = []
    for name in ("eq1", "eq2"):  # fake losses on the real grid (the simulation is tested elsewhere)
        rng = np.random.default_rng(len(name))
        path = tmp_path / f"{name}.npz"
        ks = np.array(DEFAULT_KS)
        np.savez(
            path,
            construction=np.array(name),
            ks=ks,
            methods=np.array(FIG1["methods"]),
            losses=10.0 ** rng.normal(-5, 1, size=(3, len(ks), 4)),
        )
        losses.append(path)
    table, metrics = tmp_path / "fig1.csv", tmp_path / "fig1.json"
    fig1_summary_stage({"losses": losses}, {"table": table, "metrics": metrics}, fig1_config(lam_max=200.0))
    rows = read_csv(table)
    assert tuple(rows[0]) == COLUMNS and len(rows) == 450
    assert {r["construction"] for r in rows} == {"eq1", "eq2"} and {r["method"] for r in rows} == {"wr", "ss", "rr"}
    assert set(read_json(metrics)) == set(Fig1.metrics)


def synthetic_rows(advantage_from: int, size: float) -> list[dict]:
    """WR worse than SS and RR by `size` decades from k >= advantage_from on; std 1 everywhere."""
    rows = []
    for c in ("eq1", "eq2"):
        for k in DEFAULT_KS:
            for m in ("wr", "ss", "rr"):
                mean = -5.0 + (size if (m == "wr" and k >= advantage_from) else 0.0)
                rows.append(
                    {
                        "construction": c,
                        "k": k,
                        "method": m,
                        "runs": 100,
                        "mean_log10_loss": mean,
                        "std_log10_loss": 1.0,
                        "log10_mean_loss": mean,
                        "log10_mean_loss_se": 0.1,
                    }
                )
    return rows


def test_claim_statistics_on_known_curves() -> None:
    analysis = build(Fig1Analysis, ANALYSIS)
    out = fig1_metrics(synthetic_rows(advantage_from=300, size=0.5), kappa=200.0, analysis=analysis)
    assert out["rs1_max_abs_z_pointwise"] == 0.0 and out["rs1_max_pooled_gap"] == 0.0
    assert out["rs1_pointwise_p"] == 1.0 and out["rs1_pooled_p"] == 1.0
    assert out["late_max_abs_z_pooled"] == pytest.approx(0.5 / (np.sqrt(0.02) / np.sqrt(13)))
    assert out["rs2_min_advantage"] == pytest.approx(0.5) and out["rs2_rr_minus_ss_eq2"] == 0.0
    assert out["rs2_min_advantage_se"] == pytest.approx(np.sqrt(0.02) / np.sqrt(13), rel=0.1)
    assert out["rs3_early_advantage"] == 0.0 and out["rs3_late_advantage"] == pytest.approx(0.5)
    assert 200 < out["separation_k_eq1"] <= 300
    early = fig1_metrics(synthetic_rows(advantage_from=40, size=0.5), kappa=200.0, analysis=analysis)
    se = np.sqrt(2 / 100)  # std 1, 100 runs per method: the standard error of a difference of two means
    assert early["rs1_max_abs_z_pointwise"] == pytest.approx(0.5 / se)
    assert early["rs1_max_abs_z_pooled"] == pytest.approx(0.5 / (se / np.sqrt(18)))  # 18 values of k <= 100
    assert early["rs1_pooled_p"] < 1e-40 and early["rs3_early_advantage"] == pytest.approx(0.5)
    assert early["rs1_equivalence_bound"] == pytest.approx(0.5 + 1.6448536 * se / np.sqrt(18))
    assert out["rs1_equivalence_bound"] == pytest.approx(1.6448536 * se / np.sqrt(18))  # no gap: 1.645 se


def test_rs1_equivalence_sharpens_with_more_runs() -> None:
    """A small real offset (0.05 decades, inside the margin) fails the old zero-difference test once
    runs are many, while the equivalence bound only falls towards the offset itself."""
    analysis = build(Fig1Analysis, ANALYSIS)
    bounds, pooled_p = [], []
    for runs in (100, 1000, 10000):
        rows = [
            r | {"runs": runs, "mean_log10_loss": r["mean_log10_loss"] + (0.05 if r["method"] == "wr" else 0.0)}
            for r in synthetic_rows(advantage_from=10_000, size=0.0)
        ]
        out = fig1_metrics(rows, kappa=200.0, analysis=analysis)
        bounds.append(out["rs1_equivalence_bound"])
        pooled_p.append(out["rs1_pooled_p"])
    assert bounds[0] > bounds[1] > bounds[2] > 0.05 and bounds[0] < 0.15
    assert pooled_p[0] > 0.05 > pooled_p[2]


def test_bonferroni_p() -> None:
    assert bonferroni_p(1.959964, 1) == pytest.approx(0.05, rel=1e-5)
    assert bonferroni_p(1.959964, 10) == pytest.approx(0.5, rel=1e-5) and bonferroni_p(1.959964, 30) == 1.0
    assert np.isnan(bonferroni_p(2.0, 0))


def test_default_and_full_grids_are_the_papers_75_values_of_k() -> None:
    published = sorted({int(r["k"]) for r in read_csv(PUBLISHED)})
    assert DEFAULT_KS == published and len(DEFAULT_KS) == 75
    assert paper_config("full").ks == published
    smoke = paper_config("smoke").ks
    assert len(smoke) == 6 and set(smoke) <= set(published) and max(smoke) <= 400


def test_k_ranges_refuse_bad_segments() -> None:
    for grid in (
        [{"start": 4, "stop": 16, "step": 5}],
        [{"start": 10, "stop": 4, "step": 2}],
        [{"start": 4, "stop": 8, "step": 4}, {"start": 8, "stop": 12, "step": 4}],
    ):
        with pytest.raises(ConfigError):
            fig1_config(k_grid=grid)


def test_published_deviation_rows() -> None:
    ours = [
        {
            "construction": "eq1",
            "k": k,
            "method": "wr",
            "runs": 100,
            "log10_mean_loss": -5.0 + d,
            "log10_mean_loss_se": 0.05,
        }
        for k, d in ((40, 0.1), (42, -0.3), (45, 9.0))  # k = 45 has no published counterpart
    ]
    published = [
        {"construction": "eq1", "k": k, "runs": 100, "log10_mean_loss_wr": -5.0, "log10_mean_loss_ss": "nan"}
        for k in (40, 42)
    ]
    [row] = deviation_rows(ours, published)
    assert (row["construction"], row["method"], row["points"], row["k_at_max"]) == ("eq1", "wr", 2, 42)
    assert row["mean_deviation"] == pytest.approx(-0.1) and row["max_abs_deviation"] == pytest.approx(0.3)
    assert row["max_abs_z"] == pytest.approx(0.3 / (0.05 * np.sqrt(2)))


def test_separation_k_never_reached_is_nan() -> None:
    ks = np.arange(1, 11)
    assert np.isnan(separation_k(ks, np.zeros(10), 0.1, 3))
    assert separation_k(ks, (ks >= 6).astype(float), 0.5, 1) == 6


def test_colt_stages_produce_the_declared_metrics(tmp_path: Path) -> None:
    params = {
        "lam": 1.0,
        "g": 6.0,
        "ns": [20, 40],
        "ks": [2, 4],
        "runs": 5,
        "seed": 0,
        "bootstrap": 10,
        "step_factors": {"low": 1.0, "high": 8.0, "per_octave": 1},
        "instances": ["c1", "c2", "c3"],
    }
    config = build(Colt, params)
    results = []
    for name in ("c1", "c2", "c3"):
        results.append(tmp_path / f"{name}.npz")
        colt_simulate_stage({}, {"results": results[-1]}, config, instance=name)
    outputs = {"slopes": tmp_path / "s.csv", "errors": tmp_path / "e.csv", "metrics": tmp_path / "m.json"}
    colt_summary_stage({"results": results}, outputs, config)
    assert set(read_json(outputs["metrics"])) == set(Colt.metrics)
    errors = read_csv(outputs["errors"])
    assert len(errors) == (3 + 3 + 1) * 2 * 2


@pytest.mark.parametrize("method", ["wr", "rr"])
def test_fig1_and_colt_metrics_propagate_nan(method: str) -> None:
    analysis = build(Fig1Analysis, ANALYSIS)
    for k in (min(DEFAULT_KS), max(k for k in DEFAULT_KS if k <= 100), max(DEFAULT_KS)):
        broken = (k, method, "eq2")
        rows = [
            r | {"mean_log10_loss": float("nan")} if (r["k"], r["method"], r["construction"]) == broken else r
            for r in synthetic_rows(advantage_from=300, size=0.5)
        ]
        out = fig1_metrics(rows, kappa=200.0, analysis=analysis)
        read = ("rs1_equivalence_bound",) if k <= 100 else ("rs2_min_advantage",)
        assert all(np.isnan(out[name]) for name in read), (k, method)
    fits = {m: {"k_slope": -1.0 - i, "k_slope_std": 0.01} for i, m in enumerate(("wr", "ss", "rr"))}
    fits[method]["k_slope"] = float("nan")
    checks = rs4_slope_checks("c1", fits)
    assert np.isnan(checks["rs4_c1_rr_minus_ss_k_slope"] if method == "rr" else checks["rs4_c1_wr_k_slope_deviation"])
    if method == "rr":  # the steeper shuffling slope is the NaN one, not SS's -2
        assert np.isnan(checks["rs4_c1_shuffling_max_k_slope"])
