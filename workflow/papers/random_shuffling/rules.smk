# random_shuffling: Safran & Shamir (NeurIPS 2021) Fig. 1, and the COLT 2020 companion rates.
RS = PaperRules("random_shuffling", prefix="rs")
RS_FIG1, RS_COLT = RS.config["fig1"], RS.config["colt"]
# The authors' published Fig. 1 numbers: read by the figure and the deviation table only, never by a
# stage that produces one of our numbers.
RS_PUBLISHED = os.path.relpath(PAPERS_DIR / "random_shuffling" / "published" / "random_shuffling_fig1.csv")


RS.stage(
    "fig1_simulate",
    "stages:fig1_simulate_stage",
    config="fig1",
    output=dict(losses=RS.res("fig1", "losses_{construction}.npz")),
    wildcards=dict(construction=RS_FIG1.constructions),
)

RS.stage(
    "fig1_summary",
    "stages:fig1_summary_stage",
    config="fig1",
    input=dict(losses=[RS.res("fig1", f"losses_{c}.npz") for c in RS_FIG1.constructions]),
    output=dict(table=RS.res("tables", "fig1.csv"), metrics=RS.metrics("fig1")),
)

RS.stage(
    "eq2_mirror",
    "stages:eq2_mirror_stage",
    config="fig1",
    input=dict(losses=RS.res("fig1", "losses_eq2.npz")),
    output=dict(table=RS.res("tables", "eq2_mirror.csv")),
)

RS.figure(
    "fig1",
    "figures:fig1_figure_stage",
    config="fig1",
    input=dict(table=RS.res("tables", "fig1.csv"), published=RS_PUBLISHED),
)

RS.stage(
    "published_deviation",
    "stages:published_deviation_stage",
    input=dict(table=RS.res("tables", "fig1.csv"), published=RS_PUBLISHED),
    output=dict(table=RS.res("tables", "published_deviation.csv")),
)

RS.stage(
    "colt_simulate",
    "stages:colt_simulate_stage",
    config="colt",
    output=dict(results=RS.res("colt", "results_{instance}.npz")),
    wildcards=dict(instance=RS_COLT.instances),
)

RS.stage(
    "colt_summary",
    "stages:colt_summary_stage",
    config="colt",
    input=dict(results=[RS.res("colt", f"results_{i}.npz") for i in RS_COLT.instances]),
    output=dict(
        slopes=RS.res("tables", "colt_slopes.csv"),
        errors=RS.res("tables", "colt_errors.csv"),
        metrics=RS.metrics("colt"),
    ),
)

RS.figure(
    "colt_slopes",
    "figures:colt_figure_stage",
    config="colt",
    input=dict(slopes=RS.res("tables", "colt_slopes.csv"), errors=RS.res("tables", "colt_errors.csv")),
)
