"""The install and test commands agree across README, .ci/run, the GitHub workflow and environment.yml."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import REPO

CONDA_NAMES = {"torch": "pytorch"}
"""pip name -> conda-forge name where they differ."""


def _requirement(text: str) -> tuple[str, str]:
    name, constraint = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", text.strip()).groups()
    return name.lower(), constraint.replace(" ", "")


def readme_commands() -> tuple[str, str]:
    """The README's one-line set-up command and its test command."""
    text = (REPO / "README.md").read_text()
    setup = re.search(r"^    (python3 -m venv .*)$", text, re.M).group(1)
    test = re.search(r"Run the tests.*?\n\n    ([^\n]+)\n", text, re.S).group(1)
    return setup, test


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip = dict(_requirement(r) for r in project["dependencies"] + extras["dev"] + extras["slurm"])
    expected = {CONDA_NAMES.get(name, name): constraint for name, constraint in pip.items()}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = dict(_requirement(d) for d in env["dependencies"] if isinstance(d, str) and d not in ("pip",))
    conda.pop("python")
    assert conda == expected


def test_pins_admit_the_local_cpu_torch() -> None:
    setup, _ = readme_commands()
    assert "torch==2.13.0" in setup
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    torch = [r for r in project["dependencies"] if r.startswith("torch")][0]
    low, high = re.findall(r"(\d+\.\d+)", torch)
    assert tuple(map(int, low.split("."))) <= (2, 13) < tuple(map(int, high.split(".")))


def test_ci_runs_the_readme_commands() -> None:
    setup, test = readme_commands()
    lines = [line.strip() for line in (REPO / ".ci/run").read_text().splitlines()]
    assert setup in lines and test in lines
    assert lines.index(setup) < lines.index(test)


def test_github_workflow_parses_and_uses_the_same_commands() -> None:
    setup, test = readme_commands()
    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert runs[2] == setup
    assert runs[3].endswith(f"&& {test}")
    assert runs[4].endswith("snakemake --config scale=smoke")
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "papers/"
    assert workflow.get(True, workflow.get("on")) == ["push"]  # YAML 1.1 reads the key `on` as True


def test_default_strict_workflow_runs_the_readme_command() -> None:
    setup, _ = readme_commands()
    strict = re.search(r"^    (snakemake --config scale=default strict=true)$", (REPO / "README.md").read_text(), re.M)
    workflow = yaml.safe_load((REPO / ".github/workflows/default-strict.yml").read_text())
    triggers = workflow.get(True, workflow.get("on"))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    runs = [step["run"] for step in workflow["jobs"]["default-strict"]["steps"] if "run" in step]
    assert setup in runs and runs[-1].endswith(f"&& {strict.group(1)}")


def test_readme_test_commands_use_registered_markers() -> None:
    registered = {
        line.split(":")[0]
        for line in tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    }
    assert {"e2e", "browser", "reliability"} <= registered
    used = set()
    for expression in re.findall(r"pytest -m (\"[^\"]+\"|\S+)", (REPO / "README.md").read_text()):
        used |= set(re.findall(r"\w+", expression.strip('"'))) - {"not", "and", "or"}
    assert used and used <= registered, used - registered
