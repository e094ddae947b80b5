# random_shuffling: Safran & Shamir (NeurIPS 2021) Fig. 1, and the COLT 2020 companion rates.
RS = "random_shuffling"
RS_FIG1 = PARAMS[RS]["fig1"]
RS_COLT = PARAMS[RS]["colt"]


rule rs_fig1_simulate:
    output:
        losses=res(RS, "fig1", "losses_{construction}.npz"),
    wildcard_constraints:
        construction="|".join(RS_FIG1["constructions"]),
    params:
        **stage(
            "thundeep.random_shuffling.stages:fig1_simulate_stage",
            n=RS_FIG1["n"],
            lam=RS_FIG1["lam"],
            lam_max=RS_FIG1["lam_max"],
            g=RS_FIG1["g"],
            k_grid=RS_FIG1["k_grid"],
            runs=RS_FIG1["runs"],
            seed=RS_FIG1["seed"],
            step=RS_FIG1["step"],
            methods=RS_FIG1["methods"],
        ),
        construction=lambda wc: wc.construction,
    log:
        log_path(RS, "fig1_simulate_{construction}"),
    benchmark:
        bench_path(RS, "fig1_simulate_{construction}")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule rs_fig1_summary:
    input:
        losses=expand(res(RS, "fig1", "losses_{construction}.npz"), construction=RS_FIG1["constructions"]),
    output:
        table=res(RS, "tables", "fig1.csv"),
        metrics=res(RS, "metrics", "fig1.json"),
    params:
        **stage(
            "thundeep.random_shuffling.stages:fig1_summary_stage",
            lam=RS_FIG1["lam"],
            lam_max=RS_FIG1["lam_max"],
            analysis=RS_FIG1["analysis"],
        ),
    log:
        log_path(RS, "fig1_summary"),
    benchmark:
        bench_path(RS, "fig1_summary")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule rs_fig1_figure:
    input:
        table=res(RS, "tables", "fig1.csv"),
    output:
        **figure_outputs(RS, "fig1"),
    params:
        **stage(
            "thundeep.random_shuffling.figure_stages:fig1_figure_stage",
            lam=RS_FIG1["lam"],
            lam_max=RS_FIG1["lam_max"],
        ),
        caption=figure_caption(RS, "fig1"),
    log:
        log_path(RS, "fig1_figure"),
    benchmark:
        bench_path(RS, "fig1_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule rs_colt_simulate:
    output:
        results=res(RS, "colt", "results_{instance}.npz"),
    wildcard_constraints:
        instance="|".join(RS_COLT["instances"]),
    params:
        **stage(
            "thundeep.random_shuffling.stages:colt_simulate_stage",
            lam=RS_COLT["lam"],
            g=RS_COLT["g"],
            ns=RS_COLT["ns"],
            ks=RS_COLT["ks"],
            runs=RS_COLT["runs"],
            seed=RS_COLT["seed"],
            step_factors=RS_COLT["step_factors"],
        ),
        instance=lambda wc: wc.instance,
    log:
        log_path(RS, "colt_simulate_{instance}"),
    benchmark:
        bench_path(RS, "colt_simulate_{instance}")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule rs_colt_summary:
    input:
        results=expand(res(RS, "colt", "results_{instance}.npz"), instance=RS_COLT["instances"]),
    output:
        slopes=res(RS, "tables", "colt_slopes.csv"),
        errors=res(RS, "tables", "colt_errors.csv"),
        metrics=res(RS, "metrics", "colt.json"),
    params:
        **stage(
            "thundeep.random_shuffling.stages:colt_summary_stage",
            lam=RS_COLT["lam"],
            seed=RS_COLT["seed"],
            bootstrap=RS_COLT["bootstrap"],
            step_factors=RS_COLT["step_factors"],
        ),
    log:
        log_path(RS, "colt_summary"),
    benchmark:
        bench_path(RS, "colt_summary")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule rs_colt_figure:
    input:
        slopes=res(RS, "tables", "colt_slopes.csv"),
        errors=res(RS, "tables", "colt_errors.csv"),
    output:
        **figure_outputs(RS, "colt_slopes"),
    params:
        **stage("thundeep.random_shuffling.figure_stages:colt_figure_stage"),
        caption=figure_caption(RS, "colt_slopes"),
    log:
        log_path(RS, "colt_figure"),
    benchmark:
        bench_path(RS, "colt_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
