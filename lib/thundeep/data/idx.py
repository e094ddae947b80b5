"""Read IDX files (the format MNIST ships in), plain or gzip-compressed.

An IDX file starts with a 4-byte magic number: two zero bytes, a type code and the number of
dimensions; then one big-endian uint32 per dimension; then the values, big-endian, row-major.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
"""Type codes of the IDX format and the (big-endian) numpy types they denote."""


class IdxFormatError(ValueError):
    """The bytes are not a well-formed IDX file."""


def parse_idx(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode the bytes of one IDX file into an array of its shape (native byte order)."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IdxFormatError(f"{name}: not an IDX file (the first two bytes must be zero)")
    code, ndim = data[2], data[3]
    if code not in IDX_TYPES:
        raise IdxFormatError(f"{name}: unknown IDX type code 0x{code:02x}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxFormatError(f"{name}: truncated header")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = IDX_TYPES[code]
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise IdxFormatError(f"{name}: {len(data)} bytes, but its header announces {expected}")
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file; a name ending in .gz is decompressed first."""
    path = Path(path)
    raw = path.read_bytes()
    return parse_idx(gzip.decompress(raw) if path.suffix == ".gz" else raw, str(path))
