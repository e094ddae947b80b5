"""A read-only results/ or papers/ (or a paper's logs/) stops the build before its first job, plainly."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import run_snakemake
from thundeep.workspace import unwritable, unwritable_message


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` as a read-only tmpfs (read-only even for root; skipped where mount is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)]
    refused = subprocess.run(mount, capture_output=True, text=True, check=False)
    if refused.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs (needs root): {refused.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_folders_are_found_and_named(tmp_path: Path) -> None:
    writable, locked = tmp_path / "results", tmp_path / "papers"
    writable.mkdir()
    with read_only(locked):
        assert unwritable([writable, locked, tmp_path / "absent"]) == [locked]
        message = unwritable_message([locked])
        assert f"cannot write to {locked}/" in message and "No job was started" in message
    assert list(writable.iterdir()) == []  # the check leaves nothing behind


@pytest.mark.e2e
def test_a_build_into_a_read_only_logs_folder_stops_before_any_job(fresh_copy: Path) -> None:
    logs = fresh_copy / "results" / "smoke" / "lottery_ticket" / "logs"
    with read_only(logs):
        proc = run_snakemake(fresh_copy, "papers/lottery_ticket", "--config", "scale=smoke", check=False, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "cannot write to results/smoke/lottery_ticket/logs/" in out and "No job was started" in out
    assert "Traceback" not in out and "rule lt_" not in out
