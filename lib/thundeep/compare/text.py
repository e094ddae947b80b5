"""The comparison as text for a reader: header, file by file, numbers, verdicts, result."""

from __future__ import annotations

from thundeep.compare.cells import GridDiff
from thundeep.compare.files import DIFFERENT, ONLY_A, ONLY_B, Comparison, FileComparison, is_rendered_file
from thundeep.compare.folder import MANIFEST, BuiltFolder

SHOWN = 10
"""Text mismatches and structure differences listed per file before the rest are counted."""


def _build_line(name: str, folder: BuiltFolder) -> str:
    git = folder.manifest.get("git") or {}
    commit = (git.get("commit") or "unknown")[:12] + (" (uncommitted changes)" if git.get("dirty") else "")
    torch = (folder.manifest.get("packages") or {}).get("torch")
    return f"{name} = {folder.path}: commit {commit}, device {folder.manifest.get('device')}, torch {torch}"


def _header(comparison: Comparison) -> list[str]:
    return [
        _build_line("A", comparison.a),
        _build_line("B", comparison.b),
        f"scale: {comparison.a.scale} (both); tolerance: {comparison.tolerance}",
        f"{MANIFEST} is not compared byte for byte: it holds the git commit, package versions, device and "
        "wall times of each build.",
    ]


def _files(comparison: Comparison) -> list[str]:
    lines = [f"Files ({len(comparison.files)} listed in the manifests):"]
    for f in comparison.files:
        if f.status == DIFFERENT:
            lines += [f"  {f.status:<10} {f.rel}", f"{'':<15}A sha256 {f.sha_a}", f"{'':<15}B sha256 {f.sha_b}"]
        else:
            lines.append(f"  {f.status:<10} {f.rel}  sha256 {f.sha_b if f.status == ONLY_B else f.sha_a}")
    for name, folder in (("A", comparison.a), ("B", comparison.b)):
        if unlisted := folder.unlisted():
            lines.append(f"  not in {name}'s manifest, ignored: {', '.join(unlisted)}")
    return lines


def _limited(items: list[str]) -> list[str]:
    more = [f"    ... and {len(items) - SHOWN} more"] if len(items) > SHOWN else []
    return [f"    {item}" for item in items[:SHOWN]] + more


def _numbers(f: FileComparison, diff: GridDiff) -> list[str]:
    lines = []
    for column in diff.differing_columns():
        outside = f"; {column.outside} of {column.cells} cells outside the tolerance" if column.outside else ""
        lines.append(
            f"  column {column.column}: largest |A-B| {column.max_abs:.3g} at {column.max_abs_row}, "
            f"largest relative {column.max_rel:.3g} at {column.max_rel_row}{outside}"
        )
    same = [c.column for c in diff.columns.values() if c.max_abs == 0]
    if same:
        lines.append(f"  numbers equal in {len(same)} column(s): {', '.join(same)}")
    if diff.mismatches:
        lines.append(f"  {len(diff.mismatches)} text cell(s) differ (must match exactly):")
        lines += _limited([f"{m.row}, {m.column}: {m.a} -> {m.b}" for m in diff.mismatches])
    if diff.structure:
        lines.append("  shape differs:")
        lines += _limited(diff.structure)
    return lines


def _details(comparison: Comparison) -> list[str]:
    lines = []
    for f in comparison.files:
        if f.status != DIFFERENT or (f.numbers is None and not f.unreadable):
            continue
        lines += ["", f"{f.rel}:"]
        lines += [f"  verdict changed: {claim} {old} -> {new}" for claim, old, new in f.verdicts]
        if f.unreadable:
            lines.append(f"  could not be compared cell by cell: {f.unreadable}")
        if f.numbers is not None:
            lines += _numbers(f, f.numbers)
    return lines


def _result(comparison: Comparison) -> list[str]:
    bad = comparison.disagreeing()
    if bad:
        names = ", ".join(f"{f.rel} ({f.status})" if f.status != DIFFERENT else f.rel for f in bad)
        hint = (
            " (for builds on two machines, try --rtol)"
            if comparison.tolerance.exact and not any(f.status in (ONLY_A, ONLY_B) or f.verdicts for f in bad)
            else ""
        )
        return [f"Result: the folders DIFFER (tolerance {comparison.tolerance}): {names}{hint}"]
    if comparison.tolerance.exact:
        return ["Result: the folders agree: every file the manifests list is bit-identical."]
    rendered = [f.rel for f in comparison.files if f.status == DIFFERENT and is_rendered_file(f.rel)]
    note = (
        f" Figures and pages differ in bytes ({', '.join(rendered)}); they are drawn from these numbers "
        "and are not held to byte identity under a tolerance."
        if rendered
        else ""
    )
    return [
        f"Result: the folders agree within {comparison.tolerance}: every number of claims.json and tables/ "
        f"is within the tolerance, every verdict and text cell is equal, no file is missing.{note}"
    ]


def render(comparison: Comparison) -> str:
    """The whole report, ending with one result line."""
    return (
        "\n".join(_header(comparison) + [""] + _files(comparison) + _details(comparison) + [""] + _result(comparison))
        + "\n"
    )
