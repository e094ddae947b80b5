"""CITATION.cff cites the project and lists, as references, exactly the papers it rebuilds."""

from __future__ import annotations

import yaml

from conftest import REPO


def test_references_are_the_papers_in_paper_yaml() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    specs = [yaml.safe_load(p.read_text()) for p in sorted((REPO / "workflow/papers").glob("*/paper.yaml"))]
    cited = {
        (r["title"], r["year"], tuple(f"{a['given-names']} {a['family-names']}" for a in r["authors"]))
        for r in cff["references"]
    }
    assert cited == {(s["title"], s["year"], tuple(s["authors"])) for s in specs}
    arxiv = {i["value"] for r in cff["references"] for i in r.get("identifiers", [])}
    assert arxiv == {f"arXiv:{s['arxiv']}" for s in specs if s.get("arxiv")}
