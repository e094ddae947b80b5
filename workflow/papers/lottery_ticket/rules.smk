# lottery_ticket: Malach et al. (ICML 2020). E1 = Theorem 1's construction on a trained MNIST target.
LT = "lottery_ticket"
LT_E1 = PARAMS[LT]["e1"]
MNIST_DOWNLOAD = "results/downloads/mnist"


# The full-MNIST download folder is an input of the experiments that read full MNIST.
LT_DATA_INPUTS = {
    exp: [MNIST_DOWNLOAD] if PARAMS[LT][exp]["data"]["name"] == "mnist" else [] for exp in ("e1", "e3")
}


rule lt_e1_target:
    input:
        data=LT_DATA_INPUTS["e1"],
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
    threads: 1
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
        data=LT_DATA_INPUTS["e1"],
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


# E2: one ReLU neuron over Gaussian inputs, Theorem 1's construction vs random features.
LT_E2 = PARAMS[LT]["e2"]


rule lt_e2:
    output:
        table=res(LT, "tables", "e2_gaussian_neuron.csv"),
        slopes=res(LT, "tables", "e2_slopes.csv"),
        metrics=res(LT, "metrics", "e2.json"),
    params:
        **stage("thundeep.lottery_ticket.e2_stages:e2_stage", **LT_E2),
    log:
        log_path(LT, "e2"),
    benchmark:
        bench_path(LT, "e2")
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule lt_e2_figure:
    input:
        table=res(LT, "tables", "e2_gaussian_neuron.csv"),
    output:
        **figure_outputs(LT, "e2_gaussian_neuron"),
    params:
        **stage("thundeep.lottery_ticket.e2_stages:e2_figure_stage"),
        caption=figure_caption(LT, "e2_gaussian_neuron"),
    log:
        log_path(LT, "e2_figure"),
    benchmark:
        bench_path(LT, "e2_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


# E3: edge-popup vs neuron-subnetworks vs random features vs dense training, on MNIST.
LT_E3 = PARAMS[LT]["e3"]


rule lt_e3:
    input:
        data=LT_DATA_INPUTS["e3"],
    output:
        table=res(LT, "tables", "e3_search.csv"),
        metrics=res(LT, "metrics", "e3.json"),
    params:
        **stage("thundeep.lottery_ticket.e3_stages:e3_stage", **LT_E3),
    log:
        log_path(LT, "e3"),
    benchmark:
        bench_path(LT, "e3")
    threads: 1
    resources:
        mem_mb=4000,
        runtime=120,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule lt_e3_figure:
    input:
        table=res(LT, "tables", "e3_search.csv"),
    output:
        **figure_outputs(LT, "e3_search"),
    params:
        **stage("thundeep.lottery_ticket.e3_stages:e3_figure_stage"),
        caption=figure_caption(LT, "e3_search"),
    log:
        log_path(LT, "e3_figure"),
    benchmark:
        bench_path(LT, "e3_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


# Full MNIST (used at the full scale): the four IDX archives, checked against their published
# sha256 sums. Runs first (priority) so a machine without internet stops early with the fix.
rule download_mnist:
    output:
        folder=directory(MNIST_DOWNLOAD),
    params:
        **stage("thundeep.data.mnist_idx:download_stage"),
        directories=["folder"],
    log:
        "results/downloads/logs/mnist.log",
    priority: 100
    threads: 1
    resources:
        mem_mb=500,
        runtime=10,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
