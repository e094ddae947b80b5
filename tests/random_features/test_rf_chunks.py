"""E3's searches split into chunks of seeds: the gather completes the search and equals the unsplit rows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import REPO, copy_with_spec_edits, run_snakemake
from thundeep.paperspec import load_paper
from thundeep.random_features.stages import polynomial_search

SPEC = REPO / "workflow/papers/random_features/paper.yaml"
POLYNOMIALS = Path("results/smoke/random_features/polynomials")
TARGET = str(POLYNOMIALS / "k1_d16.csv")
SMOKE = ("--config", "scale=smoke")


def test_known_cells_are_taken_and_the_others_computed() -> None:
    config = load_paper(SPEC, "random_features", REPO / "workflow/schemas/paper.schema.yaml", "smoke").configs
    config = dataclasses.replace(config["polynomials"], max_width=64)
    computed = polynomial_search(config, 1, 8, [0, 1], {})
    assert computed[-1]["N"] < 64  # the search stopped inside the grid
    cells = {(r["N"], r["seed"]): r["relative_error"] for r in computed}
    first = computed[0]["N"]
    assert polynomial_search(config, 1, 8, [0, 1], {(first, 0): cells[first, 0]}) == computed
    made_up = {(n, seed): 0.0 for n, seed in cells}  # every seed at 0 from the first width: the search stops there
    assert polynomial_search(config, 1, 8, [0, 1], made_up) == [
        {"k": 1, "d": 8, "N": first, "seed": seed, "relative_error": 0.0} for seed in (0, 1)
    ]
    further = polynomial_search(config, 1, 8, [0, 1], {}, beyond=1)
    assert further[: len(computed)] == computed and len(further) == len(computed) + 2


def with_chunks(root: Path, chunks: int) -> Path:
    """A copy of the sources whose smoke E3 runs three seeds in `chunks` jobs per (k, d) (1: the unsplit rule)."""
    return copy_with_spec_edits(
        root,
        "random_features",
        [
            ("      searches: [[1, [8, 16]]]\n", "      searches: [[1, [8, 16]]]\n      seeds: 3\n"),
            ("  polynomial: {full: 5}", f"  polynomial: {{smoke: {chunks}, full: 5}}"),
        ],
    )


@pytest.mark.e2e
def test_a_chunking_gives_the_unsplit_search_byte_for_byte(tmp_path: Path) -> None:
    unsplit = with_chunks(tmp_path / "unsplit", 1)
    run_snakemake(unsplit, TARGET, *SMOKE)
    assert not (unsplit / POLYNOMIALS / "chunks").exists()
    chunks = 2  # uneven: three seeds in two parts
    split = with_chunks(tmp_path / f"split{chunks}", chunks)
    run_snakemake(split, TARGET, *SMOKE)
    parts = sorted((split / POLYNOMIALS / "chunks").glob(f"k1_d16_part*of{chunks}.csv"))
    assert len(parts) == chunks
    assert (split / TARGET).read_bytes() == (unsplit / TARGET).read_bytes(), chunks
