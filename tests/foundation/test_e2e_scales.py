"""A build at one scale keeps the pages of every other scale built (papers/<paper>/<scale>/), through the CLI.

The session's smoke build of the paper is reused; the other scale's build is its smoke/ folder filed
as default/ (manifest scale changed), so the test reruns only the `paper` step (seconds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_snakemake
from thundeep.io import read_json, write_json

pytestmark = pytest.mark.e2e

PAPER = "lottery_ticket"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_smoke_build_keeps_a_default_build_and_the_top_stays_default(built_copy) -> None:
    copy = built_copy(PAPER)
    folder = copy / "papers" / PAPER
    assert read_json(folder / "manifest.json")["scale"] == "smoke"
    assert read_json(folder / "manifest.json")["scales_built"] == ["smoke"]
    shutil.copytree(folder / "smoke", folder / "default")
    write_json(
        folder / "default" / "manifest.json", {**read_json(folder / "smoke" / "manifest.json"), "scale": "default"}
    )
    default = tree(folder / "default")

    proc = run_snakemake(copy, f"papers/{PAPER}", "--config", "scale=smoke", "--forcerun", "paper")
    assert "rule paper" in proc.stdout + proc.stderr
    assert f"{PAPER} (scale smoke):" in proc.stderr  # the verdict summary is the smoke build's
    assert tree(folder / "default") == default, "the smoke build changed the default build's folder"
    top = read_json(folder / "manifest.json")
    assert top["scale"] == "default" and top["scales_built"] == ["smoke", "default"]  # the highest on top
    page = (folder / "index.html").read_text()
    links = " Scales built here: <a href='smoke/index.html'>smoke</a>, <a href='default/index.html'>default</a>."
    assert links in page and page.replace(links, "") == default["index.html"].decode()  # default's page + links
    smoke_page = (folder / "smoke" / "index.html").read_text()
    assert f"to build it at full: snakemake papers/{PAPER} --config scale=full." in smoke_page
    assert "Full-scale cost not yet measured." in smoke_page  # the copy has no docs/full_scale_plan.json
