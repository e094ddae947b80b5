"""Descents split into chunks of runs: the parts' bounds, and the gathered file equal to the unsplit one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_repo, planned_jobs, run_snakemake
from thundeep.chunks import chunk_bounds

RUNS = Path("results/smoke/spurious_minima/runs")
TARGETS = [str(RUNS / name) for name in ("icml18_k8.npz", "colt21_k6.npz")]  # one k of each protocol
SMOKE = ("--config", "scale=smoke")


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
    copy = copy_repo(root)
    spec = copy / "workflow/papers/spurious_minima/paper.yaml"
    text = spec.read_text()
    assert "  descend: {full: 24}\n" in text
    spec.write_text(text.replace("  descend: {full: 24}\n", f"  descend: {{smoke: {chunks}, full: 24}}\n"))
    return copy


@pytest.mark.e2e
def test_two_chunkings_give_the_unsplit_runs_byte_for_byte(tmp_path: Path) -> None:
    unsplit = copy_repo(tmp_path / "unsplit")
    assert planned_jobs(unsplit, *TARGETS, *SMOKE) == {"sm_descend": 2}
    run_snakemake(unsplit, *TARGETS, *SMOKE)
    for chunks in (2, 3):
        split = with_chunks(tmp_path / f"split{chunks}", chunks)
        assert planned_jobs(split, *TARGETS, *SMOKE) == {"sm_descend_chunk": 2 * chunks, "sm_descend_gather": 2}
        run_snakemake(split, *TARGETS, *SMOKE)
        assert len(list((split / RUNS / "chunks").glob("*.npz"))) == 2 * chunks
        for target in TARGETS:
            assert (split / target).read_bytes() == (unsplit / target).read_bytes(), (chunks, target)
