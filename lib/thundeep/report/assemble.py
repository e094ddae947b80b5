"""Stage: assemble papers/<paper>/ from the cached figures, tables, metrics and claims.

The build writes papers/<paper>/<scale>/, carries the other scales' folders over from the previous
papers/<paper>/, and copies the highest scale's folder to the top (layout: thundeep.report.scales).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thundeep.io import read_json, write_json
from thundeep.report.content import ReportContent, figure_sources_with_hashes, load_table
from thundeep.report.cost import cost_text, read_plan
from thundeep.report.html import render_html
from thundeep.report.manifest import build_manifest, environment
from thundeep.report.markdown import render_markdown
from thundeep.report.scales import carry_over, place_top_level


def optional_input(inputs: Mapping[str, Any], name: str) -> Path | None:
    """The one file of an input that may be absent (an empty list or no key), or None."""
    value = inputs.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return Path(value) if value else None


def paper_stage(
    inputs: Mapping[str, Any],
    outputs: Mapping[str, Path],
    *,
    spec: Mapping[str, Any],
    params: Mapping[str, Any],
    scale: str,
    results_dir: str,
    figure_sources: Mapping[str, Mapping[str, Any]],
    previous: str,
) -> None:
    """Write <scale>/ (index.html, README.md, figures/, tables/, claims.json, manifest.json) into the folder.

    `spec` is the paper.yaml, `params` every experiment's resolved config as JSON, `results_dir` the
    paper's results folder (its files are hashed into the manifest), `figure_sources` what made each
    figure (stage function, code hash, the results files it read), `previous` the paper folder this
    build replaces (its other scales are kept). The optional input `plan` is docs/full_scale_plan.json.
    """
    top = Path(outputs["folder"])
    folder = top / scale
    carry_over(Path(previous), top, scale)
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    for name in spec["figures"]:
        for ext in ("pdf", "png"):
            shutil.copyfile(inputs[f"figure_{name}_{ext}"], folder / "figures" / f"{name}.{ext}")
    tables = []
    table_paths = {Path(p).stem: Path(p) for p in inputs["tables"]}
    for name, table in (spec.get("tables") or {}).items():
        shutil.copyfile(table_paths[name], folder / "tables" / f"{name}.csv")
        tables.append(load_table(name, table["caption"], table_paths[name]))
    shutil.copyfile(inputs["claims"], folder / "claims.json")
    provenance = environment()
    content = ReportContent(
        spec=spec,
        params=params,
        scale=scale,
        claims=read_json(inputs["claims"]),
        metrics={Path(p).stem: read_json(p) for p in inputs["metrics"]},
        provenance=provenance,
        tables=tables,
        figure_sources=figure_sources_with_hashes(figure_sources, Path(results_dir)),
        full_cost=cost_text(read_plan(optional_input(inputs, "plan"))["papers"].get(spec["id"])),
    )
    (folder / "index.html").write_text(render_html(content, folder / "figures"), encoding="utf-8")
    (folder / "README.md").write_text(render_markdown(content), encoding="utf-8")
    manifest = build_manifest(folder, Path(results_dir), scale, params, provenance, paper=spec["id"])
    write_json(folder / "manifest.json", manifest)
    place_top_level(top)
