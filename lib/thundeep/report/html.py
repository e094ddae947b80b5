"""Render a paper's report as one self-contained HTML page (figures embedded as PNG data)."""

from __future__ import annotations

import base64
import json
from html import escape
from pathlib import Path

from thundeep.report.content import (
    ERRATA_HEADER,
    HISTORY_HEADER,
    ReportContent,
    errata_rows,
    figure_provenance,
    format_measured,
    format_value,
    history_rows,
    reproduce_commands,
    reproduce_notes,
    verdict_text,
)

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }
.notice { background: #fff6d6; border-left: 4px solid #d9a400; padding: .6em 1em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.ok { background: #d9f2d9; } .failed, .unexpectedly_holds, .unassessable { background: #f9d6d5; }
.expected_failure { background: #fbe9c6; } .not_assessed { background: #eee; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .95em; color: #333; }
code, pre { background: #f6f6f6; }
"""


def table(header: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _claims(content: ReportContent) -> str:
    rows, classes = [], []
    for c in content.claims:
        measured = format_measured(c)
        verdict = verdict_text(c)
        rows.append([c["id"], c["statement"], c["source"], verdict, measured, c["tolerance"]])
        classes.append(c.get("status", c["verdict"]))
    return table(["id", "claim", "source", "verdict", "measured (want)", "tolerance"], rows, classes)


def _reproduce(content: ReportContent) -> str:
    """The section that tells a reviewer how to rebuild and compare the folder."""
    before, after = reproduce_notes(content)
    commands = reproduce_commands(content.spec["id"], content.scale, content.provenance.get("git") or {})
    return (f"<h2 id='reproduce'>Reproduce and compare</h2><p>{escape(before)}</p>"
            f"<pre>{escape(chr(10).join(commands))}</pre><p>{escape(after)}</p>")


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
        f"<h2>What the paper shows</h2><p>{escape(spec['summary'])}</p>",
        "<h2>Claims</h2>",
        _claims(content),
    ]
    history = history_rows(content.claims)
    if history:
        parts.append("<h3>Earlier versions of revised claims</h3>")
        parts.append(table(HISTORY_HEADER,
                           history))
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
        parts.append(table(
            ["quantity", "published", "reproduced", "source"],
            [[p["quantity"], format_value(p["value"]), format_value(p["reproduced"]), p["source"]]
             for p in published],
        ))
    if content.tables:
        parts.append("<h2>Tables</h2>")
    for t in content.tables:
        more = f" Showing {len(t.rows)} of {t.total_rows} rows." if t.total_rows > len(t.rows) else ""
        parts.append(f"<h3>{escape(t.name)}</h3><p>{escape(t.caption)}{more} "
                     f"<a href='tables/{t.name}.csv'>CSV</a></p>")
        parts.append(table(t.header, t.rows))
    if spec.get("choices"):
        parts.append("<h2>Choices the paper leaves open</h2><ul>")
        parts.extend(f"<li>{escape(c['choice'])}: {escape(c['reason'])}</li>" for c in spec["choices"])
        parts.append("</ul>")
    parts.append("<h2>Experiments and parameters</h2>")
    for name, exp in spec["experiments"].items():
        parts.append(f"<h3>{escape(name)}: {escape(exp['title'])}</h3><p>{escape(exp['description'])}</p>")
        parts.append(f"<pre>{escape(json.dumps(content.params[name], indent=1, sort_keys=True))}</pre>")
    parts.append(_reproduce(content))
    parts.append("<h2>Provenance</h2>")
    parts.append(f"<pre>{escape(json.dumps(content.provenance, indent=1, sort_keys=True))}</pre>")
    parts.append("<p>Hashes of every file, and stage timings: <a href='manifest.json'>manifest.json</a>."
                 " Claims as data: <a href='claims.json'>claims.json</a>.</p></body></html>")
    return "\n".join(parts) + "\n"
