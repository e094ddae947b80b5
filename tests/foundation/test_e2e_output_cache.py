"""Snakemake's between-workflow output cache (`--cache`, SNAKEMAKE_OUTPUT_CACHE) for the stage rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_repo, run_snakemake

pytestmark = pytest.mark.e2e

PAPER = "implicit_regularization"
SMOKE = ("--config", "scale=smoke", "--cache")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("SNAKEMAKE_OUTPUT_CACHE", str(folder))
    return folder


def entries(cache: Path) -> dict[str, int]:
    """Cache entries with their modification times."""
    return {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}


def files(root: Path) -> dict[str, bytes]:
    """Bytes of every built file (links followed) except logs, benchmarks, sidecars and manifest.json."""
    found = {}
    for base in (root / "results" / "smoke" / PAPER, root / "papers" / PAPER):
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root)
            if (
                path.is_file()
                and not {"logs", "benchmarks"} & set(rel.parts)
                and path.name != "manifest.json"
                and not path.name.startswith(".")
            ):
                found[str(rel)] = path.read_bytes()
    return found


def linked(root: Path) -> set[str]:
    """Results files that are links (into the cache)."""
    base = root / "results" / "smoke" / PAPER
    return {str(p.relative_to(root)) for p in base.rglob("*") if p.is_symlink()}


def test_a_second_clone_takes_every_stage_from_a_filled_cache(tmp_path: Path, cache: Path) -> None:
    first, second = copy_repo(tmp_path / "first"), copy_repo(tmp_path / "second")
    run_snakemake(first, f"papers/{PAPER}", *SMOKE)
    stored = entries(cache)
    cached_outputs = linked(first)
    assert stored and cached_outputs, "the first build put nothing into the cache"
    assert all(Path(first, p).resolve().parent == cache.resolve() for p in cached_outputs)

    proc = run_snakemake(second, f"papers/{PAPER}", *SMOKE)
    text = proc.stdout + proc.stderr
    assert "to cache" not in text, "the second clone computed a cached stage again"
    assert entries(cache) == stored
    assert linked(second) == cached_outputs
    assert text.count("from cache.") == len(cached_outputs)
    # no stage ran: a stage that runs writes its log, and the sidecar of each output it writes
    for rel in cached_outputs:
        output = second / rel
        assert not output.with_name(f".{output.name}.sha256").exists(), rel
    first_files, second_files = files(first), files(second)
    assert sorted(first_files) == sorted(second_files)
    assert [f for f in first_files if first_files[f] != second_files[f]] == []


def test_jobs_differing_only_in_a_wildcard_value_get_their_own_entries(fresh_copy: Path, cache: Path) -> None:
    """random_shuffling's colt_simulate jobs share the config and differ only in `instance`: the
    wildcard values reach the cache key through the rule's `wildcards` param."""
    targets = [Path("results/smoke/random_shuffling/colt", f"results_{i}.npz") for i in ("c1", "c2")]
    run_snakemake(fresh_copy, *map(str, targets), *SMOKE)
    hashes = {name.split("_", 1)[0] for name in entries(cache)}
    assert len(hashes) == 2, sorted(entries(cache))
    one, two = ((fresh_copy / t).read_bytes() for t in targets)
    assert one != two
    assert {(fresh_copy / t).resolve().name.split("_", 1)[0] for t in targets} == hashes
