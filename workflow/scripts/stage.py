"""Thin entry point of every rule: hand Snakemake's job to thundeep.stage.run_stage."""

import sys
import traceback
from pathlib import Path

from thundeep.progress import Heartbeat, progress_interval
from thundeep.stage import run_stage

snakemake = snakemake  # noqa: F821 (injected by Snakemake)


def _paths(named):
    return {k: ([str(p) for p in v] if isinstance(v, list) else str(v)) for k, v in named.items()}


params = dict(snakemake.params.items())
log = snakemake.log[0] if snakemake.log else None
if log:
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    sys.stderr = open(log, "w", buffering=1)  # noqa: SIM115 (lives as long as the job)
try:
    job = Path(log).stem if log else snakemake.rule
    with Heartbeat(job, Path(log) if log else None, sys.__stderr__, progress_interval()):
        run_stage(_paths(snakemake.input), _paths(snakemake.output), params, threads=snakemake.threads)
except BaseException:
    # The traceback goes to the log; when the log cannot take it (its disk is full), to the console.
    failure = traceback.format_exc()
    try:
        sys.stderr.write(failure)
        sys.stderr.flush()
    except OSError:
        sys.stderr = sys.__stderr__
        print(
            f"[thundeep] the log {log} could not be written in full; the job failed with:\n{failure}", file=sys.stderr
        )
    sys.exit(1)
