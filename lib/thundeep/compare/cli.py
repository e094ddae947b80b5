"""Command line of `python -m thundeep.compare A B [--rtol R] [--atol T]`; exit 0 agree, 1 differ, 2 usage error."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from thundeep.compare.cells import Tolerance
from thundeep.compare.files import compare_folders
from thundeep.compare.folder import CompareError
from thundeep.compare.text import render

EPILOG = """\
Exit status: 0 when the folders agree within the tolerance, 1 when they differ, 2 for a usage error
(a missing folder, a folder that does not match its manifest.json, two papers or two scales).
By default every file must be bit-identical (expected for two builds on one machine with the same
package versions). Between machines, numbers may differ in float order: --rtol/--atol then accept
numeric cells of claims.json and tables/*.csv with |A-B| <= atol + rtol * max(|A|, |B|); text
cells and verdicts must still match exactly, and figures and pages are listed but do not decide.
"""


def _tolerance(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number >= 0")
    return value


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    p = argparse.ArgumentParser(
        prog="python -m thundeep.compare",
        description="Compare two builds of a paper folder, file by file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("a", metavar="A", help="a built paper folder, e.g. papers/single_neuron")
    p.add_argument("b", metavar="B", help="the other build of the same paper, e.g. downloaded/papers/single_neuron")
    p.add_argument("--rtol", type=_tolerance, default=0.0, help="relative tolerance for numbers (default 0)")
    p.add_argument("--atol", type=_tolerance, default=0.0, help="absolute tolerance for numbers (default 0)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Compare, print the report to stdout, return the exit status (errors go to stderr with status 2)."""
    args = parser().parse_args(argv)
    try:
        comparison = compare_folders(args.a, args.b, Tolerance(rtol=args.rtol, atol=args.atol))
    except CompareError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(comparison), end="")
    return 0 if comparison.agrees() else 1
