# implicit_regularization: Vardi & Shamir (COLT 2021). Thm 3 / Fig. 1 (single neuron), Sec. 6.1 / Fig. 2.
IR = PaperRules("implicit_regularization", prefix="ir")


IR.stage(
    "limits",
    "stages:limits_stage",
    config="limits",
    output=dict(
        arrays=IR.res("limits", "trajectories.npz"), table=IR.res("tables", "limits.csv"), metrics=IR.metrics("limits")
    ),
)

IR.figure(
    "limits", "figures:limits_figure_stage", config="limits", input=dict(arrays=IR.res("limits", "trajectories.npz"))
)

IR.stage(
    "hidden_neuron",
    "stages:hidden_neuron_stage",
    config="hidden_neuron",
    output=dict(arrays=IR.res("hidden_neuron", "runs.npz"), metrics=IR.metrics("hidden_neuron")),
)

IR.figure(
    "hidden_neuron",
    "figures:hidden_neuron_figure_stage",
    config="hidden_neuron",
    input=dict(arrays=IR.res("hidden_neuron", "runs.npz")),
)
