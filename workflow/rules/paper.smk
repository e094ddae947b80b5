# Rules every paper shares: claims from the metrics, and the built papers/<paper>/ folder.


def _metrics_inputs(wildcards):
    return [res(wildcards.paper, "metrics", f"{e}.json") for e in SPEC[wildcards.paper]["experiments"]]


def _paper_inputs(wildcards):
    force_missing_results(wildcards.paper)
    spec = SPEC[wildcards.paper]
    inputs = dict(
        claims=res(wildcards.paper, "claims.json"),
        tables=[res(wildcards.paper, "tables", f"{t}.csv") for t in spec.get("tables") or {}],
        metrics=_metrics_inputs(wildcards),
    )
    for figure in spec["figures"]:
        inputs[f"figure_{figure}_pdf"] = res(wildcards.paper, "figures", f"{figure}.pdf")
        inputs[f"figure_{figure}_png"] = res(wildcards.paper, "figures", f"{figure}.png")
    return inputs


def _unknown_paper(wildcards):
    raise WorkflowError(
        f"unknown paper {wildcards.name!r}: there is no workflow/papers/{wildcards.name}/paper.yaml. "
        f"Known papers: {', '.join(PAPERS)}. Build one with `snakemake papers/<paper>`."
    )


_KNOWN = "|".join(PAPERS) or "(?!)"


rule claims:
    input:
        metrics=_metrics_inputs,
    output:
        claims=res("{paper}", "claims.json"),
    params:
        **stage("thundeep.claims:claims_stage", scale=SCALE, strict=config["strict"]),
        claims=lambda wc: SPEC[wc.paper].get("claims") or [],
    log:
        log_path("{paper}", "claims"),
    wildcard_constraints:
        paper=_KNOWN,
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        STAGE_SCRIPT


rule paper:
    input:
        unpack(_paper_inputs),
    output:
        folder=directory("papers/{paper}"),
    params:
        **stage("thundeep.report.assemble:paper_stage", scale=SCALE),
        spec=lambda wc: SPEC[wc.paper],
        params=lambda wc: PARAMS[wc.paper],
        results_dir=lambda wc: res(wc.paper),
        directories=["folder"],
    log:
        log_path("{paper}", "paper"),
    wildcard_constraints:
        paper=_KNOWN,
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        STAGE_SCRIPT


rule unknown_paper:
    input:
        _unknown_paper,
    output:
        directory("papers/{name}"),
    wildcard_constraints:
        name=rf"(?!(?:{_KNOWN})$)[^/]+",
    shell:
        "false"
