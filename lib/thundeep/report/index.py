"""The project's index page (papers/index.html): every paper, its kind, scale and verdict counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from thundeep.io import read_json
from thundeep.report.html import STYLE
from thundeep.stage import Inputs, Outputs

STATUSES = ("ok", "failed", "expected_failure", "unexpectedly_holds", "not_assessed", "unassessable")
"""Claim statuses (thundeep.claims), in the order the index counts them."""


def paper_row(folder: Path, title: str, kind: str) -> list[str]:
    """One paper's row: link, title, kind, the scale it was built at, and its claims by status."""
    claims = read_json(folder / "claims.json")
    counts = Counter(c["status"] for c in claims)
    scale = read_json(folder / "manifest.json")["scale"]
    return [folder.name, title, kind.replace("_", " "), scale, str(len(claims))] + [str(counts[s]) for s in STATUSES]


def index_stage(
    inputs: Inputs, outputs: Outputs, *, papers: Mapping[str, Mapping[str, Any]], broken: Mapping[str, str]
) -> None:
    """Write papers/index.html from the built folders; `papers` holds each one's title and kind."""
    rows = [
        paper_row(Path(folder), papers[Path(folder).name]["title"], papers[Path(folder).name]["kind"])
        for folder in inputs["folders"]
    ]
    header = ["paper", "title", "kind", "scale", "claims", *(s.replace("_", " ") for s in STATUSES)]
    body = "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead><tbody>"
    for name, *cells in rows:
        body += (
            f"<tr><td><a href='{escape(name)}/index.html'>{escape(name)}</a></td>"
            + "".join(f"<td>{escape(c)}</td>" for c in cells)
            + "</tr>"
        )
    body += "</tbody></table>"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>THUNDEEP papers</title>",
        f"<style>{STYLE}</style></head><body><h1>THUNDEEP paper artifacts</h1>",
        "<p>Every paper this project rebuilds, with the verdicts of its claims at the scale it was built "
        "(ok: holds; failed: fails unexpectedly; expected failure: a known failing finding declared in "
        "paper.yaml; not assessed: below the claim's smallest scale; unassessable: a metric is missing).</p>",
        body,
    ]
    if broken:
        parts.append("<h2>Not built</h2><ul>")
        parts += [f"<li><strong>{escape(name)}</strong>: {escape(error)}</li>" for name, error in broken.items()]
        parts.append("</ul>")
    parts.append("</body></html>")
    Path(outputs["index"]).write_text("\n".join(parts) + "\n", encoding="utf-8")
