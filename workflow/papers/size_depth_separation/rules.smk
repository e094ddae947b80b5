# size_depth_separation: Vardi, Reichman, Pitassi & Shamir (COLT 2021). The explicit constructions, checked exactly.
SD = PaperRules("size_depth_separation", prefix="sd")


SD.stage(
    "boolean_networks",
    "stages:boolean_networks_stage",
    config="boolean_networks",
    output=dict(table=SD.res("tables", "boolean_networks.csv"), metrics=SD.metrics("boolean_networks")),
)

SD.figure(
    "neurons",
    "figures:neurons_figure_stage",
    config="boolean_networks",
    input=dict(table=SD.res("tables", "boolean_networks.csv")),
)

SD.stage(
    "lift",
    "stages:lift_stage",
    config="lift",
    output=dict(table=SD.res("tables", "lift.csv"), metrics=SD.metrics("lift")),
)

SD.stage(
    "output_rounding",
    "stages:output_rounding_stage",
    config="output_rounding",
    output=dict(table=SD.res("tables", "output_rounding.csv"), metrics=SD.metrics("output_rounding")),
)

SD.stage(
    "sawtooth",
    "stages:sawtooth_stage",
    config="sawtooth",
    output=dict(
        table=SD.res("tables", "sawtooth.csv"), curves=SD.res("sawtooth", "curves.npz"), metrics=SD.metrics("sawtooth")
    ),
)

SD.figure(
    "sawtooth",
    "figures:sawtooth_figure_stage",
    config="sawtooth",
    input=dict(table=SD.res("tables", "sawtooth.csv"), curves=SD.res("sawtooth", "curves.npz")),
)
