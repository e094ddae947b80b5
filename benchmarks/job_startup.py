"""Benchmark: the fixed wall cost of one Snakemake job that runs a trivial stage through the stage runner.

Usage: python benchmarks/job_startup.py [repeats]
A one-rule Snakefile in a temporary folder runs workflow/scripts/stage.py on `numpy_stage` (writes a
tiny .npy) or `torch_stage` (the same, after importing torch, as every stage did before the runner's
lazy imports). Job cost = wall time of `snakemake` building one fresh target minus the wall time of
the same command with nothing to do (parse and DAG cost); the median over `repeats` targets.
The Snakefile has the workflow's onsuccess/onerror hooks (workflow/rules/hooks.smk), which cancel the
scheduler's one-second re-evaluation timer; `hooks=False` measures without them (that timer then
keeps the process alive for up to a second after the job).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
SNAKEFILE = """
rule trivial:
    output: array="out/{{kind}}_{{i}}.npy"
    params: function=lambda w: f"job_startup:{{w.kind}}_stage", code="0"
    script: "{script}"
"""
HOOKS = """
include: "{hooks}"
onsuccess:
    cancel_scheduler_timers()
onerror:
    cancel_scheduler_timers()
"""


def numpy_stage(inputs, outputs) -> None:
    """A trivial numpy stage."""
    np.save(outputs["array"], np.arange(3.0))


def torch_stage(inputs, outputs) -> None:
    """The trivial stage after importing torch."""
    import torch  # noqa: F401

    numpy_stage(inputs, outputs)


def _wall(command: list[str], folder: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return time.perf_counter() - start


def measure(kind: str = "numpy", repeats: int = 3, hooks: bool = True) -> float:
    """Median wall seconds that one job of `kind` adds to a snakemake call (with the workflow's hooks)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), str(ROOT / "benchmarks")]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        snakefile = SNAKEFILE.format(script=ROOT / "workflow" / "scripts" / "stage.py")
        if hooks:
            snakefile += HOOKS.format(hooks=ROOT / "workflow" / "rules" / "hooks.smk")
        (folder / "Snakefile").write_text(snakefile)
        base = [SNAKEMAKE, "-c1", "--quiet", "all", "--"]
        costs = []
        for i in range(repeats):
            target = f"out/{kind}_{i}.npy"
            build = _wall([*base, target], folder, env)
            noop = _wall([*base, target], folder, env)
            costs.append(build - noop)
        return statistics.median(costs)


def main(repeats: int = 3) -> None:
    for kind in ("numpy", "torch"):
        print(f"{kind} stage: {measure(kind, repeats):.2f} s per job (median of {repeats})")
    print(f"numpy stage without the workflow's hooks: {measure('numpy', repeats, hooks=False):.2f} s per job")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
