"""A paper folder keeps one page per scale built: the layout of papers/<paper>/ and what has been built.

papers/<paper>/ (the target users type) holds:
- <scale>/ for every scale the paper has been built at (smoke, default, full): that build's whole
  folder (index.html, README.md, figures/, tables/, claims.json, manifest.json). A build at one scale
  writes its own <scale>/ and carries every other scale's folder over unchanged, so a smoke build
  never replaces a default or full one.
- at the top, a copy of the folder of the highest scale built (full > default > smoke), so that
  papers/<paper>/index.html is the most complete page. Its index.html and README.md add to the
  scales paragraph a link to every scale built in this checkout, and its manifest.json (that of the
  highest scale, with those two files' hashes and `scales_built`) lists the top-level files only.
The <scale>/ folders are what builds of one configuration reproduce byte for byte (manifest.json
aside) and what `thundeep.compare` should be given; the top-level page also depends on which other
scales this checkout has built.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

from thundeep.io import write_json
from thundeep.paperspec import SCALES
from thundeep.provenance import sha256_file

MANIFEST = "manifest.json"
HTML_MARK = "<p class='scales'>"
"""How the scales paragraph of a page begins (the top-level copy adds the links to it)."""
MARKDOWN_MARK = "**Scales.**"
"""How the scales line of a README.md begins."""


def highest(scales: list[str]) -> str:
    """The largest of `scales` in the order smoke < default < full."""
    return max(scales, key=SCALES.index)


def built_scales(folder: Path) -> list[str]:
    """Scales of which `folder` (papers/<paper>) holds a built page (<scale>/manifest.json), smallest first."""
    return [scale for scale in SCALES if (folder / scale / MANIFEST).is_file()]


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


def _with_links(text: str, mark: str, end: str, links: str) -> str:
    """`text` with `links` put at the end of the paragraph (or line) that begins with `mark`."""
    start = text.find(mark)
    if start < 0:
        return text
    stop = text.find(end, start)
    stop = len(text) if stop < 0 else stop
    return text[:stop] + links + text[stop:]


def place_top_level(new: Path) -> str:
    """Copy the folder of the highest scale built in `new` to its top level, with the scales listed; returns it."""
    scales = built_scales(new)
    top = highest(scales)
    for entry in (new / top).iterdir():
        if entry.name != MANIFEST:
            _copy(entry, new / entry.name)
    html = ", ".join(f"<a href='{s}/index.html'>{escape(s)}</a>" for s in scales)
    markdown = ", ".join(f"[{s}]({s}/README.md)" for s in scales)
    page, readme = new / "index.html", new / "README.md"
    page.write_text(_with_links(page.read_text(encoding="utf-8"), HTML_MARK, "</p>", f" Scales built here: {html}."))
    readme.write_text(
        _with_links(readme.read_text(encoding="utf-8"), MARKDOWN_MARK, "\n", f" Scales built here: {markdown}.")
    )
    manifest = json.loads((new / top / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = {**manifest["files"], "index.html": sha256_file(page), "README.md": sha256_file(readme)}
    manifest["scales_built"] = scales
    write_json(new / MANIFEST, manifest)
    return top
