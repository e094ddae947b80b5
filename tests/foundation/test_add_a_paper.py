"""docs/adding_a_paper.md, followed step by step: a throwaway paper builds through the real CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import run_snakemake
from thundeep.io import read_csv, read_json

CONFIG = '''
"""Typed config of the throwaway paper."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thundeep.experiment import Experiment, require


@dataclass(frozen=True)
class Powers(Experiment):
    """Powers of two of a few integers."""

    metrics: ClassVar[tuple[str, ...]] = ("largest",)
    values: tuple[int, ...]

    def __post_init__(self) -> None:
        require(len(self.values) >= 1, "values must not be empty")


EXPERIMENTS = {"powers": Powers}
'''

STAGES = '''
"""Stages of the throwaway paper."""
from thundeep.io import write_csv
from thundeep.stage import Inputs, Outputs
from thundeep.toy_paper.config import Powers


def powers_stage(inputs: Inputs, outputs: Outputs, config: Powers) -> None:
    rows = [{"value": v, "power": 2**v} for v in config.values]
    write_csv(outputs["table"], rows, ["value", "power"])
    config.write_metrics(outputs["metrics"], {"largest": max(r["power"] for r in rows)})
'''

FIGURES = '''
"""Figures of the throwaway paper."""
from thundeep.figures import new_figure, save_figure
from thundeep.io import read_csv
from thundeep.stage import Inputs, Outputs
from thundeep.toy_paper.config import Powers


def powers_figure_stage(inputs: Inputs, outputs: Outputs, config: Powers) -> None:
    rows = read_csv(inputs["table"])
    fig, ax = new_figure()
    ax.plot([int(r["value"]) for r in rows], [int(r["power"]) for r in rows], marker="o")
    ax.set_xlabel("n")
    ax.set_ylabel("2^n")
    save_figure(fig, outputs["pdf"], outputs["png"])
'''

PAPER_YAML = """
id: toy_paper
title: A throwaway paper
authors: [Nobody]
venue: Nowhere
year: 2026
kind: theory_companion
summary: Powers of two.
experiments:
  powers:
    title: Powers
    description: Two to the power of each value.
    params:
      values: [1, 2, 3]
scales:
  smoke:
    powers:
      values: [1, 5]
resources:
  powers: {runtime: {smoke: 2, full: 60}}
figures:
  powers:
    experiment: powers
    caption: Two to the n.
tables:
  powers:
    experiment: powers
    caption: One row per value.
claims:
  - id: TOY1
    statement: Powers of two grow.
    source: Everywhere
    checks: [{metric: powers.largest, op: ">=", value: 32}]
    tolerance: Exact integers.
    min_scale: smoke
"""

RULES = """
TOY = PaperRules("toy_paper", prefix="toy")

TOY.stage("powers", "stages:powers_stage", config="powers",
          output=dict(table=TOY.res("tables", "powers.csv"), metrics=TOY.metrics("powers")))
TOY.figure("powers", "figures:powers_figure_stage", config="powers",
           input=dict(table=TOY.res("tables", "powers.csv")))
"""


def add_toy_paper(repo: Path) -> None:
    """The three places a paper lives, as docs/adding_a_paper.md lists them."""
    package = repo / "lib" / "thundeep" / "toy_paper"
    package.mkdir()
    (package / "__init__.py").write_text('"""A throwaway paper."""\n')
    for name, text in (("config", CONFIG), ("stages", STAGES), ("figures", FIGURES)):
        (package / f"{name}.py").write_text(textwrap.dedent(text).lstrip())
    rules = repo / "workflow" / "papers" / "toy_paper"
    rules.mkdir()
    (rules / "paper.yaml").write_text(PAPER_YAML.lstrip())
    (rules / "rules.smk").write_text(RULES.lstrip())


@pytest.mark.e2e
def test_a_new_paper_builds_from_the_documented_steps(fresh_copy: Path) -> None:
    add_toy_paper(fresh_copy)
    run_snakemake(fresh_copy, "papers/toy_paper", "--config", "scale=smoke")
    folder = fresh_copy / "papers" / "toy_paper"
    assert [r["power"] for r in read_csv(folder / "tables" / "powers.csv")] == ["2", "32"]
    assert [c["verdict"] for c in read_json(folder / "claims.json")] == ["holds"]
    assert (folder / "figures" / "powers.pdf").exists() and (folder / "figures" / "powers.png").exists()
    page = (folder / "index.html").read_text()
    assert "thundeep.toy_paper.figures:powers_figure_stage" in page and "tables/powers.csv (sha256" in page
    log = fresh_copy / "results" / "smoke" / "toy_paper" / "logs" / "powers.log"
    assert log.exists()


@pytest.mark.e2e
def test_a_mistyped_parameter_stops_before_any_job_and_names_the_class(fresh_copy: Path) -> None:
    add_toy_paper(fresh_copy)
    yaml_path = fresh_copy / "workflow" / "papers" / "toy_paper" / "paper.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("values: [1, 5]", "values: [1, five]"))
    proc = run_snakemake(fresh_copy, "papers/toy_paper", "--config", "scale=smoke", check=False)
    assert proc.returncode != 0
    text = proc.stdout + proc.stderr
    assert "experiments.powers.params.values[1]" in text and "thundeep.toy_paper.config.Powers" in text
    assert not (fresh_copy / "results").exists()
