"""A built paper folder read for comparison: its manifest, checked against the files it lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thundeep.paperspec import SCALES
from thundeep.report.manifest import folder_mismatches

MANIFEST = "manifest.json"
UNLISTED = (MANIFEST, ".snakemake_timestamp")
"""Files of a built folder that its manifest does not list (the manifest, Snakemake's stamp)."""


class CompareError(Exception):
    """A usage error: the message names the path and the fix (exit status 2)."""


@dataclass(frozen=True)
class BuiltFolder:
    """A built paper folder whose files match its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def scale(self) -> str:
        """The scale the folder was built at."""
        return self.manifest["scale"]

    @property
    def paper(self) -> str:
        """The paper the folder is a build of (its manifest's `paper`; the folder's name in a manifest
        written before the manifest recorded it)."""
        paper = self.manifest.get("paper")
        return paper if isinstance(paper, str) else self.path.name

    @property
    def files(self) -> dict[str, str]:
        """sha256 of every file the manifest lists, keyed by path relative to the folder."""
        return self.manifest["files"]

    def unlisted(self) -> list[str]:
        """Files in the folder that the manifest does not list (ignored by the comparison).

        The <scale>/ folders of papers/<paper> (one per scale built, thundeep.report.scales) are not
        counted: each is a built folder of its own, with its own manifest.
        """
        on_disk = (p.relative_to(self.path) for p in self.path.rglob("*") if p.is_file())
        return sorted(
            rel.as_posix()
            for rel in on_disk
            if rel.as_posix() not in self.files and rel.as_posix() not in UNLISTED and rel.parts[0] not in SCALES
        )


def rebuild_command(paper: str, scale: str) -> str:
    """The command, run at the repository root, that builds papers/<paper> at `scale`."""
    return f"snakemake papers/{paper} --config scale={scale}"


def _read_manifest(path: Path) -> dict[str, Any]:
    manifest_path = path / MANIFEST
    paper, scale = (path.parent.name, path.name) if path.name in SCALES else (path.name, "<scale>")
    fix = (
        f"Give the path of a built paper folder (papers/<paper>/<scale> or papers/<paper>, with its {MANIFEST}), "
        f"or build it with `{rebuild_command(paper, scale)}`."
    )
    if not path.is_dir():
        raise CompareError(f"{path}: no such folder. {fix}")
    if not manifest_path.is_file():
        raise CompareError(f"{manifest_path}: missing, so {path} is not a built paper folder. {fix}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CompareError(f"{manifest_path}: not valid JSON ({error}). {fix}") from error
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("scale"), str)
        and isinstance(manifest.get("files"), dict)
    ):
        raise CompareError(f"{manifest_path}: has no 'scale' (text) and 'files' (object) keys. {fix}")
    return manifest


def read_built_folder(path: str | Path) -> BuiltFolder:
    """Read `path`'s manifest and check every file it lists (present, same sha256); else CompareError."""
    path = Path(path)
    manifest = _read_manifest(path)
    problems = folder_mismatches(path, manifest["files"])
    folder = BuiltFolder(path, manifest)
    if problems:
        raise CompareError(
            f"{path}: the folder does not match its {MANIFEST}:\n  "
            + "\n  ".join(problems)
            + f"\nThe folder changed after it was built. Download it again, or rebuild it with "
            f"`{rebuild_command(folder.paper, folder.scale)}` at the repository root."
        )
    return folder


def read_pair(path_a: str | Path, path_b: str | Path) -> tuple[BuiltFolder, BuiltFolder]:
    """Both folders, checked, and built at the same scale; else CompareError."""
    a, b = read_built_folder(path_a), read_built_folder(path_b)
    if a.paper != b.paper:
        raise CompareError(
            f"{a.path} is a build of {a.paper!r} and {b.path} of {b.paper!r}: two different papers are not "
            f"comparable. Give two builds of one paper, e.g. {a.path} and another build of papers/{a.paper}."
        )
    if a.scale != b.scale:
        raise CompareError(
            f"{a.path} was built at scale {a.scale!r} and {b.path} at scale {b.scale!r}: builds of two "
            f"scales run different experiments and are not comparable. Rebuild one at the other's scale, "
            f"e.g. `{rebuild_command(b.paper, a.scale)}`, and compare again."
        )
    return a, b
