"""Render a paper's report as Markdown (README.md of the built folder)."""

from __future__ import annotations

from collections.abc import Sequence

from thundeep.report.bibtex import bibtex
from thundeep.report.content import (
    CLAIMS_HEADER,
    ERRATA_HEADER,
    HISTORY_HEADER,
    ReportContent,
    errata_rows,
    figure_provenance,
    flat_params,
    format_measured,
    format_value,
    history_rows,
    reproduce_commands,
    reproduce_notes,
    scales_note,
    verdict_text,
)
from thundeep.report.scales import MARKDOWN_MARK


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines + [""]


def _reproduce(content: ReportContent) -> list[str]:
    """The section that tells a reviewer how to rebuild and compare the folder."""
    before, after = reproduce_notes(content)
    commands = reproduce_commands(content.spec["id"], content.scale, content.provenance.get("git") or {})
    return ["## Reproduce and compare", "", before, "", "```sh", *commands, "```", "", after, ""]


def render_markdown(content: ReportContent) -> str:
    """The report as Markdown, with figures linked from figures/."""
    spec = content.spec
    lines = [f"# {spec['title']}", "", f"> {content.notice}", ""]
    arxiv = f" arXiv:{spec['arxiv']}." if spec.get("arxiv") else ""
    lines += [
        f"{', '.join(spec['authors'])}. *{spec['venue']}*, {spec['year']}.{arxiv} Built at scale **{content.scale}**.",
        "",
        f"{MARKDOWN_MARK} {scales_note(content)}",
        "",
        "## What the paper shows",
        "",
        spec["summary"],
        "",
    ]
    lines += ["## Claims", ""]
    rows = []
    for c in content.claims:
        measured = format_measured(c)
        verdict = f"**{verdict_text(c)}**"
        rows.append([c["id"], c["statement"], c["source"], verdict, measured, f"<sub>{c['tolerance']}</sub>"])
    lines += _table(CLAIMS_HEADER, rows)
    history = history_rows(content.claims)
    if history:
        lines += ["### Earlier versions of revised claims", ""]
        lines += _table(HISTORY_HEADER, history)
    errata = errata_rows(content)
    if errata:
        lines += ["## Where the paper's statements and our numbers disagree", ""]
        lines += _table(ERRATA_HEADER, errata)
    lines += ["## Figures", ""]
    for name, fig in spec["figures"].items():
        label = f" (paper: {fig['paper_figure']})" if fig.get("paper_figure") else ""
        lines += [
            f"![{name}](figures/{name}.png)",
            "",
            f"**{name}**{label}: {fig['caption']} ([PDF](figures/{name}.pdf))",
            "",
        ]
        provenance = figure_provenance(content, name)
        if provenance:
            lines += [f"<sub>{provenance}</sub>", ""]
    published = content.published_rows()
    if published:
        lines += ["## Published vs reproduced", ""]
        lines += _table(
            ["quantity", "published", "reproduced", "source"],
            [[p["quantity"], format_value(p["value"]), format_value(p["reproduced"]), p["source"]] for p in published],
        )
    if content.tables:
        lines += ["## Tables", ""]
    for t in content.tables:
        lines += [f"- [`tables/{t.name}.csv`](tables/{t.name}.csv) ({t.total_rows} rows): {t.caption}"]
    if content.tables:
        lines.append("")
    if spec.get("choices"):
        lines += ["## Choices the paper leaves open", ""]
        lines += [f"- {c['choice']}: {c['reason']}" for c in spec["choices"]] + [""]
    lines += ["## Experiments and parameters", ""]
    for name, exp in spec["experiments"].items():
        lines += [f"### {name}: {exp['title']}", "", exp["description"], ""]
        lines += _table(["parameter", "value"], [[f"`{k}`", v] for k, v in flat_params(content.params[name])])
    lines += _reproduce(content)
    lines += ["## Cite the paper", "", "```bibtex", bibtex(content.spec).rstrip("\n"), "```", ""]
    lines += ["## Provenance", ""]
    lines += _table(["field", "value"], [[f"`{k}`", v] for k, v in flat_params(content.provenance)])
    lines += ["Hashes of every file and stage timings: [manifest.json](manifest.json).", ""]
    return "\n".join(lines)
