"""Provenance: hashes of library code (for cache invalidation), of files, and of the git state.

`code_hash` is what makes Snakemake rerun a rule when the library code it calls changes: every rule
carries it as a param. It hashes the parsed code (AST without docstrings), so editing a comment or a
docstring changes nothing, and it follows imports inside `thundeep` so that a change in a helper
reaches every rule that uses it, directly or indirectly. It never imports the modules (fast, no torch).
"""

from __future__ import annotations

import ast
import hashlib
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = "thundeep"
PACKAGE_DIR = Path(__file__).resolve().parent


def module_file(module: str) -> Path | None:
    """The source file of a `thundeep` module or package, or None when there is none."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    """Remove docstrings from every module, class and function body of `tree` (in place)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return tree


def _imported_modules(module: str, tree: ast.AST, is_package: bool) -> set[str]:
    """Names of `thundeep` modules that `tree` imports (absolute or relative)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    result = set()
    for name in found:
        if name.split(".")[0] != PACKAGE:
            continue
        # Importing a.b.c runs the __init__ of a and a.b too.
        parts = name.split(".")
        result.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {name for name in result if module_file(name) is not None}


@cache
def _parsed(module: str) -> tuple[str, frozenset[str]]:
    """(normalised AST dump, imported thundeep modules) of one module."""
    path = module_file(module)
    if path is None:
        raise ModuleNotFoundError(f"no module named {module!r} in {PACKAGE_DIR}")
    tree = _strip_docstrings(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    imports = _imported_modules(module, tree, path.name == "__init__.py")
    return ast.dump(tree, annotate_fields=False), frozenset(imports - {module})


def module_closure(*modules: str) -> list[str]:
    """The modules given plus every `thundeep` module they import, transitively, sorted."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_parsed(name)[1])
    return sorted(seen)


def code_hash(*modules: str) -> str:
    """sha256 (16 hex digits) of the parsed code of `modules` and their imports inside thundeep."""
    digest = hashlib.sha256()
    for name in module_closure(*modules):
        digest.update(name.encode() + b"\0" + _parsed(name)[0].encode() + b"\0")
    return digest.hexdigest()[:16]


def sha256_file(path: str | Path) -> str:
    """sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_state(cwd: str | Path = ".") -> dict[str, object]:
    """The current git commit and whether the work tree has uncommitted changes."""
    def run(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = run("rev-parse", "HEAD")
        dirty = bool(run("status", "--porcelain", "--untracked-files=no"))
    except (subprocess.CalledProcessError, FileNotFoundError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty}


def package_versions(names: tuple[str, ...] = ("thundeep", "torch", "numpy", "scipy", "seaborn", "matplotlib", "snakemake", "pyyaml")) -> dict[str, str | None]:
    """Installed versions of the packages that shape the results."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions
