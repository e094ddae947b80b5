"""`snakemake --lint` finds nothing in the workflow at any scale (the rules differ by scale: chunks, resources)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("scale", ["smoke", "default", "full"])
def test_the_workflow_lints_clean(fresh_copy: Path, scale: str) -> None:
    proc = run_snakemake(fresh_copy, "--lint", "--config", f"scale={scale}", check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Congratulations, your workflow is in a good condition!" in text, text[-4000:]
