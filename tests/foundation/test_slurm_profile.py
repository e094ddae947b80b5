"""The SLURM profile and what it submits: the default profile's settings, and each rule's resources
(GPUs included) turned into sbatch options. No cluster or GPU is needed: `sbatch` is a stand-in that
records its arguments and refuses the job."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SLURM_PLUGIN_MISSING, run_snakemake
from thundeep.paperspec import SCALES, scale_value

PROFILES = REPO / "workflow" / "profiles"
GPU_RULES = {  # rules whose stages move their tensors to thundeep.runtime.default_device()
    "depth_separation": {"ball_train", "shell_train", "random_features_fit", "random_features_fit_chunk"},
    "lottery_ticket": {"subnetwork_search", "subnetwork_search_chunk"},
    "nonsmooth_stationarity": {"hitting"},
    "random_features": {"population", "polynomial", "polynomial_chunk"},  # not fine_search, not the gather
    "separable_data": {"rates", "small_samples", "mnist"},
    "spurious_minima": {"analyse", "analyse_chunk"},  # its descents run in a numba kernel on the CPU
}


def profile(name: str) -> dict:
    return yaml.safe_load((PROFILES / name / "config.yaml").read_text())


def test_slurm_profile_carries_the_default_settings() -> None:
    default, slurm = profile("default"), profile("slurm")
    for key, value in default.items():
        if key != "cores":  # local parallelism; SLURM jobs are bounded by `jobs` instead
            assert slurm.get(key) == value, key
    assert slurm["executor"] == "slurm"
    assert slurm["jobs"] >= 1
    assert slurm["slurm-init-seconds-before-status-checks"] <= 5  # tests wait seconds, not minutes


def paper_resources(paper: str) -> dict:
    return yaml.safe_load((REPO / "workflow" / "papers" / paper / "paper.yaml").read_text()).get("resources") or {}


def test_gpus_are_requested_at_full_scale_only() -> None:
    """A GPU pays at full scale; a smoke or default build must run on a CPU-only cluster."""
    papers = sorted(p.parent.name for p in (REPO / "workflow" / "papers").glob("*/paper.yaml"))
    wanting = {}
    for paper in papers:
        for rule, resources in paper_resources(paper).items():
            gpu = {scale: scale_value(resources.get("gpu"), scale) or 0 for scale in SCALES}
            assert gpu["smoke"] == gpu["default"] == 0, (paper, rule, gpu)
            if gpu["full"]:
                wanting.setdefault(paper, set()).add(rule)
    assert wanting == GPU_RULES


@pytest.fixture
def fake_slurm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SLURM commands that answer without a cluster: sinfo names one partition, sbatch appends its
    arguments to the returned file and fails, every other command fails."""
    bin_dir, calls = tmp_path / "fake_slurm", tmp_path / "sbatch_calls.txt"
    bin_dir.mkdir()
    scripts = {
        "sinfo": 'printf "PARTITION\\nfake*\\n"',
        "sbatch": f'printf "%s\\n" "$*" >> {calls}; echo "sbatch: recorded only" >&2; exit 1',
    }
    for tool in ("sinfo", "sbatch", "sacct", "squeue", "scontrol", "sacctmgr", "sshare", "srun"):
        script = bin_dir / tool
        script.write_text("#!/bin/sh\n" + scripts.get(tool, f'echo "{tool}: no cluster here" >&2; exit 1') + "\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}:{Path('/bin')}:{Path('/usr/bin')}")
    return calls


def submitted(copy: Path, calls: Path, scale: str, target: str) -> str:
    """The sbatch arguments with which the SLURM profile submits the job that makes `target`."""
    calls.unlink(missing_ok=True)
    proc = run_snakemake(
        copy, target, "--config", f"scale={scale}", "--profile", "workflow/profiles/slurm", check=False, timeout=300
    )
    assert calls.exists(), f"sbatch was never called:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    lines = calls.read_text().splitlines()
    assert len(lines) == 1, lines
    return lines[0].split(" --wrap=", 1)[0]


@pytest.mark.e2e
@pytest.mark.skipif(SLURM_PLUGIN_MISSING is not None, reason=str(SLURM_PLUGIN_MISSING))
def test_the_submission_carries_the_rule_resources_and_gpu(fresh_copy: Path, fake_slurm: Path) -> None:
    target = "results/{}/nonsmooth_stationarity/tables/hitting.csv"
    wanted = paper_resources("nonsmooth_stationarity")["hitting"]
    for scale in ("full", "smoke"):
        args = submitted(fresh_copy, fake_slurm, scale, target.format(scale))
        assert "--comment rule_ns_hitting" in args
        assert f" -t {scale_value(wanted['runtime'], scale)} " in f"{args} "
        assert f" --mem {scale_value(wanted['mem_mb'], scale)} " in f"{args} "
        assert re.search(r"--cpus-per-(task|gpu)[= ]1\b", args), args
        gpus = re.findall(r"--gpus[= ](\S+)|--gres[= ]gpu:(\S+)", args)
        assert gpus == ([("1", "")] if scale == "full" else []), (scale, args)
