"""Thin entry point of every rule: hand Snakemake's job to thundeep.stage.run_stage."""

import sys
from pathlib import Path

from thundeep.stage import run_stage

snakemake = snakemake  # noqa: F821 (injected by Snakemake)


def _paths(named):
    return {k: ([str(p) for p in v] if isinstance(v, list) else str(v)) for k, v in named.items()}


params = dict(snakemake.params.items())
log = snakemake.log[0] if snakemake.log else None
if log:
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    sys.stderr = open(log, "w", buffering=1)  # noqa: SIM115 (lives as long as the job)
run_stage(_paths(snakemake.input), _paths(snakemake.output), params, threads=snakemake.threads)
