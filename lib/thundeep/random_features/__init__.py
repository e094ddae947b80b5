"""Yehudai & Shamir (NeurIPS 2019), the power and limitations of random features: a theory companion."""
