"""Where a build may run and write: only from the repository root, and never into workflow/ or lib/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SNAKEMAKE, copy_repo, run_snakemake, snakemake_env

pytestmark = pytest.mark.e2e

PAPER = "implicit_regularization"


def _sources(copy: Path) -> dict[str, bytes]:
    """Bytes of every file under workflow/ (the paper sources a stray build could overwrite), without the
    log Snakemake itself writes to .snakemake/ where it starts."""
    files = sorted((copy / "workflow").rglob("*"))
    return {str(p.relative_to(copy)): p.read_bytes() for p in files if p.is_file() and ".snakemake" not in p.parts}


def test_a_build_started_in_workflow_refuses_before_any_job(fresh_copy: Path) -> None:
    before = _sources(fresh_copy)
    proc = subprocess.run(
        [SNAKEMAKE, f"papers/{PAPER}", "--config", "scale=smoke"],
        cwd=fresh_copy / "workflow",
        env=snakemake_env(fresh_copy),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "must run from the repository root" in out and str(fresh_copy) in out, out
    assert "Traceback" not in out
    assert _sources(fresh_copy) == before, "a build started in workflow/ changed the sources"
    assert not (fresh_copy / "workflow" / "results").exists()
    assert not (fresh_copy / "results").exists(), "a job ran before the error was reported"


def test_a_rule_with_an_output_in_the_sources_stops_the_build(fresh_copy: Path) -> None:
    rules = fresh_copy / "workflow" / "papers" / PAPER / "rules.smk"
    stray = '\n\nrule stray:\n    output:\n        "lib/stray.txt",\n    shell:\n        "touch {output}"\n'
    rules.write_text(rules.read_text() + stray)
    proc = run_snakemake(fresh_copy, "lib/stray.txt", check=False, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "rule stray declares the output lib/stray.txt" in out, out
    assert not (fresh_copy / "lib" / "stray.txt").exists()


def test_a_clone_whose_path_has_a_space_and_an_accent_builds(tmp_path: Path) -> None:
    """The clone and its environment in a folder named "a b ü": every job command still finds both."""
    folder = tmp_path / "a b ü"
    copy = copy_repo(folder / "repo")
    (folder / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    proc = subprocess.run(
        [str(folder / "venv" / "bin" / "python"), "-m", "snakemake", f"papers/{PAPER}", "--config", "scale=smoke"],
        cwd=copy,
        env=snakemake_env(copy),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-6000:]
    assert (copy / "papers" / PAPER / "index.html").is_file()
