"""The subnetwork search split into chunks of widths: the gathered table and metrics equal the unsplit ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_with_spec_edits, run_snakemake

RESULTS = Path("results/smoke/lottery_ticket")
TARGETS = [str(RESULTS / "tables/subnetwork_search.csv"), str(RESULTS / "metrics/subnetwork_search.json")]
SMOKE = ("--config", "scale=smoke")


def with_chunks(root: Path, chunks: int) -> Path:
    """A copy of the sources whose smoke search runs three widths in `chunks` jobs (1: the unsplit rule)."""
    return copy_with_spec_edits(
        root,
        "lottery_ticket",
        [
            ("      widths: [16, 64]\n", "      widths: [8, 16, 32]\n"),
            ("  subnetwork_search: {full: 7}", f"  subnetwork_search: {{smoke: {chunks}, full: 7}}"),
        ],
    )


@pytest.mark.e2e
def test_a_chunking_gives_the_unsplit_search_byte_for_byte(tmp_path: Path) -> None:
    unsplit = with_chunks(tmp_path / "unsplit", 1)
    run_snakemake(unsplit, *TARGETS, *SMOKE)
    assert not (unsplit / RESULTS / "subnetwork_search").exists()
    chunks = 2  # uneven: three widths in two parts
    split = with_chunks(tmp_path / f"split{chunks}", chunks)
    run_snakemake(split, *TARGETS, *SMOKE)
    assert len(list((split / RESULTS / "subnetwork_search").glob(f"rows_part*of{chunks}.csv"))) == chunks
    for target in TARGETS:
        assert (split / target).read_bytes() == (unsplit / target).read_bytes(), (chunks, target)
