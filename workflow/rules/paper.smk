# Rules every paper shares: claims from the metrics, and the built papers/<paper>/ folder.


_KNOWN = "|".join(BUILDABLE) or "(?!)"


rule claims:
    input:
        metrics=metrics_inputs,
        streams=stream_claims_inputs,
    output:
        claims=res("{paper}", "claims.json"),
    log:
        log_path("{paper}", "claims"),
    wildcard_constraints:
        paper=_KNOWN,
    group:
        REPORT_GROUP
    conda:
        CONDA_ENV
    params:
        **stage("thundeep.claims:claims_stage", scale=SCALE, strict=config["strict"]),
        claims=lambda wc: SPEC[wc.paper].get("claims") or [],
        declared=lambda wc: {name: list(c.metrics) for name, c in CONFIGS[wc.paper].items()},
    script:
        STAGE_SCRIPT


# The claims of seed stream 1..N-1 (--config seeds=N): verdicts only, never strict (stream 0's claims
# rule counts them and applies the strict rule).
rule stream_claims:
    input:
        metrics=stream_metrics_inputs,
    output:
        claims=stream_res("{stream}", "{paper}", "claims.json"),
    log:
        stream_res("{stream}", "{paper}", "logs", "claims.log"),
    wildcard_constraints:
        paper=_KNOWN,
        stream=r"[1-9]\d*",
    conda:
        CONDA_ENV
    params:
        **stage("thundeep.claims:claims_stage", scale=SCALE, strict=False),
        claims=lambda wc: SPEC[wc.paper].get("claims") or [],
        declared=lambda wc: {name: list(c.metrics) for name, c in CONFIGS[wc.paper].items()},
    script:
        STAGE_SCRIPT


rule paper:
    input:
        unpack(paper_inputs),
        plan=plan_input,
    output:
        # update(): Snakemake does not delete the previous folder before the job; the job builds
        # papers/.<paper>.partial and swaps it in, so a killed or failed job leaves the old folder.
        # The folder keeps one <scale>/ per scale built (thundeep.report.scales): the job carries the
        # previous folder's other scales over.
        folder=update(directory("papers/{paper}")),
    log:
        log_path("{paper}", "paper"),
    wildcard_constraints:
        paper=_KNOWN,
    group:
        REPORT_GROUP
    conda:
        CONDA_ENV
    params:
        **stage("thundeep.report.assemble:paper_stage", scale=SCALE),
        spec=lambda wc: SPEC[wc.paper],
        params=lambda wc: {name: to_json(c) for name, c in CONFIGS[wc.paper].items()},
        results_dir=lambda wc: res(wc.paper),
        figure_sources=lambda wc: FIGURE_SOURCES[wc.paper],
        previous=lambda wc: os.path.join("papers", wc.paper),
        directories=["folder"],
    script:
        STAGE_SCRIPT


rule index:
    input:
        folders=index_inputs,
        plan=plan_input,
    output:
        index="papers/index.html",
    log:
        os.path.join("results", SCALE, "logs", "index.log"),
    conda:
        CONDA_ENV
    params:
        **stage("thundeep.report.index:index_stage"),
        papers={
            p: dict(
                title=SPEC[p]["title"],
                kind=SPEC[p]["kind"],
                venue=SPEC[p]["venue"],
                experiments=[e["title"] for e in SPEC[p]["experiments"].values()],
            )
            for p in BUILDABLE
        },
        broken=BROKEN,
    script:
        STAGE_SCRIPT


rule unknown_paper:
    input:
        unknown_paper_error,
    output:
        directory("papers/{name}"),
    log:
        "results/unknown_paper_{name}.log",
    wildcard_constraints:
        name=rf"(?!(?:{_KNOWN}|index\.html)$)[^/]+",
    conda:
        CONDA_ENV
    shell:
        "false"


rule file_in_paper_folder:
    input:
        file_in_folder_error,
    output:
        "papers/{paper}/{file}",
    log:
        "results/file_in_paper_folder_{paper}/{file}.log",
    wildcard_constraints:
        paper=_KNOWN,
        file=".+",
    conda:
        CONDA_ENV
    shell:
        "false"
