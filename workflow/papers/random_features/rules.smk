# random_features: Yehudai & Shamir (NeurIPS 2019), a theory companion (E1/E1', E2, E3).
RF = PaperRules("random_features", prefix="rf")
RF_POP, RF_POLY = RF.config["population"], RF.config["polynomials"]
RF_POP_DIMS = sorted(set(RF_POP.curve_dims) | set(RF_POP.coarse.dims))  # the fine search has its own jobs
RF_POLY_JOBS = [(k, d) for k, dims in RF_POLY.searches for d in dims]


RF.stage(
    "population",
    "stages:population_stage",
    config="population",
    output=dict(rows=RF.res("population", "d{d}.csv")),
    wildcards=dict(d=RF_POP_DIMS),
)

# RF4's fine search runs on its own seeds (paper.yaml `fine: {seeds, max_width}`), one job per d.
RF.stage(
    "fine_search",
    "stages:search_stage",
    config="population",
    output=dict(rows=RF.res("population", "fine_d{d}.csv")),
    wildcards=dict(d=RF_POP.fine.dims),
)

RF.stage(
    "population_summary",
    "stages:population_summary_stage",
    config="population",
    input=dict(
        rows=[RF.res("population", f"d{d}.csv") for d in RF_POP_DIMS],
        fine=[RF.res("population", f"fine_d{d}.csv") for d in RF_POP.fine.dims],
    ),
    output=dict(
        table=RF.res("tables", "population_error.csv"),
        fine_table=RF.res("tables", "fine_search.csv"),
        n_eps=RF.res("population", "n_eps.csv"),
        gamma=RF.res("population", "gamma.csv"),
        floors=RF.res("tables", "harmonic_floors.csv"),
        metrics=RF.metrics("population"),
    ),
)

RF.stage(
    "trained_neuron",
    "stages:trained_neuron_stage",
    config="trained_neuron",
    output=dict(table=RF.res("tables", "trained_neuron.csv"), metrics=RF.metrics("trained_neuron")),
)

RF_POLY_WILDCARDS = dict(k=sorted({k for k, _ in RF_POLY_JOBS}), d=sorted({d for _, d in RF_POLY_JOBS}))
# paper.yaml's `chunks: {polynomial: ...}` at this scale: the seeds of each (k, d) split into that many jobs.
RF_POLY_CHUNKS = RF.chunks("polynomial")

if RF_POLY_CHUNKS == 1:
    RF.stage(
        "polynomial",
        "stages:polynomial_stage",
        config="polynomials",
        output=dict(rows=RF.res("polynomials", "k{k}_d{d}.csv")),
        wildcards=RF_POLY_WILDCARDS,
    )
else:  # each part searches a slice of the seeds; the gather completes the search of all seeds, byte for byte
    RF.stage(
        "polynomial_chunk",
        "stages:polynomial_chunk_stage",
        config="polynomials",
        output=dict(rows=RF.res("polynomials", "chunks", f"k{{k}}_d{{d}}_part{{chunk}}of{RF_POLY_CHUNKS}.csv")),
        params=dict(chunks=RF_POLY_CHUNKS),
        wildcards=dict(**RF_POLY_WILDCARDS, chunk=range(RF_POLY_CHUNKS)),
    )
    RF.stage(
        "polynomial_gather",
        "stages:polynomial_gather_stage",
        config="polynomials",
        input=dict(
            rows=lambda wc: [
                RF.res("polynomials", "chunks", f"k{wc.k}_d{wc.d}_part{c}of{RF_POLY_CHUNKS}.csv")
                for c in range(RF_POLY_CHUNKS)
            ]
        ),
        output=dict(rows=RF.res("polynomials", "k{k}_d{d}.csv")),
        wildcards=RF_POLY_WILDCARDS,
    )

RF.stage(
    "polynomial_summary",
    "stages:polynomial_summary_stage",
    config="polynomials",
    input=dict(rows=[RF.res("polynomials", f"k{k}_d{d}.csv") for k, d in RF_POLY_JOBS]),
    output=dict(
        table=RF.res("tables", "polynomial_error.csv"),
        n_eps=RF.res("polynomials", "n_eps.csv"),
        gamma=RF.res("polynomials", "gamma.csv"),
        metrics=RF.metrics("polynomials"),
    ),
)

RF.stage(
    "n_eps_table",
    "stages:n_eps_table_stage",
    input=dict(
        n_eps=[RF.res("population", "n_eps.csv"), RF.res("polynomials", "n_eps.csv")],
        gamma=[RF.res("population", "gamma.csv"), RF.res("polynomials", "gamma.csv")],
    ),
    output=dict(n_eps=RF.res("tables", "n_eps.csv"), gamma=RF.res("tables", "gamma.csv")),
)

RF.figure(
    "error_vs_width",
    "figures:f1_figure_stage",
    input=dict(
        population=RF.res("tables", "population_error.csv"),
        floors=RF.res("tables", "harmonic_floors.csv"),
        trained=RF.res("tables", "trained_neuron.csv"),
    ),
    params=dict(dims=list(RF_POP.curve_dims)),
)

RF.figure(
    "n_eps_vs_d",
    "figures:f2_figure_stage",
    input=dict(n_eps=RF.res("tables", "n_eps.csv"), gamma=RF.res("tables", "gamma.csv")),
)

RF.figure("trained_neuron", "figures:f3_figure_stage", input=dict(trained=RF.res("tables", "trained_neuron.csv")))
