"""Split rules: descents in chunks of runs and the analysis's Hessians in parts; the parts' bounds, and
the gathered files equal to the unsplit ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import copy_with_spec_edits, planned_jobs, run_snakemake
from thundeep.chunks import balanced_parts, chunk_bounds
from thundeep.experiment import build
from thundeep.io import load_arrays, save_arrays
from thundeep.paperspec import load_yaml
from thundeep.spurious_minima import local_minima, stages
from thundeep.spurious_minima.config import Colt21

RUNS = Path("results/smoke/spurious_minima/runs")
TARGETS = [str(RUNS / name) for name in ("icml18_k8.npz", "colt21_k6.npz")]  # one k of each protocol
SMOKE = ("--config", "scale=smoke")
PAPER_YAML = Path(__file__).parents[2] / "workflow/papers/spurious_minima/paper.yaml"


def test_chunk_bounds_cover_the_runs_in_order() -> None:
    for runs, chunks in [(20, 1), (20, 2), (20, 3), (7, 7), (1000, 24)]:
        bounds = [chunk_bounds(runs, chunks, c) for c in range(chunks)]
        assert bounds[0][0] == 0 and bounds[-1][1] == runs
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
        sizes = [stop - start for start, stop in bounds]
        assert max(sizes) - min(sizes) <= 1 and min(sizes) >= 1
    for runs, chunks, chunk in [(5, 6, 0), (5, 0, 0), (5, 2, 2)]:
        with pytest.raises(ValueError):
            chunk_bounds(runs, chunks, chunk)


def with_chunks(root: Path, chunks: int) -> Path:
    """A copy of the sources whose paper.yaml splits the smoke descents into `chunks` jobs."""
    return copy_with_spec_edits(
        root, "spurious_minima", [("  descend: {full: 24}\n", f"  descend: {{smoke: {chunks}, full: 24}}\n")]
    )


@pytest.mark.e2e
def test_a_chunking_gives_the_unsplit_runs_byte_for_byte(smoke_repo, tmp_path: Path) -> None:
    """The unsplit runs are the session's smoke build's (the unsplit rule at smoke); 20 runs in 3
    chunks cut unevenly (7, 7, 6)."""
    smoke_repo.build("spurious_minima")
    split = with_chunks(tmp_path / "split", 3)
    assert planned_jobs(split, *TARGETS, *SMOKE) == {"sm_descend_chunk": 6, "sm_descend_gather": 2}
    run_snakemake(split, *TARGETS, *SMOKE)
    assert len(list((split / RUNS / "chunks").glob("*.npz"))) == 6
    with smoke_repo.locked(exclusive=False):
        for target in TARGETS:
            assert (split / target).read_bytes() == (smoke_repo.path / target).read_bytes(), target


def test_balanced_parts_cut_in_order_near_equal_costs() -> None:
    assert balanced_parts([1] * 12, 3) == [0] * 4 + [1] * 4 + [2] * 4
    assert balanced_parts([100, 1, 1, 1, 1], 2) == [0, 1, 1, 1, 1]  # the big item's midpoint lies in part 0
    assert balanced_parts([5, 5], 4) == [1, 3]  # midpoints at 1/4 and 3/4 of the cost: parts 0 and 2 empty
    assert balanced_parts([], 3) == [] and balanced_parts([0, 0], 2) == [0, 0]
    owners = balanced_parts([7, 3, 9, 1, 4, 8, 2, 6, 5, 5], 4)
    assert owners == sorted(owners) and set(owners) == {0, 1, 2, 3}
    with pytest.raises(ValueError):
        balanced_parts([1], 0)


def fake_runs(tmp_path: Path, ks: tuple[int, ...], runs: int) -> list[str]:
    """Descend-style .npz files whose runs all converged at random (so spurious, distinct) points,
    except those of the first k, which none did."""
    rng = np.random.default_rng(0)
    paths = []
    for k in ks:
        converged = np.full(runs, k != ks[0])
        arrays = dict(
            weights=rng.normal(size=(runs, k, k)),
            steps=np.arange(runs),
            converged=converged,
            floored=np.zeros(runs, bool),
            grad_norm=np.zeros(runs),
        )
        paths.append(str(tmp_path / f"k{k}.npz"))
        save_arrays(paths[-1], **{f"n{k}_{name}": value for name, value in arrays.items()})
    return paths


def analysis_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    return {"summary": folder / "summary.json", "metrics": folder / "metrics.json"}


def test_analysis_parts_gather_to_the_unsplit_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_minima, "HESSIAN_BATCH_ENTRIES", 1)  # one Hessian per batch: parts really split
    params = load_yaml(PAPER_YAML)["experiments"]["colt21"]["params"]
    config = build(Colt21, {**params, "ks": [2, 3, 4], "hist_ks": [4], "descent": {**params["descent"], "runs": 5}})
    runs = fake_runs(tmp_path, config.ks, 5)
    unsplit = analysis_files(tmp_path / "unsplit")
    stages.analyse_stage({"runs": runs}, unsplit, config, "colt21")
    for chunks in (2, 3):
        parts = [str(tmp_path / f"part{c}of{chunks}.npz") for c in range(chunks)]
        for chunk, part in enumerate(parts):
            stages.analyse_chunk_stage({"runs": runs}, {"curvature": part}, config, "colt21", str(chunk), chunks)
        assert all(len(load_arrays(part)["k4_n4_min_eig"]) < 5 for part in parts)  # the k = 4 points are shared out
        split = analysis_files(tmp_path / f"split{chunks}")
        stages.analyse_gather_stage({"runs": runs, "curvature": parts}, split, config, "colt21")
        for name, path in unsplit.items():
            assert split[name].read_bytes() == path.read_bytes(), (chunks, name)


# COLT'21's analysis: its smoke runs have spurious points (ICML'18's have none).
ANALYSIS = [f"results/smoke/spurious_minima/{folder}/colt21.json" for folder in ("analysis", "metrics")]


@pytest.mark.e2e
def test_an_analysis_chunking_gives_the_unsplit_analysis_byte_for_byte(smoke_repo, tmp_path: Path) -> None:
    """The unsplit analysis and the descents it reads are the session's smoke build's; 3 parts."""
    smoke_repo.build("spurious_minima")
    split = copy_with_spec_edits(
        tmp_path / "split", "spurious_minima", [("  analyse: {full: 20}\n", "  analyse: {smoke: 3, full: 20}\n")]
    )
    with smoke_repo.locked(exclusive=False):
        shutil.copytree(smoke_repo.path / RUNS, split / RUNS)
    assert planned_jobs(split, *ANALYSIS, *SMOKE) == {"sm_analyse_chunk": 3, "sm_analyse_gather": 1}
    run_snakemake(split, *ANALYSIS, *SMOKE)
    with smoke_repo.locked(exclusive=False):
        for target in ANALYSIS:
            assert (split / target).read_bytes() == (smoke_repo.path / target).read_bytes(), target
