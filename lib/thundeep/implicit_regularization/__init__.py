"""Vardi & Shamir (COLT 2021), "Implicit Regularization in ReLU Networks with the Square Loss": Thm 3, Sec. 6.1."""
