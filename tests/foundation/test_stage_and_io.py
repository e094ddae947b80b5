"""The stage runner's atomic outputs, and byte-stable writers."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from thundeep.integrity import IntegrityError, sidecar_path, write_sidecar
from thundeep.io import CorruptFile, load_arrays, read_csv, read_frame, read_json, save_arrays, write_csv, write_json
from thundeep.report.manifest import build_manifest
from thundeep.stage import partial_path, previous_path, run_stage


def writes_both(inputs, outputs, text) -> None:
    """Test stage: writes its two outputs."""
    outputs["a"].write_text(text)
    (outputs["folder"] / "inside.txt").write_text("x")


def fails_half_way(inputs, outputs) -> None:
    """Test stage: writes one output, then fails."""
    outputs["a"].write_text("half")
    raise RuntimeError("boom")


def forgets_an_output(inputs, outputs) -> None:
    """Test stage: never writes `b`."""
    outputs["a"].write_text("only a")


def test_outputs_appear_only_after_success(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt"), "folder": str(tmp_path / "dir")}
    run_stage({}, outputs, {"function": f"{__name__}:writes_both", "text": "hello", "directories": ["folder"]})
    assert (tmp_path / "a.txt").read_text() == "hello"
    assert (tmp_path / "dir" / "inside.txt").read_text() == "x"
    assert not partial_path(tmp_path / "a.txt").exists()


def test_a_stage_logs_that_it_started_before_it_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The job's log (the stage's stderr) has a line at once, which the console heartbeat shows."""
    outputs = {"a": str(tmp_path / "a.txt"), "folder": str(tmp_path / "dir")}
    run_stage({}, outputs, {"function": f"{__name__}:writes_both", "text": "hello", "directories": ["folder"]})
    assert f"[thundeep] {__name__}:writes_both: started" in capsys.readouterr().err


def test_a_failing_stage_leaves_nothing(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt")}
    with pytest.raises(RuntimeError, match="boom"):
        run_stage({}, outputs, {"function": f"{__name__}:fails_half_way"})
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_is_an_error(tmp_path: Path) -> None:
    outputs = {"a": str(tmp_path / "a.txt"), "b": str(tmp_path / "b.txt")}
    with pytest.raises(RuntimeError, match="did not write"):
        run_stage({}, outputs, {"function": f"{__name__}:forgets_an_output"})
    assert list(tmp_path.iterdir()) == []


def test_partial_name_keeps_suffix(tmp_path: Path) -> None:
    assert partial_path(tmp_path / "x.npz").name == ".x.partial.npz"


def test_json_is_byte_stable_and_rejects_nan_as_null(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_json(a, {"b": np.float64(1.5), "a": [np.int64(2), float("nan")]})
    write_json(b, {"a": [2, None], "b": 1.5})
    assert a.read_bytes() == b.read_bytes()
    assert read_json(a) == {"a": [2, None], "b": 1.5}


def test_csv_columns_are_exact(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, [{"x": 0.1, "y": 2}], ["x", "y"])
    assert path.read_text() == "x,y\n0.1,2\n"
    with pytest.raises(ValueError, match="not in the table"):
        write_csv(path, [{"x": 1, "y": 2, "z": 3}], ["x", "y"])


def test_npz_round_trip_without_pickle(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    save_arrays(path, w=np.arange(6.0).reshape(2, 3))
    assert np.array_equal(load_arrays(path)["w"], np.arange(6.0).reshape(2, 3))


def _flip_middle_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


@pytest.mark.reliability
@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("t.csv", lambda p: p.write_text(p.read_text()[:-4])),
        ("t.csv", lambda p: p.write_text("")),
        ("t.csv", lambda p: p.write_text(p.read_text()[:-2])),  # cut mid-line, the row still has 2 cells
        ("t.csv", lambda p: p.write_bytes(p.read_bytes()[:-1] + b"\xff\n")),
        ("m.json", lambda p: p.write_text("")),
        ("m.json", lambda p: p.write_text(p.read_text()[:-3])),
        ("a.npz", lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])),
        ("a.npz", lambda p: p.write_bytes(b"")),
        ("a.npz", lambda p: p.write_bytes(_flip_middle_byte(p.read_bytes()))),  # same size: the CRC tells
    ],
)
def test_damaged_files_raise_errors_that_name_them(tmp_path: Path, name: str, damage) -> None:
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(path, [{"a": 1.5, "b": 2}, {"a": 3.25, "b": 4}], ["a", "b"])
        reader = read_csv
    elif name.endswith(".json"):
        write_json(path, {"x": [1, 2, 3]})
        reader = read_json
    else:
        save_arrays(path, x=np.arange(1000.0))
        reader = load_arrays
    reader(path)
    damage(path)
    with pytest.raises(CorruptFile, match=str(path)):
        reader(path)


@pytest.mark.reliability
def test_a_dataframe_read_through_thundeep_io_refuses_a_cut_table(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, [{"a": 1.5, "b": 2}, {"a": 3.25, "b": 4}], ["a", "b"])
    assert read_frame(path)["b"].tolist() == [2, 4]
    path.write_text(path.read_text()[:-2])  # "3.25," : pandas alone would read b as NaN
    with pytest.raises(CorruptFile, match=f"{path}: cannot be read .*cut mid-line"):
        read_frame(path)


def copies_text(inputs, outputs) -> None:
    """Test stage: copies its input."""
    outputs["b"].write_text(inputs["a"].read_text())


def test_outputs_carry_a_sidecar_and_a_changed_input_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    run_stage(
        {},
        {"a": str(a), "folder": str(tmp_path / "dir")},
        {"function": f"{__name__}:writes_both", "text": "hello", "directories": ["folder"]},
    )
    assert not sidecar_path(tmp_path / "dir").exists()
    assert sidecar_path(a).read_text().strip() == hashlib.sha256(b"hello").hexdigest()
    run_stage({"a": str(a)}, {"b": str(b)}, {"function": f"{__name__}:copies_text"})
    stat = a.stat()
    a.write_text("hellp")
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime: only the hash can tell
    with pytest.raises(IntegrityError, match=f"{a}: its content changed.*Delete"):
        run_stage({"a": str(a)}, {"b": str(b)}, {"function": f"{__name__}:copies_text"})
    assert b.read_text() == "hello"


def test_a_results_file_without_its_sidecar_is_refused_and_other_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # builds run at the repository root, where results/ lies
    results, published = Path("results", "smoke", "a.txt"), Path("published.txt")
    published.write_text("hello")
    run_stage({"a": str(published)}, {"b": str(results)}, {"function": f"{__name__}:copies_text"})
    sidecar_path(results).unlink()
    cached = Path("results", "smoke", "cached.txt")
    cached.symlink_to(published.absolute())  # a link into Snakemake's output cache has no sidecar
    with pytest.raises(IntegrityError, match=f"{results}: its sha256 sidecar .* is missing.*Delete"):
        run_stage({"a": str(results)}, {"b": "results/b.txt"}, {"function": f"{__name__}:copies_text"})
    for source in (published, cached):
        run_stage({"a": str(source)}, {"b": "results/b.txt"}, {"function": f"{__name__}:copies_text"})
        assert Path("results/b.txt").read_text() == "hello"


def test_the_manifest_records_no_results_file_that_does_not_match_its_sidecar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    published, results = Path("published.txt"), Path("results", "smoke", "toy")
    published.write_text("hello")
    run_stage({"a": str(published)}, {"b": str(results / "a.txt")}, {"function": f"{__name__}:copies_text"})
    folder = Path("papers", "toy")
    folder.mkdir(parents=True)
    recorded = build_manifest(folder, results, "smoke", {}, {}, paper="toy")["results_files"]
    assert recorded == {"a.txt": hashlib.sha256(b"hello").hexdigest()}
    (results / "a.txt").write_text("hellp")
    with pytest.raises(IntegrityError, match="a.txt: its content changed"):
        build_manifest(folder, results, "smoke", {}, {}, paper="toy")
    sidecar_path(results / "a.txt").unlink()
    with pytest.raises(IntegrityError, match="a.txt: its sha256 sidecar .* is missing"):
        build_manifest(folder, results, "smoke", {}, {}, paper="toy")


def writes_one_file(inputs, outputs, kind: str) -> None:
    """Test stage: writes one results file of `kind` (csv, json or npz) through thundeep.io."""
    if kind == "csv":
        write_csv(outputs["out"], [{"x": i / 7, "y": i} for i in range(50)], ["x", "y"])
    elif kind == "json":
        write_json(outputs["out"], {"values": [i / 7 for i in range(50)]})
    else:
        save_arrays(outputs["out"], x=np.arange(50) / 7)


def reads_one_file(inputs, outputs) -> None:
    """Test stage: reads its input through thundeep.io and writes a summary."""
    path = inputs["in"]
    reader = {".csv": read_csv, ".json": read_json, ".npz": load_arrays}[path.suffix]
    outputs["out"].write_text(str(len(reader(path))))


DAMAGES = {
    "corrupted": _flip_middle_byte,  # same size
    "truncated": lambda data: data[: len(data) * 2 // 3],
    "emptied": lambda data: b"",
}


@pytest.mark.reliability
@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("kind", ["csv", "json", "npz"])
def test_a_damaged_input_of_each_format_is_refused_with_its_mtime_kept(tmp_path: Path, kind: str, damage: str) -> None:
    produced, summary = tmp_path / f"r.{kind}", tmp_path / "summary.txt"
    run_stage({}, {"out": str(produced)}, {"function": f"{__name__}:writes_one_file", "kind": kind})
    run_stage({"in": str(produced)}, {"out": str(summary)}, {"function": f"{__name__}:reads_one_file"})
    summary.unlink()
    stat = produced.stat()
    produced.write_bytes(DAMAGES[damage](produced.read_bytes()))
    os.utime(produced, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(IntegrityError, match=f"{produced}: its content changed"):
        run_stage({"in": str(produced)}, {"out": str(summary)}, {"function": f"{__name__}:reads_one_file"})
    assert not summary.exists()


def runs_out_of_space(inputs, outputs, masked: bool) -> None:
    """Test stage: writes part of its output, then the disk is full (`masked`: the writer's clean-up
    fails in turn, as matplotlib's PDF writer does, so the ENOSPC is only the context)."""
    outputs["a"].write_text("half")
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        if masked:
            raise AttributeError("'Stream' object has no attribute 'pos'")  # noqa: B904 (as matplotlib does)
        raise


@pytest.mark.reliability
@pytest.mark.parametrize("masked", [False, True])
def test_a_full_disk_names_the_outputs_and_leaves_nothing(tmp_path: Path, masked: bool) -> None:
    outputs = {"a": str(tmp_path / "a.txt")}
    named = f"No space left on device \\(ENOSPC\\) while writing {tmp_path / 'a.txt'}"
    with pytest.raises(OSError, match=named) as error:
        run_stage({}, outputs, {"function": f"{__name__}:runs_out_of_space", "masked": masked})
    assert error.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def writes_two_files(inputs, outputs) -> None:
    """Test stage: writes `a` and `b`."""
    outputs["a"].write_text("a")
    outputs["b"].write_text("b")


@pytest.mark.reliability
def test_a_failure_while_moving_outputs_into_place_removes_those_already_placed(tmp_path: Path, monkeypatch) -> None:
    import thundeep.stage

    written = []

    def sidecar_then_full(partial: Path, final: Path) -> None:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(final)
        write_sidecar(partial, final)

    monkeypatch.setattr(thundeep.stage, "write_sidecar", sidecar_then_full)
    outputs = {"a": str(tmp_path / "a.txt"), "b": str(tmp_path / "b.txt")}
    with pytest.raises(OSError, match="ENOSPC"):
        run_stage({}, outputs, {"function": f"{__name__}:writes_two_files"})
    assert written == [tmp_path / "a.txt"]
    assert list(tmp_path.iterdir()) == []


def writes_a_folder(inputs, outputs, text: str) -> None:
    """Test stage: writes a folder with one file; fails when `text` is 'fail'."""
    (outputs["folder"] / "page.txt").write_text(text)
    if text == "fail":
        raise RuntimeError("boom")


@pytest.mark.reliability
def test_a_folder_output_is_swapped_in_whole_and_a_failure_keeps_the_previous_one(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    params = {"function": f"{__name__}:writes_a_folder", "directories": ["folder"]}
    run_stage({}, {"folder": str(folder)}, {**params, "text": "first"})
    with pytest.raises(RuntimeError, match="boom"):
        run_stage({}, {"folder": str(folder)}, {**params, "text": "fail"})
    assert (folder / "page.txt").read_text() == "first"
    previous_path(folder).mkdir()  # left by a job killed between its two renames
    run_stage({}, {"folder": str(folder)}, {**params, "text": "second"})
    assert (folder / "page.txt").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper"]
