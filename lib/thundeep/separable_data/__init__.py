"""Shamir, "Gradient Methods Never Overfit On Separable Data" (JMLR 2021): logistic GD on separable data."""
