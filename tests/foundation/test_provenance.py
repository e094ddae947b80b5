"""code_hash: follows imports inside thundeep, ignores comments and docstrings, slices functions."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from thundeep import provenance


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A throwaway `thundeep` package tree that code_hash reads instead of the real one."""
    root = tmp_path / "thundeep"
    root.mkdir()

    def write(name: str, source: str) -> None:
        path = root.joinpath(*name.split(".")[1:]).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        provenance._tree.cache_clear()
        provenance._parsed.cache_clear()

    write("thundeep.__init__", '"""Package."""\n')
    monkeypatch.setattr(provenance, "PACKAGE_DIR", root)
    yield write
    provenance._tree.cache_clear()
    provenance._parsed.cache_clear()


def test_comments_and_docstrings_do_not_change_the_hash(fake_package) -> None:
    fake_package(
        "thundeep.a",
        '''
        """Module a."""
        def f(x):
            """Double."""
            return 2 * x
    ''',
    )
    before = provenance.code_hash("thundeep.a")
    fake_package(
        "thundeep.a",
        '''
        """Module a, reworded."""
        # a new comment
        def f(x):  # trailing comment
            """Twice x, said differently."""

            return 2 * x
    ''',
    )
    assert provenance.code_hash("thundeep.a") == before
    fake_package("thundeep.a", "def f(x):\n    return 3 * x\n")
    assert provenance.code_hash("thundeep.a") != before


def test_imports_are_followed_transitively(fake_package) -> None:
    fake_package("thundeep.base", "K = 1\n")
    fake_package("thundeep.mid", "from thundeep.base import K\n")
    fake_package("thundeep.top", "from . import mid\n")
    fake_package("thundeep.other", "Z = 0\n")
    assert provenance.module_closure("thundeep.top") == ["thundeep", "thundeep.base", "thundeep.mid", "thundeep.top"]
    before = provenance.code_hash("thundeep.top")
    fake_package("thundeep.other", "Z = 1\n")
    assert provenance.code_hash("thundeep.top") == before
    fake_package("thundeep.base", "K = 2\n")
    assert provenance.code_hash("thundeep.top") != before


def test_function_slice_only_depends_on_what_the_function_reaches(fake_package) -> None:
    fake_package("thundeep.heavy", "W = 1\n")
    fake_package("thundeep.light", "V = 1\n")
    fake_package(
        "thundeep.stages",
        """
        from thundeep.heavy import W
        from thundeep.light import V
        SCALE = 2
        def helper(x):
            return SCALE * x
        def uses_light(x):
            return helper(x) + V
        def uses_heavy(x):
            return W
    """,
    )
    light = provenance.code_hash("thundeep.stages:uses_light")
    heavy = provenance.code_hash("thundeep.stages:uses_heavy")
    fake_package("thundeep.heavy", "W = 2\n")
    assert provenance.code_hash("thundeep.stages:uses_light") == light
    assert provenance.code_hash("thundeep.stages:uses_heavy") != heavy
    source = (provenance.PACKAGE_DIR / "stages.py").read_text()
    fake_package("thundeep.stages", source.replace("SCALE = 2", "SCALE = 3"))
    assert provenance.code_hash("thundeep.stages:uses_light") != light


def test_real_stage_functions_hash_without_importing_them() -> None:
    """Hashing happens while Snakemake parses: it must not import torch (a no-op rebuild stays fast)."""
    code = (
        "import sys; from thundeep.provenance import code_hash; "
        "code_hash('thundeep.lottery_ticket.stages:construction_stage'); "
        "assert 'torch' not in sys.modules and 'thundeep.lottery_ticket.stages' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError):
        provenance.code_hash("thundeep.lottery_ticket.stages:no_such_stage")
    with pytest.raises(ModuleNotFoundError):
        provenance.code_hash("thundeep.no_such_module")


def test_loading_every_paper_imports_no_torch() -> None:
    """Snakemake loads every paper's typed configs at parse time: no config may pull in torch (~1 s a call)."""
    workflow = Path(__file__).resolve().parents[2] / "workflow"
    code = (
        "import sys; from pathlib import Path; from thundeep.paperspec import load_paper; "
        f"workflow = Path({str(workflow)!r}); "
        "papers = sorted(workflow.glob('papers/*/paper.yaml')); assert papers; "
        "[load_paper(p, p.parent.name, workflow / 'schemas' / 'paper.schema.yaml', 'smoke') for p in papers]; "
        "heavy = sorted({'torch', 'matplotlib', 'scipy'} & set(sys.modules)); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    assert provenance.sha256_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    copy = tmp_path / "y.bin"
    shutil.copy(path, copy)
    assert provenance.sha256_file(copy) == provenance.sha256_file(path)


def test_code_hash_cache_is_reused_only_while_sources_are_unchanged(fake_package, tmp_path: Path) -> None:
    fake_package("thundeep.dep", "K = 1\n")
    fake_package("thundeep.stages", "from thundeep.dep import K\ndef run():\n    return K\n")
    cache = provenance.CodeHashCache(tmp_path / "cache.json")
    first = provenance.code_hash("thundeep.stages:run", cache_file=cache)
    cache.save()
    reloaded = provenance.CodeHashCache(tmp_path / "cache.json")
    assert reloaded.lookup("thundeep.stages:run") == first
    fake_package("thundeep.dep", "K = 2\n")
    assert reloaded.lookup("thundeep.stages:run") is None
    second = provenance.code_hash("thundeep.stages:run", cache_file=reloaded)
    assert second != first and second == provenance.code_hash("thundeep.stages:run")
    fake_package("thundeep.stages", "from thundeep.dep import K\ndef run():\n    return K + 1\n")
    assert reloaded.lookup("thundeep.stages:run") is None
