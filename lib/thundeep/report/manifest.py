"""The manifest of a built paper: scale, code state, environment, seeds, timings and file hashes."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from thundeep.integrity import is_sidecar, verified_sha256
from thundeep.provenance import git_output, git_state, lock_state, package_versions, sha256_file

NOT_REPRODUCIBLE = {
    "manifest.json": "holds wall times, package versions and the git state of this build",
}
"""Files of the built folder whose bytes differ between two builds of the same configuration."""

UNHASHED_RESULT_DIRS = ("logs", "benchmarks")


def public_url(url: str) -> str | None:
    """A git remote's URL without user name or password (None for an empty one)."""
    url = url.strip()
    if not url:
        return None
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}" if sep else url


def git_remote(cwd: str | Path = ".") -> str | None:
    """The URL to clone the code from: `origin`'s (else the first remote's), without credentials; None if none."""
    try:
        remotes = git_output("remote", cwd=cwd).split()
        name = "origin" if "origin" in remotes else (remotes[0] if remotes else None)
        return public_url(git_output("remote", "get-url", name, cwd=cwd)) if name else None
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def environment() -> dict[str, Any]:
    """Git state (with the remote to clone from), package versions, the lock file they match (if any) and the device."""
    from thundeep.runtime import default_device

    return {
        "git": {**git_state(), "remote": git_remote()},
        "packages": package_versions(),
        "lock": lock_state(),
        "device": str(default_device()),
    }


def find_seeds(params: Any, prefix: str = "") -> dict[str, Any]:
    """Every parameter whose name contains 'seed', keyed by its dotted path."""
    found: dict[str, Any] = {}
    if isinstance(params, Mapping):
        for key, value in params.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if "seed" in str(key):
                found[path] = value
            else:
                found.update(find_seeds(value, path))
    return found


def stage_times(benchmarks_dir: Path) -> dict[str, float]:
    """Wall seconds of each job, from Snakemake's benchmark files (latest run of each job)."""
    times = {}
    for path in sorted(benchmarks_dir.glob("*.tsv")):
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        if rows:
            times[path.stem] = float(rows[-1]["s"])
    return times


def hash_tree(root: Path, skip: Iterable[str] = (), digest: Callable[[Path], str] = sha256_file) -> dict[str, str]:
    """`digest` (sha256) of every file under `root`, keyed by relative path (top-level folders in `skip` left out)."""
    skipped = set(skip)
    return {
        str(p.relative_to(root)): digest(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in skipped and not is_sidecar(p)
    }


def build_manifest(
    folder: Path,
    results_dir: Path,
    scale: str,
    params: Mapping[str, Any],
    provenance: Mapping[str, Any],
    *,
    paper: str,
) -> dict[str, Any]:
    """The manifest of `folder`, the built `paper` (call after every other file is written)."""
    return {
        "paper": paper,
        "scale": scale,
        **provenance,
        "seeds": find_seeds(params),
        "stage_wall_seconds": stage_times(results_dir / "benchmarks"),
        "files": hash_tree(folder, skip=()),
        # each checked against its sidecar: a damaged results file stops the job instead of being recorded
        "results_files": hash_tree(results_dir, skip=UNHASHED_RESULT_DIRS, digest=verified_sha256),
        "not_reproducible": NOT_REPRODUCIBLE,
    }


def missing_results(manifest_path: Path, results_dir: Path, scale: str) -> list[Path]:
    """Results files that the last build at `scale` recorded in its manifest and that are gone now."""
    if not manifest_path.is_file():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("scale") != scale:
        return []
    return [results_dir / rel for rel in sorted(manifest.get("results_files", {})) if not (results_dir / rel).exists()]


def folder_mismatches(folder: Path, files: Mapping[str, str]) -> list[str]:
    """How `folder` differs from `files`, its manifest's sha256 of each file: paths outside it, files
    missing or changed (one line each; empty when it matches). Files it does not list are not looked at."""
    problems = []
    for rel, digest in sorted(files.items()):
        if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
            problems.append(f"{folder / 'manifest.json'}: lists {rel!r}, a path outside the folder")
            continue
        file = folder / rel
        if not file.is_file():
            problems.append(f"{file}: listed in manifest.json but missing")
        elif (actual := sha256_file(file)) != digest:
            problems.append(f"{file}: sha256 is {actual}, manifest.json says {digest}")
    return problems


def folder_changed(folder: Path) -> bool:
    """Whether the built folder `folder` exists and no longer matches its manifest.json (or lost it)."""
    if not folder.is_dir():
        return False
    try:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return not isinstance(files, dict) or bool(folder_mismatches(folder, files))
