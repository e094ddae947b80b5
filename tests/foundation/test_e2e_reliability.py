"""Faults a user can run into, through the real CLI: a cached result damaged on disk."""

from __future__ import annotations

import os

import pytest

from conftest import run_snakemake


@pytest.mark.e2e
def test_a_result_damaged_with_its_mtime_kept_stops_the_next_stage_that_reads_it(built_copy) -> None:
    copy = built_copy("single_neuron")
    damaged = copy / "results" / "smoke" / "single_neuron" / "angle" / "trajectories.npz"
    stat = damaged.stat()
    damaged.write_bytes(damaged.read_bytes()[:-100] + bytes(100))  # same size, same mtime, other bytes
    os.utime(damaged, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    proc = run_snakemake(copy, "papers/single_neuron", "--config", "scale=smoke", "--forcerun", "sn_angle_figure",
                         check=False)
    assert proc.returncode != 0
    assert "trajectories.npz: its content changed" in proc.stdout + proc.stderr
    damaged.unlink()
    run_snakemake(copy, "papers/single_neuron", "--config", "scale=smoke")
    assert damaged.exists()
