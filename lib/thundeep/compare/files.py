"""File-by-file comparison of two built folders: hashes, then numbers and verdicts of the numeric files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thundeep.compare.cells import BIT_IDENTICAL, GridDiff, Tolerance, compare_grids
from thundeep.compare.folder import BuiltFolder, read_pair
from thundeep.compare.grids import (
    CLAIMS,
    claims_grid,
    is_numeric_file,
    key_columns,
    read_claims,
    read_table,
    table_grid,
    verdict_changes,
)

IDENTICAL, DIFFERENT, ONLY_A, ONLY_B = "identical", "different", "only in A", "only in B"


@dataclass
class FileComparison:
    """One file listed by either manifest: its status, both hashes, and for numeric files what differs."""

    rel: str
    status: str
    sha_a: str | None
    sha_b: str | None
    numbers: GridDiff | None = None
    verdicts: list[tuple[str, str, str]] = field(default_factory=list)
    unreadable: str = ""

    def agrees(self, tolerance: Tolerance) -> bool:
        """Identical bytes; or, under a tolerance, a numeric file whose numbers, text and verdicts agree."""
        if self.status == IDENTICAL:
            return True
        if self.status != DIFFERENT or tolerance.exact:
            return False
        if is_numeric_file(self.rel):
            return not self.unreadable and not self.verdicts and self.numbers is not None and self.numbers.agrees()
        return is_rendered_file(self.rel)


def is_rendered_file(rel: str) -> bool:
    """Figures and pages: drawn from the numeric files, so not held to byte identity under a tolerance."""
    return rel.startswith("figures/") or rel in ("index.html", "README.md")


@dataclass
class Comparison:
    """Two built folders compared under a tolerance."""

    a: BuiltFolder
    b: BuiltFolder
    tolerance: Tolerance
    files: list[FileComparison]

    def disagreeing(self) -> list[FileComparison]:
        """The files that make the folders disagree."""
        return [f for f in self.files if not f.agrees(self.tolerance)]

    def agrees(self) -> bool:
        """Whether the folders agree within the tolerance."""
        return not self.disagreeing()


def _numeric_diff(entry: FileComparison, path_a: Path, path_b: Path, tolerance: Tolerance) -> None:
    try:
        if entry.rel == CLAIMS:
            claims_a, claims_b = read_claims(path_a), read_claims(path_b)
            entry.verdicts = verdict_changes(claims_a, claims_b)
            entry.numbers = compare_grids(claims_grid(claims_a), claims_grid(claims_b), tolerance)
        else:
            table_a, table_b = read_table(path_a), read_table(path_b)
            keys = key_columns(table_a)
            if keys != key_columns(table_b):
                keys = []  # rows located differently in A and B: compare them by position
            label = None if keys or not table_a[0] else table_a[0][0]
            entry.numbers = compare_grids(table_grid(table_a, keys), table_grid(table_b, keys), tolerance, label)
    except (ValueError, UnicodeDecodeError) as error:
        entry.unreadable = str(error)


def compare_folders(path_a: str | Path, path_b: str | Path, tolerance: Tolerance = BIT_IDENTICAL) -> Comparison:
    """Compare every file either manifest lists (CompareError for a bad folder or two scales)."""
    a, b = read_pair(path_a, path_b)
    entries = []
    for rel in sorted(a.files.keys() | b.files.keys()):
        sha_a, sha_b = a.files.get(rel), b.files.get(rel)
        if sha_a is None or sha_b is None:
            entries.append(FileComparison(rel, ONLY_B if sha_a is None else ONLY_A, sha_a, sha_b))
            continue
        entry = FileComparison(rel, IDENTICAL if sha_a == sha_b else DIFFERENT, sha_a, sha_b)
        if entry.status == DIFFERENT and is_numeric_file(rel):
            _numeric_diff(entry, a.path / rel, b.path / rel, tolerance)
        entries.append(entry)
    return Comparison(a, b, tolerance, entries)
