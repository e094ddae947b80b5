# spurious_minima: Safran & Shamir (ICML 2018) Tables 1-2; Safran, Yehudai & Shamir (COLT 2021) Fig. 1.
SM = PaperRules("spurious_minima", prefix="sm")
SM_PROTOCOLS = list(SM.config)  # icml18, colt21: one gradient-descent protocol per experiment
SM_SUMMARIES = [SM.res("analysis", f"{p}.json") for p in SM_PROTOCOLS]


SM_KS = sorted({k for p in SM_PROTOCOLS for k in SM.config[p].ks})
# paper.yaml's `chunks: {descend: ...}` at this scale: the runs of each (protocol, k) split into that many jobs.
SM_CHUNKS = SM.chunks("descend")

# Descent jobs see only their protocol's descent settings: editing the analysis reruns no descent.
if SM_CHUNKS == 1:
    SM.stage(
        "descend",
        "descent_stages:descend_stage",
        config="{protocol}.descent",
        output=dict(runs=SM.res("runs", "{protocol}_k{k}.npz")),
        wildcards=dict(protocol=SM_PROTOCOLS, k=SM_KS),
    )
else:  # each part descends a contiguous slice of the runs; the gather gives the unsplit file, byte for byte
    SM.stage(
        "descend_chunk",
        "descent_stages:descend_chunk_stage",
        config="{protocol}.descent",
        output=dict(runs=SM.res("runs", "chunks", f"{{protocol}}_k{{k}}_part{{chunk}}of{SM_CHUNKS}.npz")),
        params=dict(chunks=SM_CHUNKS),
        wildcards=dict(protocol=SM_PROTOCOLS, k=SM_KS, chunk=range(SM_CHUNKS)),
    )
    SM.stage(
        "descend_gather",
        "descent_stages:gather_runs_stage",
        input=dict(
            chunks=lambda wc: [
                SM.res("runs", "chunks", f"{wc.protocol}_k{wc.k}_part{c}of{SM_CHUNKS}.npz") for c in range(SM_CHUNKS)
            ]
        ),
        output=dict(runs=SM.res("runs", "{protocol}_k{k}.npz")),
        wildcards=dict(protocol=SM_PROTOCOLS, k=SM_KS),
    )

# paper.yaml's `chunks: {analyse: ...}`: the Hessians of each protocol's distinct spurious points cut into that many jobs.
SM_ANALYSE_CHUNKS = SM.chunks("analyse")
SM_ANALYSIS = dict(summary=SM.res("analysis", "{protocol}.json"), metrics=SM.metrics("{protocol}"))


def sm_protocol_runs(wc):
    """The protocol's descend outputs, one per k in the order of its ks."""
    return [SM.res("runs", f"{wc.protocol}_k{k}.npz") for k in SM.config[wc.protocol].ks]


if SM_ANALYSE_CHUNKS == 1:
    SM.stage(
        "analyse",
        "stages:analyse_stage",
        config="{protocol}",
        input=dict(runs=sm_protocol_runs),
        output=SM_ANALYSIS,
        wildcards=dict(protocol=SM_PROTOCOLS),
    )
else:  # each part takes Hessian batches of near-equal cost; the gather gives the unsplit files, byte for byte
    SM.stage(
        "analyse_chunk",
        "stages:analyse_chunk_stage",
        config="{protocol}",
        input=dict(runs=sm_protocol_runs),
        output=dict(curvature=SM.res("analysis", "chunks", f"{{protocol}}_part{{chunk}}of{SM_ANALYSE_CHUNKS}.npz")),
        params=dict(chunks=SM_ANALYSE_CHUNKS),
        wildcards=dict(protocol=SM_PROTOCOLS, chunk=range(SM_ANALYSE_CHUNKS)),
    )
    SM.stage(
        "analyse_gather",
        "stages:analyse_gather_stage",
        config="{protocol}",
        input=dict(
            runs=sm_protocol_runs,
            curvature=lambda wc: [
                SM.res("analysis", "chunks", f"{wc.protocol}_part{c}of{SM_ANALYSE_CHUNKS}.npz")
                for c in range(SM_ANALYSE_CHUNKS)
            ],
        ),
        output=SM_ANALYSIS,
        wildcards=dict(protocol=SM_PROTOCOLS),
    )

SM.stage(
    "table",
    "stages:table_stage",
    input=dict(summaries=SM_SUMMARIES),
    output=dict(table=SM.res("tables", "spurious_fraction.csv")),
)

# The published numbers reach report stages only: the deviation table and the figure's overlay.
SM_PUBLISHED = dict(icml18=SM.published("icml18.csv"), colt21=SM.published("colt21.csv"))

SM.stage(
    "published_deviation",
    "stages:published_deviation_stage",
    input=dict(table=SM.res("tables", "spurious_fraction.csv"), **SM_PUBLISHED),
    output=dict(table=SM.res("tables", "published_deviation.csv")),
)

SM.figure(
    "spurious_fraction",
    "figures:fraction_figure_stage",
    config="icml18",
    input=dict(summaries=SM_SUMMARIES, **SM_PUBLISHED),
)

SM.figure(
    "norm_sum", "figures:norm_sum_figure_stage", config="colt21", input=dict(summary=SM.res("analysis", "colt21.json"))
)
