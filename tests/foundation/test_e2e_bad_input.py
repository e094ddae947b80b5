"""Mistakes a user can make stop the build before any job runs, naming the file, the key and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_snakemake

pytestmark = pytest.mark.e2e

PAPER_YAML = "workflow/papers/lottery_ticket/paper.yaml"


def _fails_before_any_job(copy: Path, *args: str) -> str:
    proc = run_snakemake(copy, *args, check=False, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert not (copy / "results").exists(), "a job ran before the error was reported"
    return output


def _edit(copy: Path, old: str, new: str, path: str = PAPER_YAML) -> None:
    target = copy / path
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))


def test_unknown_paper_lists_known_papers(fresh_copy: Path) -> None:
    out = _fails_before_any_job(fresh_copy, "papers/nope")
    # Snakemake reports an input function's error with its location; the message itself is ours.
    assert "unknown paper 'nope'" in out and "Known papers:" in out and "lottery_ticket" in out


def test_a_file_inside_a_paper_folder_is_not_a_target_and_the_message_says_so(fresh_copy: Path) -> None:
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket/index.html")
    assert "papers/lottery_ticket/index.html is a file of the built folder papers/lottery_ticket" in out
    assert "`snakemake papers/lottery_ticket`" in out


def test_unknown_scale_lists_scales(fresh_copy: Path) -> None:
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket", "--config", "scale=huge")
    assert "unknown scale 'huge'" in out and "smoke, default, full" in out and "--config scale=smoke" in out


def test_a_misspelt_or_empty_config_key_is_named_in_one_line(fresh_copy: Path) -> None:
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket", "--config", "sclae=full")
    assert "unknown --config key(s): sclae. The known keys are scale, strict, seeds" in out
    assert "additionalProperties" not in out and "On instance" not in out  # no JSON-schema dump
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket", "--config", "scale=")
    assert "--config scale= is empty" in out and "'None'" not in out


def test_invalid_yaml(fresh_copy: Path) -> None:
    _edit(fresh_copy, "venue: ICML 2020 (PMLR 119)", "venue: [ICML 2020")
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket")
    assert "Traceback" not in out
    assert PAPER_YAML in out and "not valid YAML" in out and "line" in out and "Fix the syntax" in out


def test_a_key_given_twice_stops_the_build(fresh_copy: Path) -> None:
    line = (fresh_copy / PAPER_YAML).read_text().splitlines().index("year: 2020") + 1
    _edit(fresh_copy, "year: 2020\n", "year: 2020\nyear: 2021\n")
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket")
    assert "Traceback" not in out
    assert f"{PAPER_YAML}: not valid YAML at line {line + 1}" in out, out
    assert f"duplicate key 'year' (first given at line {line})" in out, out


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("year: 2020", "year: twenty", PAPER_YAML, ["key year", "is not of type 'integer'", "Fix that key"]),
        ("summary: >-", "sumary: >-", PAPER_YAML, ["'sumary' was unexpected", "Fix that key"]),
        ('title: "Proving', '# title: "Proving', PAPER_YAML, ["'title' is a required property"]),
        (
            "n_train: 1000, n_test: 300",
            "n_train: 0, n_test: 300",
            PAPER_YAML,
            [
                "n_train and n_test must be >= 1",
                "scale 'smoke'",
                "scales.smoke.construction",
                "thundeep.lottery_ticket.config.Construction",
            ],
        ),
        (
            "single_product: {pool_sizes: [2, 4",
            "single_product: {pool_sizes: [-2, 4",
            PAPER_YAML,
            ["pool_sizes: at least two distinct values, each >= 1", "scales.default.construction"],
        ),
        (
            "        reach: 1.0",
            "        raech: 1.0",
            PAPER_YAML,
            ["key experiments.construction.params.target.raech", "has no parameter 'raech'"],
        ),
        (
            "epochs: 10, lr: 0.01",
            "epochs: 10, lr: 0.01, epoch: 3",
            PAPER_YAML,
            ["target.network.epoch", "scales.smoke.construction", "Known parameters"],
        ),
        (
            "metric: construction.slope_single_product,",
            "metric: construction.slope_single,",
            PAPER_YAML,
            ["construction.slope_single", "no experiment produces", "claims[LT1].checks[#1]"],
        ),
    ],
)
def test_bad_keys(fresh_copy: Path, old: str, new: str, path: str, words: list[str]) -> None:
    _edit(fresh_copy, old, new, path)
    out = _fails_before_any_job(fresh_copy, "papers/lottery_ticket", "--config", "scale=smoke")
    assert PAPER_YAML in out and "Traceback" not in out
    for word in words:
        assert word in out, f"{word!r} missing from:\n{out}"


def test_a_broken_paper_is_left_out_alike_by_every_build_of_all_papers(fresh_copy: Path) -> None:
    """`snakemake` and `snakemake papers/index.html` both build the other papers and name the broken one;
    under strict both then fail. The copy keeps two papers: the broken one and a quick one."""
    for spec in (fresh_copy / "workflow" / "papers").glob("*/paper.yaml"):
        if spec.parent.name not in ("lottery_ticket", "implicit_regularization"):
            shutil.rmtree(spec.parent)
    _edit(fresh_copy, "venue: ICML 2020 (PMLR 119)", "venue: [ICML 2020")
    proc = run_snakemake(fresh_copy, "--config", "scale=smoke")
    assert "left out of this build" in proc.stderr and PAPER_YAML in proc.stderr
    assert (fresh_copy / "papers" / "implicit_regularization" / "index.html").is_file()
    assert "lottery_ticket" in (fresh_copy / "papers" / "index.html").read_text()
    for target in ([], ["papers/index.html"]):
        proc = run_snakemake(fresh_copy, *target, "--config", "scale=smoke", "strict=true", check=False)
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0, (target, out[-3000:])
        assert "strict: 1 paper(s) could not be built" in out and PAPER_YAML in out, (target, out[-3000:])
