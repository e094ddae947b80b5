"""The built papers/lottery_ticket folder: files, claims.json, manifest, HTML page, Snakemake report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from headless import chromium, needs_chromium, probe_result
from thundeep.provenance import sha256_file

pytestmark = pytest.mark.e2e

PAPER = "lottery_ticket"
FIGURES = list(yaml.safe_load((REPO / "workflow/papers/lottery_ticket/paper.yaml").read_text())["figures"])


@pytest.fixture(scope="module")
def folder(smoke_repo) -> Path:
    return smoke_repo.build(PAPER)


def test_folder_has_every_artifact(folder: Path) -> None:
    for name in ["index.html", "README.md", "claims.json", "manifest.json", "tables/construction.csv"]:
        assert (folder / name).is_file(), name
    for figure in FIGURES:
        assert (folder / "figures" / f"{figure}.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "figures" / f"{figure}.png").read_bytes().startswith(b"\x89PNG")


def test_claims_json(folder: Path) -> None:
    claims = json.loads((folder / "claims.json").read_text())
    assert isinstance(claims, list) and [c["id"] for c in claims][0] == "LT1"
    for claim in claims:
        assert {"id", "statement", "source", "verdict", "measured", "expected", "scale"} <= set(claim)
        assert claim["verdict"] in {"holds", "fails", "not_assessed"}
        assert claim["scale"] == "smoke"
    lt1 = claims[0]
    assert lt1["verdict"] == "not_assessed"  # LT1 is assessed from the default scale up
    assert all(isinstance(v, float) for v in lt1["measured"].values())


def test_manifest_hashes_match_files(folder: Path, smoke_repo) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["paper"] == PAPER and manifest["scale"] == "smoke"
    assert set(manifest["git"]) >= {"commit", "dirty"}
    assert {"git", "packages", "device", "seeds", "stage_wall_seconds", "files", "results_files"} <= set(manifest)
    assert manifest["packages"]["torch"] and manifest["device"] in {"cpu", "cuda"}
    assert manifest["seeds"]["construction.target.network.seed"] == 0
    assert set(manifest["stage_wall_seconds"]) >= {"target", "construction_figure"}
    # Snakemake stamps a directory output with an empty .snakemake_timestamp after the job.
    # The top level is a copy of the highest scale's folder, smoke/ here (thundeep.report.scales).
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    on_disk -= {"manifest.json", ".snakemake_timestamp"}
    assert set(manifest["files"]) == {rel for rel in on_disk if not rel.startswith("smoke/")}
    assert {f"smoke/{rel}" for rel in manifest["files"]} | {"smoke/manifest.json"} == {
        rel for rel in on_disk if rel.startswith("smoke/")
    }
    smoke = json.loads((folder / "smoke" / "manifest.json").read_text())
    assert manifest["scales_built"] == ["smoke"] and "scales_built" not in smoke
    changed = {rel for rel, digest in manifest["files"].items() if smoke["files"][rel] != digest}
    assert changed == {"index.html", "README.md"}  # the top-level copy adds the links to the scales built
    assert {k: v for k, v in manifest.items() if k not in ("files", "scales_built")} == {
        k: v for k, v in smoke.items() if k != "files"
    }
    for rel, digest in manifest["files"].items():
        assert sha256_file(folder / rel) == digest, rel
    results = smoke_repo.path / "results/smoke" / PAPER
    for rel, digest in manifest["results_files"].items():
        assert sha256_file(results / rel) == digest, rel
    assert "construction/target.npz" in manifest["results_files"]
    assert "manifest.json" in manifest["not_reproducible"]


def test_page_says_it_is_a_theory_companion_and_embeds_figures(folder: Path) -> None:
    html = (folder / "index.html").read_text()
    body = html.split("<h1>", 1)[1]
    assert body.index("pure theory") < body.index("<h2>")
    assert len(re.findall(r"<img alt='[^']+' src='data:image/png;base64,", html)) == len(FIGURES)
    assert "LT1" in html and "not_assessed" in html
    readme = (folder / "README.md").read_text()
    assert readme.splitlines()[2].startswith("> This paper is pure theory")


def test_snakemake_report_has_captioned_figures(smoke_repo, tmp_path: Path) -> None:
    smoke_repo.build(PAPER)
    report = tmp_path / "report.html"
    smoke_repo.run(f"papers/{PAPER}", "--config", "scale=smoke", "--report", str(report))
    text = report.read_text(errors="replace")
    assert "construction.png" in text
    assert "untrained subnetwork" in text  # from the figure caption in paper.yaml


PROBE = """window.addEventListener('load', () => {
  const imgs = Array.from(document.images);
  document.body.setAttribute('data-images', JSON.stringify(
    imgs.map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0, width: i.naturalWidth}))));
});"""


@pytest.mark.browser
@needs_chromium
def test_page_renders_in_headless_chromium(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "site"
    shutil.copytree(folder, page)
    images = probe_result(page / "index.html", tmp_path / "profile", PROBE, "images")
    assert [i["alt"] for i in images] == FIGURES
    assert all(i["ok"] and i["width"] > 100 for i in images), images
    shot = tmp_path / "page.png"
    chromium(page / "index.html", tmp_path / "profile", f"--screenshot={shot}", check=True)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
