"""A running job's heartbeat on the console: every few seconds, its elapsed time and its log's last line.

Stages write their progress bars (tqdm) into the job's log file; without this, the console stays silent
for as long as a long job runs. The rule entry point wraps each job in `Heartbeat`; it reads the log,
never the stage's results, so it has no part in what a stage computes (and is not in any code hash).
`THUNDEEP_PROGRESS_SECONDS` sets the interval (default 10; 0 turns the heartbeat off).
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from typing import TextIO

DEFAULT_SECONDS = 10.0
TAIL_BYTES = 4096
WIDTH = 110


def progress_interval() -> float:
    """Seconds between two heartbeat lines, from THUNDEEP_PROGRESS_SECONDS (0 or less: none)."""
    text = os.environ.get("THUNDEEP_PROGRESS_SECONDS", "")
    try:
        return float(text) if text else DEFAULT_SECONDS
    except ValueError:
        message = f"THUNDEEP_PROGRESS_SECONDS={text!r} is not a number of seconds (e.g. 10, or 0 for none)"
        raise ValueError(message) from None


CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]")
"""Terminal escape sequences (tqdm moves the cursor up with ESC [A) and other control characters."""


def last_line(log: Path | None) -> str:
    """The last non-empty line of `log` (a progress bar's latest state: lines end in \\r or \\n), shortened.

    Escape sequences and control characters are removed: printed on the console, tqdm's cursor-up
    would put the next heartbeat on the same line as this one.
    """
    if log is None or not log.exists():
        return ""
    with open(log, "rb") as handle:
        handle.seek(max(0, log.stat().st_size - TAIL_BYTES))
        tail = handle.read().decode("utf-8", errors="replace")
    lines = [CONTROL.sub("", line).strip() for line in tail.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    line = lines[-1]
    return line if len(line) <= WIDTH else line[: WIDTH - 3] + "..."


class Heartbeat:
    """Context manager: while the body runs, print `[thundeep] <job>: <s> s | <last log line>` every `every` s."""

    def __init__(self, job: str, log: Path | None, console: TextIO, every: float) -> None:
        self.job, self.log, self.console, self.every = job, log, console, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        start = time.monotonic()
        while not self._stop.wait(self.every):
            line = last_line(self.log)
            text = f"[thundeep] {self.job}: running {time.monotonic() - start:.0f} s"
            try:
                print(f"{text} | {line}" if line else text, file=self.console, flush=True)
            except (OSError, ValueError):  # the console went away: the job itself goes on
                return

    def __enter__(self) -> Heartbeat:
        if self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
