"""A paper folder keeps one page per scale built: the layout of papers/<paper>/ and what has been built.

papers/<paper>/ (the target users type) holds:
- <scale>/ for every scale the paper has been built at (smoke, default, full): that build's whole
  folder (index.html, README.md, figures/, tables/, claims.json, manifest.json). A build at one scale
  writes its own <scale>/ and carries every other scale's folder over unchanged, so a smoke build
  never replaces a default or full one.
- at the top, a byte copy of the folder of the highest scale built (full > default > smoke), so that
  papers/<paper>/index.html is the most complete page and `thundeep.compare papers/<paper> ...`
  compares it (its manifest.json lists the top-level files only).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from thundeep.paperspec import SCALES

MANIFEST = "manifest.json"


def highest(scales: list[str]) -> str:
    """The largest of `scales` in the order smoke < default < full."""
    return max(scales, key=SCALES.index)


def built_scales(folder: Path) -> list[str]:
    """Scales of which `folder` (papers/<paper>) holds a built page (<scale>/manifest.json), smallest first."""
    return [scale for scale in SCALES if (folder / scale / MANIFEST).is_file()]


def scales_with_results(results_root: Path, paper: str) -> list[str]:
    """Scales at which the paper's results are present (results/<scale>/<paper>/claims.json), smallest first."""
    return [scale for scale in SCALES if (results_root / scale / paper / "claims.json").is_file()]


def _legacy_scale(folder: Path) -> str | None:
    """The scale of a folder built before this layout (page at the top, no <scale>/ folders), if any."""
    manifest = folder / MANIFEST
    if not manifest.is_file() or built_scales(folder):
        return None
    try:
        scale = json.loads(manifest.read_text(encoding="utf-8")).get("scale")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        return None
    return scale if scale in SCALES else None


def _top_level_entries(folder: Path) -> list[Path]:
    """Everything in `folder` but the <scale>/ folders."""
    return [path for path in folder.iterdir() if path.name not in SCALES]


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def carry_over(previous: Path, new: Path, scale: str) -> None:
    """Copy into `new` every scale folder of `previous` except `scale` (the one being built).

    A `previous` folder in the old one-page layout becomes the <scale>/ folder of the scale it was
    built at, unless that is `scale`.
    """
    if not previous.is_dir():
        return
    legacy = _legacy_scale(previous)
    if legacy is not None:
        if legacy != scale:
            (new / legacy).mkdir()
            for entry in _top_level_entries(previous):
                _copy(entry, new / legacy / entry.name)
        return
    for other in built_scales(previous):
        if other != scale:
            shutil.copytree(previous / other, new / other)


def place_top_level(new: Path) -> str:
    """Copy the folder of the highest scale built in `new` to its top level; returns that scale."""
    top = highest(built_scales(new))
    for entry in (new / top).iterdir():
        _copy(entry, new / entry.name)
    return top
