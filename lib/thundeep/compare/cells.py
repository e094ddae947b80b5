"""Cell-by-cell comparison of two grids of numbers and text (CSV tables, claim records)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Cell = tuple[str, float | None]
"""A cell: its text as written, and its value when the text is a number."""

Grid = dict[str, dict[str, Cell]]
"""Rows, keyed by where they are (`row 3`, `claim SN2`) and matched by key, of cells keyed by column."""


def cell(text: str) -> Cell:
    """A cell from its text; numbers (including nan and inf) also get their value."""
    try:
        return text, float(text)
    except ValueError:
        return text, None


@dataclass(frozen=True)
class Tolerance:
    """How far two numbers may differ: |a - b| <= atol + rtol * max(|a|, |b|); zero means equal."""

    rtol: float = 0.0
    atol: float = 0.0

    @property
    def exact(self) -> bool:
        """Whether the comparison asks for bit-identical files."""
        return self.rtol == 0 and self.atol == 0

    def allows(self, a: float, b: float) -> bool:
        """Whether finite `a` and `b` are within the tolerance."""
        return abs(a - b) <= self.atol + self.rtol * max(abs(a), abs(b))

    def __str__(self) -> str:
        return "bit-identical" if self.exact else f"rtol={self.rtol:g}, atol={self.atol:g}"


BIT_IDENTICAL = Tolerance()
"""The default: every file byte for byte."""


@dataclass
class ColumnDiff:
    """The largest absolute and relative differences of one numeric column, and where they are."""

    column: str
    max_abs: float = 0.0
    max_abs_row: str = ""
    max_rel: float = 0.0
    max_rel_row: str = ""
    cells: int = 0
    outside: int = 0

    def add(self, row: str, a: float, b: float, tolerance: Tolerance) -> None:
        """Count one pair of finite numbers."""
        diff = abs(a - b)
        rel = diff / max(abs(a), abs(b)) if diff else 0.0
        self.cells += 1
        self.outside += not tolerance.allows(a, b)
        if diff > self.max_abs:
            self.max_abs, self.max_abs_row = diff, row
        if rel > self.max_rel:
            self.max_rel, self.max_rel_row = rel, row


@dataclass(frozen=True)
class Mismatch:
    """A cell whose texts differ and that cannot be compared as two finite numbers."""

    row: str
    column: str
    a: str
    b: str


@dataclass
class GridDiff:
    """Everything that differs between two grids."""

    columns: dict[str, ColumnDiff] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)

    def agrees(self) -> bool:
        """Same rows and columns, equal text cells, every number within the tolerance."""
        return not self.structure and not self.mismatches and not any(c.outside for c in self.columns.values())

    def differing_columns(self) -> list[ColumnDiff]:
        """Numeric columns with at least one difference, in column order."""
        return [c for c in self.columns.values() if c.max_abs > 0]


def _only_in(keys_a: list[str], keys_b: list[str], prefix: str = "") -> list[str]:
    set_a, set_b = set(keys_a), set(keys_b)
    return [f"{prefix}{k} only in A" for k in keys_a if k not in set_b] + [
        f"{prefix}{k} only in B" for k in keys_b if k not in set_a
    ]


def _same_non_finite(a: float, b: float) -> bool:
    """Whether two numbers, one of them nan or infinite, mean the same (both nan, or the same infinity)."""
    return a == b or (math.isnan(a) and math.isnan(b))


def compare_grids(a: Grid, b: Grid, tolerance: Tolerance, label_column: str | None = None) -> GridDiff:
    """Compare the cells two grids share; rows, columns or cells present in only one are structure differences.

    Rows are matched by key; a row is named by its key and, with `label_column`, that column's text in A.
    """
    diff = GridDiff(structure=_only_in(list(a), list(b)))
    columns_a = list(dict.fromkeys(c for row in a.values() for c in row))
    columns_b = list(dict.fromkeys(c for row in b.values() for c in row))
    diff.structure += _only_in(columns_a, columns_b, "column ")
    shared_columns = set(columns_a) & set(columns_b)
    for key in (k for k in a if k in b):
        cells_a, cells_b = a[key], b[key]
        row = f"{key} ({label_column}={cells_a[label_column][0]})" if label_column in cells_a else key
        diff.structure += [
            f"cell {row} {column} only in {'B' if column in cells_b else 'A'}"
            for column in sorted((cells_a.keys() ^ cells_b.keys()) & shared_columns)
        ]
        for column in (c for c in cells_a if c in cells_b):
            (text_a, value_a), (text_b, value_b) = cells_a[column], cells_b[column]
            if value_a is not None and value_b is not None and math.isfinite(value_a) and math.isfinite(value_b):
                diff.columns.setdefault(column, ColumnDiff(column)).add(row, value_a, value_b, tolerance)
            elif text_a != text_b and not (
                value_a is not None and value_b is not None and _same_non_finite(value_a, value_b)
            ):
                diff.mismatches.append(Mismatch(row, column, text_a, text_b))
    return diff
