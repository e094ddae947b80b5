"""Render a paper's report as one self-contained HTML page (figures embedded as PNG data)."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from thundeep.report.bibtex import bibtex
from thundeep.report.content import (
    CLAIMS_HEADER,
    ERRATA_HEADER,
    HISTORY_HEADER,
    TABLE_OPEN_ROWS,
    ReportContent,
    Table,
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
from thundeep.report.scales import HTML_MARK

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #222; overflow-wrap: break-word; }
.notice { background: #fff6d6; border-left: 4px solid #d9a400; padding: .6em 1em; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 1em 0; }
table { border-collapse: collapse; font-size: .92em; }
table.text { width: 100%; }
table.text td { overflow-wrap: break-word; }
table.data td { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.params td { overflow-wrap: anywhere; }
table.params td:first-child { font-family: ui-monospace, monospace; font-size: .95em; white-space: nowrap; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.secondary { font-size: .85em; color: #555; }
details > summary { cursor: pointer; margin: .5em 0; }
.ok { background: #d9f2d9; } .failed, .unexpectedly_holds, .unassessable { background: #f9d6d5; }
.expected_failure { background: #fbe9c6; } .not_assessed { background: #eee; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .95em; color: #333; }
code, pre { background: #f6f6f6; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: .5em; }
"""

BREAK_AFTER = re.compile(r"([._/])(?=[A-Za-z])")
"""Where a long identifier in a text table may break: after a dot, underscore or slash before a letter."""


def table(
    header: list[str],
    rows: list[list[str]],
    classes: list[str] | None = None,
    *,
    kind: str = "text",
    column_classes: dict[int, str] | None = None,
) -> str:
    """A table inside a container that scrolls sideways when it is wider than the column.

    `kind` "text" wraps cells to the column's width (long names may break after `.`, `_` and `/`),
    "data" keeps each number on one line (its header names may break); `classes` gives each row a
    class, `column_classes` some columns (by index) one.
    """
    column_classes = column_classes or {}

    def cell(tag: str, i: int, text: object) -> str:
        cls = f" class='{column_classes[i]}'" if i in column_classes else ""
        content = escape(str(text))
        if kind == "text" or tag == "th":  # a data table's long column names may wrap too
            content = BREAK_AFTER.sub(r"\1<wbr>", content)
        return f"<{tag}{cls}>{content}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = []
    for r, row in enumerate(rows):
        cls = f' class="{classes[r]}"' if classes else ""
        body.append(f"<tr{cls}>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>")
    return (
        f"<div class='table-wrap'><table class='{kind}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _claims(content: ReportContent) -> str:
    rows, classes = [], []
    for c in content.claims:
        rows.append([c["id"], c["statement"], c["source"], verdict_text(c), format_measured(c), c["tolerance"]])
        classes.append(c.get("status", c["verdict"]))
    return table(CLAIMS_HEADER, rows, classes, column_classes={len(CLAIMS_HEADER) - 1: "secondary"})


def _data_table(t: Table) -> str:
    """A CSV table: its heading and caption, then the rows, collapsed when there are many."""
    shown = f"the first {len(t.rows)} of {t.total_rows} rows" if t.total_rows > len(t.rows) else f"{t.total_rows} rows"
    head = (
        f"<h3 id='table-{escape(t.name)}'>{escape(t.name)}</h3><p>{escape(t.caption)} "
        f"<a href='tables/{t.name}.csv'>CSV</a> (all {t.total_rows} rows, full precision).</p>"
    )
    body = table(t.header, t.rows, kind="data")
    if len(t.rows) > TABLE_OPEN_ROWS:
        body = f"<details><summary>Show the table ({escape(shown)})</summary>{body}</details>"
    return head + body


def _reproduce(content: ReportContent) -> str:
    """The section that tells a reviewer how to rebuild and compare the folder."""
    before, after = reproduce_notes(content)
    commands = reproduce_commands(content.spec["id"], content.scale, content.provenance.get("git") or {})
    return (
        f"<h2 id='reproduce'>Reproduce and compare</h2><p>{escape(before)}</p>"
        f"<pre>{escape(chr(10).join(commands))}</pre><p>{escape(after)}</p>"
    )


def _provenance(content: ReportContent, figure: str) -> str:
    text = figure_provenance(content, figure)
    return f"<br><small class='provenance'>{escape(text)}</small>" if text else ""


def render_html(content: ReportContent, figures_dir: Path) -> str:
    """The report page; PNGs from `figures_dir` are embedded, PDFs linked."""
    spec = content.spec
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(spec['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(spec['title'])}</h1>",
        f"<p class='notice'>{escape(content.notice)}</p>",
        f"<p>{escape(', '.join(spec['authors']))}. <em>{escape(spec['venue'])}</em>, {spec['year']}."
        + (f" arXiv:<a href='https://arxiv.org/abs/{spec['arxiv']}'>{spec['arxiv']}</a>." if spec.get("arxiv") else "")
        + f" Built at scale <strong>{escape(content.scale)}</strong>.</p>",
        f"{HTML_MARK}{escape(scales_note(content))}</p>",
        f"<h2>What the paper shows</h2><p>{escape(spec['summary'])}</p>",
        "<h2>Claims</h2>",
        _claims(content),
    ]
    history = history_rows(content.claims)
    if history:
        parts.append("<h3>Earlier versions of revised claims</h3>")
        parts.append(table(HISTORY_HEADER, history))
    errata = errata_rows(content)
    if errata:
        parts.append("<h2>Where the paper's statements and our numbers disagree</h2>")
        parts.append(table(ERRATA_HEADER, errata))
    parts.append("<h2>Figures</h2>")
    for name, fig in spec["figures"].items():
        data = base64.b64encode((figures_dir / f"{name}.png").read_bytes()).decode()
        label = f" (paper: {fig['paper_figure']})" if fig.get("paper_figure") else ""
        parts.append(
            f"<figure id='fig-{name}'><img alt='{escape(name)}' src='data:image/png;base64,{data}'>"
            f"<figcaption><strong>{escape(name)}</strong>{escape(label)}: {escape(fig['caption'])} "
            f"<a href='figures/{name}.pdf'>PDF</a>{_provenance(content, name)}</figcaption></figure>"
        )
    published = content.published_rows()
    if published:
        parts.append("<h2>Published vs reproduced</h2>")
        parts.append(
            table(
                ["quantity", "published", "reproduced", "source"],
                [
                    [p["quantity"], format_value(p["value"]), format_value(p["reproduced"]), p["source"]]
                    for p in published
                ],
            )
        )
    if content.tables:
        parts.append("<h2>Tables</h2>")
    parts.extend(_data_table(t) for t in content.tables)
    if spec.get("choices"):
        parts.append("<h2>Choices the paper leaves open</h2><ul>")
        parts.extend(f"<li>{escape(c['choice'])}: {escape(c['reason'])}</li>" for c in spec["choices"])
        parts.append("</ul>")
    parts.append("<h2>Experiments and parameters</h2>")
    for name, exp in spec["experiments"].items():
        parts.append(f"<h3>{escape(name)}: {escape(exp['title'])}</h3><p>{escape(exp['description'])}</p>")
        parts.append(table(["parameter", "value"], flat_params(content.params[name]), kind="params"))
    parts.append(_reproduce(content))
    parts.append(f"<h2>Cite the paper</h2><pre class='bibtex'>{escape(bibtex(spec))}</pre>")
    parts.append("<h2>Provenance</h2>")
    parts.append(table(["field", "value"], flat_params(content.provenance), kind="params"))
    parts.append(
        "<p>Hashes of every file, and stage timings: <a href='manifest.json'>manifest.json</a>."
        " Claims as data: <a href='claims.json'>claims.json</a>.</p></body></html>"
    )
    return "\n".join(parts) + "\n"
