"""Faults on purpose, through the real CLI: kill -9 at several points of a build, damaged results, a full
disk, two builds at once. After each, nothing may look finished that is not, and the rebuild must equal
a clean build byte for byte (manifest.json aside). Kills in the middle of a training job and of the
`paper` job of a built paper are in test_e2e_caching.py; readers and the sidecar check of every
format and damage are unit-tested in test_stage_and_io.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SNAKEMAKE, built_files, copy_repo, run_snakemake, snakemake_env, stage_processes
from thundeep.integrity import sidecar_path
from thundeep.provenance import sha256_file

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]

PAPER = "nonsmooth_stationarity"  # the quickest smoke build (8 jobs, CSV, JSON and figures)
TARGET = (f"papers/{PAPER}", "--config", "scale=smoke")
RESULTS = Path("results/smoke") / PAPER


def start_build(copy: Path, *args: str) -> subprocess.Popen:
    """Start `snakemake <args>` in `copy` in its own process group; its output goes to a temporary file
    (`output(proc)` reads it), so that a full pipe never stalls it."""
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by output())
    proc = subprocess.Popen(
        [SNAKEMAKE, *args],
        cwd=copy,
        env=snakemake_env(copy),
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.log = log
    return proc


def output(proc: subprocess.Popen) -> str:
    """Everything a build started by start_build printed (call once it has ended)."""
    proc.log.seek(0)
    text = proc.log.read()
    proc.log.close()
    return text


def wait_for_job(copy: Path, proc: subprocess.Popen, log: Path, since_ns: int) -> list[int]:
    """Wait until the job writing `log` runs (its log opened after `since_ns`); returns the stage PIDs."""
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the build ended before {log.name} was written:\n{output(proc)[-3000:]}")
        pids = stage_processes(copy)
        if pids and log.exists() and log.stat().st_mtime_ns >= since_ns:
            return pids
        time.sleep(0.02)
    raise AssertionError(f"no job wrote {log} within 300 s")


def kill(proc: subprocess.Popen, jobs: list[int], victim: str) -> None:
    """kill -9 the running jobs, and Snakemake with them when `victim` is 'snakemake'."""
    if victim == "snakemake":
        os.killpg(proc.pid, signal.SIGKILL)
    for pid in jobs:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    returncode = proc.wait(timeout=120)
    assert returncode != 0, output(proc)[-3000:]
    output(proc)


def assert_nothing_half_written(copy: Path, first_build: bool = True) -> None:
    """Every results file under a final name has a sidecar that matches it; a first build has no paper
    folder until it finishes."""
    for path in (copy / RESULTS).rglob("*"):
        rel = path.relative_to(copy / RESULTS)
        if not path.is_file() or rel.parts[0] in ("logs", "benchmarks") or path.name.startswith("."):
            continue
        sidecar = sidecar_path(path)
        assert sidecar.is_file(), f"{rel} looks finished but has no sidecar"
        assert sidecar.read_text().strip() == sha256_file(path), f"{rel} does not match its sidecar"
    assert not (first_build and (copy / "papers" / PAPER).exists()), "a paper folder appeared before the end"


def clean_build(smoke_repo, paper: str = PAPER) -> dict[str, bytes]:
    smoke_repo.build(paper)
    return built_files(smoke_repo.path, paper)


KILL_POINTS = [
    # (the job running when the kill comes, as its log's name; what is killed). Each job is still to run
    # at its point: ns_hitting never finished, its figure and the paper job come after it.
    ("hitting", "snakemake"),  # a first-level stage, with Snakemake: its lock survives
    ("hitting_figure", "job"),  # a figure job alone: Snakemake sees it fail and stops
    ("paper", "snakemake"),  # the paper job of a first build: no paper folder may appear
]


def test_kill_9_at_several_points_then_a_rebuild_equals_a_clean_build(smoke_repo, tmp_path: Path) -> None:
    copy = copy_repo(tmp_path / "repo")
    for log, victim in KILL_POINTS:
        since = time.time_ns()
        proc = start_build(copy, *TARGET)
        kill(proc, wait_for_job(copy, proc, copy / RESULTS / "logs" / f"{log}.log", since), victim)
        assert_nothing_half_written(copy)
        if victim == "snakemake":
            run_snakemake(copy, "--unlock", *TARGET)  # the documented remedy for a killed Snakemake
    run_snakemake(copy, *TARGET)
    rebuilt, clean = built_files(copy, PAPER), clean_build(smoke_repo)
    assert rebuilt.keys() == clean.keys()
    assert [name for name in clean if rebuilt[name] != clean[name]] == []


def _keep_mtime(path: Path, damage) -> None:
    stat = path.stat()
    path.write_bytes(damage(path.read_bytes()))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_damaged_results_of_each_format_stop_the_jobs_that_read_them(built_copy) -> None:
    copy = built_copy("single_neuron")
    results = copy / "results" / "smoke" / "single_neuron"
    folder = copy / "papers" / "single_neuron"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    damaged = {
        # a CSV cut at a line boundary still parses: only its sha256 tells (read by its figure)
        results / "tables" / "stuck_coordinates.csv": lambda b: b[: b.rindex(b"\n", 0, -1) + 1],
        # an NPZ with the same size and other bytes (read by its figure)
        results / "angle" / "trajectories.npz": lambda b: b[:-100] + bytes(100),
        # an emptied JSON (read by the claims job)
        results / "metrics" / "linear_convergence.json": lambda b: b"",
    }
    good = {path: (path.read_bytes(), path.stat()) for path in damaged}
    for path, damage in damaged.items():
        _keep_mtime(path, damage)
    proc = run_snakemake(
        copy,
        *(
            "papers/single_neuron",
            "--config",
            "scale=smoke",
            "--keep-going",
            "--forcerun",
            "sn_stuck_coordinates_figure",
            "sn_angle_figure",
            "claims",
        ),
        check=False,
    )
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for path in damaged:
        assert f"{path.relative_to(copy)}: its content changed" in text, path.name
    assert "Delete" in text and "build again" in text
    for figure in ("stuck_coordinates", "angle"):
        assert not (results / "figures" / f"{figure}.png").exists()  # Snakemake removed the failed job's outputs
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before, "the paper folder changed"
    # The paper job checks what it copies: a figure only it reads, damaged with its mtime kept.
    for path, (data, stat) in good.items():
        path.write_bytes(data)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    figure = results / "figures" / "initialisation_probability.png"
    _keep_mtime(figure, lambda b: b[: len(b) // 2])
    proc = run_snakemake(copy, "papers/single_neuron", "--config", "scale=smoke", "--forcerun", "paper", check=False)
    assert proc.returncode != 0
    assert f"{figure.relative_to(copy)}: its content changed" in proc.stdout + proc.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before, "the paper folder changed"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted for the test (needs root; skipped with the reason where mount is refused)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True, check=False
        )
        refused = proc.stderr.strip() if proc.returncode != 0 else ""
    except FileNotFoundError:
        refused = "no mount command"
    if refused:
        pytest.skip(f"cannot mount a tmpfs to fill up (needs root): {refused}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` with one file until only about `leave` bytes are free; returns that file."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    filler.write_bytes(bytes(max(stat.f_bavail * stat.f_frsize - leave, 0)))
    return filler


def move_onto(disk: Path, path: Path) -> None:
    """Move `path` onto `disk` and leave a symlink in its place."""
    shutil.move(path, disk / path.name)
    path.symlink_to(disk / path.name)


def test_a_full_results_disk_fails_naming_enospc_and_a_rebuild_after_freeing_space_succeeds(
    smoke_repo, built_copy, small_disk: Path
) -> None:
    copy = built_copy(PAPER)
    move_onto(small_disk, copy / RESULTS)
    for ext in ("pdf", "png"):
        (copy / RESULTS / "figures" / f"hitting.{ext}").unlink()  # its figure job has ~100 kB to write
    filler = fill(small_disk, 32_000)
    proc = run_snakemake(copy, *TARGET, check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"No space left on device (ENOSPC) while writing {RESULTS}/figures/hitting.pdf" in text
    assert "Free space there" in text
    assert not (copy / RESULTS / "figures" / "hitting.png").exists()
    assert [p.name for p in (copy / RESULTS).rglob("*partial*")] == []
    assert_nothing_half_written(copy, first_build=False)
    filler.unlink()
    run_snakemake(copy, *TARGET)
    rebuilt, clean = built_files(copy, PAPER), clean_build(smoke_repo)
    assert [name for name in clean if rebuilt.get(name) != clean[name]] == [] and rebuilt.keys() == clean.keys()


def test_a_full_disk_under_the_paper_folder_keeps_the_previous_folder(built_copy, small_disk: Path) -> None:
    copy = built_copy(PAPER)
    papers = copy / "papers"
    for other in papers.iterdir():
        if other.name != PAPER:
            shutil.rmtree(other) if other.is_dir() else other.unlink()
    move_onto(small_disk, papers)
    folder = papers / PAPER
    before = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    filler = fill(small_disk, 64_000)  # less than the new folder, which is built beside the old one
    proc = run_snakemake(copy, *TARGET, "--forcerun", "paper", check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0 and f"No space left on device (ENOSPC) while writing papers/{PAPER}" in text
    after = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before, "the previous paper folder changed"
    assert sorted(p.name for p in papers.iterdir()) == [PAPER], "a partial folder was left beside it"
    filler.unlink()
    run_snakemake(copy, *TARGET, "--forcerun", "paper")
    rebuilt = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert rebuilt.keys() == before.keys()
    assert [name for name in before if rebuilt[name] != before[name]] in ([], ["manifest.json"])


def _paused_build(copy: Path, *args: str) -> tuple[subprocess.Popen, list[int]]:
    """Start a build and stop (SIGSTOP) its first job: the build then holds Snakemake's lock."""
    since = time.time_ns()
    proc = start_build(copy, *args)
    jobs = wait_for_job(copy, proc, copy / RESULTS / "logs" / "smoothing.log", since)
    for pid in jobs:
        os.kill(pid, signal.SIGSTOP)
    return proc, jobs


def _resume(proc: subprocess.Popen, jobs: list[int]) -> None:
    for pid in jobs:
        os.kill(pid, signal.SIGCONT)
    returncode = proc.wait(timeout=600)
    assert returncode == 0, output(proc)[-4000:]
    output(proc)


def test_a_second_build_of_the_same_paper_is_refused_and_the_first_completes(smoke_repo, built_copy) -> None:
    copy = built_copy(PAPER)
    first, jobs = _paused_build(copy, *TARGET, "--forcerun", "ns_smoothing")
    try:
        assert any((copy / ".snakemake" / "locks").iterdir()), "the first build holds no lock"
        second = run_snakemake(copy, *TARGET, "--forcerun", "ns_smoothing", check=False)
    finally:
        _resume(first, jobs)
    assert second.returncode != 0 and "Directory cannot be locked" in second.stdout + second.stderr
    assert built_files(copy, PAPER) == clean_build(smoke_repo)


def test_builds_of_two_papers_run_at_once_and_both_complete(smoke_repo, built_copy) -> None:
    smoke_repo.build("single_neuron")
    copy = built_copy(PAPER)
    first, jobs = _paused_build(copy, *TARGET, "--forcerun", "ns_smoothing")
    try:  # the other paper builds while the first build holds its lock
        run_snakemake(copy, "papers/single_neuron", "--config", "scale=smoke", "--forcerun", "sn_angle_figure")
    finally:
        _resume(first, jobs)
    assert built_files(copy, PAPER) == clean_build(smoke_repo)
    assert built_files(copy, "single_neuron") == clean_build(smoke_repo, "single_neuron")
