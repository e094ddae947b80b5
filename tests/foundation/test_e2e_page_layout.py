"""Every paper's built page in headless Chromium: a full-page screenshot, no horizontal page overflow, and
at desktop width no table wider than its column (at the narrow width a table may scroll inside it).

Each paper is built at smoke scale through the session's shared build (`smoke_repo`), which the
paper's own end-to-end test reuses, so a full test session builds nothing extra. Set
THUNDEEP_SCREENSHOTS to a folder to keep the screenshots (`<paper>-<width>.png`) for a look.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from headless import chromium, needs_chromium, probe_result

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAPERS = sorted(p.parent.name for p in (REPO / "workflow/papers").glob("*/paper.yaml"))
WIDTHS = (1280, 720)
"""A desktop window and a narrow one (half a laptop screen)."""

OVERFLOW = """window.addEventListener('load', () => {
  const height = document.documentElement.scrollHeight;
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const root = document.documentElement, limit = root.clientWidth;
  const wide = Array.from(document.body.querySelectorAll('*'))
    .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.parentElement.closest('.table-wrap, pre'))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
                          ' ' + (e.textContent || '').slice(0, 60));
  const tables = Array.from(document.querySelectorAll('.table-wrap'))
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => (w.previousElementSibling ? w.previousElementSibling.textContent.slice(0, 60) : '') +
              ' (' + w.scrollWidth + ' > ' + w.clientWidth + ' px)');
  document.body.setAttribute('data-layout', JSON.stringify(
    {scrollWidth: root.scrollWidth, clientWidth: limit, height: height, wide: wide, tables: tables}));
});"""
"""Opens every collapsed table, then measures the page, names the first elements that stick out and the
tables wider than their column (each sits in a .table-wrap, which scrolls sideways)."""


@needs_chromium
@pytest.mark.parametrize("paper", PAPERS)
def test_page_fits_the_window_and_screenshots(paper: str, smoke_repo, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(smoke_repo.build(paper), site)
    keep = os.environ.get("THUNDEEP_SCREENSHOTS")
    for width in WIDTHS:
        layout = probe_result(site / "index.html", tmp_path / "profile", OVERFLOW, "layout", width=width)
        assert layout["scrollWidth"] <= layout["clientWidth"], (
            f"papers/{paper}/index.html is wider than a {width}px window: {layout}"
        )
        if width == max(WIDTHS):
            assert layout["tables"] == [], f"papers/{paper}/index.html: tables wider than their column: {layout}"
        shot = tmp_path / f"{paper}-{width}.png"
        chromium(
            site / "index.html",
            tmp_path / "profile",
            f"--screenshot={shot}",
            width=width,
            height=min(layout["height"], 16_000),
            check=True,
        )
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, Path(keep) / shot.name)


@needs_chromium
def test_the_index_page_fits_the_window_with_every_paper_grouped(smoke_repo, tmp_path: Path) -> None:
    for paper in PAPERS:
        smoke_repo.build(paper)
    smoke_repo.run("papers/index.html", "--config", "scale=smoke")
    site = tmp_path / "site"
    shutil.copytree(smoke_repo.path / "papers", site)
    page = (site / "index.html").read_text()
    for group in ("Optimization", "Generalization", "Approximation"):
        assert f"<h2>{group}</h2>" in page
    assert all(f"<a href='{paper}/smoke/index.html'>smoke</a>" in page for paper in PAPERS)
    for width in WIDTHS:
        layout = probe_result(site / "index.html", tmp_path / "profile", OVERFLOW, "layout", width=width)
        assert layout["scrollWidth"] <= layout["clientWidth"] and layout["tables"] == [], layout
