"""The cost plan read from a Snakemake dry run (thundeep.plan)."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO
from thundeep.paperspec import load_yaml, scale_value
from thundeep.plan import (
    RuleJobs,
    dry_run,
    full_scale_rules,
    measurements,
    paper_cost,
    parse_dry_run,
    plan,
    report,
    rule_key,
    rule_prefix,
    rules_of,
    total_cost,
)

DRY_RUN = """\
Building DAG of jobs...
Job stats:
job                count
---------------  -------
sm_descend             2
paper                  1
total                  3

[Tue Dec  1 15:48:35 2026]
rule sm_descend:
    output: results/full/spurious_minima/runs/colt21_k20.npz
    wildcards: protocol=colt21, k=20
    threads: 4
    resources: tmpdir=/tmp, mem_mb=4000, mem=4 GB, disk_mb=<TBD>, runtime=2880, gpu=1
[Tue Dec  1 15:48:35 2026]
rule sm_descend:
    output: results/full/spurious_minima/runs/colt21_k6.npz
    resources: tmpdir=/tmp, mem_mb=4000, mem=4 GB, runtime=60
[Tue Dec  1 15:48:35 2026]
localrule paper:
    output: papers/spurious_minima
    resources: tmpdir=/tmp, mem_mb=1000, runtime=10
[Tue Dec  1 15:48:35 2026] Group job report (jobs in lexicogr. order):

    [Tue Dec  1 15:48:35 2026]
    rule claims:
        output: results/full/spurious_minima/claims.json
        resources: tmpdir=/tmp, mem_mb=1000, runtime=10
    [Tue Dec  1 15:48:35 2026]
    rule sm_table_figure:
        output: results/full/spurious_minima/figures/table.pdf
        threads: 2
        resources: tmpdir=/tmp, mem_mb=500, runtime=5
Job stats:
"""


def test_dry_run_jobs_and_their_cost() -> None:
    jobs = parse_dry_run(DRY_RUN)
    assert [(j.rule, j.threads, j.runtime_min, j.mem_mb, j.gpu) for j in jobs] == [
        ("sm_descend", 4, 2880, 4000, 1),
        ("sm_descend", 1, 60, 4000, 0),
        ("paper", 1, 10, 1000, 0),
        ("claims", 1, 10, 1000, 0),
        ("sm_table_figure", 2, 5, 500, 0),
    ]
    assert jobs[0].core_hours == 4 * 48 and jobs[0].gpu_hours == 48
    text = report("spurious_minima", jobs)
    assert text.splitlines()[0].startswith("spurious_minima: 5 jobs, 193.5 core-hours, 48.0 GPU-hours")
    descend = next(line for line in text.splitlines() if "sm_descend" in line)
    assert "split it" in descend and "paper" not in descend
    assert "split it" not in next(line for line in text.splitlines() if line.strip().startswith("paper"))


PAPERS = sorted(p.parent.name for p in (REPO / "workflow" / "papers").glob("*/paper.yaml"))
PLAN_FILE = REPO / "docs" / "full_scale_plan.json"


def spec_of(paper: str) -> dict:
    return load_yaml(REPO / "workflow" / "papers" / paper / "paper.yaml")


@pytest.mark.parametrize("paper", PAPERS)
def test_every_full_scale_rule_is_measured_and_declares_its_margin(paper: str) -> None:
    spec = spec_of(paper)
    measured = measurements(spec)
    rules = full_scale_rules(spec)
    assert sorted(set(rules) - set(measured)) == [], f"{paper}: full-scale rules without a `measured` entry"
    assert sorted(set(measured) - set(rules)) == [], f"{paper}: `measured` names rules that do not run at full"
    for rule, entry in measured.items():
        declared = scale_value(spec["resources"][rule].get("runtime"), "full")
        assert declared == entry.declared_runtime, (
            f"{paper}: resources.{rule}.runtime.full is {declared}, ceil({entry.minutes} x {entry.margin}) "
            f"= {entry.declared_runtime}"
        )


def test_the_plan_counts_jobs_already_built(monkeypatch) -> None:
    """The dry run forces every job: results already on disk do not drop jobs from the plan."""
    seen = []

    def fake_run(command, **kwargs):
        seen.append(command)
        return subprocess.CompletedProcess(command, 0, stdout=DRY_RUN, stderr="")

    monkeypatch.setattr(subprocess, "run", fake_run)
    dry_run("spurious_minima", "full", REPO)
    assert "--forceall" in seen[0] and "--dry-run" in seen[0]


def test_full_scale_rules_follow_the_splits() -> None:
    spec = {
        "resources": {name: {} for name in ("fit", "fit_chunk", "fit_gather", "draw", "draw_chunk", "draw_gather")},
        "chunks": {"fit": {"full": 3}, "draw": {"default": 2, "full": 1}},
    }
    assert full_scale_rules(spec) == ["draw", "fit_chunk", "fit_gather"]


def test_measured_cost_counts_every_job_at_its_measurement() -> None:
    spec = {
        "resources": {"fit": {}, "draw": {}},
        "measured": {"fit": {"minutes": 30, "job": "fit d=128", "how": "timed", "margin": 1.5}},
    }
    rules = {
        "xx_fit": RuleJobs(jobs=4, threads=2, runtime_min=45, gpu=1),
        "xx_draw": RuleJobs(jobs=1, threads=1, runtime_min=240, gpu=0),
        "xx_fig_figure": RuleJobs(jobs=2, threads=1, runtime_min=10, gpu=0),
        "paper": RuleJobs(jobs=1, threads=1, runtime_min=10, gpu=0),
        "download_draw": RuleJobs(jobs=1, threads=1, runtime_min=10, gpu=0),
    }
    cost = paper_cost(rules, spec, "xx")
    assert cost["measured_core_hours"] == round((4 * 2 * 30 + 240 + 2 * 10 + 10 + 10) / 60, 2)
    assert cost["declared_core_hours"] == round((4 * 2 * 45 + 240 + 2 * 10 + 10 + 10) / 60, 2)
    assert cost["measured_gpu_hours"] == 2.0 and cost["largest_job_hours"] == 4.0
    assert cost["unmeasured_rules"] == ["xx_draw"] and cost["long_jobs"] == ["xx_draw"]
    total = total_cost({"a": cost, "b": cost})
    assert total["measured_core_hours"] == 2 * cost["measured_core_hours"]
    assert total["unmeasured_rules"] == ["a:xx_draw", "b:xx_draw"]


def test_jobs_matched_by_wildcards_count_at_their_own_measurement() -> None:
    """A `by_wildcards` entry prices the jobs whose wildcards include its own; the rest count at the
    representative (largest) job's minutes, and the dry run's wildcards reach the plan."""
    spec = {
        "resources": {"descend": {}},
        "measured": {
            "descend": {
                "minutes": 60,
                "job": "k=100",
                "how": "timed",
                "margin": 1.5,
                "by_wildcards": [{"wildcards": {"protocol": "icml18", "k": 6}, "minutes": 0.5}],
            }
        },
    }
    dry = "\n".join(
        f"rule xx_descend:\n    wildcards: protocol={p}, k={k}, chunk={c}\n    resources: runtime=90"
        for p, k, c in [("icml18", 6, 0), ("icml18", 6, 1), ("icml18", 60, 0), ("colt21", 6, 0)]
    )
    rules = rules_of(parse_dry_run(dry))
    cost = paper_cost(rules, spec, "xx")
    hours = cost["rules"]["xx_descend"]
    assert hours["total_minutes"] == 2 * 0.5 + 2 * 60
    assert hours["jobs_by_wildcards"] == {
        "k=6, protocol=icml18": 2,
        "k=60, protocol=icml18": 1,
        "k=6, protocol=colt21": 1,
    }
    assert cost["measured_core_hours"] == round(121 / 60, 2) and cost["largest_job_hours"] == 1.0
    assert measurements(spec)["descend"].minutes_of("protocol=icml18, k=60, chunk=3") == 60


def test_committed_plan_is_what_plan_cost_computes() -> None:
    """docs/full_scale_plan.json (`plan_cost.py --json`) agrees with today's paper.yaml files.

    The dry run's part (jobs, threads, GPUs, declared runtime per rule) is taken from the file; every
    measured number, unmeasured rule, long job and total is recomputed. Regenerate the file with
    `python scripts/plan_cost.py --json > docs/full_scale_plan.json`.
    """
    committed = json.loads(PLAN_FILE.read_text())
    assert sorted(committed["papers"]) == PAPERS
    for paper, cost in committed["papers"].items():
        spec = spec_of(paper)
        rules = {
            rule: RuleJobs(
                h["jobs"],
                h["threads"],
                h["declared_minutes"],
                h["gpu"],
                tuple((h.get("jobs_by_wildcards") or {}).items()),
            )
            for rule, h in cost["rules"].items()
        }
        prefix = rule_prefix(REPO, paper)
        for rule, h in cost["rules"].items():
            wanted = (spec.get("resources") or {}).get(rule_key(rule, prefix), {}).get("runtime")
            if wanted is not None:
                assert h["declared_minutes"] == scale_value(wanted, "full"), f"{paper}: {rule}'s runtime changed"
        assert paper_cost(rules, spec, prefix) == cost, f"{paper}: regenerate {PLAN_FILE.name}"
    assert total_cost(committed["papers"]) == committed["total"]


@pytest.mark.e2e
def test_committed_plan_matches_a_dry_run() -> None:
    """The committed plan's jobs are those of a real dry run at full scale (two papers with split rules)."""
    committed = json.loads(PLAN_FILE.read_text())
    papers = ["depth_separation", "lottery_ticket"]
    assert plan(papers, "full", REPO)["papers"] == {p: committed["papers"][p] for p in papers}
