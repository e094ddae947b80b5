"""Deterministic readers and writers for stage outputs (JSON, CSV, NPZ)."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def _plain(value: Any) -> Any:
    """Convert numpy scalars/arrays and non-finite floats into JSON-safe Python values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_json(path: str | Path, data: Any) -> None:
    """Write `data` as indented JSON with sorted keys (byte-stable for equal data)."""
    text = json.dumps(_plain(data), indent=2, sort_keys=True, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


class CorruptFile(ValueError):
    """A stage output that cannot be read back: it names the file and how to rebuild it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(
            f"{path}: cannot be read ({problem}). The file is damaged or was edited by hand: delete it and "
            "build again (Snakemake reruns the stage that makes it), or rerun that stage with --forcerun <rule>."
        )


def read_json(path: str | Path) -> Any:
    """Read a JSON file; a damaged one raises CorruptFile naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise CorruptFile(path, f"not valid JSON: {error}") from None


def format_number(value: Any) -> str:
    """Format one CSV cell: floats with 17 significant digits (round-trips float64)."""
    if isinstance(value, float | np.floating):
        return "nan" if not math.isfinite(float(value)) else repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def write_csv(path: str | Path, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write rows (dicts) with exactly `columns`, in order; refuses rows with other keys."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            extra = set(row) - set(columns)
            if extra:
                raise ValueError(f"row has columns not in the table: {sorted(extra)}")
            writer.writerow([format_number(row[c]) for c in columns])


def _read_table(path: str | Path) -> tuple[str, list[dict[str, str]]]:
    """The text of a CSV file and its rows as dicts of strings, read once.

    A file that cannot be a whole table raises CorruptFile naming it: empty, a row of the wrong length,
    bytes that are not UTF-8, or a last line without its line end (the file was cut mid-line, which
    can leave a row of the right length with its last number shortened).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CorruptFile(path, f"not UTF-8 text: {error}") from None
    if text and not text.endswith("\n"):
        raise CorruptFile(path, "its last line has no line end: the file was cut mid-line")
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise CorruptFile(path, "empty: no header row")
        rows = []
        for number, row in enumerate(reader, start=2):
            if not row:
                continue  # a blank line, as csv.DictReader skips it
            if len(row) != len(header):
                raise CorruptFile(path, f"line {number} has {len(row)} cells, the header {len(header)}")
            rows.append(dict(zip(header, row, strict=True)))
    return text, rows


def read_csv(path: str | Path) -> list[dict[str, str]]:
    """Read a CSV file into a list of dicts of strings; a damaged file raises CorruptFile naming it."""
    return _read_table(path)[1]


def read_frame(path: str | Path) -> Any:
    """Read a CSV table as a pandas DataFrame (columns typed by pandas); a damaged file raises CorruptFile
    naming it, as read_csv does (pandas alone reads a cut table without a word, its last cells NaN)."""
    import pandas as pd

    text, _ = _read_table(path)
    return pd.read_csv(io.StringIO(text))


def save_arrays(path: str | Path, **arrays: Any) -> None:
    """Save named arrays as an uncompressed .npz (loads without executing code)."""
    with open(path, "wb") as handle:
        named: dict[str, Any] = {k: np.asarray(v) for k, v in arrays.items()}
        np.savez(handle, **named)


def load_arrays(path: str | Path) -> dict[str, np.ndarray]:
    """Load every array of an .npz file (pickles refused); a damaged one raises CorruptFile naming it."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise CorruptFile(path, f"not a complete .npz archive: {error}") from None
