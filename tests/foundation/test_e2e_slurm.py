"""A smoke build through the SLURM profile on a real cluster (`scripts/slurm_local.sh start` gives one).

Skipped, with the reason, where no cluster answers `sinfo`. On a multi-node cluster pytest's
--basetemp must lie on a filesystem the compute nodes share.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SLURM_PLUGIN_MISSING, run_snakemake
from thundeep.paperspec import scale_value

pytestmark = [pytest.mark.e2e, pytest.mark.slurm]

PAPER = "implicit_regularization"  # six jobs, the fastest smoke build
PROFILE = "workflow/profiles/slurm"
SHARED_RULES = {"claims", "paper"}  # rules of every paper; they take the profile's default resources
GROUP = "report"  # the job group of a paper's figures, claims and folder (workflow/rules/common.smk)
REPORT_RULES = ["claims", "ir_hidden_neuron_figure", "ir_limits_figure", "paper"]


def slurm_unreachable() -> str | None:
    """Why no SLURM cluster can be used from here, or None when `sinfo` answers."""
    hint = "scripts/slurm_local.sh start (as root) installs and starts a one-node cluster"
    if SLURM_PLUGIN_MISSING:
        return SLURM_PLUGIN_MISSING
    if shutil.which("sinfo") is None:
        return f"no SLURM cluster: sinfo is not installed ({hint})"
    try:
        proc = subprocess.run(["sinfo", "-h", "-o", "%P %a"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return f"no SLURM cluster: sinfo did not answer in 30 s ({hint})"
    if proc.returncode != 0:
        return f"no SLURM cluster reachable: sinfo failed: {proc.stderr.strip()} ({hint})"
    return None


@pytest.fixture(scope="module")
def slurm_cluster() -> None:
    reason = slurm_unreachable()
    if reason:
        pytest.skip(reason)


def expected_resources(paper: str, rule: str) -> tuple[int, int]:
    """(CPUs, memory in MB) that `rule` asks for at smoke scale: paper.yaml's `resources`, else the profile's."""
    profile = yaml.safe_load((REPO / PROFILE / "config.yaml").read_text())
    spec = yaml.safe_load((REPO / "workflow" / "papers" / paper / "paper.yaml").read_text())
    wanted = {}
    if rule not in SHARED_RULES:
        wanted = (spec.get("resources") or {}).get(rule.split("_", 1)[1]) or {}
    threads = scale_value(wanted.get("threads", 1), "smoke")
    mem_mb = scale_value(wanted.get("mem_mb", profile["default-resources"]["mem_mb"]), "smoke")
    return threads, mem_mb


def megabytes(text: str) -> int:
    """sacct's ReqMem ("2000M", "2G", "500Mn"/"500Mc" in older versions) in MB."""
    number, unit = re.match(r"^(\d+(?:\.\d+)?)([KMGT]?)", text).groups()
    factor = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024, "": 1}[unit]
    return round(float(number) * factor)


def sacct_rows(job_ids: list[str], timeout: float = 60) -> dict[str, dict[str, str]]:
    """sacct's record of each job (by job id), once every one of them is recorded as finished."""
    fields = ["JobIDRaw", "Comment", "State", "AllocCPUS", "ReqMem"]
    deadline = time.monotonic() + timeout
    while True:
        proc = subprocess.run(
            ["sacct", "-X", "-P", "-n", "-j", ",".join(job_ids), f"--format={','.join(fields)}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, f"sacct failed (is accounting through slurmdbd set up?): {proc.stderr}"
        rows = {
            line.split("|")[0]: dict(zip(fields, line.split("|"), strict=True))
            for line in proc.stdout.splitlines()
            if line
        }
        if set(rows) == set(job_ids) and all(r["State"] == "COMPLETED" for r in rows.values()):
            return rows
        if time.monotonic() > deadline:
            return rows
        time.sleep(1)


def folder_files(folder: Path) -> dict[str, bytes]:
    """Bytes of every file of a built paper folder except manifest.json."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_smoke_build_through_slurm(slurm_cluster, smoke_repo, fresh_copy: Path) -> None:
    start = time.monotonic()
    proc = run_snakemake(fresh_copy, f"papers/{PAPER}", "--config", "scale=smoke", "--profile", PROFILE)
    slurm_seconds = time.monotonic() - start
    text = proc.stdout + proc.stderr

    # (a) every job went through SLURM: each experiment job as its own SLURM job, which sacct records
    # with the CPUs and memory its rule asks for, and the report jobs (figures, claims, paper) as one
    rules = re.findall(r"^rule (\w+):$", text, re.M)
    grouped = re.findall(r"^\s+rule (\w+):$", text, re.M)
    job_ids = re.findall(r"has been submitted with SLURM jobid (\d+)", text)
    assert sorted(grouped) == sorted(REPORT_RULES), f"report group {grouped}:\n{text[-3000:]}"
    assert rules and len(job_ids) == len(rules) + 1, f"{len(rules)} jobs + 1 group, {len(job_ids)} submissions"
    rows = sacct_rows(job_ids)
    assert set(rows) == set(job_ids), f"sacct lacks jobs {set(job_ids) - set(rows)}"
    seen, groups = [], []
    for row in rows.values():
        assert row["State"] == "COMPLETED", row
        if row["Comment"].startswith(f"rule_{GROUP}_"):
            groups.append(row["Comment"])
            continue
        rule = re.match(r"^rule_(\w+?)(?:_wildcards_.*)?$", row["Comment"]).group(1)
        seen.append(rule)
        cpus, mem_mb = expected_resources(PAPER, rule)
        assert (int(row["AllocCPUS"]), megabytes(row["ReqMem"])) == (cpus, mem_mb), (rule, row)
    assert sorted(seen) == sorted(rules)
    assert groups == [f"rule_{GROUP}_{'_'.join(sorted(REPORT_RULES))}"], groups
    assert any(expected_resources(PAPER, r)[1] != 1000 for r in rules), "no rule with its own memory: weak test"

    # (b) the built folder is byte-identical, manifest.json aside, to a local smoke build
    start = time.monotonic()
    local = smoke_repo.build(PAPER)
    local_seconds = time.monotonic() - start
    slurm_files, local_files = folder_files(fresh_copy / "papers" / PAPER), folder_files(local)
    assert sorted(slurm_files) == sorted(local_files)
    different = [name for name in slurm_files if slurm_files[name] != local_files[name]]
    assert not different, f"differ between the SLURM and the local build: {different}"
    print(
        f"\n{PAPER} smoke: SLURM build {slurm_seconds:.1f} s "
        f"({len(job_ids)} submissions, {len(rules) + len(grouped)} jobs); "
        f"local build {local_seconds:.1f} s (0 when the session had built it already)"
    )
