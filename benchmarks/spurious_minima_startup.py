"""Benchmark: CPU seconds a spurious_minima descent job spends before its first descent step.

Usage: python benchmarks/spurious_minima_startup.py [repeats]
A one-rule Snakefile in a temporary folder runs workflow/scripts/stage.py, as every rule does, on
`ours_stage`: the real `descend_stage` (default-scale COLT'21 settings, one run, k = 6) with the
descent kernel wrapped so that the process's CPU time (`time.process_time`, Snakemake's script preamble
included) is written to the output at its first call, after which the job ends. This module imports
what the real stage module imports and carries its `without_torch_training` mark, so the runner sets the
job up as it sets up the real one. The numba kernel is compiled once beforehand (its on-disk cache).
Baseline: `before_stage`, the same job set up as before (the analysis module and scipy imported,
deterministic algorithms on).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from thundeep.spurious_minima import descent_stages, gradient_descent
from thundeep.stage import without_torch_training

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
SNAKEFILE = """
rule first_step:
    output: cpu="out/{{kind}}_{{i}}.json"
    params: function=lambda w: f"spurious_minima_startup:{{w.kind}}_stage", code="0", config={config!r},
        config_class="thundeep.spurious_minima.config:DescentProtocol", wildcards={{"k": "6", "protocol": "colt21"}}
    script: "{script}"
"""
CONFIG = dict(
    n_extra=[0],
    runs=1,
    step=5.0,
    step_divided_by_k=True,
    tolerance=1e-12,
    criterion="frobenius",
    max_steps=30000,
    check_every=100,
    loss_floor=None,
    seed=2021,
)


class _FirstStep(Exception):
    """Raised by the wrapped kernel to end the stage at its first descent step."""


def _until_first_step(outputs, config, k: str, protocol: str) -> None:
    """`descend_stage` up to its first kernel call; writes {"cpu_s": process CPU seconds then}."""

    def first_call(*args) -> None:
        raise _FirstStep(time.process_time())

    real, gradient_descent.iterate_runs = gradient_descent.iterate_runs, first_call
    try:
        descent_stages.descend_stage({}, {"runs": Path(outputs["cpu"]).with_suffix(".npz")}, config, k, protocol)
    except _FirstStep as first:
        Path(outputs["cpu"]).write_text(json.dumps({"cpu_s": first.args[0]}))
    finally:
        gradient_descent.iterate_runs = real


@without_torch_training
def ours_stage(inputs, outputs, config, k: str, protocol: str) -> None:
    """The descent job as the workflow runs it."""
    _until_first_step(outputs, config, k, protocol)


def before_stage(inputs, outputs, config, k: str, protocol: str) -> None:
    """The descent job as it ran before this change: its module imported the analysis (scipy) too, and the
    runner turned on torch's deterministic algorithms."""
    from thundeep.spurious_minima import stages  # noqa: F401

    _until_first_step(outputs, config, k, protocol)


def measure(kind: str = "ours", repeats: int = 3) -> float:
    """Median over `repeats` jobs of `kind` (ours, before) of the CPU seconds before the first descent step."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), str(ROOT / "benchmarks")]))
    subprocess.run(  # compile (or load) the numba kernel once, so that no job pays its compilation
        [sys.executable, "-c", "from thundeep.spurious_minima.fused_descent import iterate_runs"], env=env, check=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        script = ROOT / "workflow" / "scripts" / "stage.py"
        (folder / "Snakefile").write_text(SNAKEFILE.format(config=CONFIG, script=script))
        costs = []
        for i in range(repeats):
            target = f"out/{kind}_{i}.json"
            command = [SNAKEMAKE, "-c1", "--quiet", "all", "--", target]
            proc = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
            if proc.returncode:
                raise RuntimeError(proc.stderr[-3000:])
            costs.append(json.loads((folder / target).read_text())["cpu_s"])
        return statistics.median(costs)


if __name__ == "__main__":
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for kind in ("ours", "before"):
        print(f"{kind}: {measure(kind, repeats):.2f} CPU s before the first descent step (median of {repeats})")
