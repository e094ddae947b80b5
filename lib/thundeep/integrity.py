"""sha256 sidecars of stage outputs: written with each output, checked before a stage reads an input.

Each file a stage writes gets a hidden sidecar `.<name>.sha256` beside it, put in place before the
file itself (so a finished-looking file always has its hash). A stage's inputs are checked against
their sidecars before the stage runs; a file changed since it was written (truncated, edited, damaged
on disk, even with its modification time kept) stops the job with an error naming it. A file under
results/ whose sidecar is gone (a copy tool or a glob that skips dotfiles drops it) is damaged as well:
nothing vouches for its bytes. Files outside results/ (published numbers, downloads checked against
their own sums) are read without one, and so are links into Snakemake's output cache, which restores
a stage's outputs without their sidecars.
"""

from __future__ import annotations

import os
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


RESULTS = "results"
"""The folder (relative to the repository root, where builds run) whose files must carry a sidecar."""


def needs_sidecar(path: Path) -> bool:
    """Whether `path` is a stage output under results/ that must carry a sidecar (cache links aside)."""
    relative = Path(os.path.relpath(Path(path).absolute()))
    return relative.parts[:1] == (RESULTS,) and not Path(path).is_symlink()


def verified_sha256(path: Path) -> str:
    """The sha256 of the file `path`, once checked against its sidecar; else IntegrityError.

    A results file without its sidecar is refused; any other file without one is hashed as it is.
    """
    sidecar = sidecar_path(path)
    digest = sha256_file(path)
    if not sidecar.is_file():
        if needs_sidecar(path):
            raise IntegrityError(
                f"{path}: its sha256 sidecar {sidecar.name} is missing, so nothing shows the file is the one "
                f"its stage wrote. Delete {path} and build again: Snakemake reruns the stage that makes it and "
                "everything downstream."
            )
        return digest
    if digest != sidecar.read_text(encoding="utf-8").strip():
        raise IntegrityError(
            f"{path}: its content changed after the stage that made it wrote it (sha256 recorded in "
            f"{sidecar.name} differs). Delete {path} and build again: Snakemake reruns the stage that makes "
            "it and everything downstream."
        )
    return digest


def check_input(path: Path) -> None:
    """Raise IntegrityError if the file `path` no longer matches its sidecar, or is a results file without one."""
    if path.is_file():
        verified_sha256(path)
