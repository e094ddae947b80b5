"""Compare two results trees byte for byte: tables, metrics and claims.json of every paper and scale.

    python scripts/compare_results.py OLD/results NEW/results [--rename OLD_PATH=NEW_PATH ...]

Used to show that a refactoring left a paper's outputs unchanged (e.g. the structure change of
issue 9: `old` built at the commit before it, `new` after). `--rename` maps a file's old path
(relative to the results folder) to its new one, and `--replace OLD=NEW` applies text replacements
to the old file before comparing (metric paths whose experiment id was renamed). Exit 0 when every
compared file is identical.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def compared_files(root: Path) -> list[str]:
    """Tables, metrics and claims.json below a results folder, as paths relative to it."""
    patterns = ("*/*/tables/*.csv", "*/*/metrics/*.json", "*/*/claims.json")
    return sorted(str(p.relative_to(root)) for pattern in patterns for p in root.glob(pattern))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rename", nargs="*", default=[], help="OLD_PATH=NEW_PATH, relative to the results folder")
    parser.add_argument("--replace", nargs="*", default=[], help="OLD=NEW text replaced in old files first")
    args = parser.parse_args(argv)
    renames = dict(item.split("=", 1) for item in args.rename)
    replacements = [item.split("=", 1) for item in args.replace]
    failures = 0
    for relative in compared_files(args.old):
        target = args.new / renames.get(relative, relative)
        if not target.exists():
            print(f"missing     {relative} -> {target}")
            failures += 1
            continue
        old = (args.old / relative).read_text(encoding="utf-8")
        for before, after in replacements:
            old = old.replace(before, after)
        same = old == target.read_text(encoding="utf-8")
        failures += not same
        print(f"{'identical' if same else 'DIFFERENT'}   {relative}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
