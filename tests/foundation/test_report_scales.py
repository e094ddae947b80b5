"""One page per scale built, the measured full-scale cost on pages and the index, and the front page."""

from __future__ import annotations

from pathlib import Path

from thundeep.io import read_json, write_json
from thundeep.provenance import sha256_file
from thundeep.report.content import ReportContent, clone_command, scales_note
from thundeep.report.cost import NOT_MEASURED, cost_text, read_plan
from thundeep.report.index import index_stage
from thundeep.report.manifest import public_url
from thundeep.report.scales import built_scales, carry_over, place_top_level
from thundeep.report.summary import verdict_lines

ENTRY = {"measured_core_hours": 3.5, "measured_gpu_hours": 0.0, "largest_job_hours": 0.25, "unmeasured_rules": []}


def scale_folder(root: Path, scale: str, statuses: tuple[str, ...] = ("ok",)) -> Path:
    """A built folder of one scale: a page, claims and a manifest naming the scale."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(f"<p>page at {scale}</p><p class='scales'>Cost.</p>")
    (root / "README.md").write_text(f"# page at {scale}\n\n**Scales.** Cost.\n")
    claims = [
        {"id": f"X{i}", "status": s, "verdict": "holds", "reason": "", "measured": {}, "spread": {}, "expected": {}}
        for i, s in enumerate(statuses)
    ]
    write_json(root / "claims.json", claims)
    files = {name: sha256_file(root / name) for name in ("index.html", "README.md", "claims.json")}
    write_json(root / "manifest.json", {"scale": scale, "files": files})
    return root


def test_a_smoke_build_keeps_the_default_page_and_the_top_shows_the_highest(tmp_path: Path) -> None:
    previous = tmp_path / "papers" / "toy"
    scale_folder(previous / "default", "default")
    place_top_level(previous)
    new = tmp_path / "new"
    new.mkdir()
    carry_over(previous, new, "smoke")
    scale_folder(new / "smoke", "smoke")
    assert place_top_level(new) == "default"
    assert built_scales(new) == ["smoke", "default"]
    assert (new / "default" / "index.html").read_text() == "<p>page at default</p><p class='scales'>Cost.</p>"
    assert (new / "index.html").read_text() == (
        "<p>page at default</p><p class='scales'>Cost. Scales built here: "
        "<a href='smoke/index.html'>smoke</a>, <a href='default/index.html'>default</a>.</p>"
    )
    assert (
        "**Scales.** Cost. Scales built here: [smoke](smoke/README.md), [default](default/README.md).\n"
        in (new / "README.md").read_text()
    )
    top = read_json(new / "manifest.json")
    assert top["scale"] == "default" and top["scales_built"] == ["smoke", "default"]
    assert {rel: sha256_file(new / rel) for rel in top["files"]} == top["files"]  # the top matches its manifest
    # A full build afterwards goes to the top and keeps both others.
    newer = tmp_path / "newer"
    newer.mkdir()
    carry_over(new, newer, "full")
    scale_folder(newer / "full", "full")
    assert place_top_level(newer) == "full" and built_scales(newer) == ["smoke", "default", "full"]
    assert (newer / "index.html").read_text().startswith("<p>page at full</p>")


def test_a_folder_of_the_old_one_page_layout_becomes_its_scale_folder(tmp_path: Path) -> None:
    previous = scale_folder(tmp_path / "old", "default")
    (previous / "figures").mkdir()
    (previous / "figures" / "f.png").write_bytes(b"png")
    new = tmp_path / "new"
    new.mkdir()
    carry_over(previous, new, "smoke")
    assert (new / "default" / "figures" / "f.png").read_bytes() == b"png"
    assert read_json(new / "default" / "manifest.json")["scale"] == "default"
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    carry_over(previous, rebuilt, "default")  # rebuilding the same scale replaces it
    assert list(rebuilt.iterdir()) == []


def test_cost_comes_from_the_plan_or_says_it_is_not_measured(tmp_path: Path) -> None:
    plan = tmp_path / "full_scale_plan.json"
    write_json(plan, {"papers": {"toy": ENTRY}, "total": {**ENTRY, "measured_core_hours": 150.0}})
    read = read_plan(plan)
    assert cost_text(read["papers"]["toy"]) == (
        "full scale, measured: 3.5 core-hours, 0 GPU-rule hours, largest job 0.25 h"
    )
    assert cost_text(read["total"]).startswith("full scale, measured: 150 core-hours")
    assert "not yet measured: descend" in cost_text({**ENTRY, "unmeasured_rules": ["descend"]})
    assert cost_text(read["papers"].get("other")) == NOT_MEASURED
    assert read_plan(tmp_path / "absent.json") == {"papers": {}, "total": {}}
    plan.write_text("{not json")
    assert read_plan(plan) == {"papers": {}, "total": {}}


def report(scale: str, cost: str) -> ReportContent:
    spec = {"id": "toy", "title": "Toy", "kind": "reproduction", "figures": {}, "experiments": {}}
    provenance = {"git": {"commit": "ab" * 20, "dirty": False, "remote": None}}
    return ReportContent(spec, {}, scale, [], {}, provenance, full_cost=cost)


def test_a_page_says_its_cost_and_below_full_the_command_that_builds_full() -> None:
    note = scales_note(report("smoke", cost_text(ENTRY)))
    assert note.startswith("Full scale, measured: 3.5 core-hours, 0 GPU-rule hours, largest job 0.25 h.")
    assert "to build it at full: snakemake papers/toy --config scale=full." in note
    assert "papers/toy/<scale>/index.html" in note
    note = scales_note(report("full", NOT_MEASURED))
    assert note.startswith("Full-scale cost not yet measured.") and "to build it" not in note


def test_the_clone_command_uses_the_remote_without_credentials() -> None:
    url = public_url("https://user:secret@example.org/group/thundeep.git")
    assert url == "https://example.org/group/thundeep.git"
    assert public_url("git@example.org:group/thundeep.git") == "git@example.org:group/thundeep.git"
    command = clone_command({"commit": "c0ffee", "remote": url})
    assert command.startswith(f"git clone {url} ../thundeep-rebuild && cd ../thundeep-rebuild && git checkout c0ffee")


def test_the_index_is_a_front_page_grouped_by_source_of_error(tmp_path: Path) -> None:
    papers_dir = tmp_path / "papers"
    shuffling = papers_dir / "random_shuffling"
    scale_folder(shuffling / "smoke", "smoke", ("ok", "failed"))
    scale_folder(shuffling / "default", "default", ("ok", "ok", "failed", "expected_failure", "not_assessed"))
    place_top_level(shuffling)
    lottery = papers_dir / "lottery_ticket"
    scale_folder(lottery / "smoke", "smoke", ("unassessable",))
    place_top_level(lottery)
    plan = tmp_path / "full_scale_plan.json"
    write_json(plan, {"papers": {"random_shuffling": ENTRY}, "total": ENTRY})
    meta = {"kind": "reproduction", "venue": "NeurIPS 2021", "experiments": ["Fig. 1", "rates"]}
    papers = {"random_shuffling": {**meta, "title": "Shuffling"}, "lottery_ticket": {**meta, "title": "Tickets"}}
    out = papers_dir / "index.html"
    error = f"{Path.cwd().resolve()}/workflow/papers/gamma/paper.yaml: bad key"
    index_stage(
        {"folders": [str(lottery), str(shuffling)], "plan": [str(plan)]},
        {"index": out},
        papers=papers,
        broken={"gamma": error},
    )
    page = out.read_text()
    assert page.index("<h2>Optimization</h2>") < page.index("Shuffling") < page.index("<h2>Approximation</h2>")
    assert page.index("<h2>Approximation</h2>") < page.index("Tickets") and "<h2>Generalization</h2>" not in page
    assert "scales built: <a href='random_shuffling/smoke/index.html'>smoke</a>, " in page
    assert "<a href='random_shuffling/default/index.html'>default</a> (verdicts at default)" in page
    assert "2 holds, 1 fails, 1 declared finding, 1 not assessed" in page  # the default build's claims
    assert "1 not assessed" in page.split("Tickets")[1]
    assert "reproduction: Fig. 1; rates" in page and "NeurIPS 2021" in page
    assert "full scale, measured: 3.5 core-hours" in page.split("Shuffling")[1].split("Tickets")[0]
    assert NOT_MEASURED in page.split("Tickets")[1]
    assert "Built at commit " in page and " UTC." in page
    assert "<td>" not in page  # no table of count columns
    assert "workflow/papers/gamma/paper.yaml: bad key" in page and str(Path.cwd().resolve()) not in page


def test_the_verdict_summary_names_the_paper_of_each_scale_folder(tmp_path: Path) -> None:
    folder = scale_folder(tmp_path / "papers" / "toy" / "smoke", "smoke", ("ok", "failed"))
    lines = verdict_lines([folder])
    assert lines[0] == "toy (scale smoke):" and lines[2].split()[:2] == ["X1", "failed"]
