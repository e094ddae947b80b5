"""The IDX reader and the full-MNIST loader, on tiny IDX files written here."""

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from thundeep.data import load_dataset, mnist_idx
from thundeep.data.idx import IdxFormatError, parse_idx, read_idx
from thundeep.data.mnist_idx import MNIST_FILES, ChecksumError, load_mnist


def idx_bytes(array: np.ndarray, code: int) -> bytes:
    """Encode `array` as an IDX file (big-endian), independently of the reader."""
    header = bytes([0, 0, code, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.mark.parametrize(
    ("dtype", "code"),
    [(np.uint8, 0x08), (np.int8, 0x09), (np.int16, 0x0B), (np.int32, 0x0C), (np.float32, 0x0D), (np.float64, 0x0E)],
)
def test_parse_round_trips_every_type(dtype: type, code: int) -> None:
    array = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    decoded = parse_idx(idx_bytes(array, code))
    assert decoded.shape == (2, 3, 4) and decoded.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(decoded, array)


def test_malformed_files_are_refused() -> None:
    good = idx_bytes(np.zeros((2, 2), np.uint8), 0x08)
    with pytest.raises(IdxFormatError, match="first two bytes"):
        parse_idx(b"\x01" + good[1:])
    with pytest.raises(IdxFormatError, match="type code"):
        parse_idx(good[:2] + b"\x07" + good[3:])
    with pytest.raises(IdxFormatError, match="announces"):
        parse_idx(good[:-1])


def write_tiny_mnist(folder: Path) -> dict[str, str]:
    """Write the four archives with tiny contents; return their sha256 sums."""
    rng = np.random.default_rng(0)
    contents = {
        "train-images-idx3-ubyte.gz": (rng.integers(0, 256, (6, 28, 28)).astype(np.uint8), 0x08),
        "train-labels-idx1-ubyte.gz": (np.arange(6, dtype=np.uint8), 0x08),
        "t10k-images-idx3-ubyte.gz": (rng.integers(0, 256, (4, 28, 28)).astype(np.uint8), 0x08),
        "t10k-labels-idx1-ubyte.gz": (np.array([9, 8, 7, 6], dtype=np.uint8), 0x08),
    }
    sums = {}
    for name, (array, code) in contents.items():
        data = gzip.compress(idx_bytes(array, code), mtime=0)
        (folder / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


def test_loader_reads_and_verifies_tiny_archives(tmp_path: Path) -> None:
    sums = write_tiny_mnist(tmp_path)
    x_train, y_train, x_test, y_test, source = load_mnist(tmp_path, sums)
    assert x_train.shape == (6, 784) and x_test.shape == (4, 784) and x_train.dtype == np.float32
    raw = read_idx(tmp_path / "train-images-idx3-ubyte.gz")
    np.testing.assert_array_equal(x_train[2], raw[2].reshape(-1) / np.float32(255))
    np.testing.assert_array_equal(y_test, [9, 8, 7, 6])
    assert sums["t10k-labels-idx1-ubyte.gz"] in source


def test_a_changed_archive_fails_its_checksum(tmp_path: Path) -> None:
    sums = write_tiny_mnist(tmp_path)
    sums["train-labels-idx1-ubyte.gz"] = "0" * 64
    with pytest.raises(ChecksumError, match="train-labels-idx1-ubyte.gz"):
        load_mnist(tmp_path, sums)


def test_missing_full_mnist_says_how_to_fetch_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        FileNotFoundError,
        match=r"train-images-idx3-ubyte.gz is missing. Fetch full MNIST with `snakemake results/downloads/mnist`",
    ):
        load_dataset("mnist", 10, 10, 0)


def test_published_checksums_are_well_formed() -> None:
    assert len(MNIST_FILES) == 4 and all(len(s) == 64 and int(s, 16) >= 0 for s in MNIST_FILES.values())


class _FakeResponse:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __enter__(self) -> "_FakeResponse":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self) -> bytes:
        return self.data


def test_download_refuses_wrong_bytes_and_explains_how_to_fetch_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mnist_idx.urllib.request, "urlopen", lambda url, timeout: _FakeResponse(b"not mnist"))
    with pytest.raises(RuntimeError, match="sha256 is 440fcabf") as error:
        mnist_idx.download_stage({}, {"folder": tmp_path})
    assert "Download it by hand" in str(error.value) and not any(tmp_path.iterdir())


def test_download_writes_archives_that_match_their_checksums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"pretend archive"
    monkeypatch.setattr(mnist_idx, "MNIST_FILES", {"a.gz": hashlib.sha256(payload).hexdigest()})
    monkeypatch.setattr(mnist_idx.urllib.request, "urlopen", lambda url, timeout: _FakeResponse(payload))
    mnist_idx.download_stage({}, {"folder": tmp_path})
    assert (tmp_path / "a.gz").read_bytes() == payload
