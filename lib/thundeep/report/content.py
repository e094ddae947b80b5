"""What a paper's report says, gathered once for both the HTML and the Markdown renderings."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thundeep.claims import lookup
from thundeep.io import read_csv
from thundeep.report.cost import NOT_MEASURED, full_build_command
from thundeep.robustness import robustness_text

KIND_NOTICE = {
    "theory_companion": (
        "This paper is pure theory and has no experiments of its own. Every figure and table here is "
        "ours: the smallest honest numerical experiments we could build to test its quantitative "
        "statements. They are not the paper's figures."
    ),
    "reproduction": "The figures and tables below are rebuilt from source by this project's pipeline.",
}

TABLE_MAX_ROWS = 300
"""Rows of a CSV embedded in the page; the CSV file beside it holds them all."""
TABLE_OPEN_ROWS = 15
"""Tables longer than this are shown collapsed (a <details> element the reader opens)."""

INSTALL_COMMAND = 'python3 -m venv .venv && . .venv/bin/activate && pip install torch==2.13.0 -e ".[dev]"'
"""The README's one-line set-up command (tests/foundation/test_compare.py keeps the two equal)."""


@dataclass
class Table:
    """A CSV table: its id, caption, header and display rows (numbers rounded, at most TABLE_MAX_ROWS)."""

    name: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    total_rows: int


@dataclass
class ReportContent:
    """Everything a report shows, independent of the output format."""

    spec: Mapping[str, Any]
    params: Mapping[str, Any]
    scale: str
    claims: list[dict[str, Any]]
    metrics: dict[str, dict[str, Any]]
    provenance: dict[str, Any]
    tables: list[Table] = field(default_factory=list)
    figure_sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    full_cost: str = NOT_MEASURED
    """The measured full-scale cost, as one sentence (thundeep.report.cost)."""

    @property
    def notice(self) -> str:
        """The first lines of the report: whether the figures are the paper's or ours."""
        return KIND_NOTICE[self.spec["kind"]]

    def published_rows(self) -> list[dict[str, Any]]:
        """Published numbers beside the reproduced metric they correspond to (if any)."""
        rows = []
        for item in self.spec.get("published") or []:
            metric = item.get("metric")
            rows.append({**item, "reproduced": lookup(self.metrics, metric) if metric else None})
        return rows


def load_table(name: str, caption: str, path: Path) -> Table:
    """Read a CSV for display: its first TABLE_MAX_ROWS rows, numbers rounded by `format_cell`."""
    rows = read_csv(path)
    header = list(rows[0].keys()) if rows else []
    shown = [[format_cell(r[h]) for h in header] for r in rows[:TABLE_MAX_ROWS]]
    return Table(name, caption, header, shown, len(rows))


def function_location(function: str) -> str:
    """`lib/thundeep/x/y.py:LINE` of a `thundeep.x.y:function` stage (found by parsing, not importing it)."""
    module, _, name = function.partition(":")
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"stage module {module!r} not found")
    source = Path(spec.origin)
    lines = [
        n.lineno
        for n in ast.parse(source.read_text(encoding="utf-8")).body
        if isinstance(n, ast.FunctionDef) and n.name == name
    ]
    relative = Path("lib", *module.split(".")).with_suffix(".py")
    return f"{relative}:{lines[0]}" if lines else str(relative)


def figure_sources_with_hashes(sources: Mapping[str, Mapping[str, Any]], results_dir: Path) -> dict[str, dict]:
    """Each figure's stage function with its source location and code hash, and the sha256 of its inputs."""
    return {
        figure: {
            "function": source["function"],
            "location": function_location(source["function"]),
            "code": source["code"],
            "inputs": {p: hashlib.sha256((results_dir / p).read_bytes()).hexdigest() for p in source["inputs"]},
        }
        for figure, source in sources.items()
    }


def figure_provenance(content: ReportContent, figure: str) -> str | None:
    """One sentence: which stage function (file, line, code hash) drew the figure, at which commit, from what."""
    source = content.figure_sources.get(figure)
    if not source:
        return None
    git = content.provenance.get("git") or {}
    commit = (git.get("commit") or "unknown")[:12] + (" (uncommitted changes)" if git.get("dirty") else "")
    inputs = ", ".join(f"{path} (sha256 {digest[:12]})" for path, digest in source["inputs"].items())
    return (
        f"Drawn by {source['function']} ({source['location']}, code hash {source['code']}) at commit "
        f"{commit}, from results/{content.scale}/{content.spec['id']}/: {inputs}."
    )


STATUS_TEXT = {
    "ok": "holds",
    "failed": "fails",
    "expected_failure": "fails (expected: a known finding)",
    "unexpectedly_holds": "holds, but declared as an expected failure",
    "not_assessed": "not assessed",
    "unassessable": "not assessed: a metric is missing",
}


def verdict_text(claim: Mapping[str, Any]) -> str:
    """The verdict as the page shows it, with the reason (or the expected failure's reason)."""
    text = STATUS_TEXT.get(claim.get("status", ""), claim["verdict"])
    if claim.get("reason"):
        text += f" ({claim['reason']})"
    if claim.get("status") == "expected_failure":
        text += f". Why: {claim['expected_failure']['reason']}"
    if claim.get("robustness"):
        text += f"; {robustness_text(claim)}"
    return text


CLAIMS_HEADER = ["id", "claim", "source", "verdict", "measured (want)", "how it is judged"]
"""The claims table's columns; the last holds the claim's `tolerance` text (how the check was chosen)."""
HISTORY_HEADER = ["id", "earlier statement", "verdict then", "assessed", "measured then", "why revised"]
ERRATA_HEADER = ["printed (where)", "our numbers", "how computed", "certainty"]


def history_rows(claims: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """Earlier statements of revised claims: id, statement, verdict, scale and commit, measured, why revised."""
    rows = []
    for claim in claims:
        for old in claim.get("history") or []:
            measured = "; ".join(f"{k} = {format_value(v)}" for k, v in (old.get("measured") or {}).items())
            rows.append(
                [
                    claim["id"],
                    old["statement"],
                    old["verdict"],
                    f"{old['scale']} at {old['commit'][:12]}",
                    measured or "—",
                    old["why_revised"],
                ]
            )
    return rows


def errata_rows(content: ReportContent) -> list[list[str]]:
    """Errata: printed statement and source, our numbers (from this build's metrics), how, certainty."""
    rows = []
    for item in content.spec.get("errata") or []:
        numbers = "; ".join(f"{m} = {format_value(lookup(content.metrics, m))}" for m in item.get("metrics") or [])
        ours = item["ours"] + (f" [{numbers}]" if numbers else "")
        rows.append([f"{item['printed']} ({item['source']})", ours, item["how"], item["certainty"].replace("_", " ")])
    return rows


def format_number(value: float, digits: int) -> str:
    """A float to `digits` significant digits; whole numbers up to 1e12 in full, without exponent."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e12:
        return str(int(value))
    if math.isfinite(value) and 10**digits <= abs(value) < 1e12:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


def format_value(value: Any) -> str:
    """Numbers to 4 significant digits; None as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return format_number(value, 4)
    return str(value)


def format_cell(text: str) -> str:
    """A CSV cell for the page: a decimal number to 5 significant digits, integers and text unchanged."""
    try:
        int(text)
        return text
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    return format_number(value, 5)


def format_param(value: Any) -> str:
    """A parameter value, compactly: floats to 6 significant digits, lists comma-separated in brackets."""
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "none"
    if isinstance(value, float):
        return format_number(value, 6)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_param(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {format_param(v)}" for k, v in value.items()) + "}"
    return str(value)


def flat_params(params: Mapping[str, Any], prefix: str = "") -> list[list[str]]:
    """An experiment's parameters as rows [`group.key`, value], nested groups flattened, in config order."""
    rows = []
    for key, value in params.items():
        if isinstance(value, Mapping) and value:
            rows += flat_params(value, f"{prefix}{key}.")
        else:
            rows.append([f"{prefix}{key}", format_param(value)])
    return rows


def format_measured(claim: dict[str, Any]) -> str:
    """A claim's measured values, each with its spread and the value it must meet."""
    return "; ".join(
        f"{metric} = {format_value(value)}"
        + (f" ± {format_value(claim['spread'][metric])}" if metric in claim["spread"] else "")
        + f" (want {claim['expected'][metric]})"
        for metric, value in claim["measured"].items()
    )


def clone_command(git: Mapping[str, Any]) -> str:
    """Clone (from the build's git remote) into ../thundeep-rebuild, check out the commit, install."""
    checkout = f" && git checkout {git['commit']}" if git.get("commit") else ""
    url = git.get("remote") or "../thundeep.bundle"
    return f"git clone {url} ../thundeep-rebuild && cd ../thundeep-rebuild{checkout} && {INSTALL_COMMAND}"


def reproduce_commands(paper: str, scale: str, git: Mapping[str, Any]) -> list[str]:
    """The commands that rebuild a paper folder from source and compare the rebuild with this folder.

    They run in a shell at the root of the checkout that holds this folder (papers/<paper>/<scale>).
    """
    return [
        f'FOLDER="$PWD/papers/{paper}/{scale}"',
        clone_command(git),
        f"snakemake papers/{paper} --config scale={scale}",
        f'python -m thundeep.compare papers/{paper}/{scale} "$FOLDER"',
    ]


def scales_note(content: ReportContent) -> str:
    """The paper's measured full-scale cost, below full the command that builds full, and where each scale's page is.

    The same for every build of one configuration at one commit (the scales built in a checkout are
    added to the copy at the top of papers/<paper>/ only: thundeep.report.scales).
    """
    paper = content.spec["id"]
    text = f"{content.full_cost[0].upper()}{content.full_cost[1:]}."
    if content.scale != "full":
        text += f" This page was built below full scale; to build it at full: {full_build_command(paper)}."
    text += (
        f" Each scale built has its own page, papers/{paper}/<scale>/index.html; papers/{paper}/index.html "
        "shows the highest scale built and lists them all."
    )
    return text


def reproduce_notes(content: ReportContent) -> tuple[str, str]:
    """What precedes and what follows the three commands on the page."""
    paper, scale = content.spec["id"], content.scale
    before = (
        f"To rebuild this folder from source at scale {scale} and check your build against it, run these "
        f"commands in a shell at the root of the checkout that holds this folder (papers/{paper}/{scale}); "
        "if you received the folder on its own, set FOLDER to its path instead."
    )
    if not (content.provenance.get("git") or {}).get("remote"):
        before += (
            " The checkout this folder was built in has no git remote, so there is no public address to "
            "clone: ask whoever gave you this folder for the code as a git bundle (they run `git bundle "
            "create thundeep.bundle --all` in their checkout) and put thundeep.bundle beside this checkout."
        )
    after = (
        "The last command lists every file as identical or different (with both sha256), the largest "
        "numeric differences of claims.json and tables/*.csv, and every verdict that changed; it exits 0 "
        "when the two folders agree. By default it asks for bit-identical files, which two builds on one "
        "machine with the same package versions give. Between machines (another CPU, a GPU, other "
        "library versions) floating-point results may differ: add --rtol and/or --atol; text cells and "
        "verdicts must still match exactly. On Linux, pip's torch is a CUDA build of several GB: on a "
        "machine without a GPU, install the CPU build first, as the project README says."
    )
    if (content.provenance.get("git") or {}).get("dirty"):
        after += (
            " This folder was built from a work tree with uncommitted changes: that commit alone may not rebuild it."
        )
    return before, after
