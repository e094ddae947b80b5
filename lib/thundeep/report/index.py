"""The programme's front page (papers/index.html): every paper, grouped by the source of error it studies.

Per paper: title (linked to its page), venue, one line on what was reproduced, the scales built (a
link to each scale's page), a verdict bar of its claims at the highest scale built, and its measured
full-scale cost. The page says at which commit and when it was built.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from thundeep.io import read_json
from thundeep.provenance import git_state
from thundeep.report.cost import cost_text, read_plan
from thundeep.report.html import STYLE
from thundeep.report.scales import built_scales
from thundeep.stage import Inputs, Outputs

GROUPS = {
    "optimization": ("spurious_minima", "single_neuron", "random_shuffling", "nonsmooth_stationarity"),
    "generalization": ("separable_data", "implicit_regularization"),
    "approximation": ("depth_separation", "size_depth_separation", "lottery_ticket", "random_features"),
}
"""The three sources of error the programme studies, and the papers that study each."""

VERDICTS = {
    "holds": ("ok", "unexpectedly_holds"),
    "fails": ("failed",),
    "declared finding": ("expected_failure",),
    "not assessed": ("not_assessed", "unassessable"),
}
"""The verdict bar's four parts and the claim statuses (thundeep.claims) each counts."""

COLOURS = {"holds": "#3a9a4a", "fails": "#c8372d", "declared finding": "#d9a400", "not assessed": "#b8b8b8"}

INDEX_STYLE = """
.group { margin-top: 2em; }
.paper { border-top: 1px solid #ddd; padding: .7em 0; }
.paper h3 { margin: 0 0 .2em 0; font-size: 1.05em; }
.reproduced { margin: .2em 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.meta { color: #555; font-size: .92em; }
.bar { display: flex; height: .9em; max-width: 24em; border-radius: 3px; overflow: hidden; margin: .3em 0; }
.bar span { display: block; height: 100%; }
.legend span.swatch { display: inline-block; width: .8em; height: .8em; margin: 0 .25em 0 .8em; }
"""


def verdict_counts(claims: list[Mapping[str, Any]]) -> dict[str, int]:
    """Claims per part of the verdict bar."""
    counts = Counter(claim["status"] for claim in claims)
    return {part: sum(counts[s] for s in statuses) for part, statuses in VERDICTS.items()}


def verdict_bar(counts: Mapping[str, int]) -> str:
    """A horizontal bar, one coloured segment per verdict, widths in proportion, with the counts as text."""
    total = sum(counts.values())
    if not total:
        return "<p class='meta'>no claims</p>"
    segments = "".join(
        f"<span style='width:{100 * n / total:.1f}%;background:{COLOURS[part]}' title='{n} {part}'></span>"
        for part, n in counts.items()
        if n
    )
    text = ", ".join(f"{n} {part}" for part, n in counts.items() if n)
    label = escape(text)
    return f"<div class='bar' role='img' aria-label='{label}'>{segments}</div><div class='meta'>{label}</div>"


def paper_block(folder: Path, paper: Mapping[str, Any], cost: str) -> str:
    """One paper: title linked to its page, venue, what was reproduced, scales built, verdict bar, cost."""
    name = folder.name
    scales = built_scales(folder)
    links = ", ".join(f"<a href='{escape(name)}/{s}/index.html'>{s}</a>" for s in scales) or "none"
    top = read_json(folder / "manifest.json")["scale"] if (folder / "manifest.json").is_file() else None
    claims = read_json(folder / "claims.json") if (folder / "claims.json").is_file() else []
    reproduced = f"{paper['kind'].replace('_', ' ')}: " + "; ".join(paper["experiments"])
    return (
        f"<div class='paper' id='{escape(name)}'>"
        f"<h3><a href='{escape(name)}/index.html'>{escape(paper['title'])}</a></h3>"
        f"<div class='meta'>{escape(paper['venue'])} · <code>{escape(name)}</code> · scales built: {links}"
        + (f" (verdicts at {escape(top)})" if top else "")
        + f"</div><p class='reproduced' title='{escape(reproduced)}'>{escape(reproduced)}</p>"
        + verdict_bar(verdict_counts(claims))
        + f"<div class='meta'>{escape(cost)}</div></div>"
    )


def legend() -> str:
    """What the colours of the verdict bars mean."""
    return (
        "<p class='legend meta'>Verdict bars:"
        + "".join(f"<span class='swatch' style='background:{c}'></span>{escape(p)}" for p, c in COLOURS.items())
        + ". A declared finding is a claim of the paper that our numbers contradict, declared in paper.yaml "
        "with its reason.</p>"
    )


def relative_error(error: str, root: Path) -> str:
    """An error message with the repository root's absolute path taken out of its file names."""
    return error.replace(f"{root.resolve()}{os.sep}", "")


def index_stage(
    inputs: Inputs, outputs: Outputs, *, papers: Mapping[str, Mapping[str, Any]], broken: Mapping[str, str]
) -> None:
    """Write papers/index.html from the built folders; `papers` holds each one's title, kind, venue, experiments.

    The optional input `plan` is docs/full_scale_plan.json (measured full-scale costs).
    """
    plan_files = inputs.get("plan") or []
    plan = read_plan(Path(plan_files[0]) if isinstance(plan_files, list) and plan_files else None)
    folders = {Path(folder).name: Path(folder) for folder in inputs["folders"]}
    git = git_state()
    commit = str(git.get("commit") or "unknown")[:12] + (" with uncommitted changes" if git.get("dirty") else "")
    built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>THUNDEEP papers</title>",
        f"<style>{STYLE}{INDEX_STYLE}</style></head><body><h1>THUNDEEP paper artifacts</h1>",
        "<p>The papers this programme rebuilds from source (figures, tables and checked claims), grouped by "
        "the source of error each studies: optimization, generalization, approximation. Each paper's "
        "page shows the highest scale built; every scale built has its own page.</p>",
        f"<p class='meta'>Built at commit {escape(commit)} on {built}. "
        f"Whole programme at full scale: {escape(cost_text(plan['total']))}.</p>",
        legend(),
    ]
    grouped = {group: [p for p in members if p in folders] for group, members in GROUPS.items()}
    others = sorted(set(folders) - {p for members in GROUPS.values() for p in members})
    if others:
        grouped["other"] = others
    for group, members in grouped.items():
        if not members:
            continue
        parts.append(f"<section class='group'><h2>{escape(group.capitalize())}</h2>")
        parts += [paper_block(folders[p], papers[p], cost_text(plan["papers"].get(p))) for p in members]
        parts.append("</section>")
    if broken:
        root = Path.cwd()
        parts.append("<h2>Not built</h2><ul>")
        parts += [
            f"<li><strong>{escape(name)}</strong>: {escape(relative_error(error, root))}</li>"
            for name, error in broken.items()
        ]
        parts.append("</ul>")
    parts.append("</body></html>")
    Path(outputs["index"]).write_text("\n".join(parts) + "\n", encoding="utf-8")
