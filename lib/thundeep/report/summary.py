"""The verdict summary printed at the end of a build: one line per claim of each paper built."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from thundeep.io import read_json
from thundeep.report.content import format_measured
from thundeep.robustness import robustness_text


def verdict_lines(folders: Iterable[Path]) -> list[str]:
    """`paper CLAIM  status  measured (want)` for every claim of every folder that has a claims.json.

    Each folder is one scale's build of a paper, papers/<paper>/<scale> (thundeep.report.scales).
    """
    lines = []
    for folder in folders:
        path = Path(folder) / "claims.json"
        if not path.exists():
            continue
        scale = read_json(Path(folder) / "manifest.json").get("scale", "?")
        lines.append(f"{Path(folder).parent.name} (scale {scale}):")
        for claim in read_json(path):
            status = claim.get("status", claim["verdict"]).replace("_", " ")
            detail = "; ".join(filter(None, [claim["reason"] or format_measured(claim), robustness_text(claim)]))
            lines.append(f"  {claim['id']:<7} {status:<19} {detail}")
    return lines
