"""What a build would cost before it runs: the jobs of a Snakemake dry run with their declared and measured cost.

Each job's declared cost is its threads times its declared `runtime` (paper.yaml's `resources` at the
scale, the profile's default otherwise); runtimes are wall-time limits, so those core-hours are upper
bounds. paper.yaml's `measured` section holds, per full-scale rule, the measured wall minutes of its
representative (largest) job on `REFERENCE_NODE` and how it was taken; the measured cost counts every
job of a rule at that time, and the declared full runtime is ceil(minutes * margin).

    python scripts/plan_cost.py spurious_minima lottery_ticket --scale full
    python scripts/plan_cost.py --json > docs/full_scale_plan.json
    snakemake papers/<paper> --config scale=full -n --cores 1024 | python scripts/plan_cost.py -
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thundeep.paperspec import load_yaml, scale_value

_JOB_HEADER = re.compile(r"^(\s*)(?:local)?(?:rule|checkpoint) (\w+):$")
"""A job's first line; a job group's jobs are listed indented under the group's line."""
LONG_JOB_HOURS = 2.0
"""A job declared to run longer than this (on its threads) should be split for a cluster."""
REFERENCE_NODE = "one core per thread of an Intel Xeon with AVX-512 (the 2-core development VM), torch on the CPU"
"""What a declared runtime is measured on; a GPU job's runtime is its CPU-only time there (an upper bound)."""


@dataclass(frozen=True)
class PlannedJob:
    """One job of a dry run: its rule, threads and declared resources."""

    rule: str
    threads: int
    runtime_min: float
    mem_mb: int
    gpu: int
    wildcards: str = ""
    """The job's wildcards as the dry run prints them (`protocol=colt21, k=20`); "" for a rule without any."""

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
                    wildcards=current["wildcards"],
                )
            )

    for raw in text.splitlines():
        line = raw.strip()
        header = _JOB_HEADER.match(raw.rstrip())
        if header:
            close()
            current = dict(rule=header.group(2), threads=1, resources={}, wildcards="", indent=len(header.group(1)))
        elif current is not None and line and len(raw) - len(raw.lstrip()) > current["indent"]:
            if line.startswith("threads:"):
                current["threads"] = int(line.split(":", 1)[1])
            elif line.startswith("resources:"):
                current["resources"] = _resources(line)
            elif line.startswith("wildcards:"):
                current["wildcards"] = line.split(":", 1)[1].strip()
        elif current is not None:
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


def wildcard_values(wildcards: str) -> dict[str, str]:
    """`protocol=colt21, k=20` (a dry run's wildcards line) as {"protocol": "colt21", "k": "20"}."""
    return dict(item.split("=", 1) for item in wildcards.split(", ") if "=" in item)


@dataclass(frozen=True)
class Measurement:
    """The measured full-scale cost of one representative job of a rule (paper.yaml `measured.<rule>`).

    `by_wildcards` gives the measured (or modelled, as `how` states) minutes of the rule's other jobs,
    each entry matching the jobs whose wildcards include its `wildcards`; a job no entry matches counts at
    the representative `minutes`, the largest job's, so the rule's total stays an upper bound.
    """

    minutes: float
    job: str
    how: str
    margin: float
    by_wildcards: tuple[dict[str, Any], ...] = ()

    @property
    def declared_runtime(self) -> int:
        """The full runtime the rule must declare: the measured minutes times the margin, rounded up."""
        return math.ceil(self.minutes * self.margin)

    @property
    def keys(self) -> list[str]:
        """The wildcard names the entries of `by_wildcards` match on, sorted."""
        return sorted({name for entry in self.by_wildcards for name in entry["wildcards"]})

    def minutes_of(self, wildcards: str) -> float:
        """The measured minutes of the job with these wildcards (the dry run's `protocol=colt21, k=20`)."""
        values = wildcard_values(wildcards)
        for entry in self.by_wildcards:
            if all(values.get(name) == str(value) for name, value in entry["wildcards"].items()):
                return float(entry["minutes"])
        return self.minutes


def measurements(spec: dict[str, Any]) -> dict[str, Measurement]:
    """paper.yaml's `measured` entries by rule name (without the paper's prefix)."""
    return {
        rule: Measurement(**{**entry, "by_wildcards": tuple(entry.get("by_wildcards") or ())})
        for rule, entry in (spec.get("measured") or {}).items()
    }


def full_scale_rules(spec: dict[str, Any]) -> list[str]:
    """The rules of `resources` that run at full scale: a rule split into parts there runs as its chunk and gather."""
    resources = spec.get("resources") or {}
    split = {rule for rule, parts in (spec.get("chunks") or {}).items() if (scale_value(parts, "full") or 1) > 1}
    every_part = {f"{rule}_{part}" for rule in resources for part in ("chunk", "gather")}
    return sorted(
        rule for rule in resources if rule not in split and (rule not in every_part or rule.rsplit("_", 1)[0] in split)
    )


_PREFIX = re.compile(r"""PaperRules\(\s*["'](\w+)["']\s*,\s*prefix\s*=\s*["'](\w+)["']""")


def rule_prefix(root: Path, paper: str) -> str:
    """The prefix of the paper's rule names, from its rules.smk (`PaperRules("<paper>", prefix="<prefix>")`)."""
    found = dict(_PREFIX.findall((root / "workflow" / "papers" / paper / "rules.smk").read_text()))
    return found[paper]


def rule_key(rule: str, prefix: str) -> str | None:
    """A job's rule name as paper.yaml's `resources` and `measured` name it; None for a rule not the paper's own."""
    return rule.removeprefix(f"{prefix}_") if rule.startswith(f"{prefix}_") else None


@dataclass(frozen=True)
class RuleJobs:
    """The jobs of one rule in a dry run: how many, their threads, declared runtime and GPUs (one value per
    rule), and how many jobs have each set of wildcards (the dry run's `protocol=colt21, k=20`)."""

    jobs: int
    threads: int
    runtime_min: float
    gpu: int
    wildcards: tuple[tuple[str, int], ...] = ()


def rules_of(jobs: Iterable[PlannedJob]) -> dict[str, RuleJobs]:
    """The dry run's jobs grouped by rule (a rule's threads, runtime and GPUs are the same for all its jobs)."""
    grouped: dict[str, list[PlannedJob]] = {}
    for job in jobs:
        grouped.setdefault(job.rule, []).append(job)
    return {
        rule: RuleJobs(
            len(g),
            max(j.threads for j in g),
            max(j.runtime_min for j in g),
            max(j.gpu for j in g),
            tuple(sorted(Counter(j.wildcards for j in g).items())),
        )
        for rule, g in sorted(grouped.items())
    }


def _project(wildcards: str, keys: list[str]) -> str:
    """`wildcards` reduced to the names in `keys`, in their order (`k=20, protocol=colt21`)."""
    values = wildcard_values(wildcards)
    return ", ".join(f"{name}={values[name]}" for name in keys if name in values)


def paper_cost(
    rules: dict[str, RuleJobs], spec: dict[str, Any], prefix: str, long_hours: float = LONG_JOB_HOURS
) -> dict[str, Any]:
    """A paper's declared and measured cost from its dry-run rules and its paper.yaml.

    A rule with a `measured` entry counts each job at its measured minutes (`Measurement.minutes_of`: the
    entry of `by_wildcards` that matches the job, else the representative job's); a rule of `resources` without
    one is listed in `unmeasured_rules` and counted at its declared runtime; rules without `resources`
    (summaries, figures, tables, claims, the paper, downloads) are small jobs counted at their declared
    (profile default) runtime.
    """
    measured, resources = measurements(spec), spec.get("resources") or {}
    hours: dict[str, dict[str, Any]] = {}
    for rule, r in rules.items():
        key = rule_key(rule, prefix)
        entry = measured.get(key) if key is not None else None
        by_job: Counter[str] = Counter()
        if entry is None:
            total = r.jobs * r.runtime_min
        else:
            for wildcards, count in r.wildcards if entry.by_wildcards else ():
                by_job[_project(wildcards, entry.keys)] += count
            unmatched = r.jobs - sum(by_job.values())
            total = round(sum(n * entry.minutes_of(w) for w, n in by_job.items()) + unmatched * entry.minutes, 4)
        hours[rule] = dict(
            jobs=r.jobs,
            threads=r.threads,
            gpu=r.gpu,
            declared_minutes=r.runtime_min,
            minutes=entry.minutes if entry else r.runtime_min,
            total_minutes=total,
            measured=entry is not None,
        )
        if by_job:
            hours[rule]["jobs_by_wildcards"] = dict(sorted(by_job.items()))
    return dict(
        jobs=sum(r.jobs for r in rules.values()),
        declared_core_hours=round(sum(r.jobs * r.threads * r.runtime_min for r in rules.values()) / 60, 2),
        declared_gpu_hours=round(sum(r.jobs * r.gpu * r.runtime_min for r in rules.values()) / 60, 2),
        measured_core_hours=round(sum(h["threads"] * h["total_minutes"] for h in hours.values()) / 60, 2),
        measured_gpu_hours=round(sum(min(h["gpu"], 1) * h["total_minutes"] for h in hours.values()) / 60, 2),
        largest_job_hours=round(max((h["minutes"] for h in hours.values()), default=0) / 60, 3),
        unmeasured_rules=sorted(
            rule for rule, h in hours.items() if not h["measured"] and rule_key(rule, prefix) in resources
        ),
        long_jobs=sorted(
            rule for rule, h in hours.items() if max(h["minutes"], h["declared_minutes"]) > 60 * long_hours
        ),
        rules=hours,
    )


def total_cost(papers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The programme's cost: the papers' sums, the largest job, and every unmeasured rule or long job as paper:rule."""
    sums = ("jobs", "declared_core_hours", "declared_gpu_hours", "measured_core_hours", "measured_gpu_hours")
    total: dict[str, Any] = {key: round(sum(p[key] for p in papers.values()), 2) for key in sums}
    total["largest_job_hours"] = max((p["largest_job_hours"] for p in papers.values()), default=0)
    for key in ("unmeasured_rules", "long_jobs"):
        total[key] = [f"{paper}:{rule}" for paper, p in papers.items() for rule in p[key]]
    return total


def cost_report(title: str, cost: dict[str, Any]) -> str:
    """A paper's rules with their jobs, measured and declared hours, then its unmeasured rules and long jobs."""
    lines = [
        f"{title}: {cost['jobs']} jobs; measured {cost['measured_core_hours']:.1f} core-hours, "
        f"{cost['measured_gpu_hours']:.1f} GPU-rule hours, largest job {cost['largest_job_hours']:.2f} h; "
        f"declared {cost['declared_core_hours']:.1f} core-hours, {cost['declared_gpu_hours']:.1f} GPU-hours",
        f"  {'rule':<32} {'jobs':>5} {'threads':>7} {'gpu':>4} {'min/job':>8} {'declared':>8} {'core-h':>8}",
    ]
    rules = sorted(cost["rules"].items(), key=lambda item: -item[1]["threads"] * item[1]["total_minutes"])
    for rule, h in rules:
        mark = "" if h["measured"] else "  (declared, not measured)"
        lines.append(
            f"  {rule:<32} {h['jobs']:>5} {h['threads']:>7} {h['gpu']:>4} {h['minutes']:>8.1f} "
            f"{h['declared_minutes']:>8.0f} {h['threads'] * h['total_minutes'] / 60:>8.2f}{mark}"
        )
    if cost["unmeasured_rules"]:
        lines.append(f"  unmeasured full-scale rules: {', '.join(cost['unmeasured_rules'])}")
    if cost["long_jobs"]:
        lines.append(f"  jobs over {LONG_JOB_HOURS:g} h: {', '.join(cost['long_jobs'])}")
    return "\n".join(lines)


def dry_run(paper: str, scale: str, root: Path) -> str:
    """The output of `snakemake papers/<paper> --dry-run --forceall` at `scale`: every job of the build, whatever
    is built already, with threads not capped by this machine."""
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    proc = subprocess.run(
        [snakemake, f"papers/{paper}", "--dry-run", "--forceall", "--cores", "1024", "--config", f"scale={scale}"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"dry run of {paper} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout + proc.stderr


def plan(papers: list[str], scale: str, root: Path) -> dict[str, Any]:
    """Every paper's cost from its dry run at `scale` and its paper.yaml, and the total."""
    costs = {
        paper: paper_cost(
            rules_of(parse_dry_run(dry_run(paper, scale, root))),
            load_yaml(root / "workflow" / "papers" / paper / "paper.yaml"),
            rule_prefix(root, paper),
        )
        for paper in papers
    }
    return dict(scale=scale, reference_node=REFERENCE_NODE, papers=costs, total=total_cost(costs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("papers", nargs="*", help="papers to plan (all when none); '-' reads a dry run from stdin")
    parser.add_argument("--scale", default="full")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: per paper and in total")
    args = parser.parse_args(argv)
    if args.papers == ["-"]:
        print(report("dry run from stdin", parse_dry_run(sys.stdin.read())))
        return 0
    papers = args.papers or sorted(p.parent.name for p in (args.root / "workflow" / "papers").glob("*/paper.yaml"))
    result = plan(papers, args.scale, args.root)
    if args.json:
        print(json.dumps(result, indent=1, sort_keys=True))
        return 0
    for paper, cost in result["papers"].items():
        print(cost_report(f"{paper} (scale {args.scale})", cost), end="\n\n")
    print(f"measured and declared runtimes are for the reference node: {REFERENCE_NODE}")
    total = result["total"]
    print(
        f"all {len(papers)} papers: {total['jobs']} jobs; measured {total['measured_core_hours']:.1f} core-hours, "
        f"{total['measured_gpu_hours']:.1f} GPU-rule hours, largest job {total['largest_job_hours']:.2f} h; "
        f"declared {total['declared_core_hours']:.1f} core-hours, {total['declared_gpu_hours']:.1f} GPU-hours"
    )
    print(f"unmeasured full-scale rules: {', '.join(total['unmeasured_rules']) or 'none'}")
    print(f"jobs over {LONG_JOB_HOURS:g} h: {', '.join(total['long_jobs']) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
