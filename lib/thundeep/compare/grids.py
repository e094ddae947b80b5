"""Read a built folder's claims.json and tables/*.csv as grids of cells, and its verdicts."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from thundeep.compare.cells import Grid, cell
from thundeep.io import read_json

CLAIMS = "claims.json"


def is_numeric_file(rel: str) -> bool:
    """Whether the file holds the folder's numbers: claims.json or a table under tables/."""
    return rel == CLAIMS or (rel.startswith("tables/") and rel.endswith(".csv"))


Table = tuple[list[str], list[list[str]]]
"""A CSV table as read: its header and its rows of cell texts."""


def read_table(path: Path) -> Table:
    """A CSV table's header and rows."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        return next(reader, []), list(reader)


def _is_label(text: str) -> bool:
    """Whether a cell can name its row: text, or a whole number (a grid value such as k), not a measurement."""
    return cell(text)[1] is None or text.lstrip("-").isdigit()


def key_columns(table: Table) -> list[str]:
    """The columns that locate a row: the fewest leading columns, each of text or whole numbers, whose values
    tell every row apart (fig1.csv: construction, k, method); empty when no such columns exist."""
    header, rows = table
    for count in range(1, len(header) + 1):
        if not all(len(row) >= count and _is_label(row[count - 1]) for row in rows):
            break
        if len({tuple(row[:count]) for row in rows}) == len(rows):
            return header[:count]
    return []


def table_grid(table: Table, keys: list[str]) -> Grid:
    """A table's cells, rows keyed by their `keys` columns (`row (construction=eq1, k=10, method=rr)`), or by
    position (`row N`, 1 = first data row) when `keys` is empty."""
    header, rows = table
    grid = {}
    for number, row in enumerate(rows, start=1):
        cells = dict(zip(header, row, strict=False))
        name = f"row ({', '.join(f'{k}={cells[k]}' for k in keys)})" if keys else f"row {number}"
        grid[name] = {column: cell(text) for column, text in cells.items()}
    return grid


def _child(path: str, key: str) -> str:
    if not path:
        return key
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key}]"


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Every scalar inside nested JSON objects and lists, keyed by its path (measured[e1.slope], checks[0].passed)."""
    if isinstance(value, dict):
        items = [(_child(path, str(k)), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    else:
        return {path: value}
    return {key: leaf for sub_path, sub in items for key, leaf in _leaves(sub, sub_path).items()}


def _json_cell(value: Any) -> tuple[str, float | None]:
    text = json.dumps(value)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return text, float(value) if is_number else None


def read_claims(path: Path) -> list[dict[str, Any]]:
    """The claim records of claims.json; ValueError when it is not a list of objects with an id."""
    records = read_json(path)
    if not (isinstance(records, list) and all(isinstance(r, dict) and "id" in r for r in records)):
        raise ValueError(f"{path}: not a list of claim records with an 'id'")
    return records


def claims_grid(records: list[dict[str, Any]]) -> Grid:
    """Claims as rows keyed `claim <id>`, every field but the verdict as a cell (verdicts are compared apart)."""
    return {f"claim {r['id']}": {k: _json_cell(v) for k, v in _leaves(r).items() if k != "verdict"} for r in records}


def verdict_changes(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(claim id, verdict in A, verdict in B) for every claim in both whose verdict differs."""
    verdicts_b = {r["id"]: r.get("verdict") for r in b}
    return [
        (str(r["id"]), str(r.get("verdict")), str(verdicts_b[r["id"]]))
        for r in a
        if r["id"] in verdicts_b and r.get("verdict") != verdicts_b[r["id"]]
    ]
