"""What a build would cost before it runs: the jobs of a Snakemake dry run with their declared resources.

Each job's cost is its threads times its declared `runtime` (paper.yaml's `resources` at the scale,
the profile's default otherwise). Runtimes are wall-time limits, so the core-hours are upper bounds.
The full-scale runtimes are estimates for `REFERENCE_NODE` (paper.yaml says how each was measured).

    python scripts/plan_cost.py spurious_minima lottery_ticket --scale full
    snakemake papers/<paper> --config scale=full -n --cores 1024 | python scripts/plan_cost.py -
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_JOB_HEADER = re.compile(r"^(?:local)?(?:rule|checkpoint) (\w+):$")
LONG_JOB_HOURS = 2.0
REFERENCE_NODE = "one core per thread of an Intel Xeon with AVX-512 (the 2-core development VM), torch on the CPU"
"""What a declared runtime is measured on; a GPU job's runtime is its CPU-only time there (an upper bound)."""
"""A job declared to run longer than this (on its threads) should be split for a cluster."""


@dataclass(frozen=True)
class PlannedJob:
    """One job of a dry run: its rule, threads and declared resources."""

    rule: str
    threads: int
    runtime_min: float
    mem_mb: int
    gpu: int

    @property
    def core_hours(self) -> float:
        return self.threads * self.runtime_min / 60

    @property
    def gpu_hours(self) -> float:
        return self.gpu * self.runtime_min / 60


def _resources(line: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in line.split(":", 1)[1].strip().split(", ") if "=" in item)


def parse_dry_run(text: str, default_runtime: float = 10, default_mem_mb: int = 1000) -> list[PlannedJob]:
    """The jobs listed by `snakemake --dry-run` (its per-job blocks), in order."""
    jobs: list[PlannedJob] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            res = current["resources"]
            jobs.append(
                PlannedJob(
                    rule=current["rule"],
                    threads=current["threads"],
                    runtime_min=float(res.get("runtime", default_runtime)),
                    mem_mb=int(res.get("mem_mb", default_mem_mb)),
                    gpu=int(res.get("gpu", 0)),
                )
            )

    for raw in text.splitlines():
        line = raw.strip()
        header = _JOB_HEADER.match(raw.rstrip())
        if header:
            close()
            current = dict(rule=header.group(1), threads=1, resources={})
        elif current is not None and raw.startswith("    "):
            if line.startswith("threads:"):
                current["threads"] = int(line.split(":", 1)[1])
            elif line.startswith("resources:"):
                current["resources"] = _resources(line)
        elif current is not None and not raw.startswith("    "):
            close()
            current = None
    close()
    return jobs


def report(title: str, jobs: Iterable[PlannedJob], long_hours: float = LONG_JOB_HOURS) -> str:
    """A table of the planned jobs per rule with their core- and GPU-hours, and the total."""
    jobs = list(jobs)
    rules: dict[str, list[PlannedJob]] = {}
    for job in jobs:
        rules.setdefault(job.rule, []).append(job)
    total_core, total_gpu = sum(j.core_hours for j in jobs), sum(j.gpu_hours for j in jobs)
    lines = [
        f"{title}: {len(jobs)} jobs, {total_core:.1f} core-hours, {total_gpu:.1f} GPU-hours "
        "(declared runtimes: upper bounds)",
        f"  {'rule':<32} {'jobs':>5} {'threads':>7} {'h/job':>7} {'mem_mb':>7} {'gpu':>4} {'core-h':>9}",
    ]
    for rule, group in sorted(rules.items(), key=lambda item: -sum(j.core_hours for j in item[1])):
        longest = max(j.runtime_min for j in group) / 60
        flag = f"  > {long_hours:g} h per job: split it" if longest > long_hours else ""
        lines.append(
            f"  {rule:<32} {len(group):>5} {max(j.threads for j in group):>7} {longest:>7.2f} "
            f"{max(j.mem_mb for j in group):>7} {max(j.gpu for j in group):>4} "
            f"{sum(j.core_hours for j in group):>9.1f}{flag}"
        )
    return "\n".join(lines)


def dry_run(paper: str, scale: str, root: Path) -> str:
    """The output of `snakemake papers/<paper> --dry-run` at `scale`, threads not capped by this machine."""
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    proc = subprocess.run(
        [snakemake, f"papers/{paper}", "--dry-run", "--cores", "1024", "--config", f"scale={scale}"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"dry run of {paper} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout + proc.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("papers", nargs="*", help="papers to plan (all when none); '-' reads a dry run from stdin")
    parser.add_argument("--scale", default="full")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    args = parser.parse_args(argv)
    if args.papers == ["-"]:
        print(report("dry run from stdin", parse_dry_run(sys.stdin.read())))
        return 0
    papers = args.papers or sorted(p.parent.name for p in (args.root / "workflow" / "papers").glob("*/paper.yaml"))
    every = []
    for paper in papers:
        jobs = parse_dry_run(dry_run(paper, args.scale, args.root))
        every += jobs
        print(report(f"{paper} (scale {args.scale})", jobs), end="\n\n")
    print(f"runtimes are declared for the reference node: {REFERENCE_NODE}")
    if len(papers) > 1:
        print(
            f"all {len(papers)} papers: {len(every)} jobs, {sum(j.core_hours for j in every):.1f} core-hours, "
            f"{sum(j.gpu_hours for j in every):.1f} GPU-hours"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
