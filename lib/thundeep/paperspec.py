"""Read a paper's paper.yaml, resolve one scale's parameters, and check what a schema cannot.

The JSON schema (workflow/schemas/paper.schema.yaml) checks the shape of a paper.yaml; each
experiment's typed config (`thundeep.<paper>.config.EXPERIMENTS`) checks its parameters at every
scale; this module checks meaning: scale overrides that name unknown experiments or parameters,
claims that read metrics no experiment declares, figures and tables that name unknown experiments.
Every error names the file, the key and the fix.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from thundeep.experiment import Experiment

SCALES = ("smoke", "default", "full")
"""Scales from smallest to largest; a claim's `min_scale` refers to this order."""


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key given twice in one YAML mapping (YAML itself would keep the last value, silently)."""


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when present: several times faster, and the build parses every
    paper.yaml) that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *anchor` merges on purpose; keys given after it override
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                continue  # the base class reports an unhashable key
            if key in first:
                problem = f"duplicate key {key!r} (first given at line {first[key]})"
                raise DuplicateKeyError(None, None, problem, key_node.start_mark)
            first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_LOADER = _UniqueKeyLoader


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
        fix = (
            "Keep one of the two (YAML would silently use the last)."
            if isinstance(error, DuplicateKeyError)
            else "Fix the syntax there (check indentation, colons and quotes)."
        )
        raise PaperSpecError(f"{path}: not valid YAML{where}: {problem}. {fix}") from None


CONFIG_KEYS = ("scale", "strict", "seeds")
"""The keys `--config` takes (workflow/schemas/config.schema.yaml)."""


def check_config_keys(config: dict[str, Any]) -> None:
    """Raise an error naming the unknown `--config` keys and the known ones."""
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise PaperSpecError(
            f"unknown --config key(s): {', '.join(unknown)}. The known keys are {', '.join(CONFIG_KEYS)}, "
            "e.g. `--config scale=smoke strict=true`."
        )


def check_scale(scale: Any) -> str:
    """Return `scale` if it is known, else raise an error that lists the known ones (an empty one too)."""
    if scale is None or str(scale).strip() == "":
        raise PaperSpecError(
            f"--config scale= is empty. Give a scale: one of {', '.join(SCALES)}, e.g. `--config scale=smoke`."
        )
    if scale not in SCALES:
        raise PaperSpecError(
            f"unknown scale {str(scale)!r} (from --config scale=...). "
            f"Use one of {', '.join(SCALES)}, e.g. `--config scale=smoke`."
        )
    return scale


_FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def parse_flag(value: Any, key: str) -> bool:
    """A yes/no setting given on the command line: true|false|yes|no|1|0 (any case), or a boolean."""
    if isinstance(value, bool):
        return value
    flag = _FLAGS.get(str(value).strip().lower())
    if flag is None:
        raise PaperSpecError(
            f"--config {key}={value}: not a yes/no value. Use --config {key}=true or {key}=false (also yes/no, 1/0)."
        )
    return flag


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


def metric_names(classes: Mapping[str, type[Experiment]]) -> set[str]:
    """All metrics the paper's experiments declare (their classes' `metrics`), as `experiment.metric`."""
    return {f"{name}.{metric}" for name, cls in classes.items() for metric in cls.metrics}


def scale_value(value: Any, scale: str) -> Any:
    """A setting that is either one value for every scale or a mapping {smoke:, default:, full:}."""
    if isinstance(value, dict):
        return value.get(scale, value.get("default"))
    return value


@dataclass(frozen=True)
class LoadedPaper:
    """A checked paper.yaml and its experiments' typed configs at the active scale."""

    spec: dict[str, Any]
    configs: dict[str, Any]


def values_named(error: Exception, params: dict[str, Any]) -> str:
    """` (here: a=1, b=2)`: the values of the parameters an error message names, so it says which one failed."""
    named = [key for key in params if re.search(rf"\b{re.escape(key)}\b", str(error))]
    return f" (here: {', '.join(f'{key}={params[key]!r}' for key in named)})" if named else ""


def experiment_configs(spec: dict[str, Any], classes: dict[str, type], scale: str, path: Path) -> dict[str, Any]:
    """Every experiment's typed config at `scale`; a bad value names the file, the key and the fix."""
    from thundeep.experiment import ConfigError, build

    configs: dict[str, Any] = {}
    for name, params in experiment_params(spec, scale).items():
        try:
            configs[name] = build(classes[name], params, f"experiments.{name}.params")
        except ConfigError as error:
            raise PaperSpecError(
                f"{path} (scale {scale!r}): {error}{values_named(error, params)}. "
                f"Fix the value in paper.yaml (or in scales.{scale}.{name}); "
                f"the parameters are defined by {classes[name].__module__}.{classes[name].__qualname__}."
            ) from None
    return configs


def load_paper(path: str | Path, paper: str, schema_path: str | Path, scale: str) -> LoadedPaper:
    """Load one paper.yaml, check it (schema, meaning, every scale's typed configs); errors name the file."""
    from thundeep.experiment import ConfigError, experiment_classes

    path = Path(path)
    spec = load_yaml(path)
    if not isinstance(spec, dict):
        raise PaperSpecError(f"{path}: expected a mapping of keys at the top level.")
    validate_against(spec, schema_path, path)
    try:
        classes = experiment_classes(paper)
    except ConfigError as error:
        raise PaperSpecError(f"{path}: {error}") from None
    extra, missing = sorted(set(spec["experiments"]) - set(classes)), sorted(set(classes) - set(spec["experiments"]))
    if extra or missing:
        raise PaperSpecError(
            f"{path}: key experiments names {extra or 'no unknown'} experiments and lacks {missing or 'none'}; "
            f"thundeep.{paper}.config.EXPERIMENTS defines {', '.join(classes)}. Make the two agree."
        )
    check_semantics(spec, path, paper, classes)
    configs = {s: experiment_configs(spec, classes, s, path) for s in SCALES}
    return LoadedPaper(spec, configs[scale])


def check_semantics(spec: dict[str, Any], path: str | Path, paper: str, classes: dict[str, type]) -> None:
    """Checks beyond the schema; raises PaperSpecError naming the file, the key and the fix."""
    path = Path(path)
    if spec.get("id") != paper:
        raise PaperSpecError(f"{path}: key id is {spec.get('id')!r} but the folder is {paper!r}. Make them equal.")
    experiments = spec["experiments"]
    for scale, overrides in (spec.get("scales") or {}).items():
        for name in overrides or {}:
            if name not in experiments:
                raise PaperSpecError(
                    f"{path}: key scales.{scale}.{name} names an unknown experiment. "
                    f"Known experiments: {', '.join(sorted(experiments))}."
                )
    for section in ("figures", "tables"):
        for name, item in (spec.get(section) or {}).items():
            if item["experiment"] not in experiments:
                raise PaperSpecError(
                    f"{path}: key {section}.{name}.experiment is {item['experiment']!r}, which is not "
                    f"an experiment. Known experiments: {', '.join(sorted(experiments))}."
                )
    known = metric_names(classes)
    for claim in spec.get("claims") or []:
        for check_index, check in enumerate(claim["checks"]):
            if check["metric"] not in known:
                raise PaperSpecError(
                    f"{path}: key claims[{claim['id']}].checks[#{check_index + 1}].metric is "
                    f"{check['metric']!r}, which no experiment produces. Produced metrics: "
                    f"{', '.join(sorted(known)) or '(none)'}. Fix the name, or add the metric to "
                    "the experiment class's `metrics` (and compute it)."
                )
    for index, item in enumerate(spec.get("errata") or []):
        for metric in item.get("metrics") or []:
            if metric not in known:
                raise PaperSpecError(
                    f"{path}: key errata[#{index + 1}].metrics names {metric!r}, which no experiment declares. "
                    f"Declared metrics: {', '.join(sorted(known)) or '(none)'}."
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
        raise PaperSpecError(f"{schema_path} is missing (it ships with the workflow: restore it from git).")
    schema = load_yaml(schema_path)
    return jsonschema.validators.validator_for(schema)(schema)


def validate_against(data: Any, schema_path: str | Path, where: str | Path) -> None:
    """Validate `data` against a JSON schema file; failures name `where`, the key and the fix."""
    error = next(iter(_validator(str(schema_path)).iter_errors(data)), None)
    if error is not None:
        raise PaperSpecError(describe_schema_error(where, schema_path, error, data))


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


def key_path(steps: Any, data: Any) -> str:
    """A dotted key path with list items named by their `id` (`claims[NS2]`) or 1-based (`figures[#3]`)."""
    parts: list[str] = []
    node = data
    for step in steps:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            label = f"[{name}]" if isinstance(name, str) else f"[#{step + 1}]"
            parts[-1:] = [(parts[-1] if parts else "") + label]
        else:
            parts.append(str(step))
        node = node[step] if isinstance(node, dict | list) and _has(node, step) else None
    return ".".join(parts)


def _has(node: Any, step: Any) -> bool:
    return (isinstance(node, dict) and step in node) or (
        isinstance(node, list) and isinstance(step, int) and step < len(node)
    )


def describe_schema_error(path: str | Path, schema_path: str | Path, failure: Any, data: Any = None) -> str:
    """A one-paragraph message for a JSON-schema failure: the file, the key, what is wrong, the fix.

    With the validated `data`, list items in the key are named by their id (claims[NS2]) or 1-based.
    """
    key = key_path(failure.absolute_path, data) or "(top level)"
    wanted = _schema_description(load_yaml(schema_path), failure.absolute_schema_path)
    hint = f" The key means: {wanted}" if wanted else ""
    return (
        f"{path}: key {key}: {failure.message}. Fix that key so that it matches {schema_path}"
        f" (rule '{failure.validator}').{hint}"
    )
