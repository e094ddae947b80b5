# lottery_ticket: Malach et al. (ICML 2020). E1 = Theorem 1's construction on a trained MNIST target.
LT = "lottery_ticket"
LT_E1 = PARAMS[LT]["e1"]


rule lt_e1_target:
    output:
        weights=res(LT, "e1", "target.npz"),
        summary=res(LT, "e1", "target.json"),
    params:
        **stage(
            "thundeep.lottery_ticket.stages:target_stage",
            data=LT_E1["data"],
            target=LT_E1["target"],
            reach=LT_E1["reach"],
        ),
    log:
        log_path(LT, "e1_target"),
    benchmark:
        bench_path(LT, "e1_target")
    threads: 2
    resources:
        mem_mb=2000,
        runtime=20,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule lt_e1_construction:
    input:
        weights=res(LT, "e1", "target.npz"),
    output:
        rows=res(LT, "e1", "construction_{construction}.csv"),
    wildcard_constraints:
        construction="|".join(LT_E1["constructions"]),
    params:
        **stage(
            "thundeep.lottery_ticket.stages:construction_stage",
            data=LT_E1["data"],
            reach=LT_E1["reach"],
            seeds=LT_E1["seeds"],
        ),
        construction=lambda wc: wc.construction,
        pool_sizes=lambda wc: LT_E1["constructions"][wc.construction]["pool_sizes"],
    log:
        log_path(LT, "e1_construction_{construction}"),
    benchmark:
        bench_path(LT, "e1_construction_{construction}")
    threads: 2
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule lt_e1_summary:
    input:
        rows=expand(res(LT, "e1", "construction_{construction}.csv"), construction=LT_E1["constructions"]),
        summary=res(LT, "e1", "target.json"),
    output:
        table=res(LT, "tables", "e1_construction.csv"),
        metrics=res(LT, "metrics", "e1.json"),
    params:
        **stage("thundeep.lottery_ticket.stages:e1_summary_stage"),
    log:
        log_path(LT, "e1_summary"),
    benchmark:
        bench_path(LT, "e1_summary")
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule lt_e1_figure:
    input:
        table=res(LT, "tables", "e1_construction.csv"),
        summary=res(LT, "e1", "target.json"),
    output:
        **figure_outputs(LT, "e1_construction"),
    params:
        **stage("thundeep.lottery_ticket.stages:e1_figure_stage"),
        caption=figure_caption(LT, "e1_construction"),
    log:
        log_path(LT, "e1_figure"),
    benchmark:
        bench_path(LT, "e1_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
