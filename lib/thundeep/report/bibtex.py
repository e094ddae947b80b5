"""The paper's BibTeX entry, from paper.yaml's metadata (title, authors, venue, year, arXiv id)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SPECIAL = re.compile(r"([&%$#_])")


def _tex(text: str) -> str:
    """`text` with LaTeX's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def bibtex(spec: Mapping[str, Any]) -> str:
    """A BibTeX entry for the paper: @article for a journal (a venue naming JMLR), else @inproceedings.

    The key is the first author's surname, the year and the paper's id; the title is braced so that
    reference managers keep its capitals; the arXiv id, where paper.yaml gives one, is the eprint.
    """
    surname = re.sub(r"[^a-z]", "", spec["authors"][0].split()[-1].lower())
    journal = spec["venue"].startswith("JMLR")
    fields = [
        ("title", "{" + _tex(spec["title"]) + "}"),
        ("author", " and ".join(_tex(a) for a in spec["authors"])),
        ("journal" if journal else "booktitle", _tex(spec["venue"])),
        ("year", str(spec["year"])),
    ]
    if spec.get("arxiv"):
        fields += [("eprint", spec["arxiv"]), ("archivePrefix", "arXiv")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "article" if journal else "inproceedings"
    return f"@{kind}{{{surname}{spec['year']}_{spec['id']},\n{body}\n}}\n"
