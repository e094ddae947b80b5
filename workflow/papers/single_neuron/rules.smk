# single_neuron: Yehudai & Shamir (COLT 2020). Fig. 1 (non-monotonic angle) and the Thm 6.4 companion.
SN = "single_neuron"
SN_PARAMS = PARAMS[SN]


rule sn_angle:
    output:
        arrays=res(SN, "angle", "trajectories.npz"),
        metrics=res(SN, "metrics", "angle.json"),
    params:
        **stage("thundeep.single_neuron.stages:angle_stage", **SN_PARAMS["angle"]),
    log:
        log_path(SN, "angle"),
    benchmark:
        bench_path(SN, "angle")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sn_angle_figure:
    input:
        arrays=res(SN, "angle", "trajectories.npz"),
    output:
        **figure_outputs(SN, "angle"),
    params:
        **stage(
            "thundeep.single_neuron.stages:angle_figure_stage",
            published_landmarks=SN_PARAMS["angle"]["published_landmarks"],
        ),
        caption=figure_caption(SN, "angle"),
    log:
        log_path(SN, "angle_figure"),
    benchmark:
        bench_path(SN, "angle_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sn_linear_convergence:
    output:
        arrays=res(SN, "linear_convergence", "distances.npz"),
        metrics=res(SN, "metrics", "linear_convergence.json"),
    params:
        **stage("thundeep.single_neuron.stages:linear_convergence_stage", **SN_PARAMS["linear_convergence"]),
    log:
        log_path(SN, "linear_convergence"),
    benchmark:
        bench_path(SN, "linear_convergence")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT


rule sn_linear_convergence_figure:
    input:
        arrays=res(SN, "linear_convergence", "distances.npz"),
    output:
        **figure_outputs(SN, "linear_convergence"),
    params:
        **stage(
            "thundeep.single_neuron.stages:linear_convergence_figure_stage",
            lr=SN_PARAMS["linear_convergence"]["lr"],
        ),
        caption=figure_caption(SN, "linear_convergence"),
    log:
        log_path(SN, "linear_convergence_figure"),
    benchmark:
        bench_path(SN, "linear_convergence_figure")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        CONDA_ENV
    script:
        STAGE_SCRIPT
