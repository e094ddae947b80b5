# Helpers shared by every paper's rules: configuration, the paper specs, results paths, and the
# params every rule carries (the stage function and the hash of the library code it uses).
import os
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from thundeep.paperspec import (
    PaperSpecError,
    check_scale,
    check_semantics,
    experiment_params,
    load_yaml,
    validate_against,
)
from thundeep.provenance import CodeHashCache, code_hash


config.setdefault("scale", "default")
config.setdefault("strict", False)
try:
    check_scale(str(config["scale"]))
except PaperSpecError as error:
    raise WorkflowError(str(error)) from None
validate(config, "../schemas/config.schema.yaml")

SCALE = config["scale"]
PAPERS_DIR = Path(workflow.basedir) / "papers"
STAGE_SCRIPT = str(Path(workflow.basedir) / "scripts" / "stage.py")
CONDA_ENV = str(Path(workflow.basedir).parent / "environment.yml")
PAPER_SCHEMA = str(Path(workflow.basedir) / "schemas" / "paper.schema.yaml")
PAPERS = sorted(p.parent.name for p in PAPERS_DIR.glob("*/paper.yaml"))
CODE_HASHES = CodeHashCache(".snakemake/thundeep_code_hashes.json")


def _load_paper(paper):
    """Load one paper.yaml and check it against the schemas and for meaning; errors name the file."""
    path = PAPERS_DIR / paper / "paper.yaml"
    spec = load_yaml(path)
    if not isinstance(spec, dict):
        raise PaperSpecError(f"{path}: expected a mapping of keys at the top level.")
    validate_against(spec, PAPER_SCHEMA, path)
    check_semantics(spec, path, paper)
    for scale in ("smoke", "default", "full"):
        where = f"{path} (experiment params at scale {scale!r})"
        validate_against(experiment_params(spec, scale), PAPERS_DIR / paper / "params.schema.yaml", where)
    return spec


try:
    SPEC = {paper: _load_paper(paper) for paper in PAPERS}
except PaperSpecError as error:
    raise WorkflowError(str(error)) from None
PARAMS = {paper: experiment_params(SPEC[paper], SCALE) for paper in PAPERS}


def res(paper, *parts):
    """Path of a cached stage output: results/<scale>/<paper>/<parts...>."""
    return os.path.join("results", SCALE, paper, *parts)


def log_path(paper, name):
    """Log file of one job."""
    return res(paper, "logs", f"{name}.log")


def bench_path(paper, name):
    """Snakemake benchmark file of one job (its wall time lands in the manifest)."""
    return res(paper, "benchmarks", f"{name}.tsv")


def stage(function, **params):
    """Params of a job that runs `module:function`, with the code hash of what the function uses."""
    return dict(function=function, code=code_hash(function, cache_file=CODE_HASHES), **params)


def figure_outputs(paper, figure):
    """Named outputs of a figure rule: the PDF and the PNG (the PNG goes into --report)."""
    return dict(
        pdf=res(paper, "figures", f"{figure}.pdf"),
        png=report(
            res(paper, "figures", f"{figure}.png"),
            caption=str(Path(workflow.basedir) / "report" / "figure.rst"),
            category=paper,
        ),
    )


def figure_caption(paper, figure):
    """A figure's caption from paper.yaml (a rule param, so the report can show it)."""
    return SPEC[paper]["figures"][figure]["caption"]



def force_missing_results(paper):
    """Rerun the producers of results the paper's last build recorded and that were deleted since.

    Snakemake regenerates a missing intermediate file only when one of its consumers has to run
    anyway. We want deleting any file under results/ to rerun its producer and everything
    downstream, so the `paper` rule's input function (evaluated while the DAG is built) adds the
    files that the last build's manifest lists and that are gone to the DAG's forced files.
    """
    from thundeep.report.manifest import missing_results

    found = missing_results(Path("papers", paper, "manifest.json"), Path(res(paper)), SCALE)
    if found and workflow.dag is not None:
        workflow.dag.forcefiles.update(str(path) for path in found)


def metrics_inputs(wildcards):
    """The metrics files of every experiment of a paper (inputs of its claims)."""
    return [res(wildcards.paper, "metrics", f"{e}.json") for e in SPEC[wildcards.paper]["experiments"]]


def paper_inputs(wildcards):
    """Everything the built folder is assembled from: claims, tables, metrics, figures."""
    force_missing_results(wildcards.paper)
    spec = SPEC[wildcards.paper]
    inputs = dict(
        claims=res(wildcards.paper, "claims.json"),
        tables=[res(wildcards.paper, "tables", f"{t}.csv") for t in spec.get("tables") or {}],
        metrics=metrics_inputs(wildcards),
    )
    for figure in spec["figures"]:
        inputs[f"figure_{figure}_pdf"] = res(wildcards.paper, "figures", f"{figure}.pdf")
        inputs[f"figure_{figure}_png"] = res(wildcards.paper, "figures", f"{figure}.png")
    return inputs


def unknown_paper_error(wildcards):
    """Input function of the catch-all rule: stops the build with the list of known papers."""
    raise WorkflowError(
        f"unknown paper {wildcards.name!r}: there is no workflow/papers/{wildcards.name}/paper.yaml. "
        f"Known papers: {', '.join(PAPERS)}. Build one with `snakemake papers/<paper>`."
    )
