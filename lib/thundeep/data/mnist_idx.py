"""Full MNIST (60,000 training and 10,000 test images) from the four published IDX archives.

The archives are fetched by the workflow's download rule (`snakemake results/downloads/mnist`, which
runs `download_stage`) into `MNIST_DIR` and checked against their published SHA-256 sums before
every use; nothing is downloaded silently.
"""

from __future__ import annotations

import hashlib
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from thundeep.data.idx import read_idx
from thundeep.provenance import sha256_file

MNIST_DIR = Path("results/downloads/mnist")
"""Where the archives live, relative to the repository root (where Snakemake runs)."""

MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
"""The four archives and their published SHA-256 sums."""

MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
"""Mirrors serving the original archives, tried in order."""

FETCH_HINT = (
    "Fetch full MNIST with `snakemake results/downloads/mnist` from the repository root (needs internet), "
    "or download {name} from {mirror} yourself into {folder}/."
)


class ChecksumError(ValueError):
    """A file's SHA-256 differs from the published one."""


def verified_path(folder: Path, name: str, checksums: dict[str, str] = MNIST_FILES) -> Path:
    """Path of archive `name` in `folder` after checking its SHA-256; clear errors when absent or wrong."""
    path = folder / name
    hint = FETCH_HINT.format(name=name, mirror=MNIST_MIRRORS[0], folder=folder)
    if not path.is_file():
        raise FileNotFoundError(f"full MNIST is not available: {path} is missing. {hint}")
    found = sha256_file(path)
    if found != checksums[name]:
        raise ChecksumError(f"{path} has sha256 {found}, expected {checksums[name]}: delete it. {hint}")
    return path


def load_mnist(
    folder: Path = MNIST_DIR, checksums: dict[str, str] = MNIST_FILES
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """(x_train, y_train, x_test, y_test, source): images as float32 rows in [0, 1], labels int64."""
    arrays = {name: read_idx(verified_path(folder, name, checksums)) for name in checksums}
    images = [arrays[n] for n in checksums if "images" in n]
    labels = [arrays[n] for n in checksums if "labels" in n]
    x_train, x_test = ((x.reshape(len(x), -1) / 255.0).astype(np.float32) for x in images)
    y_train, y_test = (y.astype(np.int64) for y in labels)
    source = "MNIST IDX archives " + ", ".join(f"{n} sha256={s}" for n, s in checksums.items())
    return x_train, y_train, x_test, y_test, source


def fetch_mnist_archive(name: str, destination: Path) -> None:
    """Download archive `name` from the first mirror that serves it with the published SHA-256."""
    failures = []
    for mirror in MNIST_MIRRORS:
        try:
            with urllib.request.urlopen(mirror + name, timeout=60) as response:
                data = response.read()
        except OSError as error:
            failures.append(f"{mirror}{name}: {error}")
            continue
        found = hashlib.sha256(data).hexdigest()
        if found == MNIST_FILES[name]:
            destination.write_bytes(data)
            return
        failures.append(f"{mirror}{name}: sha256 {found}, expected {MNIST_FILES[name]}")
    raise RuntimeError(
        f"could not fetch {name}: "
        + "; ".join(failures)
        + f". Download it by hand from one of {', '.join(MNIST_MIRRORS)}, check its sha256 is "
        f"{MNIST_FILES[name]}, and put it at {destination}."
    )


def download_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path]) -> None:
    """Stage: download the four archives into the folder `outputs["folder"]`, each checked by sha256."""
    for name in MNIST_FILES:
        fetch_mnist_archive(name, Path(outputs["folder"]) / name)
