# single_neuron: Yehudai & Shamir (COLT 2020). Fig. 1, the Thm 6.4 companion, Thm 3.1 and Lemma 5.1.
SN = PaperRules("single_neuron", prefix="sn")


SN.stage(
    "angle",
    "stages:angle_stage",
    config="angle",
    output=dict(arrays=SN.res("angle", "trajectories.npz"), metrics=SN.metrics("angle")),
)

SN.figure("angle", "figures:angle_figure_stage", config="angle", input=dict(arrays=SN.res("angle", "trajectories.npz")))

SN.stage(
    "linear_convergence",
    "stages:linear_convergence_stage",
    config="linear_convergence",
    output=dict(arrays=SN.res("linear_convergence", "runs.npz"), metrics=SN.metrics("linear_convergence")),
)

SN.figure(
    "linear_convergence",
    "figures:linear_convergence_figure_stage",
    config="linear_convergence",
    input=dict(arrays=SN.res("linear_convergence", "runs.npz")),
)

SN.stage(
    "stuck_coordinates",
    "stages:stuck_coordinates_stage",
    config="stuck_coordinates",
    output=dict(
        table=SN.res("tables", "stuck_coordinates.csv"),
        arrays=SN.res("stuck_coordinates", "tails.npz"),
        metrics=SN.metrics("stuck_coordinates"),
    ),
)

SN.figure(
    "stuck_coordinates",
    "figures:stuck_coordinates_figure_stage",
    config="stuck_coordinates",
    input=dict(table=SN.res("tables", "stuck_coordinates.csv"), arrays=SN.res("stuck_coordinates", "tails.npz")),
)

SN.stage(
    "initialisation_probability",
    "stages:initialisation_probability_stage",
    config="initialisation_probability",
    output=dict(
        table=SN.res("tables", "initialisation_probability.csv"),
        arrays=SN.res("initialisation_probability", "exact.npz"),
        metrics=SN.metrics("initialisation_probability"),
    ),
)

SN.figure(
    "initialisation_probability",
    "figures:initialisation_probability_figure_stage",
    config="initialisation_probability",
    input=dict(
        table=SN.res("tables", "initialisation_probability.csv"),
        arrays=SN.res("initialisation_probability", "exact.npz"),
    ),
)
