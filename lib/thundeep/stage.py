"""Run one pipeline stage: call a library function with atomic outputs, and time it.

A stage function has the signature `fn(inputs, outputs, config, **keywords) -> None`: `inputs` and
`outputs` map names to paths, `config` is the rule's typed experiment config (a frozen dataclass,
absent for rules that have none) and the keywords are the job's wildcards and the rule's other
params. The runner hands the function temporary output paths and renames them into place only after
it returns, so a job that is killed or fails leaves no file that looks finished (a failure while
moving them into place removes those already moved; a full disk is reported as ENOSPC with the
outputs named). A previous output, a paper folder say, is renamed aside and deleted only once the new
one is in place. Every output file gets a sha256 sidecar (`thundeep.integrity`), and every input is
checked against its sidecar before the function runs.
"""

from __future__ import annotations

import errno
import importlib
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from thundeep.integrity import check_input, sidecar_path, write_sidecar

Inputs = Mapping[str, Any]
"""A stage's named inputs: one `Path`, or a `list[Path]` where the rule names several files. Typed
`Any` because the rule, not the type, says which: a stage reads `inputs["table"]` as the one path its
rule declares without narrowing it first."""
Outputs = Mapping[str, Path]
"""A stage's named outputs (temporary paths, renamed into place when the stage returns)."""
StageFunction = Callable[..., None]


def without_torch_training(function: StageFunction) -> StageFunction:
    """Mark a stage that uses torch but trains nothing with it (random draws, say): the runner then sets
    torch's threads but not `torch.use_deterministic_algorithms`, which costs about 1 s (it imports
    torch._inductor) and constrains only torch's own kernels."""
    setattr(function, "trains_with_torch", False)  # noqa: B010 (a function has no declared attributes)
    return function


def resolve(function: str) -> StageFunction:
    """Import `package.module:function`."""
    module, _, name = function.partition(":")
    if not name:
        raise ValueError(f"stage function must be 'module:function', got {function!r}")
    return getattr(importlib.import_module(module), name)


def partial_path(path: Path) -> Path:
    """The temporary name a stage writes `path` under (same folder and suffix, hidden)."""
    return path.with_name(f".{path.stem}.partial{path.suffix}")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def previous_path(path: Path) -> Path:
    """Where the previous version of `path` waits while the new one is swapped in (hidden)."""
    return path.with_name(f".{path.stem}.previous{path.suffix}")


def _swap_in(partial: Path, final: Path) -> None:
    """Rename `partial` to `final`; a previous `final` is first renamed aside, then deleted.

    Two renames, so a kill at any moment leaves either the previous `final` whole or the new one
    (or, between the renames, neither under the final name): never a half-deleted folder.
    """
    previous = previous_path(final)
    if final.exists() or final.is_symlink():
        final.rename(previous)
    partial.rename(final)
    _remove(previous)


def no_space_message(outputs: Iterable[Path]) -> str:
    """The error of a stage that ran out of disk space: which outputs, on which filesystem, the fix."""
    names = [str(path) for path in outputs]
    folder = Path(names[0]).parent if names else Path(".")
    return (
        f"No space left on device (ENOSPC) while writing {', '.join(names)}: the filesystem of {folder} "
        f"is full; the job's outputs were removed. Free space there (`df -h {folder}`) and build again."
    )


def _out_of_space(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from or while handling, is ENOSPC (a full disk).

    Writers fail in their clean-up too (matplotlib's PDF writer raises AttributeError while handling
    the OSError), so the whole chain is searched.
    """
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


_RUNNER_PARAMS = ("function", "code", "caption", "directories", "wildcards")


def stage_arguments(params: Mapping[str, Any]) -> tuple[StageFunction, dict[str, Any]]:
    """The stage function a rule's params name, and the keyword arguments it is called with.

    Rule params: `function` (module:function), `code` (its hash), `caption` (for Snakemake's report),
    `directories` (outputs that are folders, for the runner): none of these is passed on; optionally
    `config` with `config_class` (rebuilt into the typed object), `wildcards` (passed as keywords),
    and any rule-specific params (passed as keywords).
    """
    from thundeep.experiment import build, load_class

    rest = {k: v for k, v in params.items() if k not in _RUNNER_PARAMS}
    keywords = dict(params.get("wildcards") or {})
    if "config" in rest:
        keywords["config"] = build(load_class(rest.pop("config_class")), rest.pop("config"), "config")
    keywords.update(rest)
    return resolve(params["function"]), keywords


def run_stage(
    inputs: Mapping[str, str | list[str]],
    outputs: Mapping[str, str],
    params: Mapping[str, Any],
    threads: int = 1,
) -> float:
    """Run the stage `params` names with temporary outputs, then move them into place; returns wall seconds.

    Torch's threads and deterministic kernels are set when the stage's modules use torch (only the threads
    for a stage marked `without_torch_training`); a stage that needs only numpy never imports it (about
    2 s of start-up saved per job).
    """
    function, keywords = stage_arguments(params)
    if "torch" in sys.modules:
        from thundeep.runtime import configure_torch

        configure_torch(threads, deterministic=getattr(function, "trains_with_torch", True))
    directories = tuple(params.get("directories", ()))
    final = {name: Path(path) for name, path in outputs.items()}
    partial = {name: partial_path(path) for name, path in final.items()}
    for name, path in partial.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove(path)
        _remove(previous_path(final[name]))
        if name in directories:
            path.mkdir()
    start = time.perf_counter()
    placed: list[Path] = []
    try:
        paths = {k: [Path(p) for p in v] if isinstance(v, list) else Path(v) for k, v in inputs.items()}
        for path in (p for v in paths.values() for p in (v if isinstance(v, list) else [v])):
            check_input(path)
        # A first line in the job's log, which the console heartbeat shows until the stage logs more.
        print(f"[thundeep] {params['function']}: started", file=sys.stderr, flush=True)
        function(paths, partial, **keywords)
        missing = [str(final[n]) for n, p in partial.items() if not p.exists()]
        if missing:
            raise RuntimeError(f"{params['function']} did not write its outputs: {missing}")
        for name, path in partial.items():
            placed.append(final[name])
            if path.is_file():
                write_sidecar(path, final[name])
            _swap_in(path, final[name])
    except BaseException as error:
        # Outputs already swapped in go too: a failed job leaves none of its outputs, not some of them.
        for path in [*partial.values(), *placed, *map(sidecar_path, placed), *map(previous_path, final.values())]:
            _remove(path)
        if _out_of_space(error):
            raise OSError(errno.ENOSPC, no_space_message(final.values())) from error
        raise
    seconds = time.perf_counter() - start
    print(f"[thundeep] {params['function']}: {seconds:.2f} s", file=sys.stderr)
    return seconds
