"""THUNDEEP paper artifacts: the shared library behind every paper's pipeline.

Importing the package is cheap (no torch): the workflow imports `thundeep.provenance` and
`thundeep.paperspec` while Snakemake parses, and a no-op rebuild must stay fast.
"""

__version__ = "0.1.0"
