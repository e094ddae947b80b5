"""Datasets by explicit name; no silent fallback from one dataset to another."""

from thundeep.data.registry import DATASETS, Split, load_dataset

__all__ = ["DATASETS", "Split", "load_dataset"]
