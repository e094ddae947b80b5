"""Random-feature fits split into jobs of seeds: the gathered errors equal the unsplit file byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_with_spec_edits, planned_jobs, run_snakemake

TARGET = "results/smoke/depth_separation/random_features/errors_d4.npz"
SMOKE = ("--config", "scale=smoke")
SMOKE_RF = "    random_features:\n      dims: [4, 8]\n"


def with_seeds_and_chunks(root: Path, chunks: int) -> Path:
    """A copy whose smoke random features fit 3 seeds, split into `chunks` jobs per dimension."""
    return copy_with_spec_edits(
        root,
        "depth_separation",
        [
            (SMOKE_RF, SMOKE_RF + "      seeds: 3\n"),
            ("  random_features_fit: {full: 3}", f"  random_features_fit: {{smoke: {chunks}, full: 3}}"),
        ],
    )


@pytest.mark.e2e
def test_a_seed_chunking_gives_the_unsplit_errors_byte_for_byte(tmp_path: Path) -> None:
    unsplit = with_seeds_and_chunks(tmp_path / "unsplit", 1)
    assert planned_jobs(unsplit, TARGET, *SMOKE) == {"ds_random_features_fit": 1}
    run_snakemake(unsplit, TARGET, *SMOKE)
    chunks = 2  # uneven: three seeds in two parts
    split = with_seeds_and_chunks(tmp_path / f"split{chunks}", chunks)
    jobs = {"ds_random_features_fit_chunk": chunks, "ds_random_features_fit_gather": 1}
    assert planned_jobs(split, TARGET, *SMOKE) == jobs
    run_snakemake(split, TARGET, *SMOKE)
    assert (split / TARGET).read_bytes() == (unsplit / TARGET).read_bytes(), chunks
