"""Typed experiment configs: frozen dataclasses built from paper.yaml values, checked on the way in.

Each experiment of a paper is one frozen dataclass deriving from `Experiment` (in
`thundeep.<paper>.config`, listed in that module's `EXPERIMENTS`). It is the single definition of the
experiment's parameters: paper.yaml gives their values, `build` checks names and types (and the
class's own `__post_init__` checks values), rules pass `to_json(config)` in one param, and stage functions
receive the rebuilt object. The class's `metrics` names the numbers the experiment writes.
"""

from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, Union

from thundeep.io import write_json

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


T = TypeVar("T", bound="DataclassInstance")
"""A config class (`build` returns an instance of the class it is given)."""


class ConfigError(ValueError):
    """A parameter value that does not fit its experiment's typed definition."""


@dataclasses.dataclass(frozen=True)
class Experiment:
    """Base of every experiment config; subclasses declare fields and the `metrics` they write."""

    metrics: ClassVar[tuple[str, ...]] = ()

    def write_metrics(self, path: str | Path, values: Mapping[str, Any]) -> None:
        """Write the experiment's metrics file; its keys must be exactly `metrics`."""
        missing = sorted(set(self.metrics) - set(values))
        extra = sorted(set(values) - set(self.metrics))
        if missing or extra:
            raise ConfigError(
                f"{type(self).__name__} metrics for {path}: missing {missing}, undeclared {extra}. "
                f"Compute every name in {type(self).__name__}.metrics and only those."
            )
        write_json(path, dict(values))


def to_json(config: Any) -> dict[str, Any]:
    """A config dataclass as plain JSON values (tuples become lists), for a rule's params."""
    return _plain(dataclasses.asdict(config))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _type_name(kind: Any) -> str:
    return getattr(kind, "__name__", None) or str(kind).replace("typing.", "")


def _convert(kind: Any, value: Any, key: str) -> Any:
    """`value` converted to the annotated type `kind`, or ConfigError naming `key`."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return build(kind, value, key)
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"key {key}: {value!r} is not one of {list(args)}")
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _convert(option, value, key)
            except ConfigError as error:
                errors.append(str(error))
        raise ConfigError("; ".join(errors))
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(f"key {key}: expected a list, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v, f"{key}[{i}]") for i, v in enumerate(value))
        if len(args) != len(value):
            raise ConfigError(f"key {key}: expected a list of {len(args)} values, got {value!r}")
        return tuple(_convert(a, v, f"{key}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"key {key}: expected a number, got {value!r}")
        return float(value)
    if kind is int or kind is str or kind is bool:
        if type(value) is not kind:
            raise ConfigError(f"key {key}: expected {_type_name(kind)}, got {value!r}")
        return value
    raise TypeError(f"key {key}: the config type {kind!r} is not supported by thundeep.experiment")


def build(cls: type[T], data: Any, where: str = "params") -> T:
    """An instance of the frozen dataclass `cls` from a mapping; errors name the key and the fix."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"key {where}: expected a mapping of parameters, got {data!r}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"key {where}.{unknown[0]}: {cls.__name__} has no parameter {unknown[0]!r}. "
            f"Known parameters: {', '.join(fields)}"
        )
    required = [
        n for n, f in fields.items() if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [n for n in required if n not in data]
    if missing:
        raise ConfigError(f"key {where}: missing parameter(s) {', '.join(missing)} of {cls.__name__}")
    hints = _hints(cls)
    values = {name: _convert(hints[name], value, f"{where}.{name}") for name, value in data.items()}
    try:
        return cls(**values)
    except (ValueError, TypeError) as error:  # ConfigError from `require` included: name the key
        raise ConfigError(f"key {where}: {error}") from None


def experiment_classes(paper: str) -> dict[str, type[Experiment]]:
    """`thundeep.<paper>.config.EXPERIMENTS`: the paper's experiment ids mapped to their classes."""
    name = f"thundeep.{paper}.config"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name not in (name, f"thundeep.{paper}"):
            raise
        raise ConfigError(
            f"{name} is missing: every paper needs lib/thundeep/{paper}/config.py with its experiments' "
            "typed configs in EXPERIMENTS (see docs/adding_a_paper.md)."
        ) from None
    return dict(module.EXPERIMENTS)


def class_path(cls: type) -> str:
    """`module:Class` of a config class (how a rule names it for the stage runner)."""
    return f"{cls.__module__}:{cls.__qualname__}"


def load_class(path: str) -> type[Experiment]:
    """Import a config class from its `module:Class` path."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def require(condition: bool, message: str) -> None:
    """Raise ConfigError(message) unless `condition`: value checks in a config's `__post_init__`."""
    if not condition:
        raise ConfigError(message)
