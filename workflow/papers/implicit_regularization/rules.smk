# implicit_regularization: Vardi & Shamir (COLT 2021). Thm 3 / Fig. 1 (single neuron), Sec. 6.1 / Fig. 2.
IR = "implicit_regularization"
IR_PARAMS = PARAMS[IR]


rule ir_limits:
    output:
        arrays=res(IR, "limits", "trajectories.npz"),
        table=res(IR, "tables", "limits.csv"),
        metrics=res(IR, "metrics", "limits.json"),
    params:
        **stage("thundeep.implicit_regularization.stages:limits_stage", **IR_PARAMS["limits"]),
    log:
        log_path(IR, "limits"),
    benchmark:
        bench_path(IR, "limits")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule ir_limits_figure:
    input:
        arrays=res(IR, "limits", "trajectories.npz"),
    output:
        **figure_outputs(IR, "limits"),
    params:
        **stage("thundeep.implicit_regularization.stages:limits_figure_stage"),
        caption=figure_caption(IR, "limits"),
    log:
        log_path(IR, "limits_figure"),
    benchmark:
        bench_path(IR, "limits_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule ir_hidden_neuron:
    output:
        arrays=res(IR, "hidden_neuron", "runs.npz"),
        metrics=res(IR, "metrics", "hidden_neuron.json"),
    params:
        **stage("thundeep.implicit_regularization.stages:hidden_neuron_stage", **IR_PARAMS["hidden_neuron"]),
    log:
        log_path(IR, "hidden_neuron"),
    benchmark:
        bench_path(IR, "hidden_neuron")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule ir_hidden_neuron_figure:
    input:
        arrays=res(IR, "hidden_neuron", "runs.npz"),
    output:
        **figure_outputs(IR, "hidden_neuron"),
    params:
        **stage(
            "thundeep.implicit_regularization.stages:hidden_neuron_figure_stage",
            init_scales_paper=IR_PARAMS["hidden_neuron"]["init_scales_paper"],
        ),
        caption=figure_caption(IR, "hidden_neuron"),
    log:
        log_path(IR, "hidden_neuron_figure"),
    benchmark:
        bench_path(IR, "hidden_neuron_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
