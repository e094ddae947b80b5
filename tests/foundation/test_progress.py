"""The console heartbeat of a running job: the log's last progress line, at a steady interval."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from thundeep.progress import Heartbeat, last_line, progress_interval


def test_last_line_is_the_latest_state_of_a_progress_bar(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    assert last_line(log) == ""
    log.write_text("starting\n  10%|#   | 1/10\r  20%|##  | 2/10\r  30%|### | 3/10\r\n\n")
    assert last_line(log) == "30%|### | 3/10"
    # tqdm's nested and closing bars move the cursor up (ESC [A) and clear; none of it reaches the console.
    log.write_text("  40%|####| 4/10\r\x1b[A\x1b[2K epochs: 10%|#| 1/10\x1b[A\r")
    assert last_line(log) == "epochs: 10%|#| 1/10"
    log.write_text("  40%|####| 4/10\n\x1b[A\r")
    assert last_line(log) == "40%|####| 4/10"
    log.write_text("x" * 500 + "\n")
    assert len(last_line(log)) <= 110 and last_line(log).endswith("...")


def test_heartbeat_prints_while_the_body_runs_and_stops_after(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text("descents: 50%|#####     | 100/200\r")
    console = io.StringIO()
    with Heartbeat("descend_icml18_10", log, console, every=0.02):
        time.sleep(0.15)
    lines = console.getvalue().splitlines()
    assert len(lines) >= 2
    assert all(line.startswith("[thundeep] descend_icml18_10: running ") for line in lines)
    assert lines[-1].endswith("| descents: 50%|#####     | 100/200")
    count = len(lines)
    time.sleep(0.06)
    assert len(console.getvalue().splitlines()) == count


def test_interval_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("THUNDEEP_PROGRESS_SECONDS", raising=False)
    assert progress_interval() == 10.0
    monkeypatch.setenv("THUNDEEP_PROGRESS_SECONDS", "0")
    console = io.StringIO()
    with Heartbeat("job", None, console, every=progress_interval()):
        time.sleep(0.03)
    assert console.getvalue() == ""
    monkeypatch.setenv("THUNDEEP_PROGRESS_SECONDS", "soon")
    with pytest.raises(ValueError, match="THUNDEEP_PROGRESS_SECONDS='soon'"):
        progress_interval()
