"""Provenance: hashes of library code (for cache invalidation), of files, and of the git state.

`code_hash` is what makes Snakemake rerun a rule when the library code it calls changes: every rule
carries it as a param. It hashes the parsed code (AST without docstrings), so editing a comment or a
docstring changes nothing, and it follows imports inside `thundeep` so that a change in a helper
reaches every rule that uses it, directly or indirectly. It never imports the modules (fast, no torch).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
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


def _existing_file(module: str) -> Path:
    """The source file of `module`; ModuleNotFoundError when it has none."""
    path = module_file(module)
    if path is None:
        raise ModuleNotFoundError(f"no module named {module!r} in {PACKAGE_DIR}")
    return path


def _strip_docstrings(tree: ast.Module) -> ast.Module:
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
    result: set[str] = set()
    for name in found:
        if name.split(".")[0] != PACKAGE:
            continue
        # Importing a.b.c runs the __init__ of a and a.b too.
        parts = name.split(".")
        result.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {name for name in result if module_file(name) is not None}


@cache
def _tree(module: str) -> tuple[ast.Module, bool]:
    """The parsed module with docstrings removed, and whether it is a package __init__."""
    path = _existing_file(module)
    tree = _strip_docstrings(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return tree, path.name == "__init__.py"


@cache
def _parsed(module: str) -> tuple[str, frozenset[str]]:
    """(normalised AST dump, imported thundeep modules) of one module."""
    tree, is_package = _tree(module)
    imports = _imported_modules(module, tree, is_package)
    return ast.dump(tree, annotate_fields=False), frozenset(imports - {module})


def _parents(module: str) -> set[str]:
    """The packages whose __init__ runs when `module` is imported."""
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _top_level_bindings(module: str) -> tuple[dict[str, list[ast.stmt]], dict[str, set[str]]]:
    """Top-level definitions by name, and the thundeep modules each imported name comes from."""
    tree, is_package = _tree(module)
    defs: dict[str, list[ast.stmt]] = {}
    imported: dict[str, set[str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defs.setdefault(stmt.name, []).append(stmt)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        defs.setdefault(node.id, []).append(stmt)
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            modules = _imported_modules(module, ast.Module(body=[stmt], type_ignores=[]), is_package)
            for alias in stmt.names:
                local = alias.asname or alias.name.split(".")[0]
                imported.setdefault(local, set()).update(modules)
    return defs, imported


def _function_slice(module: str, name: str) -> tuple[str, set[str]]:
    """Dump of `name` and the top-level definitions it reaches, and the thundeep modules they import."""
    defs, imported = _top_level_bindings(module)
    if name not in defs:
        raise AttributeError(f"module {module!r} defines no top-level {name!r}")
    seen: set[str] = set()
    modules: set[str] = _parents(module)
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for stmt in defs.get(current, []):
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name):
                    if node.id in defs:
                        todo.append(node.id)
                    modules.update(imported.get(node.id, ()))
    statements = sorted({id(s): s for n in seen for s in defs.get(n, [])}.values(), key=lambda s: s.lineno)
    return "\n".join(ast.dump(s, annotate_fields=False) for s in statements), modules


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


def _compute_code_hash(targets: tuple[str, ...]) -> tuple[str, list[str]]:
    """The hash of `targets`, and every module whose source it depends on."""
    digest = hashlib.sha256()
    modules: set[str] = set()
    sources: set[str] = set()
    for target in sorted(targets):
        module, _, function = target.partition(":")
        sources.add(module)
        if function:
            dump, imports = _function_slice(module, function)
            digest.update(target.encode() + b"\0" + dump.encode() + b"\0")
            modules.update(imports)
        else:
            modules.add(module)
    closure = module_closure(*modules)
    for name in closure:
        digest.update(name.encode() + b"\0" + _parsed(name)[0].encode() + b"\0")
    return digest.hexdigest()[:16], sorted(sources | set(closure))


class CodeHashCache:
    """code_hash results on disk, reused while the bytes of every file they were computed from match.

    Parsing the library on every Snakemake start costs a good part of a no-op rebuild; the cache
    keeps only (file, sha256 of bytes) lists, so a stale entry can never be used.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def lookup(self, key: str) -> str | None:
        """The cached hash for `key` if none of its source files changed, else None."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        for module, digest in entry["sources"].items():
            path = module_file(module)
            if path is None or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return None
        return entry["hash"]

    def store(self, key: str, value: str, modules: list[str]) -> None:
        """Remember `value` for `key` with the current bytes of `modules`."""
        sources = {m: hashlib.sha256(_existing_file(m).read_bytes()).hexdigest() for m in modules}
        self.entries[key] = {"hash": value, "sources": sources}
        self.changed = True

    def save(self) -> None:
        """Write the cache if it changed (atomically)."""
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.partial")  # two builds may save at once
            partial.write_text(json.dumps(self.entries, sort_keys=True), encoding="utf-8")
            partial.replace(self.path)
            self.changed = False


def code_hash(*targets: str, cache_file: CodeHashCache | None = None) -> str:
    """sha256 (16 hex digits) of the parsed code a rule runs.

    A target is a module (`thundeep.x`: the whole module) or a function (`thundeep.x:f`: only `f`
    and the top-level definitions of its module that `f` reaches). Either way every `thundeep`
    module they import is included, whole and transitively.
    """
    key = "|".join(sorted(targets))
    if cache_file is not None:
        cached = cache_file.lookup(key)
        if cached is not None:
            return cached
    value, modules = _compute_code_hash(tuple(targets))
    if cache_file is not None:
        cache_file.store(key, value, modules)
    return value


def sha256_file(path: str | Path) -> str:
    """sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_output(*args: str, cwd: str | Path = ".") -> str:
    """What `git <args>` prints in `cwd`, stripped (raises CalledProcessError, or FileNotFoundError without git)."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def git_state(cwd: str | Path = ".") -> dict[str, object]:
    """The current git commit and whether the work tree has uncommitted changes."""
    try:
        commit = git_output("rev-parse", "HEAD", cwd=cwd)
        dirty = bool(git_output("status", "--porcelain", "--untracked-files=no", cwd=cwd))
    except (subprocess.CalledProcessError, FileNotFoundError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty}


RECORDED_PACKAGES = ("thundeep", "torch", "numpy", "scipy", "seaborn", "matplotlib", "snakemake", "pyyaml")


def package_versions(names: tuple[str, ...] = RECORDED_PACKAGES) -> dict[str, str | None]:
    """Installed versions of the packages that shape the results."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


LOCK_FILE = Path("requirements/cpu.lock")
"""The hashed lock file of the CPU environment (README: "An exact environment")."""


def locked_pins(text: str) -> dict[str, str]:
    """`name == version` of every package a pip-compile lock file pins, names normalised (PEP 503)."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.M)
    return {_normalised(name): version for name, version in pins}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_state(lock: str | Path = LOCK_FILE) -> dict[str, str] | None:
    """The lock file and its sha256 when every package it pins is installed at exactly that version.

    None when the file is missing or the environment differs from it in any package (so a manifest
    names a lock only for builds made in the environment it describes).
    """
    path = Path(lock)
    if not path.is_file():
        return None
    for name, version in locked_pins(path.read_text()).items():
        try:
            if metadata.version(name) != version:
                return None
        except metadata.PackageNotFoundError:
            return None
    return {"file": str(lock), "sha256": sha256_file(path)}
