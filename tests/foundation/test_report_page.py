"""The report page's presentation: rounded numbers, collapsible tables, parameters as a table."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from thundeep.report.content import (
    CLAIMS_HEADER,
    TABLE_MAX_ROWS,
    TABLE_OPEN_ROWS,
    ReportContent,
    flat_params,
    format_cell,
    format_value,
    load_table,
)
from thundeep.report.html import render_html
from thundeep.report.markdown import render_markdown

SPEC = {
    "id": "toy",
    "title": "Toy",
    "kind": "reproduction",
    "authors": ["A. Author"],
    "venue": "V",
    "year": 2020,
    "summary": "s",
    "figures": {},
    "experiments": {"e1": {"title": "E1", "description": "d"}},
}
PARAMS = {"e1": {"seeds": 3, "lr": 0.1 + 0.2, "target": {"network": {"seed": 0, "widths": [8, 16]}}}}
CLAIM = {
    "id": "C1",
    "statement": "the error is small",
    "source": "Thm 1",
    "verdict": "holds",
    "status": "ok",
    "reason": "",
    "measured": {"e1.err": 0.012345678},
    "spread": {},
    "expected": {"e1.err": "< 0.05"},
    "tolerance": "a paragraph on how the bound 0.05 was chosen from seed-to-seed variation",
}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("90.60000000000001", "90.6"),
        ("0.8603165662411948", "0.86032"),
        ("3.687237986780664", "3.6872"),
        ("27210", "27210"),
        ("27210.0", "27210"),
        ("123456.789", "123457"),
        ("1.234567e-07", "1.2346e-07"),
        ("nan", "nan"),
        ("single_product", "single_product"),
        ("", ""),
    ],
)
def test_csv_cells_are_shown_to_five_significant_digits(text: str, shown: str) -> None:
    assert format_cell(text) == shown


def test_measured_values_are_shown_to_four_significant_digits() -> None:
    assert format_value(90.60000000000001) == "90.6"
    assert format_value(0.30000000000000004) == "0.3"
    assert format_value(None) == "—" and format_value(7) == "7"


def test_parameters_are_flattened_to_group_keys() -> None:
    assert flat_params(PARAMS["e1"]) == [
        ["seeds", "3"],
        ["lr", "0.3"],
        ["target.network.seed", "0"],
        ["target.network.widths", "[8, 16]"],
    ]


def write_table(path: Path, rows: int) -> Path:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["n", "error"])
        writer.writerows([i, 90.60000000000001 + i] for i in range(rows))
    return path


def content(tmp_path: Path, rows: int) -> ReportContent:
    table = load_table("sweep", "A sweep.", write_table(tmp_path / "sweep.csv", rows))
    return ReportContent(
        spec=SPEC,
        params=PARAMS,
        scale="smoke",
        claims=[CLAIM],
        metrics={},
        provenance={"git": {"commit": "ab" * 20, "dirty": False}},
        tables=[table],
    )


def test_long_table_is_collapsed_whole_and_capped_with_the_csv_linked(tmp_path: Path) -> None:
    html = render_html(content(tmp_path, TABLE_MAX_ROWS + 50), tmp_path)
    section = html.split("<h3 id='table-sweep'>", 1)[1].split("<h2>", 1)[0]
    assert "<details><summary>" in section and f"the first {TABLE_MAX_ROWS} of {TABLE_MAX_ROWS + 50} rows" in section
    assert section.count("<tr>") == TABLE_MAX_ROWS + 1  # header row + every embedded row
    assert "href='tables/sweep.csv'" in section
    assert "90.6<" in section and "90.60000000000001" not in html
    assert "90.60000000000001" in (tmp_path / "sweep.csv").read_text()  # the CSV keeps full precision


def test_short_table_is_open_and_every_table_scrolls_inside_its_container(tmp_path: Path) -> None:
    html = render_html(content(tmp_path, TABLE_OPEN_ROWS), tmp_path)
    assert "<details>" not in html
    assert html.count("<table") == html.count("<div class='table-wrap'><table")
    assert re.search(r"\.table-wrap \{[^}]*overflow-x: auto", html)


def test_claims_column_says_how_it_is_judged_and_is_secondary(tmp_path: Path) -> None:
    html = render_html(content(tmp_path, 3), tmp_path)
    assert CLAIMS_HEADER[-1] == "how it is judged"
    assert "<th class='secondary'>how it is judged</th>" in html and ">tolerance<" not in html
    assert "<td class='secondary'>a paragraph on how" in html
    assert "e1.<wbr>err = 0.01235 (want &lt; 0.05)" in html  # a long metric name may wrap after the dot


def test_parameters_and_provenance_are_tables_not_json(tmp_path: Path) -> None:
    report = content(tmp_path, 3)
    html = render_html(report, tmp_path)
    assert "<td>target.network.widths</td><td>[8, 16]</td>" in html
    assert "<td>git.commit</td>" in html and '"seeds"' not in html
    markdown = render_markdown(report)
    assert "| `target.network.seed` | 0 |" in markdown and "```json" not in markdown
    assert "| id | claim | source | verdict | measured (want) | how it is judged |" in markdown
