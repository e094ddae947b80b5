# Datasets that must be fetched, shared by every paper that reads them.

MNIST_DOWNLOAD = "results/downloads/mnist"


# Full MNIST (used at the full scale): the four IDX archives, checked against their published
# sha256 sums. Runs first (priority) so a machine without internet stops early with the fix.
rule download_mnist:
    output:
        folder=directory(MNIST_DOWNLOAD),
    log:
        "results/downloads/logs/mnist.log",
    priority: 100
    conda:
        CONDA_ENV
    resources:
        mem_mb=500,
        runtime=10,
    params:
        **stage("thundeep.data.mnist_idx:download_stage"),
        directories=["folder"],
    script:
        STAGE_SCRIPT
