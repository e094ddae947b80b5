"""Each page carries its paper's BibTeX entry, built from paper.yaml's metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_report_page import content

from conftest import REPO
from thundeep.report.bibtex import bibtex
from thundeep.report.html import render_html
from thundeep.report.markdown import render_markdown

SPECS = {p.parent.name: yaml.safe_load(p.read_text()) for p in sorted((REPO / "workflow/papers").glob("*/paper.yaml"))}


@pytest.mark.parametrize("paper", sorted(SPECS))
def test_every_paper_has_an_entry_with_its_metadata(paper: str) -> None:
    spec = SPECS[paper]
    entry = bibtex(spec)
    kind, key = entry.split("{", 1)[0], entry.split("{", 1)[1].split(",", 1)[0]
    assert kind in {"@article", "@inproceedings"} and key.endswith(f"{spec['year']}_{paper}")
    assert entry.count("{") == entry.count("}")
    assert f"author = {{{' and '.join(spec['authors'])}}}" in entry
    assert f"year = {{{spec['year']}}}" in entry and f"eprint = {{{spec['arxiv']}}}" in entry
    assert ("journal" in entry) == (kind == "@article")


def test_latex_special_characters_are_escaped() -> None:
    spec = {**SPECS["lottery_ticket"], "title": "Rates & bounds: 100% of x_1"}
    assert "title = {{Rates \\& bounds: 100\\% of x\\_1}}" in bibtex(spec)


def test_the_page_and_readme_show_the_entry(tmp_path: Path) -> None:
    page = content(tmp_path, 3)
    entry = bibtex(page.spec)
    assert "Cite the paper" in render_html(page, tmp_path) and entry.splitlines()[0] in render_html(page, tmp_path)
    assert f"```bibtex\n{entry}```" in render_markdown(page)
