"""The measured full-scale cost of a paper (docs/full_scale_plan.json, from `scripts/plan_cost.py --json`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PLAN_FILE = "docs/full_scale_plan.json"
"""Where the committed plan lives, relative to the repository root."""

NOT_MEASURED = "full-scale cost not yet measured"

_KEYS = ("measured_core_hours", "measured_gpu_hours", "largest_job_hours")


def read_plan(path: Path | None) -> dict[str, Any]:
    """The plan as {"papers": {paper: entry}, "total": entry}; both empty when there is no valid plan file."""
    plan: Any = {}
    if path is not None and Path(path).is_file():
        try:
            plan = json.loads(Path(path).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            plan = {}
    plan = plan if isinstance(plan, dict) else {}
    return {key: plan[key] if isinstance(plan.get(key), dict) else {} for key in ("papers", "total")}


def _hours(value: float) -> str:
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def cost_text(entry: Mapping[str, Any] | None) -> str:
    """One sentence on a paper's full-scale cost, or NOT_MEASURED when the entry is absent or incomplete."""
    if not isinstance(entry, Mapping) or not all(isinstance(entry.get(key), int | float) for key in _KEYS):
        return NOT_MEASURED
    text = (
        f"full scale, measured: {_hours(entry['measured_core_hours'])} core-hours, "
        f"{_hours(entry['measured_gpu_hours'])} GPU-rule hours, largest job {_hours(entry['largest_job_hours'])} h"
    )
    unmeasured = entry.get("unmeasured_rules") or []
    if unmeasured:
        text += f" (not yet measured: {', '.join(map(str, unmeasured))})"
    return text


def full_build_command(paper: str) -> str:
    """The one command that builds the paper at full scale."""
    return f"snakemake papers/{paper} --config scale=full"
