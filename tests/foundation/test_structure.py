"""The layout rules: no paper package imports another, and workflow/ holds no science."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from conftest import REPO

LIB = REPO / "lib" / "thundeep"
PAPERS = sorted(p.parent.name for p in LIB.glob("*/config.py"))
"""Paper packages: the packages with a typed experiment config."""

WORKFLOW_FILES = [
    r"Snakefile",
    r"rules/[a-z_]+\.smk",
    r"papers/[a-z_]+/paper\.yaml",
    r"papers/[a-z_]+/rules\.smk",
    r"papers/[a-z_]+/published/[a-z0-9_]+\.csv",
    r"profiles/[a-z]+/config\.yaml",
    r"schemas/[a-z]+\.schema\.yaml",
    r"report/[a-z_]+\.rst",
    r"scripts/stage\.py",
]
"""What workflow/ may hold: rules, paper data, profiles, schemas, report captions and the stage runner."""


def imported_modules(path: Path) -> set[str]:
    """Names of the modules a file imports, anywhere in it (the library uses absolute imports only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import of {node.module}"
            found.add(node.module or "")
    return found


def test_the_paper_packages_are_found() -> None:
    assert len(PAPERS) == 10 and "lottery_ticket" in PAPERS


def test_no_paper_package_imports_another() -> None:
    crossings = []
    for paper in PAPERS:
        for path in sorted((LIB / paper).rglob("*.py")):
            for module in imported_modules(path):
                parts = module.split(".")
                if parts[0] == "thundeep" and len(parts) > 1 and parts[1] in PAPERS and parts[1] != paper:
                    crossings.append(f"{path.relative_to(REPO)} imports {module}")
    assert crossings == [], "move what two papers share into a shared module of lib/thundeep:\n" + "\n".join(crossings)


def test_workflow_holds_only_rules_profiles_schemas_and_the_stage_runner() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "workflow"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "git ls-files found nothing under workflow/"
    strays = [f for f in tracked if not any(re.fullmatch(p, f.removeprefix("workflow/")) for p in WORKFLOW_FILES)]
    assert strays == [], f"science belongs in lib/thundeep, not workflow/: {strays}"


def test_the_stage_runner_stays_thin() -> None:
    """workflow/scripts/stage.py only hands the rule's files and params to thundeep.stage."""
    runner = REPO / "workflow/scripts/stage.py"
    modules = {m.split(".")[0] for m in imported_modules(runner)}
    assert modules <= {"sys", "pathlib", "traceback", "thundeep"}, modules
    definitions = [n for n in ast.parse(runner.read_text()).body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert len(definitions) <= 1 and len(runner.read_text().splitlines()) < 60


def test_rule_files_import_no_numerical_library() -> None:
    """Rules call stage functions by name; none computes anything itself."""
    numeric = re.compile(r"^\s*(import|from)\s+(numpy|torch|scipy|pandas|numba|matplotlib|seaborn|cvxpy)\b", re.M)
    files = [p for p in (REPO / "workflow").rglob("*") if p.suffix in {".smk", ".py"} or p.name == "Snakefile"]
    assert len(files) > 10
    assert [str(f.relative_to(REPO)) for f in files if numeric.search(f.read_text())] == []
