"""Read a paper's paper.yaml, resolve one scale's parameters, and check what a schema cannot.

The JSON schemas (workflow/schemas/) check shapes and types; this module checks meaning: scale
overrides that name unknown experiments or parameters, claims that read metrics no experiment
produces, figures and tables that name unknown experiments. Every error names the file, the key
and the fix.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCALES = ("smoke", "default", "full")
"""Scales from smallest to largest; a claim's `min_scale` refers to this order."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when present (several times faster; the build parses every paper.yaml)."""


class PaperSpecError(ValueError):
    """A user-fixable mistake in a paper.yaml (or in the command line that selects it)."""


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file safely; a syntax error names the file, the line and the fix."""
    path = Path(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise PaperSpecError(
            f"{path}: not valid YAML{where}: {problem}. Fix the syntax there "
            "(check indentation, colons and quotes)."
        ) from None


def check_scale(scale: str) -> str:
    """Return `scale` if it is known, else raise an error that lists the known ones."""
    if scale not in SCALES:
        raise PaperSpecError(
            f"unknown scale {scale!r} (from --config scale=...). "
            f"Use one of {', '.join(SCALES)}, e.g. `--config scale=smoke`."
        )
    return scale


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """A copy of `base` with `override` merged in (nested dicts merged, other values replaced)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def experiment_params(spec: dict[str, Any], scale: str) -> dict[str, dict[str, Any]]:
    """Every experiment's parameters at `scale`: its `params` with the scale's overrides applied."""
    overrides = (spec.get("scales") or {}).get(scale) or {}
    return {
        name: deep_merge(exp.get("params") or {}, overrides.get(name) or {})
        for name, exp in spec["experiments"].items()
    }


def _check_override_keys(base: dict, override: dict, where: str, path: Path) -> None:
    for key, value in override.items():
        if key not in base:
            known = ", ".join(sorted(base)) or "(none)"
            raise PaperSpecError(
                f"{path}: key {where}.{key} overrides a parameter the experiment does not have. "
                f"Known parameters: {known}. Fix the spelling or add it to the experiment's params."
            )
        if isinstance(value, dict) and isinstance(base[key], dict):
            _check_override_keys(base[key], value, f"{where}.{key}", path)


def metric_names(spec: dict[str, Any]) -> set[str]:
    """All metrics the paper's experiments declare, as `experiment.metric`."""
    return {
        f"{name}.{metric}"
        for name, exp in spec["experiments"].items()
        for metric in exp.get("metrics") or []
    }


def check_semantics(spec: dict[str, Any], path: str | Path, paper: str) -> None:
    """Checks beyond the schema; raises PaperSpecError naming the file, the key and the fix."""
    path = Path(path)
    if spec.get("id") != paper:
        raise PaperSpecError(
            f"{path}: key id is {spec.get('id')!r} but the folder is {paper!r}. Make them equal."
        )
    experiments = spec["experiments"]
    for scale, overrides in (spec.get("scales") or {}).items():
        for name, override in (overrides or {}).items():
            if name not in experiments:
                raise PaperSpecError(
                    f"{path}: key scales.{scale}.{name} names an unknown experiment. "
                    f"Known experiments: {', '.join(sorted(experiments))}."
                )
            _check_override_keys(experiments[name].get("params") or {}, override or {},
                                 f"scales.{scale}.{name}", path)
    for section in ("figures", "tables"):
        for name, item in (spec.get(section) or {}).items():
            if item["experiment"] not in experiments:
                raise PaperSpecError(
                    f"{path}: key {section}.{name}.experiment is {item['experiment']!r}, which is not "
                    f"an experiment. Known experiments: {', '.join(sorted(experiments))}."
                )
    known = metric_names(spec)
    for index, claim in enumerate(spec.get("claims") or []):
        for check_index, check in enumerate(claim["checks"]):
            if check["metric"] not in known:
                raise PaperSpecError(
                    f"{path}: key claims[{index}] ({claim['id']}).checks[{check_index}].metric is "
                    f"{check['metric']!r}, which no experiment produces. Produced metrics: "
                    f"{', '.join(sorted(known)) or '(none)'}. Fix the name, or add the metric to "
                    "the experiment's `metrics` list (and compute it)."
                )
    ids = [claim["id"] for claim in spec.get("claims") or []]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PaperSpecError(f"{path}: key claims has duplicate ids {duplicates}. Make each id unique.")


@cache
def _validator(schema_path: str):
    """A JSON-schema validator for the schema file, built once per process."""
    import jsonschema

    if not Path(schema_path).is_file():
        raise PaperSpecError(f"{schema_path} is missing: every paper needs a params.schema.yaml (see README).")
    schema = load_yaml(schema_path)
    return jsonschema.validators.validator_for(schema)(schema)


def validate_against(data: Any, schema_path: str | Path, where: str | Path) -> None:
    """Validate `data` against a JSON schema file; failures name `where`, the key and the fix."""
    error = next(iter(_validator(str(schema_path)).iter_errors(data)), None)
    if error is not None:
        raise PaperSpecError(describe_schema_error(where, schema_path, error))


def _schema_description(schema: Any, schema_path: Any) -> str | None:
    """The description of the deepest node on `schema_path` that has one (following local $refs)."""
    found, node = None, schema
    for step in schema_path:
        while isinstance(node, dict) and step not in node and str(node.get("$ref", "")).startswith("#/"):
            target = schema
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            break
        if isinstance(node, dict) and isinstance(node.get("description"), str):
            found = node["description"]
    return found


def describe_schema_error(path: str | Path, schema_path: str | Path, failure: Any) -> str:
    """A one-paragraph message for a JSON-schema failure: the file, the key, what is wrong, the fix."""
    key = ".".join(str(p) for p in failure.absolute_path) or "(top level)"
    wanted = _schema_description(load_yaml(schema_path), failure.absolute_schema_path)
    hint = f" The key means: {wanted}" if wanted else ""
    return (
        f"{path}: key {key}: {failure.message}. Fix that key so that it matches {schema_path}"
        f" (rule '{failure.validator}').{hint}"
    )
