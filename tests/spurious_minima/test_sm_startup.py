"""Start-up of a descent job: no scipy subpackage, no analysis code, no torch deterministic set-up (torch only
draws the starts); a stage that is not marked still gets deterministic algorithms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from thundeep.spurious_minima import descent_stages
from thundeep.stage import run_stage, without_torch_training

SCIPY_PARTS = ("scipy.optimize", "scipy.stats", "scipy.linalg", "scipy.sparse", "scipy.special")
"""scipy's costly subpackages (numba imports the bare scipy package itself, in a few milliseconds)."""
PROBE = """
import json, sys
from thundeep.stage import run_stage, without_torch_training
run_stage({{}}, {{"out": sys.argv[1]}}, {{"function": "{module}:{function}"}})
import torch
print(json.dumps({{"deterministic": torch.are_deterministic_algorithms_enabled(),
                  "scipy": any(m in sys.modules for m in {heavy}), "inductor": "torch._inductor" in sys.modules}}))
"""


@without_torch_training
def marked_stage(inputs, outputs) -> None:
    """Writes its output; marked as not training with torch."""
    Path(outputs["out"]).write_text("marked")


def unmarked_stage(inputs, outputs) -> None:
    """Writes its output; not marked."""
    Path(outputs["out"]).write_text("unmarked")


def probe(function: str, tmp_path: Path) -> dict:
    """Run `function` of this module through run_stage in a fresh interpreter; what it had set up after."""
    code = PROBE.format(module=__name__, function=function, heavy=SCIPY_PARTS)
    env_path = str(Path(__file__).parent)
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r}); {code}", str(tmp_path / function)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_descent_stages_import_no_scipy_and_are_marked() -> None:
    code = f"import sys, thundeep.spurious_minima.descent_stages; print(any(m in sys.modules for m in {SCIPY_PARTS}))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
    for stage in (descent_stages.descend_stage, descent_stages.descend_chunk_stage, descent_stages.gather_runs_stage):
        assert stage.trains_with_torch is False


def test_a_marked_stage_skips_deterministic_algorithms(tmp_path: Path) -> None:
    assert probe("marked_stage", tmp_path) == {"deterministic": False, "scipy": False, "inductor": False}


def test_an_unmarked_torch_stage_keeps_deterministic_algorithms(tmp_path: Path) -> None:
    assert probe("unmarked_stage", tmp_path)["deterministic"] is True


def test_run_stage_calls_the_marked_function(tmp_path: Path) -> None:
    run_stage({}, {"out": str(tmp_path / "o.txt")}, {"function": f"{__name__}:marked_stage"})
    assert (tmp_path / "o.txt").read_text() == "marked"
