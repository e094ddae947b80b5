"""paper.yaml's `measured` full-scale costs: every rule that runs at full has one, no job over 2 h, and
the declared full runtime is ceil(minutes x margin)."""

from __future__ import annotations

import math
from pathlib import Path

from thundeep.paperspec import load_yaml, scale_value

SPEC = load_yaml(Path(__file__).parents[2] / "workflow/papers/spurious_minima/paper.yaml")


def full_scale_rules() -> set[str]:
    """The paper's rules (names as in `resources`) that a full build runs, as rules.smk defines them."""
    rules = {"table", "published_deviation"} | {f"{figure}_figure" for figure in SPEC["figures"]}
    for name, parts in (
        ("descend", ("descend_chunk", "descend_gather")),
        ("analyse", ("analyse_chunk", "analyse_gather")),
    ):
        split = (scale_value(SPEC["chunks"].get(name, 1), "full") or 1) > 1
        rules |= set(parts) if split else {name}
    return rules


def test_every_full_scale_rule_is_measured_within_two_hours() -> None:
    measured = SPEC["measured"]
    assert full_scale_rules() <= set(measured)
    for rule, entry in measured.items():
        assert 0 < entry["minutes"] <= 120, rule
        assert scale_value(SPEC["resources"][rule]["runtime"], "full") == math.ceil(entry["minutes"] * entry["margin"])
