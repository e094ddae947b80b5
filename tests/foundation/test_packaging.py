"""The install and test commands agree across README, .ci/run, the GitHub workflow and environment.yml."""

from __future__ import annotations

import re
import tomllib

import pytest
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


def readme_cpu_install() -> list[str]:
    """The README's install lines for a machine without a GPU (torch from PyTorch's CPU wheel index)."""
    text = (REPO / "README.md").read_text()
    block = re.search(r"A machine without a GPU.*?\n\n((?:      \S[^\n]*\n)+)", text, re.S).group(1)
    return [line.strip() for line in block.splitlines()]


def workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text())


def steps(name: str) -> list[dict]:
    (job,) = [j for j in workflow(name)["jobs"].values() if any("run" in s for s in j["steps"])]
    return job["steps"]


def named(name: str, prefix: str) -> dict:
    (step,) = [s for s in steps(name) if s.get("name", "").startswith(prefix)]
    return step


@pytest.mark.parametrize("name", ["ci.yml", "default-strict.yml"])
def test_github_workflows_install_as_the_readme_says_on_a_cpu_machine(name: str) -> None:
    install = readme_cpu_install()
    assert "--index-url https://download.pytorch.org/whl/cpu" in install[1] and install[2] == 'pip install -e ".[dev]"'
    assert named(name, "Install")["run"].splitlines() == install


def test_ci_workflow_runs_the_checks_and_the_readme_test_command() -> None:
    _, test = readme_commands()
    check = re.search(r"^    (bash scripts/check\.sh)$", (REPO / "README.md").read_text(), re.M).group(1)
    assert check in [line.strip() for line in (REPO / ".ci/run").read_text().splitlines()]
    assert named("ci.yml", "Static checks")["run"].endswith(f"&& {check}")
    assert named("ci.yml", "Test")["run"].splitlines()[-1].endswith(f"&& {test}")
    assert named("ci.yml", "Build every paper")["run"].endswith("snakemake --config scale=smoke --cache")
    upload = [s for s in steps("ci.yml") if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "papers/"
    assert workflow("ci.yml").get(True, workflow("ci.yml").get("on")) == ["push"]  # YAML 1.1 reads `on` as True


def test_default_strict_workflow_runs_the_readme_command_and_publishes_the_pages() -> None:
    strict = re.search(r"^    (snakemake --config scale=default strict=true)$", (REPO / "README.md").read_text(), re.M)
    spec = workflow("default-strict.yml")
    assert set(spec.get(True, spec.get("on"))) == {"schedule", "workflow_dispatch"}
    assert named("default-strict.yml", "Build every paper")["run"].endswith(f"&& {strict.group(1)} --cache")
    pages = [s for s in steps("default-strict.yml") if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert pages and pages[0]["with"]["path"] == "papers/"
    publish = spec["jobs"]["publish"]
    assert publish["needs"] == "default-strict" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("name", ["ci.yml", "default-strict.yml"])
def test_github_workflows_keep_the_output_cache_between_runs(name: str) -> None:
    folder = workflow(name)["env"]["SNAKEMAKE_OUTPUT_CACHE"]
    (cache,) = [s for s in steps(name) if s.get("uses", "").startswith("actions/cache")]
    assert cache["with"]["path"].replace("~", "/home/runner") == folder
    assert "hashFiles('lib/**/*.py', 'workflow/**'" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    order = [s.get("name") or s.get("uses") for s in steps(name)]
    build = named(name, "Build every paper")["name"]
    prune = named(name, "Drop cache entries")
    assert order.index(cache["name"]) < order.index(build) < order.index(prune["name"])
    assert prune["run"] == "bash scripts/prune_output_cache.sh"


def test_pre_commit_pins_fall_in_the_dev_ranges() -> None:
    """The hooks' tool versions are ones the `dev` extra admits, so pre-commit and CI format alike."""
    from packaging.requirements import Requirement

    dev = {
        r.name: r.specifier
        for r in map(
            Requirement, tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
        )
    }
    hooks = [
        h for repo in yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"] for h in repo["hooks"]
    ]
    pins = {Requirement(d) for h in hooks for d in h.get("additional_dependencies", [])}
    assert {p.name for p in pins} == {"ruff", "snakefmt", "check-jsonschema"}
    for pin in pins:
        (version,) = [s.version for s in pin.specifier]
        assert dev[pin.name].contains(version), f"{pin} (.pre-commit-config.yaml) is outside {dev[pin.name]}"


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
