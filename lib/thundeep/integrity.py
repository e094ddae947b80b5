"""sha256 sidecars of stage outputs: written with each output, checked before a stage reads an input.

Each file a stage writes gets a hidden sidecar `.<name>.sha256` beside it, put in place before the
file itself (so a finished-looking file always has its hash). A stage's inputs are checked against
their sidecars before the stage runs; a file changed since it was written (truncated, edited, damaged
on disk, even with its modification time kept) stops the job with an error naming it.
"""

from __future__ import annotations

from pathlib import Path

from thundeep.provenance import sha256_file


class IntegrityError(RuntimeError):
    """A stage input whose bytes no longer match the sha256 recorded when it was written."""


def sidecar_path(path: Path) -> Path:
    """Where the sha256 of `path` is kept: `.<name>.sha256` in the same folder."""
    return path.with_name(f".{path.name}.sha256")


def is_sidecar(path: Path) -> bool:
    """Whether `path` is a sidecar (left out of manifests)."""
    return path.name.startswith(".") and path.name.endswith(".sha256")


def write_sidecar(written: Path, final: Path) -> None:
    """Record the sha256 of `written` (a stage's temporary output) as the sidecar of `final`, atomically."""
    target = sidecar_path(final)
    temporary = target.with_name(target.name + ".partial")
    temporary.write_text(sha256_file(written) + "\n", encoding="utf-8")
    temporary.rename(target)


def check_input(path: Path) -> None:
    """Raise IntegrityError if `path` has a sidecar and its bytes no longer match it."""
    sidecar = sidecar_path(path)
    if not path.is_file() or not sidecar.is_file():
        return
    recorded = sidecar.read_text(encoding="utf-8").strip()
    if sha256_file(path) != recorded:
        raise IntegrityError(
            f"{path}: its content changed after the stage that made it wrote it (sha256 recorded in "
            f"{sidecar.name} differs). Delete {path} and build again: Snakemake reruns the stage that makes "
            "it and everything downstream."
        )
