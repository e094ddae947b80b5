"""Caching rules of the pipeline, through the real `snakemake` CLI on temporary copies."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SNAKEMAKE, built_files, copy_repo, planned_jobs, run_snakemake, snakemake_env, stage_processes

pytestmark = pytest.mark.e2e

PAPER = "lottery_ticket"
TARGET = ("papers/lottery_ticket", "--config", "scale=smoke")
RESULTS = Path("results/smoke/lottery_ticket")
AFTER_TARGET = {"lt_construction", "lt_construction_summary", "lt_construction_figure", "claims", "paper"}
CONSTRUCTION_JOBS = {"lt_target"} | AFTER_TARGET


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_second_run_does_nothing(smoke_repo) -> None:
    smoke_repo.build(PAPER)
    proc = smoke_repo.run(*TARGET)
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_parameter_change_reruns_only_that_experiment(built_copy) -> None:
    copy = built_copy(PAPER)
    _edit(copy / "workflow/papers/lottery_ticket/paper.yaml", "{pool_sizes: [4, 16, 64]}", "{pool_sizes: [4, 16, 32]}")
    assert set(planned_jobs(copy, *TARGET)) == AFTER_TARGET
    _edit(copy / "workflow/papers/lottery_ticket/paper.yaml", "epochs: 10, lr: 0.01", "epochs: 11, lr: 0.01")
    assert set(planned_jobs(copy, *TARGET)) == CONSTRUCTION_JOBS


def test_comment_and_docstring_edits_rerun_nothing(built_copy) -> None:
    copy = built_copy(PAPER)
    module = copy / "lib/thundeep/lottery_ticket/weight_subnetwork.py"
    _edit(module, '"""Build one target layer', '"""Construct one target layer')
    _edit(module, "    n_out, n_in = w.shape\n", "    # rows of the layer\n    n_out, n_in = w.shape  # shapes\n")
    _edit(copy / "lib/thundeep/io.py", '"""Write `data`', '"""Write the object `data`')
    assert planned_jobs(copy, *TARGET) == Counter()


@pytest.mark.parametrize(
    ("module", "old", "new", "expected"),
    [
        # The first such label in figures.py is the construction figure's; the other figures keep their hash.
        (
            "lottery_ticket/figures.py",
            'ylabel="test accuracy (%)"',
            'ylabel="accuracy (%)"',
            {"lt_construction_figure", "paper"},
        ),
        # The Gaussian neuron builds its weight-subnetworks with the same prune_layer, so it reruns too.
        (
            "lottery_ticket/weight_subnetwork.py",
            "gap = (v * u - w[..., None]).abs()",
            "gap = (u * v - w[..., None]).abs()",
            AFTER_TARGET | {"lt_gaussian_neuron", "lt_gaussian_neuron_figure"},
        ),
        (
            "claims.py",
            'verdict, reason = (HOLDS if all(passed) else FAILS), ""',
            'verdict, reason = (FAILS if not all(passed) else HOLDS), ""',
            {"claims", "paper"},
        ),
    ],
)
def test_code_edit_reruns_exactly_the_rules_that_use_it(built_copy, module, old, new, expected) -> None:
    copy = built_copy(PAPER)
    _edit(copy / "lib/thundeep" / module, old, new)
    assert set(planned_jobs(copy, *TARGET)) == expected


def test_deleting_a_result_reruns_its_producer_and_downstream(built_copy) -> None:
    copy = built_copy(PAPER)
    (copy / RESULTS / "construction/rows_single_product.csv").unlink()
    assert set(planned_jobs(copy, *TARGET)) == AFTER_TARGET
    (copy / RESULTS / "figures/construction.png").unlink()
    assert set(planned_jobs(copy, *TARGET)) == AFTER_TARGET


# The kill tests use the default-scale target job: it trains for seconds, so a job caught training is
# certainly half-way (the smoke-scale one can finish between the check and the kill).
TARGET_JOB = (
    "results/default/lottery_ticket/construction/target.npz",
    "results/default/lottery_ticket/construction/target.json",
)


@pytest.fixture(scope="module")
def uninterrupted_target(tmp_path_factory) -> dict[str, bytes]:
    """Bytes of the target job's outputs from an uninterrupted build."""
    copy = copy_repo(tmp_path_factory.mktemp("uninterrupted") / "repo")
    run_snakemake(copy, *TARGET_JOB)
    return {name: (copy / name).read_bytes() for name in TARGET_JOB}


def _start_and_freeze_training_job(copy: Path) -> tuple[subprocess.Popen, list[int]]:
    """Start the target job and stop (SIGSTOP) it while it trains; returns Snakemake and the job's PIDs."""
    proc = subprocess.Popen(
        [SNAKEMAKE, *TARGET_JOB],
        cwd=copy,
        env=snakemake_env(copy),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = copy / "results/default/lottery_ticket/logs/target.log"
    deadline = time.time() + 300
    while time.time() < deadline:
        pids = stage_processes(copy)
        if pids and log.exists() and "target epochs" in log.read_text(errors="replace"):
            for pid in pids:
                os.kill(pid, signal.SIGSTOP)
            assert not any((copy / name).exists() for name in TARGET_JOB), "the job finished before the kill"
            return proc, pids
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the target job never started training")


@pytest.mark.reliability
@pytest.mark.parametrize("victim", ["job", "snakemake"])
def test_killed_job_leaves_nothing_finished_and_rebuild_is_identical(tmp_path, uninterrupted_target, victim) -> None:
    copy = copy_repo(tmp_path / "repo")
    proc, job = _start_and_freeze_training_job(copy)
    if victim == "snakemake":
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    for pid in job:
        with contextlib.suppress(ProcessLookupError):  # gone already with Snakemake's process group
            os.kill(pid, signal.SIGKILL)
    if victim == "job":
        assert proc.wait(timeout=120) != 0
    assert not any((copy / name).exists() for name in TARGET_JOB)
    if victim == "snakemake":
        # Snakemake's own lock survives a SIGKILL of Snakemake itself; the documented remedy.
        run_snakemake(copy, "--unlock", *TARGET_JOB)
    run_snakemake(copy, *TARGET_JOB)
    assert {name: (copy / name).read_bytes() for name in TARGET_JOB} == uninterrupted_target


@pytest.mark.reliability
@pytest.mark.parametrize("victim", ["job", "snakemake"])
def test_killed_paper_job_leaves_the_previous_folder_and_rebuild_is_identical(built_copy, victim) -> None:
    copy = built_copy(PAPER)
    folder = copy / "papers" / PAPER
    before = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    proc = subprocess.Popen(
        [SNAKEMAKE, *TARGET, "--forcerun", "paper"],
        cwd=copy,
        env=snakemake_env(copy),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial = copy / "papers" / f".{PAPER}.partial"
    deadline, job = time.time() + 300, []
    while time.time() < deadline and not job:
        job = stage_processes(copy) if partial.exists() else []
        time.sleep(0.01)
    assert job, "the paper job never started"
    for pid in job:
        os.kill(pid, signal.SIGSTOP)  # caught half-way: its new folder is being written
    if victim == "snakemake":
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    for pid in job:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if victim == "job":
        assert proc.wait(timeout=120) != 0
    after = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert after == before, "the previous paper folder changed"
    if victim == "snakemake":
        run_snakemake(copy, "--unlock", *TARGET)
    run_snakemake(copy, *TARGET)
    rebuilt = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    different = [name for name in before if rebuilt.get(name) != before[name]]
    assert all(Path(name).name == "manifest.json" for name in different), different  # it holds stage timings
    assert rebuilt.keys() == before.keys()


def test_two_clean_builds_are_byte_identical(smoke_repo, tmp_path) -> None:
    smoke_repo.build(PAPER)
    other = copy_repo(tmp_path / "other")
    run_snakemake(other, *TARGET)
    first, second = built_files(smoke_repo.path, PAPER), built_files(other, PAPER)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    for folder in (smoke_repo.path, other):
        manifest = (folder / "papers" / PAPER / "manifest.json").read_text()
        assert "manifest.json" in manifest
