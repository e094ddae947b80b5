"""Checks of the checkout a build writes into, made before the first job."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _writable(folder: Path) -> bool:
    """Whether a file can be created in `folder` (tried, so read-only mounts count, even for root)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".thundeep-write-check-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    return True


def unwritable(folders: Iterable[Path]) -> list[Path]:
    """The folders among `folders` that exist and cannot be written to."""
    return [Path(folder) for folder in folders if Path(folder).is_dir() and not _writable(Path(folder))]


def unwritable_message(folders: list[Path]) -> str:
    """A plain message naming the read-only folders and the fix."""
    names = ", ".join(f"{folder}/" for folder in folders)
    return (
        f"cannot write to {names}: the build writes its results, logs and paper folders under results/ and "
        "papers/. Make them writable (for example `chmod -R u+w results papers`, or remount the disk "
        "read-write) and build again. No job was started."
    )
