"""The Snakemake internals the workflow relies on still exist under the names it uses.

Each test fails with the file that uses the internal and what to update when a Snakemake upgrade
renames or removes it. pyproject.toml pins Snakemake to the range these tests pass on.
"""

from __future__ import annotations

import inspect
import re
import threading
import time
import tomllib
from importlib.metadata import version
from types import SimpleNamespace

import snakemake.api  # noqa: F401  (first: snakemake.dag or .workflow imported alone is a circular import)
from packaging.requirements import Requirement
from snakemake.dag import DAG
from snakemake.scheduling.job_scheduler import JobScheduler
from snakemake.workflow import Workflow

from conftest import REPO

HOOKS = REPO / "workflow/rules/hooks.smk"


def _hooks() -> dict:
    """The functions of workflow/rules/hooks.smk (plain Python), as the Snakefile includes them."""
    namespace: dict = {}
    exec(compile(HOOKS.read_text(), str(HOOKS), "exec"), namespace)
    return namespace


def test_installed_snakemake_is_in_the_pinned_range() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pin = next(Requirement(r) for r in project["dependencies"] if r.startswith("snakemake"))
    installed = version("snakemake")
    assert pin.specifier.contains(installed), (
        f"snakemake {installed} is outside the tested range {pin.specifier} (pyproject.toml); run the tests "
        "in this file on it and widen the pin only when they pass"
    )


def test_hooks_cancel_the_schedulers_reevaluation_timer() -> None:
    """hooks.smk finds the scheduler's timer by the name of the method that starts it."""
    name = re.search(r'"(_\w+)" in getattr\(', HOOKS.read_text()).group(1)
    assert hasattr(JobScheduler, name), (
        f"Snakemake's JobScheduler has no method {name!r} any more: workflow/rules/hooks.smk cancels the "
        "scheduler's re-evaluation timer by that name (builds would again wait up to 1 s at exit). Find the "
        "method that starts the threading.Timer in snakemake/scheduling/job_scheduler.py and use its name."
    )
    fake = SimpleNamespace(_open_jobs=threading.Semaphore(0))
    getattr(JobScheduler, name)(fake, 3600)
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive()]
    assert timers, f"JobScheduler.{name} no longer starts a threading.Timer: revisit workflow/rules/hooks.smk"
    _hooks()["cancel_scheduler_timers"]()
    deadline = time.monotonic() + 5
    while any(t.is_alive() for t in timers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(t.is_alive() for t in timers), (
        f"cancel_scheduler_timers (workflow/rules/hooks.smk) did not cancel the timer started by "
        f"JobScheduler.{name}: the timer's function is now {timers[0].function!r}"
    )


def test_dag_forcefiles_decide_what_reruns() -> None:
    """The `paper` rule adds deleted results to `workflow.dag.forcefiles` (common.smk, force_missing_results)."""
    assert "self.forcefiles = set()" in inspect.getsource(DAG.__init__), (
        "Snakemake's DAG has no `forcefiles` set any more: workflow/rules/common.smk (force_missing_results) "
        "adds deleted results there so that their producers rerun. Find how snakemake/dag.py now forces files."
    )
    assert "self.forcefiles.isdisjoint(job.output)" in inspect.getsource(DAG), (
        "Snakemake's DAG no longer consults `forcefiles` when it decides whether a job must run: "
        "force_missing_results in workflow/rules/common.smk would silently stop rerunning deleted results."
    )


def test_workflow_exposes_its_dag_and_jobs() -> None:
    """common.smk reads `workflow.dag` and the Snakefile's onsuccess hook reads `workflow.dag.jobs`."""
    assert "dag" in dict(inspect.getmembers(Workflow)) or "self.dag" in inspect.getsource(Workflow), (
        "Snakemake's Workflow has no `dag` any more: workflow/rules/common.smk (force_missing_results) and the "
        "onsuccess hook in workflow/Snakefile use workflow.dag."
    )
    assert isinstance(inspect.getattr_static(DAG, "jobs"), property), (
        "Snakemake's DAG has no `jobs` property any more: the onsuccess hook in workflow/Snakefile lists the "
        "papers built from workflow.dag.jobs."
    )
