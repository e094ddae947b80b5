"""The cost plan read from a Snakemake dry run (thundeep.plan)."""

from __future__ import annotations

from thundeep.plan import parse_dry_run, report

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
Job stats:
"""


def test_dry_run_jobs_and_their_cost() -> None:
    jobs = parse_dry_run(DRY_RUN)
    assert [(j.rule, j.threads, j.runtime_min, j.mem_mb, j.gpu) for j in jobs] == [
        ("sm_descend", 4, 2880, 4000, 1),
        ("sm_descend", 1, 60, 4000, 0),
        ("paper", 1, 10, 1000, 0),
    ]
    assert jobs[0].core_hours == 4 * 48 and jobs[0].gpu_hours == 48
    text = report("spurious_minima", jobs)
    assert text.splitlines()[0].startswith("spurious_minima: 3 jobs, 193.2 core-hours, 48.0 GPU-hours")
    descend = next(line for line in text.splitlines() if "sm_descend" in line)
    assert "split it" in descend and "paper" not in descend
    assert "split it" not in next(line for line in text.splitlines() if line.strip().startswith("paper"))
