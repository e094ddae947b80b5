"""Damage a new user can do to results/ and papers/, and what a plain build then does: a results file
without its sidecar is refused, a changed paper folder is rebuilt, and the manifest never records a
damaged results file."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from conftest import planned_jobs, run_snakemake
from thundeep.integrity import sidecar_path

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]

PAPER = "random_shuffling"
SMOKE = (f"papers/{PAPER}", "--config", "scale=smoke")


def test_an_edited_results_file_without_its_sidecar_never_reaches_the_paper(built_copy) -> None:
    copy = built_copy(PAPER)
    table = copy / "results" / "smoke" / PAPER / "tables" / "fig1.csv"
    sidecar_path(table).unlink()
    header, first, *rest = table.read_text().splitlines(keepends=True)
    cells = first.rstrip("\n").split(",")
    number = next(i for i, cell in enumerate(cells) if cell.replace(".", "", 1).replace("e-", "", 1).isdigit())
    edited = ",".join([*cells[:number], "12345.0", *cells[number + 1 :]]) + "\n"
    table.write_text(header + edited + "".join(rest))
    folder = copy / "papers" / PAPER
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    proc = run_snakemake(copy, *SMOKE, check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0, text[-3000:]
    assert f"{table.relative_to(copy)}: its sha256 sidecar" in text and "is missing" in text, text[-3000:]
    built = folder / "tables" / "fig1.csv"
    assert not built.exists() or "12345.0" not in built.read_text()


def test_a_paper_step_alone_does_not_record_a_damaged_results_file(built_copy) -> None:
    copy = built_copy(PAPER)
    losses = next((copy / "results" / "smoke" / PAPER / "fig1").glob("losses_*.npz"))
    stat = losses.stat()
    losses.write_bytes(losses.read_bytes()[:-100] + bytes(100))  # same size, same mtime: only the hash tells
    os.utime(losses, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    manifest = copy / "papers" / PAPER / "manifest.json"
    before = manifest.read_bytes()
    proc = run_snakemake(copy, *SMOKE, "--forcerun", "paper", check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0, text[-3000:]
    assert f"{losses.relative_to(copy)}: its content changed" in text, text[-3000:]
    assert manifest.read_bytes() == before, "the previous folder was replaced"


def test_a_plain_build_restores_a_deleted_or_edited_file_of_the_paper_folder(built_copy) -> None:
    copy = built_copy(PAPER)
    folder = copy / "papers" / PAPER
    page, table = folder / "index.html", folder / "tables" / "fig1.csv"
    before = {path: path.read_bytes() for path in (page, table)}
    page.unlink()
    table.write_text(table.read_text().replace("0", "1", 1))
    proc = run_snakemake(copy, *SMOKE)
    assert "Nothing to be done" not in proc.stdout + proc.stderr
    assert {path: path.read_bytes() for path in (page, table)} == before
    assert planned_jobs(copy, *SMOKE) == Counter(), "the restored folder is built again"
