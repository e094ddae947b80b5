# depth_separation: Safran & Shamir (ICML 2017) ball-indicator experiment (Part B) and a companion for
# Safran, Eldan & Shamir (COLT 2019) (Part C).
DS = PaperRules("depth_separation", prefix="ds")
DS_RF = DS.config["random_features"]

# Part B: one job per (input law, net) trains every seed of that net at once.
for law in ("ball", "shell"):
    DS.stage(
        f"{law}_train",
        "stages:train_net_stage",
        config=law,
        output=dict(curves=DS.res(law, "curves_{net}.npz")),
        wildcards=dict(net=DS.config[law].nets),
    )
    DS.stage(
        f"{law}_final_rmse",
        "stages:final_rmse_stage",
        config=law,
        input=dict(curves=[DS.res(law, f"curves_{n}.npz") for n in DS.config[law].nets]),
        output=dict(rows=DS.res(law, "final_rmse_rows.csv"), metrics=DS.metrics(law)),
    )

DS.stage(
    "final_rmse_table",
    "stages:final_rmse_table_stage",
    input=dict(rows=[DS.res(law, "final_rmse_rows.csv") for law in ("ball", "shell")]),
    output=dict(table=DS.res("tables", "final_rmse.csv")),
)

DS.figure(
    "b1_rmse_curves",
    "figures:rmse_curves_figure_stage",
    config="ball",
    input=dict(curves=[DS.res("ball", f"curves_{n}.npz") for n in DS.config["ball"].nets]),
)
DS.figure("b2_final_rmse", "figures:final_rmse_figure_stage", input=dict(table=DS.res("tables", "final_rmse.csv")))
DS.figure(
    "b3_gaussian_shell",
    "figures:rmse_curves_figure_stage",
    config="shell",
    input=dict(curves=[DS.res("shell", f"curves_{n}.npz") for n in DS.config["shell"].nets]),
)

# Part C1: one job per dimension fits every feature count and frequency for every seed; paper.yaml's
# `chunks: {random_features_fit: ...}` splits each dimension's seeds into that many jobs and a gather.
DS_RF_CHUNKS = DS.chunks("random_features_fit")
if DS_RF_CHUNKS == 1:
    DS.stage(
        "random_features_fit",
        "stages:random_features_stage",
        config="random_features",
        output=dict(errors=DS.res("random_features", "errors_d{d}.npz")),
        wildcards=dict(d=DS_RF.dims),
    )
else:  # each part fits a contiguous slice of the seeds (own streams); the gather gives the unsplit file, byte for byte
    DS.stage(
        "random_features_fit_chunk",
        "stages:random_features_chunk_stage",
        config="random_features",
        output=dict(errors=DS.res("random_features", "chunks", f"errors_d{{d}}_part{{chunk}}of{DS_RF_CHUNKS}.npz")),
        params=dict(chunks=DS_RF_CHUNKS),
        wildcards=dict(d=DS_RF.dims, chunk=range(DS_RF_CHUNKS)),
    )
    DS.stage(
        "random_features_fit_gather",
        "stages:random_features_gather_stage",
        input=dict(
            chunks=lambda wc: [
                DS.res("random_features", "chunks", f"errors_d{wc.d}_part{c}of{DS_RF_CHUNKS}.npz")
                for c in range(DS_RF_CHUNKS)
            ]
        ),
        output=dict(errors=DS.res("random_features", "errors_d{d}.npz")),
        wildcards=dict(d=DS_RF.dims),
    )
DS.stage(
    "random_features",
    "stages:random_features_summary_stage",
    config="random_features",
    input=dict(errors=[DS.res("random_features", f"errors_d{d}.npz") for d in DS_RF.dims]),
    output=dict(arrays=DS.res("random_features", "widths.npz"), metrics=DS.metrics("random_features")),
)

# Part C2: the explicit depth-3 construction.
DS.stage(
    "depth3",
    "stages:depth3_stage",
    config="depth3",
    output=dict(arrays=DS.res("depth3", "widths.npz"), metrics=DS.metrics("depth3")),
)

DS_COMPANION = dict(random_features=DS.res("random_features", "widths.npz"), depth3=DS.res("depth3", "widths.npz"))
DS.stage(
    "companion_table",
    "stages:companion_table_stage",
    input=DS_COMPANION,
    output=dict(table=DS.res("tables", "companion.csv")),
)
DS.figure("cf1_random_feature_widths", "figures:random_feature_widths_figure_stage", input=DS_COMPANION)
DS.figure("cf2_depth3_widths", "figures:depth3_widths_figure_stage", input=DS_COMPANION)
DS.figure(
    "cf3_random_feature_corner",
    "figures:corner_figure_stage",
    config="random_features",
    input=dict(random_features=DS.res("random_features", "widths.npz")),
)
