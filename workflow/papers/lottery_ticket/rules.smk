# lottery_ticket: Malach et al. (ICML 2020) with Pensia et al. (NeurIPS 2020): Theorem 1's construction
# on a trained MNIST target, one ReLU neuron over Gaussian inputs, and the subnetwork search on MNIST.
LT = PaperRules("lottery_ticket", prefix="lt")
LT_CONSTRUCTION, LT_SEARCH = LT.config["construction"], LT.config["subnetwork_search"]
LT_PRUNING = ("single_product", "subset_sum")
# The full-MNIST download folder is an input of the jobs of an experiment that reads full MNIST.
LT_MNIST = {
    name: [MNIST_DOWNLOAD] if data.name == "mnist" else []
    for name, data in (("construction", LT_CONSTRUCTION.target.data), ("search", LT_SEARCH.data))
}


LT.stage(
    "target",
    "stages:target_stage",
    config="construction.target",
    input=dict(data=LT_MNIST["construction"]),
    output=dict(weights=LT.res("construction", "target.npz"), summary=LT.res("construction", "target.json")),
)

# Each pruning rule's job receives only its own pool sizes: changing one grid reruns that rule alone.
LT.stage(
    "construction",
    "stages:construction_stage",
    config="construction.target",
    input=dict(weights=LT.res("construction", "target.npz"), data=LT_MNIST["construction"]),
    output=dict(rows=LT.res("construction", "rows_{pruning}.csv")),
    params=dict(
        seeds=list(LT_CONSTRUCTION.seeds),
        pool_sizes=lambda wc: list(getattr(LT_CONSTRUCTION.pruning, wc.pruning).pool_sizes),
    ),
    wildcards=dict(pruning=LT_PRUNING),
)

LT.stage(
    "construction_summary",
    "stages:construction_summary_stage",
    config="construction",
    input=dict(
        rows=[LT.res("construction", f"rows_{p}.csv") for p in LT_PRUNING],
        summary=LT.res("construction", "target.json"),
    ),
    output=dict(table=LT.res("tables", "construction.csv"), metrics=LT.metrics("construction")),
)

LT.figure(
    "construction",
    "figures:construction_figure_stage",
    input=dict(table=LT.res("tables", "construction.csv"), summary=LT.res("construction", "target.json")),
)

LT.stage(
    "gaussian_neuron",
    "stages:gaussian_neuron_stage",
    config="gaussian_neuron",
    output=dict(
        table=LT.res("tables", "gaussian_neuron.csv"),
        slopes=LT.res("tables", "gaussian_neuron_slopes.csv"),
        population=LT.res("tables", "gaussian_neuron_population.csv"),
        floor=LT.res("tables", "gaussian_neuron_floor.csv"),
        metrics=LT.metrics("gaussian_neuron"),
    ),
)

LT.figure(
    "gaussian_neuron",
    "figures:gaussian_neuron_figure_stage",
    input=dict(table=LT.res("tables", "gaussian_neuron.csv"), floor=LT.res("tables", "gaussian_neuron_floor.csv")),
)

LT_SEARCH_OUTPUT = dict(table=LT.res("tables", "subnetwork_search.csv"), metrics=LT.metrics("subnetwork_search"))
# paper.yaml's `chunks: {subnetwork_search: ...}` at this scale: the widths split into that many jobs.
LT_SEARCH_CHUNKS = LT.chunks("subnetwork_search")
LT_SEARCH_PARTS = [
    LT.res("subnetwork_search", f"rows_part{c}of{LT_SEARCH_CHUNKS}.csv") for c in range(LT_SEARCH_CHUNKS)
]

if LT_SEARCH_CHUNKS == 1:
    LT.stage(
        "subnetwork_search",
        "stages:subnetwork_search_stage",
        config="subnetwork_search",
        input=dict(data=LT_MNIST["search"]),
        output=LT_SEARCH_OUTPUT,
    )
else:  # each part searches a contiguous slice of the widths; the gather gives the unsplit table, byte for byte
    LT.stage(
        "subnetwork_search_chunk",
        "stages:subnetwork_search_chunk_stage",
        config="subnetwork_search",
        input=dict(data=LT_MNIST["search"]),
        output=dict(rows=LT.res("subnetwork_search", f"rows_part{{chunk}}of{LT_SEARCH_CHUNKS}.csv")),
        params=dict(chunks=LT_SEARCH_CHUNKS),
        wildcards=dict(chunk=range(LT_SEARCH_CHUNKS)),
    )
    LT.stage(
        "subnetwork_search_gather",
        "stages:subnetwork_search_gather_stage",
        config="subnetwork_search",
        input=dict(rows=LT_SEARCH_PARTS),
        output=LT_SEARCH_OUTPUT,
    )

LT.figure(
    "subnetwork_search",
    "figures:subnetwork_search_figure_stage",
    input=dict(table=LT.res("tables", "subnetwork_search.csv")),
)
