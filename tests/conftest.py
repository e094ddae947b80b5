"""Shared fixtures: temporary copies of the repository and the real `snakemake` CLI run inside them.

End-to-end tests never touch the checkout's own results/ or papers/. A session-wide copy builds each
requested paper once at smoke scale; tests that change files get their own copy of that built tree.
The copies import the library from their own lib/ (PYTHONPATH), so edits made there take effect.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COPIED = ("workflow", "lib", "pyproject.toml", "environment.yml")
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


SLURM_PLUGIN_MISSING = (
    'the SLURM executor plugin is not installed (pip install -e ".[slurm]")'
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None
    else None
)
"""Why tests that submit through the SLURM profile cannot run here, or None when they can."""


def copy_repo(dest: Path) -> Path:
    """Copy the sources a build needs (workflow/, lib/, the package files) into `dest`; return it.

    numba's on-disk kernel cache (lib/**/__pycache__/*.nbi, *.nbc, valid while the source's size and
    mtime match) travels with lib/, so a copy's jobs load the kernels instead of compiling them.
    """
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("*.pyc", "*.egg-info", ".snakemake")
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def copy_with_spec_edits(dest: Path, paper: str, edits: list[tuple[str, str]]) -> Path:
    """`copy_repo(dest)` with each `old` text of the copy's workflow/papers/<paper>/paper.yaml (found
    exactly once) replaced by `new`, in order; returns the copy."""
    copy = copy_repo(dest)
    spec = copy / "workflow" / "papers" / paper / "paper.yaml"
    text = spec.read_text()
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} is not in {spec} exactly once"
        text = text.replace(old, new)
    spec.write_text(text)
    return copy


def snakemake_env(copy: Path) -> dict[str, str]:
    """Environment for a build in `copy`: its own lib/ first on the path, CPU only."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy / "lib") + os.pathsep + env.get("PYTHONPATH", "")
    env["THUNDEEP_DEVICE"] = "cpu"
    env["PATH"] = str(Path(SNAKEMAKE).parent) + os.pathsep + env.get("PATH", "")
    return env


def run_snakemake(
    copy: Path,
    *args: str,
    check: bool = True,
    timeout: float = 900,
) -> subprocess.CompletedProcess:
    """Run the real `snakemake` CLI in `copy`; raises with its output when `check` and it fails."""
    proc = subprocess.run(
        [SNAKEMAKE, *args], cwd=copy, env=snakemake_env(copy), capture_output=True, text=True, timeout=timeout
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"snakemake {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}"
        )
    return proc


def built_files(root: Path, paper: str, scale: str = "smoke") -> dict[str, bytes]:
    """Bytes of every built file of `paper` in `root` that must be reproducible: its results (sidecars
    included) and its paper folder, without logs, timings or manifest.json."""
    files = {}
    for base in (root / "results" / scale / paper, root / "papers" / paper):
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not {"logs", "benchmarks"} & set(rel.parts) and path.name != "manifest.json":
                files[str(rel)] = path.read_bytes()
    return files


def stage_processes(copy: Path) -> list[int]:
    """PIDs of the running stage scripts that Snakemake started in `copy`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue
            if "stage.py" in cmdline and cwd == str(copy):
                pids.append(int(entry.name))
    return pids


_JOB_LINE = re.compile(r"^(\w+)\s+(\d+)$")


def planned_jobs(copy: Path, *args: str) -> Counter:
    """Rules (with job counts) a dry run of `snakemake <args>` in `copy` would run."""
    proc = run_snakemake(copy, "--dry-run", *args)
    text = proc.stdout + proc.stderr
    if "Nothing to be done" in text:
        return Counter()
    stats = text.split("Job stats:", 1)[1]
    jobs = Counter()
    for line in stats.splitlines()[3:]:
        match = _JOB_LINE.match(line.strip())
        if not match:
            break
        if match.group(1) != "total":
            jobs[match.group(1)] = int(match.group(2))
    return jobs


class SmokeRepo:
    """One session-wide repository copy in which papers are built at smoke scale, once each.

    Under pytest-xdist the workers share it: a build holds an exclusive lock on it, a copy of it a
    shared one, and a marker file records each paper built.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / "repo"
        self._lock = root / "smoke.lock"
        with self.locked(exclusive=True):
            if not (root / "copied").exists():
                copy_repo(self.path)
                (root / "copied").touch()

    @contextmanager
    def locked(self, exclusive: bool) -> Iterator[None]:
        """Hold the shared copy's lock (exclusive to build in it, shared to read or copy it)."""
        self._lock.parent.mkdir(parents=True, exist_ok=True)
        with self._lock.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def build(self, paper: str) -> Path:
        """Build papers/<paper> at smoke scale (once per session); returns its folder."""
        marker = self._lock.with_name(f"built-{paper}")
        with self.locked(exclusive=True):
            if not marker.exists():
                run_snakemake(self.path, f"papers/{paper}", "--config", "scale=smoke")
                marker.touch()
        return self.path / "papers" / paper

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """`run_snakemake` in the shared copy, holding its lock (Snakemake locks the folder as well)."""
        with self.locked(exclusive=True):
            return run_snakemake(self.path, *args)


@pytest.fixture(scope="session")
def smoke_repo(tmp_path_factory: pytest.TempPathFactory) -> SmokeRepo:
    """The session's shared built copy (read-only for tests: copy it before changing anything)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker's base sits in the session's folder
        base = base.parent
    return SmokeRepo(base / "smoke")


@pytest.fixture
def built_copy(smoke_repo: SmokeRepo, tmp_path: Path) -> Callable[[str], Path]:
    """`built_copy(paper)`: a private copy of the repo with `paper` already built at smoke scale."""

    def make(paper: str) -> Path:
        smoke_repo.build(paper)
        dest = tmp_path / "repo"
        with smoke_repo.locked(exclusive=False):
            shutil.copytree(smoke_repo.path, dest, symlinks=True)
        return dest

    return make


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    """A copy of the repository sources with nothing built."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session", autouse=True)
def compiled_kernels() -> None:
    """Compile (or load) the library's numba kernels once, in this checkout's lib/, before any copy is
    made: every copy then carries their cache (compiling them costs about 7 s of CPU per copy)."""
    import numpy as np
    import torch

    from thundeep.random_shuffling.instances import eq2
    from thundeep.random_shuffling.simulate import simulate
    from thundeep.spurious_minima.gradient_descent import Descent, descend

    teacher = torch.eye(2, dtype=torch.float64)
    descend(torch.ones(1, 2, 2, dtype=torch.float64), teacher, Descent(0.1, 0.0, "frobenius", 1))
    for method in ("wr", "rr"):
        simulate(eq2(), method, 4, 2, [0.1], 2, np.random.default_rng(0))


@pytest.fixture(autouse=True)
def one_torch_thread():
    """Each test runs with one torch thread, as the pipeline's stages do (threads: 1): tiny tensors on
    shared cores run faster that way. The previous count is restored afterwards."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def _start_order(item: pytest.Item) -> int:
    """0: an end-to-end test that builds in its own copy only; 1: one that uses the shared smoke build;
    2: the rest (unit tests)."""
    if item.get_closest_marker("e2e") is None:
        return 2
    return 1 if {"smoke_repo", "built_copy"} & set(getattr(item, "fixturenames", ())) else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """End-to-end tests first, in their collected order, then the rest: the long builds start while
    both workers are free, and the many short unit tests fill the last gaps. Among them, those that
    build only in their own copy go first: they never wait for the shared build's lock, so while one
    worker builds a paper in the shared copy the other has work that does not queue behind it."""
    items.sort(key=_start_order)
