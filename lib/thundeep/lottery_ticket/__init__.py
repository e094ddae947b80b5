"""Malach et al. (ICML 2020), "Proving the Lottery Ticket Hypothesis": the numerical companion."""
