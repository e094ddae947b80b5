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


def table_grid(path: Path) -> tuple[Grid, str | None]:
    """A CSV table's cells, rows keyed `row N` (1 = first data row), and its first column's name."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        grid = {
            f"row {number}": {column: cell(text) for column, text in zip(header, row, strict=False)}
            for number, row in enumerate(reader, start=1)
        }
    return grid, (header[0] if header else None)


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
