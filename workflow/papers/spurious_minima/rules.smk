# spurious_minima: Safran & Shamir (ICML 2018) Tables 1-2; Safran, Yehudai & Shamir (COLT 2021) Fig. 1.
SM = "spurious_minima"
SM_PARAMS = PARAMS[SM]
SM_PROTOCOLS = ("icml18", "colt21")
SM_METRIC_OFFSETS = {"icml18": [0, 1, 2], "colt21": [0]}
SM_DESCEND_KEYS = ("runs", "n_extra", "step", "step_divided_by_k", "tolerance", "criterion", "max_steps",
                   "check_every", "loss_floor", "seed")
SM_RUNTIME = 1440 if SCALE == "full" else 30
SM_DESCEND_MEM = 4000 if SCALE == "full" else 2000
SM_ANALYSE_MEM = 32000 if SCALE == "full" else 4000  # full: Hessians of (n d)^2 = 10^8 entries at k = 100


# The descend outputs of each protocol, one per k, in the order of its ks.
SM_RUNS = {p: [res(SM, "runs", f"{p}_k{k}.npz") for k in SM_PARAMS[p]["ks"]] for p in SM_PROTOCOLS}


rule sm_descend:
    output:
        runs=res(SM, "runs", "{protocol}_k{k}.npz"),
    wildcard_constraints:
        protocol="|".join(SM_PROTOCOLS),
        k=r"\d+",
    params:
        **stage("thundeep.spurious_minima.stages:descend_stage"),
        k=lambda wc: int(wc.k),
        protocol=lambda wc: {key: SM_PARAMS[wc.protocol][key] for key in SM_DESCEND_KEYS},
    log:
        log_path(SM, "descend_{protocol}_k{k}"),
    benchmark:
        bench_path(SM, "descend_{protocol}_k{k}")
    threads: 1
    resources:
        mem_mb=SM_DESCEND_MEM,
        runtime=SM_RUNTIME,
        gpu=1,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sm_analyse:
    input:
        runs=lambda wc: SM_RUNS[wc.protocol],
    output:
        summary=res(SM, "analysis", "{protocol}.json"),
        metrics=res(SM, "metrics", "{protocol}.json"),
    wildcard_constraints:
        protocol="|".join(SM_PROTOCOLS),
    params:
        **stage("thundeep.spurious_minima.report_stages:analyse_stage"),
        protocol=lambda wc: wc.protocol,
        ks=lambda wc: SM_PARAMS[wc.protocol]["ks"],
        n_extra=lambda wc: SM_PARAMS[wc.protocol]["n_extra"],
        spurious_loss=lambda wc: SM_PARAMS[wc.protocol]["spurious_loss"],
        group_tolerance=lambda wc: SM_PARAMS[wc.protocol]["group_tolerance"],
        metric_offsets=lambda wc: SM_METRIC_OFFSETS[wc.protocol],
    log:
        log_path(SM, "analyse_{protocol}"),
    benchmark:
        bench_path(SM, "analyse_{protocol}")
    threads: 1
    resources:
        mem_mb=SM_ANALYSE_MEM,
        runtime=SM_RUNTIME,
        gpu=1,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sm_table:
    input:
        icml18=res(SM, "analysis", "icml18.json"),
        colt21=res(SM, "analysis", "colt21.json"),
    output:
        table=res(SM, "tables", "spurious_fraction.csv"),
    params:
        **stage("thundeep.spurious_minima.report_stages:table_stage", protocols=list(SM_PROTOCOLS)),
    log:
        log_path(SM, "table"),
    benchmark:
        bench_path(SM, "table")
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sm_fraction_figure:
    input:
        icml18=res(SM, "analysis", "icml18.json"),
        colt21=res(SM, "analysis", "colt21.json"),
    output:
        **figure_outputs(SM, "spurious_fraction"),
    params:
        **stage(
            "thundeep.spurious_minima.report_stages:fraction_figure_stage",
            protocols=list(SM_PROTOCOLS),
            confidence=SM_PARAMS["icml18"]["confidence"],
        ),
        caption=figure_caption(SM, "spurious_fraction"),
    log:
        log_path(SM, "fraction_figure"),
    benchmark:
        bench_path(SM, "fraction_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sm_norm_sum_figure:
    input:
        summary=res(SM, "analysis", "colt21.json"),
    output:
        **figure_outputs(SM, "norm_sum"),
    params:
        **stage("thundeep.spurious_minima.report_stages:norm_sum_figure_stage", hist_ks=SM_PARAMS["colt21"]["hist_ks"]),
        caption=figure_caption(SM, "norm_sum"),
    log:
        log_path(SM, "norm_sum_figure"),
    benchmark:
        bench_path(SM, "norm_sum_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
