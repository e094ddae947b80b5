"""requirements/cpu.lock: the hashed CPU environment agrees with pyproject.toml, and manifests name it."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO
from thundeep.provenance import LOCK_FILE, lock_state, locked_pins, sha256_file

LOCK = REPO / LOCK_FILE


def declared() -> list[Requirement]:
    """The project's dependencies and its dev extra (what the lock covers)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def test_the_lock_pins_every_declared_package_within_its_range() -> None:
    pins = locked_pins(LOCK.read_text())
    outside = []
    for requirement in declared():
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{requirement.name} (pyproject.toml) is not in {LOCK_FILE}: compile the lock again"
        if not requirement.specifier.contains(Version(pins[name]), prereleases=True):
            outside.append(f"{name}=={pins[name]} not in {requirement.specifier}")
    assert outside == [], f"{LOCK_FILE} is outside pyproject.toml's ranges: {outside}"


def test_every_pin_carries_a_hash_and_torch_is_the_cpu_build() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text())
    entries = [b for b in blocks if re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*==", b)]
    assert len(entries) == len(locked_pins(LOCK.read_text())) > 50
    assert [b.splitlines()[0] for b in entries if "--hash=sha256:" not in b] == []
    assert locked_pins(LOCK.read_text())["torch"] == "2.13.0+cpu"


def test_lock_state_names_the_lock_only_when_the_environment_matches(tmp_path: Path) -> None:
    installed = {name: metadata.version(name) for name in ("numpy", "pyyaml")}
    matching = tmp_path / "match.lock"
    matching.write_text("".join(f"{n}=={v} \\\n    --hash=sha256:{'0' * 64}\n" for n, v in installed.items()))
    assert lock_state(matching) == {"file": str(matching), "sha256": sha256_file(matching)}
    other = tmp_path / "other.lock"
    other.write_text(matching.read_text().replace(f"numpy=={installed['numpy']}", "numpy==0.0.1"))
    assert lock_state(other) is None
    absent = tmp_path / "absent.lock"
    absent.write_text(matching.read_text() + "no-such-package-here==1.0\n")
    assert lock_state(absent) is None
    assert lock_state(tmp_path / "missing.lock") is None
