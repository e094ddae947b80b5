"""Headless Chromium for the browser tests: find it, load a page with a probe script, read what it found."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian package `chromium`)"
)


def chromium(
    page: Path, profile: Path, *args: str, width: int = 1200, height: int = 2400, check: bool = False
) -> subprocess.CompletedProcess:
    """Open the local `page` in headless Chromium with a `width` x `height` window and `args`."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args, page.as_uri()], capture_output=True, text=True, timeout=120, check=check
    )


def with_probe(page: Path, script: str) -> Path:
    """A copy of `page` (probe.html, beside it) with `script` run after it loads."""
    probe = page.with_name("probe.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"), encoding="utf-8"
    )
    return probe


def probe_result(page: Path, profile: Path, script: str, attribute: str, width: int = 1200) -> Any:
    """Load `page` with `script`, which stores JSON in the body's `data-<attribute>`; return it decoded."""
    dom = chromium(with_probe(page, script), profile, "--virtual-time-budget=5000", "--dump-dom", width=width).stdout
    match = re.search(rf"data-{attribute}=\"([^\"]*)\"", dom)
    assert match, f"the probe wrote no data-{attribute}: {dom[:2000]}"
    return json.loads(html.unescape(match.group(1)))
