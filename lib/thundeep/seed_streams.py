"""Seed streams: the same experiment with every seed shifted by a stream-specific offset.

Stream 0 is the build users know (seeds exactly as in paper.yaml). Stream k > 0 adds k * STREAM_OFFSET
to every seed of every experiment config, found by name: an int field named `seed` or ending in
`_seed`, and every element of an int tuple named `seeds` or ending in `_seeds` (an int `seeds` is a
count of runs and stays as it is). The offset is far above any seed or seed range a paper uses, so
two streams never share a draw.
"""

from __future__ import annotations

import dataclasses
from typing import Any

STREAM_OFFSET = 1_000_000
"""Seeds of stream k are those of stream 0 plus k * STREAM_OFFSET."""


def _is_seed(name: str) -> bool:
    return name == "seed" or name.endswith("_seed")


def _is_seed_list(name: str) -> bool:
    return name == "seeds" or name.endswith("_seeds")


def shift_value(name: str, value: Any, stream: int) -> Any:
    """`value` of the setting `name` in stream `stream`: seeds shifted, nested configs walked, the rest as is."""
    if stream == 0:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return shift_seeds(value, stream)
    if _is_seed(name) and isinstance(value, int) and not isinstance(value, bool):
        return value + stream * STREAM_OFFSET
    if _is_seed_list(name) and isinstance(value, list | tuple) and all(type(v) is int for v in value):
        return type(value)(v + stream * STREAM_OFFSET for v in value)
    return value


def shift_seeds(config: Any, stream: int) -> Any:
    """A copy of the frozen config dataclass `config` with every seed shifted to stream `stream`."""
    if stream == 0:
        return config
    changes = {
        field.name: shift_value(field.name, getattr(config, field.name), stream)
        for field in dataclasses.fields(config)
        if field.init
    }
    return dataclasses.replace(config, **changes)


def run_seeds(seed: int, runs: int) -> range:
    """The seeds of an experiment's `runs` runs, numbered from its base `seed` (which a stream shifts)."""
    return range(seed, seed + runs)
