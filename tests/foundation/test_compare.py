"""python -m thundeep.compare: two built folders compared file by file, numbers, verdicts and exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_packaging import readme_commands

from conftest import run_snakemake, snakemake_env
from thundeep.claims import evaluate_claims
from thundeep.compare.cli import main
from thundeep.io import write_csv, write_json
from thundeep.provenance import sha256_file
from thundeep.report.content import ReportContent
from thundeep.report.html import render_html
from thundeep.report.manifest import build_manifest
from thundeep.report.markdown import render_markdown

CLAIMS = [
    {
        "id": "C1",
        "statement": "The loss falls.",
        "source": "Sec. 1",
        "tolerance": "one spread",
        "min_scale": "smoke",
        "checks": [{"metric": "e1.slope", "op": "<", "value": -0.5, "spread": "e1.slope_std"}],
    }
]
COLUMNS = ["method", "n", "loss"]
ROWS = [
    {"method": "gd", "n": 10, "loss": 0.5},
    {"method": "sgd", "n": 10, "loss": 0.25},
    {"method": "sgd", "n": 20, "loss": 0.125},
]
PROVENANCE = {"git": {"commit": "0" * 40, "dirty": False}, "packages": {"torch": "2.13.0"}, "device": "cpu"}


def build(
    root: Path,
    *,
    rows: list[dict] = ROWS,
    slope: float = -1.0,
    scale: str = "smoke",
    figure: bytes = b"\x89PNG figure",
    extra_table: bool = False,
    paper: str = "toy",
) -> Path:
    """A fake built folder root/papers/toy with a table, claims, a figure, a page and its manifest."""
    folder = root / "papers" / "toy"
    (folder / "tables").mkdir(parents=True)
    (folder / "figures").mkdir()
    write_csv(folder / "tables/e1.csv", rows, COLUMNS)
    if extra_table:
        write_csv(folder / "tables/e2.csv", rows, COLUMNS)
    write_json(folder / "claims.json", evaluate_claims(CLAIMS, {"e1": {"slope": slope, "slope_std": 0.1}}, scale))
    (folder / "figures/e1.png").write_bytes(figure)
    (folder / "README.md").write_text("# toy\n", encoding="utf-8")
    manifest = build_manifest(folder, root / "results", scale, {"e1": {"seed": 0}}, PROVENANCE, paper=paper)
    write_json(folder / "manifest.json", manifest)
    return folder


def compare(capsys: pytest.CaptureFixture, *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def with_loss(row: int, loss: float) -> list[dict]:
    return [{**r, "loss": loss} if i == row else r for i, r in enumerate(ROWS)]


def test_two_identical_builds_agree(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    status, out, err = compare(capsys, a, b)
    assert status == 0 and err == ""
    assert f"identical  tables/e1.csv  sha256 {sha256_file(a / 'tables/e1.csv')}" in out
    assert "manifest.json is not compared byte for byte" in out
    assert out.splitlines()[-1].startswith("Result: the folders agree")


def test_changed_table_cell_is_reported_with_its_location_and_hashes(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b", rows=with_loss(1, 0.3))
    status, out, _ = compare(capsys, a, b)
    assert status == 1
    assert f"A sha256 {sha256_file(a / 'tables/e1.csv')}" in out
    assert f"B sha256 {sha256_file(b / 'tables/e1.csv')}" in out
    row = "row (method=sgd, n=10)"
    assert f"column loss: largest |A-B| 0.05 at {row}, largest relative 0.167 at {row}" in out
    assert "numbers equal in 1 column(s): n" in out
    assert "DIFFER" in out.splitlines()[-1] and "tables/e1.csv" in out.splitlines()[-1]


def test_changed_verdict_is_reported_and_fails_under_any_tolerance(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a", slope=-1.0), build(tmp_path / "b", slope=-0.25)
    status, out, _ = compare(capsys, a, b, "--rtol", "10")
    assert status == 1
    assert "verdict changed: C1 holds -> fails" in out
    assert "claim C1, checks[0].passed: true -> false" in out
    assert "column measured[e1.slope]: largest |A-B| 0.75 at claim C1" in out


def test_text_cell_must_match_exactly_under_a_tolerance(tmp_path: Path, capsys) -> None:
    rows = [{**r, "method": "SGD"} if i == 2 else r for i, r in enumerate(ROWS)]
    a, b = build(tmp_path / "a"), build(tmp_path / "b", rows=rows)
    status, out, _ = compare(capsys, a, b, "--rtol", "1")
    assert status == 1
    assert "row 3 (method=sgd), method: sgd -> SGD" in out


def test_rtol_accepts_float_order_differences_and_rejects_larger_ones(tmp_path: Path, capsys) -> None:
    a = build(tmp_path / "a")
    b = build(tmp_path / "b", rows=with_loss(0, 0.5 * (1 + 1e-12)), figure=b"\x89PNG redrawn")
    assert compare(capsys, a, b)[0] == 1  # bit-identical by default
    status, out, _ = compare(capsys, a, b, "--rtol", "1e-9")
    assert status == 0
    assert "agree within rtol=1e-09, atol=0" in out and "figures/e1.png" in out.splitlines()[-1]
    status, out, _ = compare(capsys, a, b, "--rtol", "1e-13")
    assert status == 1
    assert "largest relative 1e-12 at row (method=gd, n=10); 1 of 3 cells outside the tolerance" in out


def test_atol_accepts_small_absolute_differences(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b", rows=with_loss(2, 0.125 + 1e-10))
    assert compare(capsys, a, b, "--atol", "1e-9")[0] == 0
    assert compare(capsys, a, b, "--atol", "1e-11")[0] == 1


def test_file_in_one_folder_only_differs_under_any_tolerance(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b", extra_table=True)
    status, out, _ = compare(capsys, a, b, "--rtol", "1")
    assert status == 1
    assert f"only in B  tables/e2.csv  sha256 {sha256_file(b / 'tables/e2.csv')}" in out


def test_nan_cells_agree_with_nan_only(tmp_path: Path, capsys) -> None:
    a = build(tmp_path / "a", rows=with_loss(0, float("nan")))
    c = build(tmp_path / "c", rows=with_loss(0, 0.5 + 1e-15))
    rows = [{**r, "n": 10.0} if i == 1 else r for i, r in enumerate(with_loss(0, float("nan")))]
    d = build(tmp_path / "d", rows=rows)  # "10.0" where a has "10": the same number
    assert compare(capsys, a, d, "--rtol", "1e-9")[0] == 0
    status, out, _ = compare(capsys, a, c, "--rtol", "1")
    assert status == 1 and "row (method=gd, n=10), loss: nan -> 0.500000000000001" in out


def test_files_the_manifest_does_not_list_are_named_and_ignored(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    (b / "notes.txt").write_text("mine\n", encoding="utf-8")
    status, out, _ = compare(capsys, a, b)
    assert status == 0 and "not in B's manifest, ignored: notes.txt" in out


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    a = build(tmp_path / "a")
    status, out, err = compare(capsys, a, tmp_path / "nowhere/papers/toy")
    assert status == 2 and out == ""
    assert "nowhere/papers/toy: no such folder" in err and "snakemake papers/toy --config scale=" in err


def test_folder_without_manifest_is_a_usage_error(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    (b / "manifest.json").unlink()
    status, _, err = compare(capsys, a, b)
    assert status == 2 and f"{b / 'manifest.json'}: missing" in err


def test_file_changed_after_the_build_is_a_usage_error(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    (b / "tables/e1.csv").write_text("method,n,loss\ngd,10,0.4\n", encoding="utf-8")
    status, _, err = compare(capsys, a, b)
    assert status == 2
    assert f"{b / 'tables/e1.csv'}: sha256 is {sha256_file(b / 'tables/e1.csv')}" in err
    assert "snakemake papers/toy --config scale=smoke" in err


def test_listed_file_missing_is_a_usage_error(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    (a / "figures/e1.png").unlink()
    status, _, err = compare(capsys, a, b)
    assert status == 2 and f"{a / 'figures/e1.png'}: listed in manifest.json but missing" in err


def test_two_scales_are_a_usage_error(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b", scale="default")
    status, _, err = compare(capsys, a, b)
    assert status == 2
    assert "built at scale 'smoke'" in err and "at scale 'default'" in err
    assert "snakemake papers/toy --config scale=smoke" in err


def test_builds_of_two_papers_are_a_usage_error_naming_both(tmp_path: Path, capsys) -> None:
    a, b = build(tmp_path / "a"), build(tmp_path / "b", paper="other")  # both folders are named toy
    status, out, err = compare(capsys, a, b)
    assert status == 2 and out == ""
    assert f"{a} is a build of 'toy' and {b} of 'other'" in err and "not comparable" in err


def test_the_suggested_rebuild_names_the_paper_of_the_manifest(tmp_path: Path, capsys) -> None:
    a = build(tmp_path / "a")
    renamed = a.rename(a.with_name("downloaded"))
    (renamed / "README.md").write_text("# edited\n", encoding="utf-8")
    status, _, err = compare(capsys, renamed, build(tmp_path / "b"))
    assert status == 2
    assert "`snakemake papers/toy --config scale=smoke` at the repository root" in err
    assert "snakemake papers/downloaded" not in err


def test_table_rows_are_located_by_their_key_columns(tmp_path: Path, capsys) -> None:
    a = build(tmp_path / "a")
    b = build(tmp_path / "b", rows=ROWS[::-1])  # the same rows in another order
    assert compare(capsys, a, b, "--rtol", "1e-9")[0] == 0
    c = build(tmp_path / "c", rows=with_loss(2, 0.5)[::-1])
    status, out, _ = compare(capsys, a, c)
    assert status == 1
    assert "column loss: largest |A-B| 0.375 at row (method=sgd, n=20)" in out


@pytest.mark.parametrize("value", ["-1e-6", "nan", "abc"])
def test_bad_tolerance_is_a_usage_error(tmp_path: Path, value: str, capsys) -> None:
    a = build(tmp_path / "a")
    with pytest.raises(SystemExit) as exit_info:
        main([str(a), str(a), "--rtol", value])
    assert exit_info.value.code == 2
    assert "--rtol" in capsys.readouterr().err


def report(dirty: bool) -> ReportContent:
    spec = {
        "id": "toy",
        "title": "Toy",
        "kind": "reproduction",
        "authors": ["A. Author"],
        "venue": "V",
        "year": 2020,
        "summary": "s",
        "figures": {},
        "experiments": {},
    }
    return ReportContent(
        spec=spec,
        params={},
        scale="default",
        claims=[],
        metrics={},
        provenance={**PROVENANCE, "git": {"commit": "ab" * 20, "dirty": dirty}},
    )


def test_page_and_readme_say_how_to_reproduce_and_compare_with_real_commands(tmp_path: Path) -> None:
    setup, _ = readme_commands()
    commands = [
        'FOLDER="$PWD/papers/toy/default"',
        "git clone ../thundeep.bundle ../thundeep-rebuild && cd ../thundeep-rebuild"
        f" && git checkout {'ab' * 20} && {setup}",
        "snakemake papers/toy --config scale=default",
        'python -m thundeep.compare papers/toy/default "$FOLDER"',
    ]
    markdown = render_markdown(report(dirty=False))
    section = markdown.split("## Reproduce and compare", 1)[1].split("## Provenance")[0]
    assert "```sh\n" + "\n".join(commands) + "\n```" in section
    assert "--rtol" in section and "uncommitted" not in section
    assert "REPOSITORY_URL" not in markdown and "THIS_FOLDER" not in markdown
    assert "no git remote" in section and "git bundle create thundeep.bundle --all" in section
    html = render_html(report(dirty=True), tmp_path)
    section = html.split("<h2 id='reproduce'>Reproduce and compare</h2>", 1)[1].split("<h2>")[0]
    assert "<pre>" + "\n".join(commands).replace("&", "&amp;").replace('"', "&quot;") + "</pre>" in section
    assert "uncommitted changes" in section


@pytest.mark.e2e
def test_two_smoke_builds_of_a_paper_agree_and_an_edit_is_caught(smoke_repo, built_copy) -> None:
    paper = "lottery_ticket"
    first = smoke_repo.build(paper)
    copy = built_copy(paper)
    second = copy / "papers" / paper
    shutil.rmtree(second)
    rebuild = run_snakemake(copy, f"papers/{paper}", "--config", "scale=smoke", "--forcerun", "claims")
    assert "rule claims" in rebuild.stderr + rebuild.stdout and "rule paper" in rebuild.stderr + rebuild.stdout

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "thundeep.compare", *args],
            cwd=copy,
            capture_output=True,
            text=True,
            env=snakemake_env(copy),
            timeout=120,
        )

    proc = run(str(first), str(second))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "identical  claims.json" in proc.stdout and "identical  tables/construction.csv" in proc.stdout
    assert (
        f'snakemake papers/{paper} --config scale=smoke\npython -m thundeep.compare papers/{paper}/smoke "$FOLDER"'
        in (second / "README.md").read_text()
    )
    table = second / "tables/construction.csv"
    table.write_text(table.read_text().replace(",", ";", 1))
    proc = run(str(first), str(second))
    assert proc.returncode == 2 and f"{table}: sha256 is" in proc.stderr
